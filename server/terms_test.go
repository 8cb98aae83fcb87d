package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTermsAPI serves the real seed over HTTP and reads equity, financing,
// deal terms and site power through the shared query engine.
func TestTermsAPI(t *testing.T) {
	s := newTestServer(t, Config{Seed: os.DirFS("../dataset/seed"), DataDir: t.TempDir()})
	ts := httptest.NewServer(s)
	defer ts.Close()
	get := func(path string) (int, http.Header, []byte) {
		t.Helper()
		resp, err := http.Get(ts.URL + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, resp.Header, b
	}
	type page struct {
		Total  int               `json:"total"`
		Rows   []map[string]any  `json:"rows"`
		Facets []json.RawMessage `json:"facets"`
		Totals map[string]any    `json:"totals"`
	}
	list := func(path string) page {
		t.Helper()
		code, _, b := get(path)
		require.Equal(t, 200, code, "%s: %s", path, b)
		var p page
		require.NoError(t, json.Unmarshal(b, &p))
		return p
	}

	// Equity: Google's warrants, by holder, with facets and totals.
	p := list("/api/v1/equity?holder=google&facet=issuer&sort=date")
	require.Equal(t, 3, p.Total)
	assert.Equal(t, "terawulf-google-warrant-2025-08", p.Rows[0]["id"])
	assert.Equal(t, "Google", p.Rows[0]["holder_name"])
	assert.Contains(t, string(p.Facets[0]), `"value":"terawulf","label":"TeraWulf","count":2`)
	// Shares are summed per issuer (TeraWulf's and Cipher's shares do not add up).
	assert.NotContains(t, p.Totals, "warrant_shares")
	byIssuer, _ := p.Totals["by_issuer"].([]any)
	require.Len(t, byIssuer, 2)
	first, _ := byIssuer[0].(map[string]any)
	assert.Equal(t, "terawulf", first["issuer"])
	assert.Equal(t, 73580000.0, first["warrant_shares"])
	assert.Nil(t, p.Totals["value_usd"], "no Google warrant gives a value: null")

	p = list("/api/v1/equity?issuer=iren&instrument=warrant")
	require.Equal(t, 1, p.Total)
	assert.Equal(t, 30e6, p.Rows[0]["shares"])
	assert.Equal(t, 70.0, p.Rows[0]["strike_usd"])

	code, hdr, b := get("/api/v1/equity.csv?holder=nvidia&cols=issuer,shares,strike_usd,value_usd")
	require.Equal(t, 200, code)
	assert.Contains(t, hdr.Get("Content-Type"), "text/csv")
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	assert.Equal(t, "id,issuer,issuer_name,shares,strike_usd (USD),value_usd (USD),value_basis,sources", lines[0])
	assert.Len(t, lines, 4, "header and NVIDIA's three records")
	assert.Contains(t, string(b), "iren-nvidia-warrant-2026-05,iren,IREN")

	code, _, b = get("/api/v1/equity/cipher-google-warrant-2025-09")
	require.Equal(t, 200, code)
	assert.Contains(t, string(b), `"percent":5.4`)
	assert.Contains(t, string(b), `"strike_usd":null`)
	assert.Contains(t, string(b), `"grade":"primary"`)
	code, _, b = get("/api/v1/equity/nope")
	assert.Equal(t, 404, code)
	assert.JSONEq(t, `{"error":{"code":"not_found","message":"equity record \"nope\" not found"}}`, string(b))
	code, _, b = get("/api/v1/equity?instrument=rsu")
	assert.Equal(t, 400, code)
	assert.Contains(t, string(b), `"param":"instrument"`)

	// Financing: Cipher's notes, HPC debt, ranges.
	p = list("/api/v1/financing?issuer=cipher&coupon_pct_gte=7&maturity_lte=2030-12")
	require.Equal(t, 2, p.Total)
	for _, r := range p.Rows {
		assert.Equal(t, 7.125, r["coupon_pct"])
		assert.Equal(t, "2030-11-15", r["maturity"])
	}
	code, _, b = get("/api/v1/financing/galaxy-helios-project-loan-2025-08")
	require.Equal(t, 200, code)
	assert.Contains(t, string(b), `"amount_usd":1400000000`)
	assert.Contains(t, string(b), `"coupon_pct":null`)
	p = list("/api/v1/financing?issuer=applied-digital&kind=preferred-equity")
	require.Equal(t, 2, p.Total)
	assert.Equal(t, 5e9, p.Totals["amount_usd"], "the $787.5M draw is part of the $5B facility: not added again")
	assert.Equal(t, 1.0, p.Totals["not_counted_count"])
	code, _, b = get("/api/v1/financing.csv?hpc=true&cols=issuer,amount_usd,coupon_pct")
	require.Equal(t, 200, code)
	assert.True(t, strings.HasPrefix(string(b), "id,issuer,issuer_name,amount_usd (USD),amount_basis,coupon_pct (%),sources\n"))

	// Deal terms and the new facets; jv=share.
	code, _, b = get("/api/v1/deals/iren-microsoft-2025-11")
	require.Equal(t, 200, code)
	assert.Contains(t, string(b), `"prepayment_usd":1900000000`)
	assert.Contains(t, string(b), `"lease_structure":"cloud-services"`)
	assert.Contains(t, string(b), `"terms_sources":[{`)
	assert.Contains(t, string(b), `"financing":[{`, "the deal lists the financing tied to it")
	p = list("/api/v1/deals?facet=lease_structure,option_kind&lease_structure=nnn")
	assert.Equal(t, 2, p.Total)
	assert.Contains(t, string(p.Facets[0]), `"value":"nnn"`)
	full := list("/api/v1/deals?type=jv")
	atShare := list("/api/v1/deals?type=jv&jv=share")
	assert.Less(t, atShare.Totals["value_usd"].(float64), full.Totals["value_usd"].(float64))
	assert.Equal(t, "share", atShare.Totals["jv"])
	code, _, b = get("/api/v1/deals?jv=half")
	assert.Equal(t, 400, code)
	assert.Contains(t, string(b), `"param":"jv"`)

	// Site power: ISO replaces grid; facets on ISO, power source, flags.
	p = list("/api/v1/sites?iso=ERCOT&regulatory=tx-sb6&facet=power_source,interconnection")
	assert.Equal(t, 16, p.Total)
	code, _, b = get("/api/v1/sites?grid=ERCOT")
	assert.Equal(t, 400, code, "grid is gone: iso replaces it")
	assert.Contains(t, string(b), `"param":"grid"`)
	code, _, b = get("/api/v1/sites/prince-george")
	require.Equal(t, 200, code)
	assert.Contains(t, string(b), `"power_source":"hydro"`)
	assert.Contains(t, string(b), `"flag":"bc-mining-pause"`)

	// Miner profile: warrant dilution and debt raised for HPC.
	code, _, b = get("/api/v1/miners/terawulf")
	require.Equal(t, 200, code)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, 2.0, m["warrant_count"])
	assert.Equal(t, 8.0, m["warrant_pct"], "the first tranche's 8 %; the second gives no % of its own")
	assert.Equal(t, 1.0, m["warrant_pct_undisclosed"])
	assert.Positive(t, m["hpc_debt_usd"].(float64))
	assert.Len(t, m["financing"], 5)

	// OpenAPI documents the new routes and jv.
	code, _, b = get("/api/v1/openapi.json")
	require.Equal(t, 200, code)
	for _, want := range []string{`"/api/v1/equity"`, `"/api/v1/equity.csv"`, `"/api/v1/equity/{id}"`, `"/api/v1/financing"`,
		`"/api/v1/financing/{id}"`, `"name":"holder"`, `"name":"coupon_pct_lte"`, `"name":"jv"`} {
		assert.Contains(t, string(b), want)
	}
}

