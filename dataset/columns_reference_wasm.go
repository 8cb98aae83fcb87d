//go:build wasm

package dataset

// referenceTables: the browser has no view of the kinds only other records
// refer to, so its registry leaves them out (see columns_reference.go).
func referenceTables() []*table { return nil }
