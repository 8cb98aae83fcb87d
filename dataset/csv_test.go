package dataset_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	require.NoError(t, err, "output:\n%s", b)
	return recs
}

func TestWriteCSVDefaultColumns(t *testing.T) {
	s := fixture(t)
	var buf bytes.Buffer
	require.NoError(t, dataset.WriteCSV(&buf, s.Deals, nil))
	recs := readCSV(t, buf.Bytes())
	require.Len(t, recs, 3)
	assert.Equal(t, []string{
		"id", "announced", "miner", "miner_name", "tenant", "tenant_name", "type",
		"value_usd (USD)", "value_basis", "term_years (years)", "mw (MW)", "mw_basis", "usd_per_mw_year (USD/MW-yr)",
		"status", "sources",
	}, recs[0])
	iren := map[string]string{}
	for j, h := range recs[0] {
		iren[h] = recs[1][j]
	}
	assert.Equal(t, "2025-11-03", iren["announced"])
	assert.Equal(t, "IREN Ltd", iren["miner_name"])
	assert.Equal(t, "9700000000", iren["value_usd (USD)"])
	assert.Equal(t, "initial-term", iren["value_basis"])
	assert.Equal(t, "critical-it", iren["mw_basis"])
	assert.Equal(t, "9700000", iren["usd_per_mw_year (USD/MW-yr)"])
	assert.Equal(t, "", iren["guarantor"], "no guarantor is an empty cell")
	assert.Equal(t, "", iren["guarantor_name"])
	assert.Equal(t, "https://www.reuters.com/technology/microsoft-signs-97-billion-ai-cloud-deal-with-iren-2025-11-03/", iren["sources"])
}

func TestWriteCSVUndisclosedAndSources(t *testing.T) {
	s := fixture(t)
	row := s.MatchDeals(nil)[0]
	row.ValueUSD, row.ValueBasis, row.USDPerMWYear, row.TermYears = nil, "", nil, nil
	row.Sources = append(row.Sources, dataset.Source{URL: "https://example.com/second"})
	row.Notes = "=HYPERLINK(\"http://evil\")"
	var buf bytes.Buffer
	require.NoError(t, dataset.WriteCSV(&buf, []dataset.DealRow{row}, []string{"id", "value_usd", "mw", "term_years", "mw_basis", "notes"}))
	recs := readCSV(t, buf.Bytes())
	assert.Equal(t, []string{"id", "value_usd (USD)", "value_basis", "mw (MW)", "term_years (years)", "mw_basis", "notes", "sources"}, recs[0],
		"mw_basis named in cols keeps its place; sources come last")
	assert.Equal(t, []string{row.ID, "", "", "200", "", "critical-it", `'=HYPERLINK("http://evil")`,
		"https://www.reuters.com/technology/microsoft-signs-97-billion-ai-cloud-deal-with-iren-2025-11-03/ | https://example.com/second"}, recs[1])
}

func TestWriteCSVMinersAndSites(t *testing.T) {
	s := fixture(t)
	var buf bytes.Buffer
	require.NoError(t, dataset.WriteCSV(&buf, s.Miners, []string{"name", "contracted_share", "energized_mw", "tenants", "sources"}))
	recs := readCSV(t, buf.Bytes())
	assert.Equal(t, []string{"id", "name", "contracted_share (share)", "energized_mw (MW)", "capacity_basis", "energized_mw_undisclosed", "tenants", "sources"}, recs[0],
		"a sum is followed by how many sites leave it out")
	assert.Equal(t, "IREN Ltd", recs[1][1])
	assert.Equal(t, "0", recs[1][5], "a count: IREN's one site gives its energized MW")
	assert.Equal(t, "Microsoft", recs[1][6])
	assert.Equal(t, []string{"terawulf", "", "1"}, []string{recs[2][0], recs[2][3], recs[2][5]}, "TeraWulf's site gives no energized MW: empty, not 0")

	buf.Reset()
	require.NoError(t, dataset.WriteCSV(&buf, s.Sites, []string{"name", "miner", "lat", "total_mw", "construction_mw"}))
	recs = readCSV(t, buf.Bytes())
	assert.Equal(t, []string{"id", "name", "miner", "miner_name", "lat (°)", "total_mw (MW)", "basis", "construction_mw (MW)", "sources"}, recs[0])
	assert.Equal(t, []string{"childress", "Childress campus", "iren", "IREN Ltd", "34.43", "750", "gross", ""}, recs[1][:8])
}

func TestWriteCSVErrors(t *testing.T) {
	s := fixture(t)
	var buf bytes.Buffer
	err := dataset.WriteCSV(&buf, s.Deals, []string{"mw", "wat"})
	var e *dataset.Error
	require.True(t, errors.As(err, &e), "WriteCSV with an unknown column = %v; want *Error", err)
	assert.Equal(t, dataset.EINVALID, e.Code)
	assert.Equal(t, "cols", e.Param)
	assert.Contains(t, e.Message, `unknown column "wat"`)
	assert.Empty(t, buf.String(), "nothing written on a bad column")

	require.Error(t, dataset.WriteCSV(failWriter{}, s.Deals, nil))
	require.Error(t, s.WriteCSV(&buf, nil))
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestSnapshotWriteCSVAllPages(t *testing.T) {
	s := synthetic(t, 120)
	q := mustParse(t, dataset.KindDeals, "size=7&page=3&sort=id&cols=id,mw&mw_gte=100")
	var buf bytes.Buffer
	require.NoError(t, s.WriteCSV(&buf, q))
	recs := readCSV(t, buf.Bytes())
	want := dealIDs(s.MatchDeals(q))
	require.Greater(t, len(want), 7, "more rows than one page")
	require.Len(t, recs, len(want)+1)
	assert.Equal(t, []string{"id", "mw (MW)", "mw_basis", "sources"}, recs[0])
	for i, id := range want {
		assert.Equal(t, id, recs[i+1][0])
	}
	for _, kind := range []string{dataset.KindMiners, dataset.KindSites} {
		buf.Reset()
		require.NoError(t, s.WriteCSV(&buf, mustParse(t, kind, "q=1")))
		assert.True(t, strings.HasPrefix(buf.String(), "id,name,"), buf.String())
	}
}