// TestTermsWrites creates, updates and deletes equity and financing
// records through the write API: validated like the seed, in the change log.
func TestTermsWrites(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: "s3cret", DataDir: t.TempDir()})
	rec := `{"id": "iren-nvidia-warrant-2026-05", "holder": "google", "issuer": "iren", "instrument": "warrant",
	  "shares": 30000000, "strike_usd": 70, "percent": null, "value_usd": null, "date": "2026-05-07", "verified": "2026-12-03",
	  "sources": [{"url": "https://example.com/iren-release", "publisher": "IREN", "date": "2026-05-07", "kind": "company"}]}`
	w := send(s, "POST", "/api/v1/equity", "s3cret", rec)
	require.Equal(t, 201, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), `"issuer_name":"IREN Ltd"`)
	assert.Equal(t, "/api/v1/equity/iren-nvidia-warrant-2026-05", w.Header().Get("Location"))

	w = send(s, "PUT", "/api/v1/equity/iren-nvidia-warrant-2026-05", "s3cret", strings.Replace(rec, `"percent": null`, `"percent": 140`, 1))
	assert.Equal(t, 400, w.Code)
	assert.Contains(t, w.Body.String(), `"param":"percent"`)

	bad := `{"id": "x", "issuer": "iren", "kind": "term-loan", "amount_usd": 1e9, "date": "2026-05-29", "verified": "2026-12-03",
	  "sources": [{"url": "https://example.com/x", "publisher": "IREN", "kind": "company"}]}`
	w = send(s, "POST", "/api/v1/financing", "s3cret", bad)
	assert.Equal(t, 400, w.Code)
	assert.Contains(t, w.Body.String(), `amount_basis: is required with amount_usd`)

	w = send(s, "DELETE", "/api/v1/equity/iren-nvidia-warrant-2026-05", "s3cret", "")
	assert.Equal(t, 204, w.Code)
	assert.Len(t, s.currentSnapshot().Equity, 1)

	w = do(s, "GET", "/api/v1/changes", nil)
	require.Equal(t, 200, w.Code)
	assert.Contains(t, w.Body.String(), `"kind":"equity","action":"create","id":"iren-nvidia-warrant-2026-05"`)
	assert.Contains(t, w.Body.String(), `1 equity, 2 financing`, "the seed load counts the new kinds")
}

