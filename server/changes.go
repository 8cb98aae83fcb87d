package server

import (
	"sort"
	"time"

	"powerbrokers/dataset"
)

// correctionKinds maps a correction's record kind to the change log's kind.
var correctionKinds = map[string]string{"deals": "deal", "sites": "site", "miners": "miner", "counterparties": "counterparty", "aggregates": "aggregate"}

// correctionChanges turns the dataset's corrections into change-log
// entries (see Change).
func correctionChanges(cs []dataset.Correction) []Change {
	out := make([]Change, 0, len(cs))
	for i := range cs {
		c := &cs[i]
		at, err := c.Date.Time()
		if err != nil {
			at = time.Time{}
		}
		out = append(out, Change{At: at.UTC(), Who: "audit", Kind: correctionKinds[c.RecordKind()], Action: "correct",
			ID: c.RecordID(), Summary: c.Summary(), Before: c.From, After: c.To,
			Field: c.Field, Error: c.Error, Reason: c.Reason, Sources: c.Sources})
	}
	return out
}

// mergeChanges merges the store's change log and the corrections, newest
// first (at the same instant, the store's entries first), and keeps limit.
func mergeChanges(log []Change, corrections []Change, limit int) []Change {
	out := make([]Change, 0, len(log)+len(corrections))
	out = append(out, log...)
	out = append(out, corrections...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
