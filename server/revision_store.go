package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/andybalholm/brotli"
	badger "github.com/dgraph-io/badger/v4"

	"powerbrokers/dataset"
)

// Revisions. Every commit that changes the data (the seed load, a reseed,
// a curated write) publishes a new revision, numbered from 1, and every
// revision stays readable. A revision is stored as a diff: its index entry
// names the change-log entry that made it, and a write's change-log entry
// already holds the record as written (After), so a write's revision costs
// only its index entry (about 200 bytes). A full copy of the dataset,
// brotli-compressed JSON, is kept for each seed load or reseed (whose
// change-log entry holds no records) and every revisionCheckpoint revisions,
// so rebuilding one replays at most that many writes onto the nearest copy
// before it. The rebuilt dataset's hash must equal the version recorded at
// commit time, or the revision is refused as corrupt. The change log must
// therefore never be pruned.
//
//	rev/<10-digit n>      revisionEntry
//	revbase/<10-digit n>  brotli(JSON of the dataset at revision n)
const (
	prefixRev     = "rev/"
	prefixRevBase = "revbase/"
	// revisionCheckpoint bounds the writes replayed to rebuild a revision.
	revisionCheckpoint = 50
)

// revisionEntry is the index entry of one revision.
type revisionEntry struct {
	dataset.Revision
	// Base is true when a full copy is stored under revbase/<n>.
	Base bool `json:"base,omitempty"`
}

func revKey(n int) []byte     { return fmt.Appendf(nil, "%s%010d", prefixRev, n) }
func revBaseKey(n int) []byte { return fmt.Appendf(nil, "%s%010d", prefixRevBase, n) }

// publishRevision records the state txn now holds as the next revision,
// made by change c, which added, changed or removed n records. full forces
// a full copy (a seed load replaces everything).
func (s *Store) publishRevision(txn *badger.Txn, c dataset.Change, n int, full bool) error {
	last, err := lastRevision(txn)
	if err != nil {
		return err
	}
	// The dataset as a reader will see it: read back, in key order.
	d, err := readDataset(txn)
	if err != nil {
		return err
	}
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("store: encode revision: %w", err)
	}
	e := revisionEntry{Revision: dataset.Revision{Number: last.Number + 1, Published: c.At, Version: dataset.VersionOf(b),
		Action: c.Action, Changes: n, Change: c.Seq}}
	if c.Kind != "dataset" {
		e.Kind, e.ID = c.Kind, c.ID
	}
	base, err := lastBase(txn, e.Number)
	if err != nil {
		return err
	}
	if full || base == 0 || e.Number-base >= revisionCheckpoint {
		z, err := compress(b)
		if err != nil {
			return err
		}
		if err := txn.Set(revBaseKey(e.Number), z); err != nil {
			return err
		}
		e.Base = true
	}
	return setJSON(txn, string(revKey(e.Number)), e)
}

// EnsureRevision publishes the data of a store that holds data but no
// revision yet (one written before revisions were kept) as revision 1.
func (s *Store) EnsureRevision() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.db.Update(func(txn *badger.Txn) error {
		if last, err := lastRevision(txn); err != nil || last.Number > 0 {
			return err
		}
		if _, err := txn.Get([]byte(keyMeta)); errors.Is(err, badger.ErrKeyNotFound) {
			return nil // empty: the seed load will be revision 1
		}
		seq, err := lastSeq(txn)
		if err != nil {
			return err
		}
		n, err := countRecords(txn)
		if err != nil {
			return err
		}
		return s.publishRevision(txn, dataset.Change{Seq: seq, At: s.Now().UTC(), Kind: "dataset", Action: "start"}, n, true)
	})
}

// LatestRevision returns the newest revision, or one numbered 0 when the
// store keeps none.
func (s *Store) LatestRevision() (dataset.Revision, error) {
	var e revisionEntry
	err := s.db.View(func(txn *badger.Txn) (err error) {
		e, err = lastRevision(txn)
		return err
	})
	return e.Revision, err
}

// Revisions returns up to limit revisions older than before (0: from the
// newest), newest first, and whether older ones remain.
func (s *Store) Revisions(before, limit int) (out []dataset.Revision, more bool, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Reverse: true, PrefetchValues: true, PrefetchSize: 100})
		defer it.Close()
		start := append([]byte(prefixRev), 0xff)
		if before > 0 {
			start = revKey(before - 1)
		}
		for it.Seek(start); it.ValidForPrefix([]byte(prefixRev)); it.Next() {
			if len(out) == limit {
				more = true
				return nil
			}
			var e revisionEntry
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
				return err
			}
			out = append(out, e.Revision)
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: read revisions: %w", err)
	}
	return out, more, nil
}

// RevisionData rebuilds revision n: its dataset, its index entry and the
// latest changes as of it (at most limit). It returns an ENOTFOUND
// *dataset.Error when there is no revision n, and an error when the
// rebuilt dataset does not hash to the version recorded for it.
func (s *Store) RevisionData(n, changes int) (*dataset.Dataset, dataset.Revision, []dataset.Change, error) {
	var d *dataset.Dataset
	var e revisionEntry
	err := s.db.View(func(txn *badger.Txn) (err error) {
		if err := getJSON(txn, string(revKey(n)), &e); err != nil {
			if dataset.ErrorCode(err) == dataset.ENOTFOUND {
				return dataset.Errorf(dataset.ENOTFOUND, "there is no revision %d", n)
			}
			return err
		}
		d, err = rebuild(txn, n)
		return err
	})
	if err != nil {
		return nil, dataset.Revision{}, nil, err
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, dataset.Revision{}, nil, err
	}
	if v := dataset.VersionOf(b); v != e.Version {
		return nil, dataset.Revision{}, nil, fmt.Errorf("store: revision %d rebuilds as version %s, not the %s recorded", n, v, e.Version)
	}
	log, _, err := s.ChangesPage(e.Change+1, changes, 0)
	if err != nil {
		return nil, dataset.Revision{}, nil, err
	}
	return d, e.Revision, log, nil
}