// TestFinancingNamesItsSitesAndDeals: a financing record's sites and deals
// read by their names and link to their pages (they read as raw ids
// before), in the API, the page, the facets and the CSV; an event's miners
// are named in the CSV.
func TestFinancingNamesItsSitesAndDeals(t *testing.T) {
	s := newTestServer(t, Config{Seed: os.DirFS("../dataset/seed"), DataDir: t.TempDir()})
	ts := httptest.NewServer(s)
	defer ts.Close()
	get := func(path string) string { return string(getOK(t, ts.URL+path)) }

	api := get("/api/v1/financing/cipher-notes-2025-11")
	assert.Contains(t, api, `"site_names":["Barber Lake"]`)
	assert.Contains(t, api, `"deal_titles":["Cipher–Fluidstack Barber Lake Phase I"]`)

	page := get("/financing/cipher-notes-2025-11")
	assert.Contains(t, page, `<a href="/sites?site=barber-lake">Barber Lake</a>`)
	assert.Contains(t, page, `<a href="/deals/cipher-fluidstack-2025-09">Cipher–Fluidstack Barber Lake Phase I</a>`)
	assert.NotContains(t, page, `<span class="figure-value">barber-lake`, "the site reads by its name")

	facets := get("/api/v1/financing?facet=sites&issuer=cipher")
	assert.Contains(t, facets, `{"value":"barber-lake","label":"Barber Lake"`)

	csv := get("/api/v1/financing.csv?cols=issuer,sites,deals&issuer=cipher")
	header, _, _ := strings.Cut(csv, "\n")
	assert.Equal(t, "id,issuer,issuer_name,sites,sites_name,deals,deals_name,sources", header)
	assert.Contains(t, csv, ",barber-lake,Barber Lake,cipher-fluidstack-2025-09,Cipher–Fluidstack Barber Lake Phase I,")

	// An event's miners too (the API's only other list of references).
	csv = get("/api/v1/events.csv?cols=title,miners")
	header, _, _ = strings.Cut(csv, "\n")
	assert.Equal(t, "id,title,miners,miners_name,sources", header)
	assert.Contains(t, csv, ",iren | riot | core-scientific | hut8,IREN Ltd | Riot Platforms | Core Scientific | Hut 8 Corp,")
}

// getOK returns the body of GET url, which must answer 200.
func getOK(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode, "GET %s: %s", url, b)
	return b
}
