package server

import (
	"net/http"
	"strings"

	"powerbrokers/dataset"
)

// BernsteinAggregate is the industry figure /stats reconciles our totals with.
const BernsteinAggregate = "bernstein-miner-ai-contracts-2026-05"

// apiRoute is one API endpoint: the mux registers it and /openapi.json
// describes it, from this one table, so the two cannot drift apart.
type apiRoute struct {
	method, path, summary string
	handler               http.HandlerFunc
	// kind, for list endpoints, names the rows whose columns are the filters.
	kind  string
	write bool
	// record marks the routes of one record: GET answers its ETag, PUT and
	// DELETE honour If-Match.
	record bool
	// example is a concrete path the route test requests.
	example string
}

// apiRoutes is the API route table.
func (s *Server) apiRoutes() []apiRoute {
	routes := []apiRoute{
		{method: "GET", path: "/api/v1/snapshot", summary: "The whole dataset, its version and the latest changes (ETag; the client's offline copy)", handler: s.getSnapshot},
		{method: "GET", path: "/api/v1/deals", summary: "Deals: filters, search, sort, facets and pages", handler: s.listDeals, kind: dataset.KindDeals},
		{method: "GET", path: "/api/v1/deals.csv", summary: "Every deal matching the same query, as CSV with units in the header", handler: s.listCSV(dataset.KindDeals), kind: dataset.KindDeals},
		{method: "GET", path: "/api/v1/deals/{id}", summary: "One deal with its derived metrics; its ETag is the version PUT and DELETE take in If-Match", handler: s.getDeal, example: "/api/v1/deals/iren-microsoft-2025-11", record: true},
		{method: "GET", path: "/api/v1/miners", summary: "Miners with capacity by stage and contracted MW", handler: s.listMiners, kind: dataset.KindMiners},
		{method: "GET", path: "/api/v1/miners.csv", summary: "Miners matching the same query, as CSV", handler: s.listCSV(dataset.KindMiners), kind: dataset.KindMiners},
		{method: "GET", path: "/api/v1/miners/{id}", summary: "One miner with its sites, deals and capacity points; its ETag is the version PUT and DELETE take in If-Match", handler: s.getMiner, example: "/api/v1/miners/iren", record: true},
		{method: "GET", path: "/api/v1/sites", summary: "Sites with power by stage", handler: s.listSites, kind: dataset.KindSites},
		{method: "GET", path: "/api/v1/sites.csv", summary: "Sites matching the same query, as CSV", handler: s.listCSV(dataset.KindSites), kind: dataset.KindSites},
		{method: "GET", path: "/api/v1/sites/{id}", summary: "One site with its dated milestones and their status (observed, due, met, overdue, superseded) as of the server's date; its ETag is the version PUT and DELETE take in If-Match", handler: s.getSite, example: "/api/v1/sites/childress", record: true},
		{method: "GET", path: "/api/v1/milestones", summary: "Site milestones (observed or guided) with their status as of the server's date: filters (?overdue=true), search, sort, facets and pages", handler: s.listMilestones, kind: dataset.KindMilestones},
		{method: "GET", path: "/api/v1/milestones.csv", summary: "Milestones matching the same query, as CSV", handler: s.milestonesCSV, kind: dataset.KindMilestones},
		{method: "GET", path: "/api/v1/equity", summary: "Equity and warrants (holder, issuer, instrument, shares, strike, % of the issuer with its basis, value, vesting, linked deal): filters, search, sort, facets, pages and totals", handler: s.listEquity, kind: dataset.KindEquity},
		{method: "GET", path: "/api/v1/equity.csv", summary: "Equity records matching the same query, as CSV with units in the header", handler: s.listCSV(dataset.KindEquity), kind: dataset.KindEquity},
		{method: "GET", path: "/api/v1/equity/{id}", summary: "One equity or warrant record with its grade and sources", handler: s.getEquity, example: "/api/v1/equity/iren-nvidia-warrant-2026-05", record: true},
		{method: "GET", path: "/api/v1/financing", summary: "Financing (notes, convertibles, project loans, facilities, preferred and equity raises) with amount and its basis, coupon, maturity, use of proceeds, linked sites and deals; totals add counted amounts (no draws, conversions or proposed sizes) overall, debt, and debt for AI/HPC", handler: s.listFinancing, kind: dataset.KindFinancing},
		{method: "GET", path: "/api/v1/financing.csv", summary: "Financing records matching the same query, as CSV", handler: s.listCSV(dataset.KindFinancing), kind: dataset.KindFinancing},
		{method: "GET", path: "/api/v1/financing/{id}", summary: "One financing record with its grade and sources", handler: s.getFinancing, example: "/api/v1/financing/cipher-notes-2025-11", record: true},
		{method: "GET", path: "/api/v1/stats", summary: "Derived metrics: headline totals, cumulative value and MW by month, totals by tenant, guarantor, type, miner and status, $/MW-yr ranges, how much was checked in the last 90 days, and the reconciliation with Bernstein's aggregate under several scopes", handler: s.getStats},
		{method: "GET", path: "/api/v1/events", summary: "Dated, sourced events the time charts mark (halving, rule changes, hashprice lows, corporate actions, research notes; unverified=true when no citable source confirms one): filters, search, sort, facets and pages", handler: s.listEvents, kind: dataset.KindEvents},
		{method: "GET", path: "/api/v1/events.csv", summary: "Events matching the same query, as CSV", handler: s.listCSV(dataset.KindEvents), kind: dataset.KindEvents},
		{method: "GET", path: "/api/v1/exposure", summary: "Contracted exposure: per miner, value and MW by tenant, end user and guarantor, the top tenant's share and the Herfindahl–Hirschman index (covers says over which deals), and the chains miner → tenant → end user → guarantor with the totals of each link (?miner=, ?as_of=)", handler: s.getExposure, example: "/api/v1/exposure?miner=terawulf"},
		{method: "GET", path: "/api/v1/timeline", summary: "The delivery timeline: one row per site phase with its guided and observed milestones, slippage in days (guidance moved or delivered late), overdue days and what is due within 90 days (?miner=, ?tenant=, ?stage=, ?iso=, ?due=90, ?as_of=)", handler: s.getTimeline, example: "/api/v1/timeline?due=90"},
		{method: "GET", path: "/api/v1/changes", summary: "The change log, newest first, a page at a time (at most 1000 entries and 1 MiB; next names the following page); the first page also holds the audit's corrections (action \"correct\", with field, before, after, reason and sources)", handler: s.getChanges},
		{method: "GET", path: "/api/v1/oembed", summary: "oEmbed 1.0 (rich) for a view URL (?url=…)", handler: s.getOEmbed, example: "/api/v1/oembed?url=http://example.com/embed/deals"},
		{method: "GET", path: "/api/v1/openapi.json", summary: "This document", handler: s.getOpenAPI},
	}
	for _, kind := range []string{dataset.KindDeals, dataset.KindMiners, dataset.KindSites, dataset.KindEquity, dataset.KindFinancing} {
		one := singular(kind)
		switch kind {
		case dataset.KindEquity, dataset.KindFinancing:
			one += " record"
		}
		routes = append(routes,
			apiRoute{method: "POST", path: "/api/v1/" + kind, summary: "Create a " + one + " (Bearer token); validated like the seed", handler: s.writeHandler(kind, "create"), write: true},
			apiRoute{method: "PUT", path: "/api/v1/" + kind + "/{id}", summary: "Replace a " + one + " (Bearer token); with If-Match, only if it is still the version read", handler: s.writeHandler(kind, "update"), write: true, record: true},
			apiRoute{method: "DELETE", path: "/api/v1/" + kind + "/{id}", summary: "Delete a " + one + " (Bearer token); with If-Match, only if it is still the version read", handler: s.writeHandler(kind, "delete"), write: true, record: true},
		)
	}
	return routes
}

