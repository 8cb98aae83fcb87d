// Package economics is the pivot calculator of /economics and
// /embed/economics: what one gross MW earns a year mining Bitcoin against
// leased to an AI/HPC tenant. It reads a Scenario from the calculator's
// query (one parameter per input, defaults sourced from the snapshot's
// published figures and deals), and renders its form, outputs, sensitivity
// charts and the sources of its defaults, and the miner profile's what-if
// (WhatIf). The pages that host it (the route, data loading and URL writing)
// stay in package app.
package economics
