package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	badger "github.com/dgraph-io/badger/v4"

	"powerbrokers/dataset"
)

// kindPrefix maps a collection to its key prefix.
var kindPrefix = map[string]string{dataset.KindDeals: prefixDeal, dataset.KindMiners: prefixMiner, dataset.KindSites: prefixSite,
	dataset.KindEquity: prefixEquity, dataset.KindFinancing: prefixFin}

// Write is one curated change: create, update or delete a record.
type Write struct {
	Kind   string // dataset.KindDeals, dataset.KindMiners or dataset.KindSites
	Action string // "create", "update" or "delete"
	ID     string
	// Record is the new record's JSON for create and update.
	Record json.RawMessage
	Who    string
}

// Apply validates w against the whole dataset, exactly as the seed is
// validated, and commits it with its change-log entry in one transaction.
// It returns an EINVALID *dataset.Error listing the problems, ENOTFOUND for
// an update or delete of a missing record, ECONFLICT for a create of an
// existing one. A rejected or failed write changes nothing.
func (s *Store) Apply(w Write) error {
	prefix, ok := kindPrefix[w.Kind]
	if !ok {
		return dataset.ParamErrorf("kind", "%q is not one of deals, miners, sites, equity, financing", w.Kind)
	}
	// Writes are rare; serializing them keeps the read-validate-write
	// sequence free of Badger transaction conflicts.
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.db.Update(func(txn *badger.Txn) error {
		d, err := readDataset(txn)
		if err != nil {
			return err
		}
		d.Denylist = s.Denylist
		key := prefix + w.ID
		before, err := getRaw(txn, key)
		if err != nil {
			return err
		}
		switch {
		case w.Action == "create" && before != nil:
			return dataset.Errorf(dataset.ECONFLICT, "%s %q already exists; use PUT to replace it", singular(w.Kind), w.ID)
		case w.Action != "create" && before == nil:
			return dataset.Errorf(dataset.ENOTFOUND, "%s %q not found", singular(w.Kind), w.ID)
		}
		rec, err := applyTo(d, w)
		if err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			var ps dataset.Problems
			if errors.As(err, &ps) {
				return invalid(ps)
			}
			return err
		}
		if w.Action == "delete" {
			if err := txn.Delete([]byte(key)); err != nil {
				return err
			}
		} else if err := txn.Set([]byte(key), rec); err != nil {
			return err
		}
		c, err := s.appendChange(txn, dataset.Change{Kind: singular(w.Kind), Action: w.Action, ID: w.ID, Who: w.Who,
			Before: before, After: rec})
		if err != nil {
			return err
		}
		return s.publishRevision(txn, c, 1, false)
	})
}

// invalid turns validation problems into one EINVALID error naming the first field.
func invalid(ps dataset.Problems) *dataset.Error {
	e := &dataset.Error{Code: dataset.EINVALID, Message: ps.Error(), Problems: ps}
	if len(ps) > 0 {
		e.Param = ps[0].Field
	}
	return e
}

// applyTo applies w to the in-memory dataset d and returns the record as
// stored: the body decoded (read-only fields such as names and derived
// figures dropped) and encoded again; nil for a delete.
func applyTo(d *dataset.Dataset, w Write) (json.RawMessage, error) {
	switch w.Kind {
	case dataset.KindDeals:
		return applyRecord(&d.Deals, w, func(r dataset.Deal) string { return r.ID })
	case dataset.KindMiners:
		return applyRecord(&d.Miners, w, func(r dataset.Miner) string { return r.ID })
	case dataset.KindEquity:
		return applyRecord(&d.Equity, w, func(r dataset.Equity) string { return r.ID })
	case dataset.KindFinancing:
		return applyRecord(&d.Financing, w, func(r dataset.Financing) string { return r.ID })
	default:
		return applyRecord(&d.Sites, w, func(r dataset.Site) string { return r.ID })
	}
}

func applyRecord[T any](list *[]T, w Write, id func(T) string) (json.RawMessage, error) {
	i := slices.IndexFunc(*list, func(r T) bool { return id(r) == w.ID })
	if w.Action == "delete" {
		*list = slices.Delete(*list, i, i+1)
		return nil, nil
	}
	v, err := dataset.DecodeWrite(w.Kind, "body", w.Record)
	if err != nil {
		var ps dataset.Problems
		if errors.As(err, &ps) {
			return nil, invalid(ps)
		}
		return nil, err
	}
	rec := v.(T)
	if id(rec) != w.ID {
		return nil, dataset.ParamErrorf("id", "the body's id %q does not match the URL's %q", id(rec), w.ID)
	}
	if i < 0 {
		*list = append(*list, rec)
	} else {
		(*list)[i] = rec
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("store: encode %s %q: %w", singular(w.Kind), w.ID, err)
	}
	return b, nil
}

// readDataset reads the whole dataset inside txn; an empty store gives an
// empty dataset with a zero Meta.
func readDataset(txn *badger.Txn) (*dataset.Dataset, error) {
	var d dataset.Dataset
	if err := getJSON(txn, keyMeta, &d.Meta); err != nil && dataset.ErrorCode(err) != dataset.ENOTFOUND {
		return nil, err
	}
	err := errors.Join(
		scan(txn, prefixMiner, &d.Miners), scan(txn, prefixSite, &d.Sites),
		scan(txn, prefixDeal, &d.Deals), scan(txn, prefixCP, &d.Counterparties),
		scan(txn, prefixAgg, &d.Aggregates), scan(txn, prefixCorr, &d.Corrections),
		scan(txn, prefixEquity, &d.Equity), scan(txn, prefixFin, &d.Financing),
		scan(txn, prefixEvent, &d.Events))
	if err != nil {
		return nil, fmt.Errorf("store: read dataset: %w", err)
	}
	return &d, nil
}

// getRaw returns the value at key, or nil when there is none.
func getRaw(txn *badger.Txn, key string) (json.RawMessage, error) {
	item, err := txn.Get([]byte(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

func singular(kind string) string {
	return map[string]string{dataset.KindDeals: "deal", dataset.KindMiners: "miner", dataset.KindSites: "site",
		dataset.KindEquity: "equity", dataset.KindFinancing: "financing"}[kind]
}
