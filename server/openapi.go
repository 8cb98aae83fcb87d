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
		if kind := recordKind(rt.path); kind != "" && rt.method == "GET" {
			op["responses"].(map[string]any)["200"] = map[string]any{"description": "OK", "content": jsonContent(schemaRef(kind))}
		}
		if rt.kind != "" && !strings.HasSuffix(rt.path, ".csv") {
			op["responses"].(map[string]any)["200"] = map[string]any{"description": "OK", "content": jsonContent(map[string]any{
				"type": "object",
				"properties": map[string]any{
					"total": map[string]any{"type": "integer"},
					"rows":  map[string]any{"type": "array", "items": schemaRef(rt.kind)},
					"next":  map[string]any{"type": "string"},
				},
			})}
		}
		var params []map[string]any
		for _, name := range pathParams(rt.path) {
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if rt.kind != "" {
			params = append(params, listParams(rt.kind)...)
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.write {
			op["security"] = []map[string]any{{"bearer": []string{}}}
			op["responses"].(map[string]any)["401"] = errorRef
			op["responses"].(map[string]any)["403"] = errorRef
			op["responses"].(map[string]any)["429"] = errorRef
			if rt.method != "DELETE" {
				var one []any
				for _, kind := range dataset.Kinds {
					one = append(one, schemaRef(kind))
				}
				op["requestBody"] = map[string]any{"required": true, "description": "the record as GET returns it (readOnly fields are ignored; unknown fields are an error)",
					"content": jsonContent(map[string]any{"oneOf": one})}
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
			"description": "Bitcoin miners' AI/HPC deals, sites and capacity. Unknown figures are null (\"not disclosed\"), never 0. Errors: {\"error\": {\"code\", \"message\", \"param\"}}.",
		},
		"servers": []map[string]any{{"url": s.cfg.BasePath + "/"}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         schemas,
			"responses": map[string]any{"Error": map[string]any{
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
