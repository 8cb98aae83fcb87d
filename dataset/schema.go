package dataset

import (
	"reflect"
	"strings"
)

// Schema returns the OpenAPI 3.0 schema of a record of kind as the API reads
// and writes it (GET /api/v1/<kind>/{id}, POST, PUT): one property per JSON
// field, described by its column (label, unit, what it measures, accepted
// values). Derived fields (names of referenced records, sums, rates, a
// miner's sites and deals) are readOnly: a record read from the API can be
// written back as it is, and a write ignores them. Rows of other kinds are
// $refs to "#/components/schemas/<SchemaName>". It returns nil for an
// unknown kind.
func Schema(kind string) map[string]any {
	t := tableOf(kind)
	if t == nil {
		return nil
	}
	cols := map[string]Column{}
	for _, c := range t.cols {
		if c.Path != "" {
			cols[c.Path] = c
		}
		if c.NamePath != "" {
			cols[c.NamePath] = Column{Label: c.Label + " name", Description: "the name of the record " + c.Name + " names"}
		}
	}
	s := structSchema(t.detail, "", cols)
	props := s["properties"].(map[string]any)
	for name, p := range props {
		if _, ok := jsonField(t.record, name); !ok {
			p.(map[string]any)["readOnly"] = true
		}
	}
	s["description"] = "A " + t.singular + ". Unknown figures are null (not disclosed), never 0; readOnly fields are derived and ignored on write."
	return s
}

// SourceSchema returns the OpenAPI schema of a Source.
func SourceSchema() map[string]any {
	return structSchema(reflect.TypeFor[Source](), "", nil)
}

var sourceType = reflect.TypeFor[Source]()

// structSchema describes the JSON fields of struct type t; prefix is the
// JSON path of t in the row, cols the columns by path.
func structSchema(t reflect.Type, prefix string, cols map[string]Column) map[string]any {
	props := map[string]any{}
	for _, f := range reflect.VisibleFields(t) {
		name := jsonName(f)
		if f.Anonymous || !f.IsExported() || name == "" {
			continue
		}
		p := typeSchema(f.Type, prefix+name+".", cols)
		if c, ok := cols[prefix+name]; ok {
			desc := c.Label
			if c.Unit != "" {
				desc += " (" + c.Unit + ")"
			}
			if c.Description != "" {
				desc += ": " + c.Description
			}
			p["description"] = desc
			if len(c.Enum) > 0 && c.Kind == ColumnString {
				enum := make([]any, len(c.Enum))
				for i, e := range c.Enum {
					enum[i] = e
				}
				p["enum"] = enum
			}
		}
		if f.Type == reflect.TypeFor[Date]() {
			p["pattern"] = `^\d{4}(-\d{2}(-\d{2})?)?$`
			if _, ok := p["description"]; !ok {
				p["description"] = "a date: YYYY, YYYY-MM or YYYY-MM-DD"
			}
		}
		props[name] = p
	}
	return map[string]any{"type": "object", "properties": props}
}

// typeSchema describes a Go type of a record field.
func typeSchema(t reflect.Type, prefix string, cols map[string]Column) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		s := typeSchema(t.Elem(), prefix, cols)
		s["nullable"] = true
		return s
	case reflect.Slice:
		if t.Elem() == sourceType {
			return map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Source"}}
		}
		for kind, tb := range tableDefs() {
			if t.Elem() == tb.row {
				return map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/" + SchemaName(kind)}}
			}
		}
		return map[string]any{"type": "array", "items": typeSchema(t.Elem(), strings.TrimSuffix(prefix, ".")+"[].", cols)}
	case reflect.Struct:
		return structSchema(t, prefix, cols)
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Int, reflect.Int64, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	}
	return map[string]any{"type": "string"}
}