// rebuild decodes the full copy nearest before revision n and replays the
// writes of the revisions after it.
func rebuild(txn *badger.Txn, n int) (*dataset.Dataset, error) {
	base, err := lastBase(txn, n)
	if err != nil {
		return nil, err
	}
	if base == 0 {
		return nil, fmt.Errorf("store: revision %d has no full copy before it", n)
	}
	item, err := txn.Get(revBaseKey(base))
	if err != nil {
		return nil, fmt.Errorf("store: revision %d: %w", base, err)
	}
	var d dataset.Dataset
	err = item.Value(func(z []byte) error {
		b, err := io.ReadAll(brotli.NewReader(bytes.NewReader(z)))
		if err != nil {
			return err
		}
		return json.Unmarshal(b, &d)
	})
	if err != nil {
		return nil, fmt.Errorf("store: decode revision %d: %w", base, err)
	}
	for i := base + 1; i <= n; i++ {
		var e revisionEntry
		if err := getJSON(txn, string(revKey(i)), &e); err != nil {
			return nil, fmt.Errorf("store: revision %d: %w", i, err)
		}
		var c dataset.Change
		if err := getJSON(txn, fmt.Sprintf("%s%020d", prefixChange, e.Change), &c); err != nil {
			return nil, fmt.Errorf("store: revision %d: change %d: %w", i, e.Change, err)
		}
		if err := replay(&d, c); err != nil {
			return nil, fmt.Errorf("store: revision %d: %w", i, err)
		}
	}
	return &d, nil
}

// replay applies a write's change-log entry to d, keeping each list in
// key (id) order as the store reads it.
func replay(d *dataset.Dataset, c dataset.Change) error {
	switch c.Kind {
	case "deal":
		return replayRecord(&d.Deals, c, func(r dataset.Deal) string { return r.ID })
	case "miner":
		return replayRecord(&d.Miners, c, func(r dataset.Miner) string { return r.ID })
	case "site":
		return replayRecord(&d.Sites, c, func(r dataset.Site) string { return r.ID })
	case "equity":
		return replayRecord(&d.Equity, c, func(r dataset.Equity) string { return r.ID })
	case "financing":
		return replayRecord(&d.Financing, c, func(r dataset.Financing) string { return r.ID })
	}
	return fmt.Errorf("a change of kind %q cannot be replayed", c.Kind)
}

func replayRecord[T any](list *[]T, c dataset.Change, id func(T) string) error {
	i, found := slices.BinarySearchFunc(*list, c.ID, func(r T, want string) int { return strings.Compare(id(r), want) })
	if c.Action == "delete" {
		if found {
			*list = slices.Delete(*list, i, i+1)
		}
		return nil
	}
	var rec T
	if err := json.Unmarshal(c.After, &rec); err != nil {
		return fmt.Errorf("decode %s %q: %w", c.Kind, c.ID, err)
	}
	if found {
		(*list)[i] = rec
	} else {
		*list = slices.Insert(*list, i, rec)
	}
	return nil
}

// lastRevision returns the newest revision's entry (numbered 0 when none).
func lastRevision(txn *badger.Txn) (revisionEntry, error) {
	var e revisionEntry
	it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: []byte(prefixRev)})
	defer it.Close()
	it.Seek(append([]byte(prefixRev), 0xff))
	if !it.Valid() {
		return e, nil
	}
	err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &e) })
	return e, err
}

// lastBase returns the number of the newest full copy at or before
// revision n (0 when none).
func lastBase(txn *badger.Txn, n int) (int, error) {
	it := txn.NewIterator(badger.IteratorOptions{Reverse: true, Prefix: []byte(prefixRevBase)})
	defer it.Close()
	it.Seek(revBaseKey(n))
	if !it.Valid() {
		return 0, nil
	}
	var base int
	_, err := fmt.Sscanf(strings.TrimPrefix(string(it.Item().Key()), prefixRevBase), "%d", &base)
	return base, err
}

// recordValues returns the stored value of every record, by key.
func recordValues(txn *badger.Txn) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, p := range recordPrefixes {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 100, Prefix: []byte(p)})
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				it.Close()
				return nil, err
			}
			out[string(it.Item().Key())] = v
		}
		it.Close()
	}
	return out, nil
}

// countRecords counts the stored records.
func countRecords(txn *badger.Txn) (int, error) {
	m, err := recordValues(txn)
	return len(m), err
}

// changedRecords counts the records added, changed or removed between two
// recordValues.
func changedRecords(before, after map[string][]byte) int {
	n := 0
	for k, v := range after {
		if old, ok := before[k]; !ok || !bytes.Equal(old, v) {
			n++
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			n++
		}
	}
	return n
}

// compress brotli-compresses a full copy (at the best ratio: it is written
// once per seed load or checkpoint, and read rarely).
func compress(b []byte) ([]byte, error) {
	var z bytes.Buffer
	w := brotli.NewWriterLevel(&z, 9)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return z.Bytes(), nil
}
