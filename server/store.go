package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"powerbrokers/dataset"
)

// Key layout. Every record is one JSON value under "<kind>/<id>"; the dataset
// meta under "meta/dataset"; the change log under "change/<20-digit seq>" so
// that byte order is time order.
//
//	meta/dataset            dataset.Meta
//	miner/<id>              dataset.Miner
//	site/<id>               dataset.Site
//	deal/<id>               dataset.Deal
//	cp/<id>                 dataset.Counterparty
//	agg/<id>                dataset.Aggregate
//	corr/<6-digit n>        dataset.Correction, in the order of corrections.json
//	change/<seq>            dataset.Change
//	rev/, revbase/          the published revisions (see revision_store.go)
const (
	keyMeta      = "meta/dataset"
	prefixMiner  = "miner/"
	prefixSite   = "site/"
	prefixDeal   = "deal/"
	prefixCP     = "cp/"
	prefixAgg    = "agg/"
	prefixCorr   = "corr/"
	prefixEquity = "equity/"
	prefixFin    = "fin/"
	prefixEvent  = "event/"
	prefixChange = "change/"
)

var recordPrefixes = []string{prefixMiner, prefixSite, prefixDeal, prefixCP, prefixAgg, prefixCorr, prefixEquity, prefixFin, prefixEvent}

// ErrLocked is returned by Open when another process holds the data directory.
var ErrLocked = errors.New("data directory is in use by another process")

// Store is the durable copy of the dataset in Badger. It is safe for
// concurrent use; Close must be called exactly once.
type Store struct {
	db      *badger.DB
	log     *slog.Logger
	writeMu sync.Mutex
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// Denylist holds the source domains a curated write may not cite (the
	// seed's denylist.txt); nil refuses none.
	Denylist *dataset.Denylist
}

// Open opens (creating if needed) the Badger store in dir, logging to log
// (slog.Default() when nil). It returns an error wrapping ErrLocked when
// another process has the directory open.
func Open(dir string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.Default()
	}
	opts := badger.DefaultOptions(dir).
		// A transaction may hold at most 15% of a memtable: 32 MiB lets one
		// import or seed load carry about 4 MB of records (thousands of deals).
		WithMemTableSize(32 << 20).WithValueThreshold(64 << 10).
		WithNumMemtables(2).WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(4).
		WithValueLogFileSize(16 << 20).WithBlockCacheSize(8 << 20).WithIndexCacheSize(4 << 20).
		WithSyncWrites(true).
		WithLogger(badgerLogger{log})
	return open(opts, dir, log)
}

// OpenInMemory opens a store that lives only in memory (tests, a server
// without a data directory), logging to log (slog.Default() when nil).
func OpenInMemory(log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.Default()
	}
	return open(badger.DefaultOptions("").WithInMemory(true).WithLogger(badgerLogger{log}), ":memory:", log)
}

func open(opts badger.Options, dir string, log *slog.Logger) (*Store, error) {
	// A process killed right after creating a memtable file leaves it
	// empty, and Badger v4.9.6 then refuses to open ("while opening
	// memtables … Create a new file"). An empty write-ahead log holds no
	// data, so removing it before opening loses nothing.
	if !opts.InMemory && withDirLock(dir, func() bool { return removeEmptyMemtables(dir) }) {
		log.Warn("removed empty memtable files left by a crash", "dir", dir)
	}
	db, err := badger.Open(opts)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, fmt.Errorf("%s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	return &Store{db: db, log: log, Now: time.Now}, nil
}

// Close flushes and closes the store.
func (s *Store) Close() error {
	return s.db.Close()
}

// Meta returns the stored dataset meta, or an ENOTFOUND *dataset.Error when
// the store is empty.
func (s *Store) Meta() (dataset.Meta, error) {
	var m dataset.Meta
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, keyMeta, &m) })
	return m, err
}

// Dataset reads every record from the store.
func (s *Store) Dataset() (*dataset.Dataset, error) {
	var d *dataset.Dataset
	err := s.db.View(func(txn *badger.Txn) (err error) {
		d, err = readDataset(txn)
		return err
	})
	return d, err
}