// getStats handles "GET /api/v1/stats".
func (s *Server) getStats(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshotFor(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := struct {
		dataset.Stats
		Freshness      dataset.Freshness       `json:"freshness"`
		Reconciliation *dataset.Reconciliation `json:"reconciliation,omitempty"`
	}{Stats: snap.Stats(), Freshness: snap.Freshness(s.todayFor(r), 90)}
	if rec, err := snap.Reconcile(BernsteinAggregate); err == nil {
		out.Reconciliation = &rec
	}
	s.serveJSON(w, r, out)
}

// getOpenAPI handles "GET /api/v1/openapi.json": OpenAPI 3.0 built from the route table.
func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request) {
	s.serveJSON(w, r, s.openAPI())
}

func (s *Server) openAPI() map[string]any {
	errorRef := map[string]any{"$ref": "#/components/responses/Error"}
	paths := map[string]map[string]any{}
	for _, rt := range s.apiRoutes() {
		op := map[string]any{
			"summary":     rt.summary,
			"operationId": strings.ToLower(rt.method) + strings.NewReplacer("/api/v1/", "_", "/", "_", "{", "", "}", "", ".", "_").Replace(rt.path),
			"responses": map[string]any{
				"200": map[string]any{"description": "OK"},
				"400": errorRef, "404": errorRef,
			},
		}
		responses := op["responses"].(map[string]any)
		var params []map[string]any
		for _, name := range pathParams(rt.path) {
			schema := map[string]any{"type": "string"}
			if name == "id" {
				schema = map[string]any{"type": "string", "maxLength": dataset.MaxIDLength, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
			}
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": schema})
		}
		if rt.record && rt.method == "GET" {
			responses["200"] = map[string]any{"description": "OK", "headers": map[string]any{"ETag": etagHeader}}
			responses["304"] = map[string]any{"description": "Not modified: the If-None-Match ETag is current"}
		}
		if rt.record && rt.write {
			params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": false,
				"description": "The ETag of the record as last read (GET answers it). The write happens only if the record is still that version; otherwise 412 with the current ETag. * matches any existing version.",
				"schema":      map[string]any{"type": "string"}})
			responses["412"] = map[string]any{"$ref": "#/components/responses/PreconditionFailed"}
		}
		if rt.write && rt.method != "DELETE" {
			responses["200"] = map[string]any{"description": "OK: the record as GET answers it", "headers": map[string]any{"ETag": etagHeader}}
			responses["413"] = errorRef
		}
		if rt.path == "/api/v1/changes" {
			params = append(params,
				map[string]any{"name": "limit", "in": "query", "description": "entries per page, 1-1000 (default 50); a page also stops at 1 MiB", "schema": map[string]any{"type": "integer"}},
				map[string]any{"name": "before", "in": "query", "description": "only entries older than this change number (the next link sets it)", "schema": map[string]any{"type": "integer"}})
		}
		if rt.kind != "" {
			params = append(params, listParams(rt.kind)...)
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.write {
			op["security"] = []map[string]any{{"bearer": []string{}}}
			responses["401"] = errorRef
			responses["403"] = errorRef
			responses["429"] = errorRef
			if rt.method != "DELETE" {
				op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}
			}
		}
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "Powerbrokers API",
			"version":     "1",
			"description": "Bitcoin miners' AI/HPC deals, sites and capacity. " + nullRule + " Errors: {\"error\": {\"code\", \"message\", \"param\"}}.",
		},
		"servers": []map[string]any{{"url": s.cfg.BasePath + "/"}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"responses": map[string]any{"PreconditionFailed": map[string]any{
				"description": "If-Match names a version that is no longer current: the error says so and current_etag (also the ETag header) is the current version (\"\" when the record is gone)",
				"headers":     map[string]any{"ETag": etagHeader},
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
					"type": "object",
					"properties": map[string]any{"error": map[string]any{"type": "object", "properties": map[string]any{
						"code": map[string]any{"type": "string", "enum": []string{"precondition_failed"}}, "message": map[string]any{"type": "string"},
						"param": map[string]any{"type": "string"}, "current_etag": map[string]any{"type": "string"},
					}}},
				}}},
			}, "Error": map[string]any{
				"description": "An error: code, message and, for bad input, the parameter",
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
					"type": "object",
					"properties": map[string]any{"error": map[string]any{"type": "object", "properties": map[string]any{
						"code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}, "param": map[string]any{"type": "string"},
					}}},
				}}},
			}},
		},
	}
}

