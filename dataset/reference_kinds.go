package dataset

// Kinds of records the views only refer to: they have no list view of
// their own (Kinds does not hold them), but the registry describes them
// like the others, so that the data package and any export read every
// record through columns.
const (
	KindCounterparties = "counterparties"
	KindAggregates     = "aggregates"
	KindCorrections    = "corrections"
)

// CorrectionRow is a correction with an id of its own (record, field and
// date: "deals/x/announced@2026-06-29", numbered when one repeats).
type CorrectionRow struct {
	Correction
	ID string `json:"id"`
}