// Replace validates d and replaces every record in the store with it in one
// transaction, recording the change as by who. A rejected or failed
// replacement leaves the store as it was.
func (s *Store) Replace(d *dataset.Dataset, who, what string) error {
	if err := d.Validate(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	err := s.db.Update(func(txn *badger.Txn) error {
		before, err := recordValues(txn)
		if err != nil {
			return err
		}
		for _, p := range recordPrefixes {
			if err := deletePrefix(txn, p); err != nil {
				return err
			}
		}
		if err := setJSON(txn, keyMeta, d.Meta); err != nil {
			return err
		}
		for _, m := range d.Miners {
			if err := setJSON(txn, prefixMiner+m.ID, m); err != nil {
				return err
			}
		}
		for _, x := range d.Sites {
			if err := setJSON(txn, prefixSite+x.ID, x); err != nil {
				return err
			}
		}
		for _, x := range d.Deals {
			if err := setJSON(txn, prefixDeal+x.ID, x); err != nil {
				return err
			}
		}
		for _, x := range d.Counterparties {
			if err := setJSON(txn, prefixCP+x.ID, x); err != nil {
				return err
			}
		}
		for _, x := range d.Aggregates {
			if err := setJSON(txn, prefixAgg+x.ID, x); err != nil {
				return err
			}
		}
		for _, x := range d.Equity {
			if err := setJSON(txn, prefixEquity+x.ID, x); err != nil {
				return err
			}
		}
		for _, x := range d.Financing {
			if err := setJSON(txn, prefixFin+x.ID, x); err != nil {
				return err
			}
		}
		for _, x := range d.Events {
			if err := setJSON(txn, prefixEvent+x.ID, x); err != nil {
				return err
			}
		}
		for i, x := range d.Corrections {
			if err := setJSON(txn, fmt.Sprintf("%s%06d", prefixCorr, i), x); err != nil {
				return err
			}
		}
		c, err := s.appendChange(txn, dataset.Change{Kind: "dataset", Action: what, Who: who,
			Summary: fmt.Sprintf("revision %d: %d miners, %d sites, %d deals, %d equity, %d financing",
				d.Meta.Revision, len(d.Miners), len(d.Sites), len(d.Deals), len(d.Equity), len(d.Financing))})
		if err != nil {
			return err
		}
		after, err := recordValues(txn)
		if err != nil {
			return err
		}
		return s.publishRevision(txn, c, changedRecords(before, after), true)
	})
	if errors.Is(err, badger.ErrTxnTooBig) {
		return fmt.Errorf("store: the dataset is too large to replace in one transaction (%d deals); raise the memtable size", len(d.Deals))
	}
	return err
}

// appendChange numbers and dates c, adds it to the change log and returns it.
func (s *Store) appendChange(txn *badger.Txn, c dataset.Change) (dataset.Change, error) {
	last, err := lastSeq(txn)
	if err != nil {
		return c, err
	}
	c.Seq = last + 1
	c.At = s.Now().UTC()
	return c, setJSON(txn, fmt.Sprintf("%s%020d", prefixChange, c.Seq), c)
}

// Changes returns up to limit change-log entries, newest first.
func (s *Store) Changes(limit int) ([]dataset.Change, error) {
	out, _, err := s.ChangesPage(0, limit, 0)
	return out, err
}

// ChangesPage returns change-log entries older than before (0: from the
// newest), newest first: at most limit of them and, when maxBytes > 0, no
// more than fit in maxBytes of stored JSON (always at least one). more
// reports whether older entries remain.
func (s *Store) ChangesPage(before uint64, limit, maxBytes int) (out []dataset.Change, more bool, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Reverse = true
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		p := []byte(prefixChange)
		start := append(append([]byte{}, p...), 0xff)
		if before > 0 {
			start = []byte(fmt.Sprintf("%s%020d", prefixChange, before-1))
		}
		size := 0
		for it.Seek(start); it.ValidForPrefix(p); it.Next() {
			item := it.Item()
			if len(out) == limit || (maxBytes > 0 && len(out) > 0 && size+int(item.ValueSize()) > maxBytes) {
				more = true
				return nil
			}
			var c dataset.Change
			if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
				return err
			}
			size += int(item.ValueSize())
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: read changes: %w", err)
	}
	return out, more, nil
}