// etagHeader documents the ETag of a record.
var etagHeader = map[string]any{"description": "The record's version: send it in If-Match to PUT or DELETE only that version", "schema": map[string]any{"type": "string"}}

func pathParams(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") {
			out = append(out, strings.Trim(seg, "{}"))
		}
	}
	return out
}

// listParams documents the query grammar of a list endpoint from the column registry.
func listParams(kind string) []map[string]any {
	q := func(name, desc, typ string) map[string]any {
		return map[string]any{"name": name, "in": "query", "description": desc, "schema": map[string]any{"type": typ}}
	}
	out := []map[string]any{
		q("q", "full-text search; every term must match", "string"),
		q("sort", "comma list of columns, - for descending (undisclosed values last)", "string"),
		q("facet", "comma list of facetable columns to count", "string"),
		q("cols", "comma list of columns to return", "string"),
		q("size", "page size, 1-1000 or max (default 50)", "string"),
		q("page", "1-based page", "integer"),
		q("next", "opaque token of the next page", "string"),
		q("as_of", asOfDoc, "string"),
	}
	if kind == dataset.KindDeals {
		out = append(out, q("jv", "how the totals count joint ventures: 100 (default, the whole JV's value and MW) or share (at the miner's disclosed share; JVs without a disclosed share are left out and counted in jv_share_unknown_count)", "string"))
	}
	for _, c := range dataset.Columns(kind) {
		typ := map[string]string{dataset.ColumnNumber: "number", dataset.ColumnBool: "boolean"}[c.Kind]
		if typ == "" {
			typ = "string"
		}
		unit := ""
		if c.Unit != "" {
			unit = " (" + c.Unit + ")"
		}
		out = append(out, q(c.Name, c.Label+unit+": equals one of a comma list", typ))
		if c.Kind == dataset.ColumnNumber || c.Kind == dataset.ColumnDate {
			for _, op := range []string{"gte", "lte", "gt", "lt"} {
				out = append(out, q(c.Name+"_"+op, c.Label+unit+": "+op, typ))
			}
		}
	}
	return out
}

// nullRule is the API's rule for unknown figures, stated in the OpenAPI description.
const nullRule = "Unknown is never 0: a figure a source does not give is null (\"not disclosed\"; an empty cell in CSV). " +
	"A sum is null when none of the figures it adds is disclosed, and a sum over some disclosed figures is followed by " +
	"how many were not: <field>_undisclosed (e.g. construction_mw_undisclosed: 3 sites give no construction MW) or an " +
	"undisclosed_*_count. A sum is 0 only when there is nothing to add and the count beside it says so (contracted_mw: 0 " +
	"with contracted_deal_count: 0), or when the figures it adds are disclosed zeros. Every record carries its grade " +
	"(primary, press or secondary, from its best source's kind: filing, company, newswire, press, research, aggregator) " +
	"and verified, the date its figures were last checked against its sources."
