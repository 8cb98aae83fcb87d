package datapackage

import (
	"fmt"
	"strings"

	"powerbrokers/dataset"
)

// readme is the package's README.md: what it holds and how to read it.
func readme(snap *dataset.Snapshot, d descriptor, o Options) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", d.Title)
	fmt.Fprintf(&b, "Dataset revision %d (version %s), figures as of %s; package built %s.\n",
		snap.Data.Meta.Revision, snap.Version, snap.Data.Meta.AsOf, d.Created)
	if o.Homepage != "" {
		fmt.Fprintf(&b, "Explore it at %s.\n", o.Homepage)
	}
	b.WriteString("\nA [Frictionless Data Package](https://specs.frictionlessdata.io/data-package/): `datapackage.json` " +
		"describes every file and field (type, unit, description, primary and foreign keys).\n\n## Files\n\n")
	for _, r := range d.Resources {
		fmt.Fprintf(&b, "- `%s`: %s (%d fields)\n", r.Path, r.Title, len(r.Schema.Fields))
	}
	b.WriteString("\n## Reading the CSVs\n\n" +
		"- UTF-8, comma-separated, one header row of field names (units are in `datapackage.json`).\n" +
		"- **An empty cell means not disclosed**, never zero (`missingValues: [\"\"]`).\n" +
		"- Several values in one cell (sources, tenants) are joined by `" + ListSep + "`.\n" +
		"- Dates are as precise as their source: `2026`, `2026-05` or `2026-05-26`.\n" +
		"- A text that begins with `=`, `+`, `-` or `@` is written with a leading apostrophe, so that a spreadsheet does not run it as a formula.\n" +
		"- Every record lists its sources (`sources`); `datapackage.json` lists them all once.\n\n" +
		"## Licence\n\n" + dataset.LicenceNotice + " See `LICENSE.md` (" + dataset.LicenceURL + ").\n\n" +
		"## Cite\n\n" + dataset.Publisher + " (" + yearOf(snap.Data.Meta.AsOf) + "). " + d.Title + " [Data set; revision " +
		fmt.Sprint(snap.Data.Meta.Revision) + ", version " + snap.Version + "]. Licensed CC BY 4.0." +
		homepageSuffix(o.Homepage) + "\n")
	return []byte(b.String())
}

func yearOf(d dataset.Date) string {
	if len(d) >= 4 {
		return string(d[:4])
	}
	return "n.d."
}

func homepageSuffix(h string) string {
	if h == "" {
		return ""
	}
	return " " + h
}

// licenceText is LICENSE.md: what the licence covers and where its text is.
const licenceText = `# Licence

The compiled data in this package (the selection and arrangement of the
records, their structure, the derived figures and the notes) is licensed
under the Creative Commons Attribution 4.0 International licence (CC BY 4.0):
https://creativecommons.org/licenses/by/4.0/

You may share and adapt it for any purpose, provided you credit
"Powerbrokers", link to the licence and say if you changed it.

The documents the records cite (filings, company releases, news articles)
are not part of this licence: each keeps its own rights.
`
