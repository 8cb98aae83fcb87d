package server

import (
	"net/http"
	"strings"

	"powerbrokers/dataset"
)

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
		if kind := recordKind(rt.path); kind != "" && rt.method == "GET" {
			responses["200"] = map[string]any{"description": "OK", "content": jsonContent(schemaRef(kind))}
		}
		if rt.kind != "" && !strings.HasSuffix(rt.path, ".csv") {
			responses["200"] = map[string]any{"description": "OK", "content": jsonContent(map[string]any{
				"type": "object",
				"properties": map[string]any{
					"total": map[string]any{"type": "integer"},
					"rows":  map[string]any{"type": "array", "items": schemaRef(rt.kind)},
					"next":  map[string]any{"type": "string"},
				},
			})}
		}
		if rt.record && rt.method == "GET" {
			responses["200"].(map[string]any)["headers"] = map[string]any{"ETag": etagHeader}
			responses["304"] = map[string]any{"description": "Not modified: the If-None-Match ETag is current"}
		}
		if rt.record && rt.write {
			params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": false,
				"description": "The ETag of the record as last read (GET answers it). The write happens only if the record is still that version; otherwise 412 with the current ETag. * matches any existing version.",
				"schema":      map[string]any{"type": "string"}})
			responses["412"] = map[string]any{"$ref": "#/components/responses/PreconditionFailed"}
		}
		if rt.write && rt.method != "DELETE" {
			responses["200"] = map[string]any{"description": "OK: the record as GET answers it", "headers": map[string]any{"ETag": etagHeader},
				"content": jsonContent(schemaRef(writeKind(rt.path)))}
			responses["413"] = errorRef
		}
		if rt.path == "/api/v1/revisions" {
			params = append(params,
				map[string]any{"name": "limit", "in": "query", "description": "revisions per page, 1-1000 (default 100)", "schema": map[string]any{"type": "integer"}},
				map[string]any{"name": "before", "in": "query", "description": "only revisions older than this one (the next link sets it)", "schema": map[string]any{"type": "integer"}})
		}
		if rt.path == "/api/v1/changes" {
			params = append(params,
				map[string]any{"name": "limit", "in": "query", "description": "entries per page, 1-1000 (default 50); a page also stops at 1 MiB", "schema": map[string]any{"type": "integer"}},
				map[string]any{"name": "before", "in": "query", "description": "only entries older than this change number (the next link sets it)", "schema": map[string]any{"type": "integer"}})
		}
		if rt.kind != "" {
			params = append(params, listParams(rt.kind)...)
		}
		if rt.path == "/api/v1/charts/{file}" {
			params = append(params, chartParamDocs()...)
			responses["200"] = map[string]any{"description": "The image (ETag; Content-Disposition names the file)", "content": map[string]any{
				"image/svg+xml": map[string]any{"schema": map[string]any{"type": "string"}},
				"image/png":     map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}},
			}}
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
				op["requestBody"] = map[string]any{"required": true,
					"description": "the record as GET returns it: readOnly fields are ignored, unknown fields are an error",
					"content":     jsonContent(schemaRef(writeKind(rt.path)))}
			}
		}
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = op
	}
	schemas := map[string]any{"Source": dataset.SourceSchema()}
	for _, kind := range dataset.Kinds {
		schemas[dataset.SchemaName(kind)] = dataset.Schema(kind)
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
			"schemas":         schemas,
			"responses": map[string]any{"PreconditionFailed": map[string]any{
				"description": "If-Match names a version that is no longer current: the error says so and current_etag (also the ETag header) is the current version (\"\" when the record is gone)",
				"headers":     map[string]any{"ETag": etagHeader},
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
					"type": "object",
					"properties": map[string]any{"error": map[string]any{"type": "object", "properties": map[string]any{
						"code": map[string]any{"type": "string", "enum": []string{dataset.EPRECONDITION}}, "message": map[string]any{"type": "string"},
						"param": map[string]any{"type": "string"}, "current_etag": map[string]any{"type": "string"},
					}}},
				}}},
			}, "Error": map[string]any{
				"description": "An error: code, message and, for bad input, the parameter",
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
					"type": "object",
					"properties": map[string]any{"error": map[string]any{"type": "object", "properties": map[string]any{
						"code": map[string]any{"type": "string", "enum": dataset.Codes()}, "message": map[string]any{"type": "string"}, "param": map[string]any{"type": "string"},
					}}},
				}}},
			}},
		},
	}
}

// etagHeader documents the ETag of a record.
var etagHeader = map[string]any{"description": "The record's version: send it in If-Match to PUT or DELETE only that version", "schema": map[string]any{"type": "string"}}

func schemaRef(kind string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + dataset.SchemaName(kind)}
}

func jsonContent(schema map[string]any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
}

// recordKind returns the kind of a "/api/v1/<kind>/{id}" route, "" for others.
func recordKind(path string) string {
	rest, ok := strings.CutPrefix(path, "/api/v1/")
	if !ok {
		return ""
	}
	kind, id, _ := strings.Cut(rest, "/")
	if id != "{id}" || dataset.Singular(kind) == "" {
		return ""
	}
	return kind
}

// writeKind returns the kind a write route writes: "/api/v1/deals" or "/api/v1/deals/{id}".
func writeKind(path string) string {
	kind, _, _ := strings.Cut(strings.TrimPrefix(path, "/api/v1/"), "/")
	return kind
}

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
