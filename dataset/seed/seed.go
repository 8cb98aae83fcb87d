// Package seed embeds the curated dataset files. Only the server imports it;
// the WebAssembly client receives the data over /api/v1/snapshot.
package seed

import "embed"

// FS holds meta.json, miners.json, sites.json, deals.json,
// counterparties.json and aggregates.json.
//
//go:embed *.json
var FS embed.FS
