// Package seed embeds the curated dataset files. Only the server imports it;
// the WebAssembly client receives the data over /api/v1/snapshot.
package seed

import "embed"

// FS holds meta.json, miners.json, sites.json, deals.json,
// counterparties.json, aggregates.json, corrections.json, and the
// denylist (denylist.txt, denylist-pending.txt).
//
//go:embed *.json *.txt
var FS embed.FS
