package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Load reads a seed directory (meta.json, miners.json, sites.json, deals.json,
// counterparties.json, aggregates.json, and optionally corrections.json,
// equity.json, financing.json and denylist.txt) from fsys, decodes it strictly and validates it, refusing
// sources on the directory's denylist. Every problem, from malformed JSON to
// a dangling reference, is returned as a Problems error naming the file,
// the record and the field.
func Load(fsys fs.FS) (*Dataset, error) {
	dl, err := LoadDenylist(fsys)
	if err != nil {
		return nil, err
	}
	return LoadWithDenylist(fsys, dl)
}

// LoadDenylist reads denylist.txt from fsys: nil when there is none, a
// Problems error when a line is malformed.
func LoadDenylist(fsys fs.FS) (*Denylist, error) {
	b, err := fs.ReadFile(fsys, FileDenylist)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, Problems{{File: FileDenylist, Record: "-", Field: "-", Message: err.Error()}}
	}
	dl, err := ParseDenylist(string(b))
	if err != nil {
		return nil, err
	}
	if b, err := fs.ReadFile(fsys, FileDenylistPending); err == nil {
		if err := dl.ParsePending(string(b)); err != nil {
			return nil, err
		}
	}
	return dl, nil
}

// LoadWithDenylist is Load with the given denylist (nil: none) in place of
// the directory's own.
func LoadWithDenylist(fsys fs.FS, dl *Denylist) (*Dataset, error) {
	d := Dataset{Denylist: dl}
	var ps Problems
	if b, ok := readFile(fsys, FileMeta, &ps); ok {
		if err := decodeStrict(b, &d.Meta); err != nil {
			ps = append(ps, decodeProblem(FileMeta, "meta", b, err))
		}
	}
	decodeRecords(fsys, FileMiners, &d.Miners, &ps)
	decodeRecords(fsys, FileSites, &d.Sites, &ps)
	decodeRecords(fsys, FileDeals, &d.Deals, &ps)
	decodeRecords(fsys, FileCounterparties, &d.Counterparties, &ps)
	decodeRecords(fsys, FileAggregates, &d.Aggregates, &ps)
	if _, err := fs.Stat(fsys, FileCorrections); err == nil {
		decodeRecords(fsys, FileCorrections, &d.Corrections, &ps)
	}
	// equity.json and financing.json are optional: a directory without them has none.
	if _, err := fs.Stat(fsys, FileEquity); err == nil {
		decodeRecords(fsys, FileEquity, &d.Equity, &ps)
	}
	if _, err := fs.Stat(fsys, FileFinancing); err == nil {
		decodeRecords(fsys, FileFinancing, &d.Financing, &ps)
	}
	if _, err := fs.Stat(fsys, FileEvents); err == nil {
		decodeRecords(fsys, FileEvents, &d.Events, &ps)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	if err := d.ValidateSeed(); err != nil {
		return nil, err
	}
	return &d, nil
}

func readFile(fsys fs.FS, name string, ps *Problems) ([]byte, bool) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, fs.ErrNotExist) {
			msg = "file is missing"
		}
		*ps = append(*ps, Problem{File: name, Record: "-", Field: "-", Message: msg})
		return nil, false
	}
	return b, true
}

// decodeRecords decodes a JSON array file record by record, so that a bad
// record is reported with its id and field and does not hide the others.
func decodeRecords[T any](fsys fs.FS, name string, dst *[]T, ps *Problems) {
	b, ok := readFile(fsys, name, ps)
	if !ok {
		return
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		*ps = append(*ps, decodeProblem(name, "-", b, err))
		return
	}
	out := make([]T, 0, len(raws))
	for i, raw := range raws {
		var rec T
		if err := decodeStrict(raw, &rec); err != nil {
			var idOnly struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal(raw, &idOnly)
			*ps = append(*ps, decodeProblem(name, recordName(idOnly.ID, i), raw, err))
			continue
		}
		out = append(out, rec)
	}
	*dst = out
}

func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// decodeProblem turns a JSON error into a Problem with the field and line.
func decodeProblem(file, record string, b []byte, err error) Problem {
	p := Problem{File: file, Record: record, Field: "-", Message: err.Error()}
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		p.Field = typeErr.Field
		p.Message = fmt.Sprintf("expected %s, got JSON %s (line %d)", typeErr.Type, typeErr.Value, line(b, typeErr.Offset))
	case errors.As(err, &syntaxErr):
		p.Message = fmt.Sprintf("malformed JSON at line %d: %v", line(b, syntaxErr.Offset), syntaxErr)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		p.Field = strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		p.Message = "unknown field"
	}
	return p
}

func line(b []byte, offset int64) int {
	if offset > int64(len(b)) {
		offset = int64(len(b))
	}
	return bytes.Count(b[:offset], []byte("\n")) + 1
}

// Files encodes d as the seed files, keyed by file name, indented for review.
func (d *Dataset) Files() (map[string][]byte, error) {
	out := make(map[string][]byte, 7)
	for name, v := range map[string]any{
		FileMeta: d.Meta, FileMiners: d.Miners, FileSites: d.Sites, FileDeals: d.Deals,
		FileCounterparties: d.Counterparties, FileAggregates: d.Aggregates, FileCorrections: orNone(d.Corrections),
		FileEquity: orNone(d.Equity), FileFinancing: orNone(d.Financing),
		FileEvents: orNone(d.Events),
	} {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("dataset: encode %s: %w", name, err)
		}
		out[name] = append(b, '\n')
	}
	return out, nil
}

func orNone[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// DecodeRecord decodes one JSON record strictly, as the seed loader does:
// unknown fields and wrong types are errors. A failure is a Problems with one
// Problem naming file and the field.
func DecodeRecord(file string, b []byte, v any) error {
	if err := decodeStrict(b, v); err != nil {
		var idOnly struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(b, &idOnly)
		return Problems{decodeProblem(file, recordName(idOnly.ID, 0), b, err)}
	}
	return nil
}