func lastSeq(txn *badger.Txn) (uint64, error) {
	opts := badger.DefaultIteratorOptions
	opts.Reverse = true
	opts.PrefetchValues = false
	it := txn.NewIterator(opts)
	defer it.Close()
	p := []byte(prefixChange)
	it.Seek(append(append([]byte{}, p...), 0xff))
	if !it.ValidForPrefix(p) {
		return 0, nil
	}
	var seq uint64
	_, err := fmt.Sscanf(strings.TrimPrefix(string(it.Item().Key()), prefixChange), "%d", &seq)
	return seq, err
}

// getJSON decodes the value at key into v. It returns an ENOTFOUND
// *dataset.Error when the key does not exist.
func getJSON(txn *badger.Txn, key string, v any) error {
	item, err := txn.Get([]byte(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return dataset.Errorf(dataset.ENOTFOUND, "%s not found", key)
	}
	if err != nil {
		return err
	}
	return item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

func setJSON(txn *badger.Txn, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s: %w", key, err)
	}
	return txn.Set([]byte(key), b)
}

func scan[T any](txn *badger.Txn, prefix string, dst *[]T) error {
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 100, Prefix: []byte(prefix)})
	defer it.Close()
	out := []T{}
	for it.Rewind(); it.Valid(); it.Next() {
		var v T
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &v) }); err != nil {
			return fmt.Errorf("decode %s: %w", it.Item().Key(), err)
		}
		out = append(out, v)
	}
	*dst = out
	return nil
}

func deletePrefix(txn *badger.Txn, prefix string) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix)})
	var keys [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	it.Close()
	for _, k := range keys {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// badgerLogger sends Badger's warnings and errors to the store's logger and drops its chatter.
type badgerLogger struct{ log *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	b.log.Error("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (b badgerLogger) Warningf(f string, a ...any) {
	b.log.Warn("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}

// Backup writes a full backup of the store in Badger's backup format.
func (s *Store) Backup(w io.Writer) error {
	_, err := s.db.Backup(w, 0)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// Restore replaces the whole store with a backup written by Backup. The
// backup is first loaded into a scratch in-memory store and checked to hold
// a valid dataset, so a corrupt or foreign file leaves the store as it was.
func (s *Store) Restore(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("store: read backup: %w", err)
	}
	scratch, err := OpenInMemory(s.log)
	if err != nil {
		return err
	}
	defer scratch.Close()
	if err := safeLoad(scratch, b); err != nil {
		return fmt.Errorf("store: the backup cannot be loaded: %w", err)
	}
	d, err := scratch.Dataset()
	if err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return fmt.Errorf("store: the backup holds an invalid dataset:\n%w", err)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.db.DropAll(); err != nil {
		return fmt.Errorf("store: clear before restore: %w", err)
	}
	if err := s.db.Load(bytes.NewReader(b), 16); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

// safeLoad loads a backup into st, turning a panic of Badger's decoder on a
// malformed file (it trusts length prefixes) into an error.
func safeLoad(st *Store, b []byte) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("not a Badger backup (%v)", v)
		}
	}()
	return st.db.Load(bytes.NewReader(b), 16)
}

// removeEmptyMemtables deletes zero-length *.mem files in dir and reports
// whether it deleted any. Call it only under the directory lock: a running
// Badger creates its next memtable file empty for an instant.
func removeEmptyMemtables(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	removed := false
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".mem") {
			continue
		}
		if info, err := e.Info(); err == nil && info.Size() == 0 {
			removed = os.Remove(filepath.Join(dir, e.Name())) == nil || removed
		}
	}
	return removed
}
