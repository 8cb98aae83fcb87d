package server

import (
	"strings"

	"powerbrokers/dataset"
)

// shareRoutes are the API routes that help reuse the data: the citation of
// a view and the whole dataset as a data package. (The Atom feeds, which
// are not under /api/, are registered by routes.)
func (s *Server) shareRoutes() []apiRoute {
	query := func(name, desc string, schema map[string]any, required bool) map[string]any {
		return map[string]any{"name": name, "in": "query", "required": required, "description": desc, "schema": schema}
	}
	return []apiRoute{
		{method: "GET", path: "/api/v1/citation", handler: s.getCitation,
			summary: "The citation of a view (?url= its absolute URL, query and as_of included) naming the dataset's revision and version and the date its figures were last checked: " +
				"format=text (plain), bibtex or csl (CSL-JSON); without format, all three and their parts as JSON. A URL of another host, or not http(s), is 400",
			example: "/api/v1/citation?url=http://example.com/deals%3Fminer%3Diren&format=bibtex",
			params: []map[string]any{
				query("url", "the absolute URL of a view of this explorer", map[string]any{"type": "string", "format": "uri"}, true),
				query("format", "text, bibtex or csl; absent: JSON with all three", map[string]any{"type": "string", "enum": dataset.CiteFormats}, false),
			},
			produces: []string{"application/json", strings.TrimSuffix(citationTypes[dataset.CiteText], "; charset=utf-8"),
				"application/x-bibtex", "application/vnd.citationstyles.csl+json"}},
		{method: "GET", path: "/api/v1/datapackage.zip", handler: s.getDataPackage,
			summary: "The whole dataset as a Frictionless Data Package (zip): one CSV per kind of record, datapackage.json describing every field " +
				"(type, unit, the null rule, primary and foreign keys), the licence (CC BY 4.0), the sources and a README",
			produces: []string{"application/zip"}},
	}
}
