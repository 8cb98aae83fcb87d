package dataset

// The data's licence: the compilation (the selection, the structure, the
// derived figures and the notes) is published under CC BY 4.0; each cited
// document keeps its own rights. One statement, used by the snapshot, the
// data package, the citations, the feeds and every page's footer.
const (
	// LicenceID is the licence's SPDX identifier.
	LicenceID = "CC-BY-4.0"
	// LicenceTitle is the licence's full name.
	LicenceTitle = "Creative Commons Attribution 4.0 International"
	// LicenceURL is the licence's canonical text.
	LicenceURL = "https://creativecommons.org/licenses/by/4.0/"
	// LicenceNotice says in one sentence what the licence covers.
	LicenceNotice = "Data: our compilation is licensed CC BY 4.0 (credit \"Powerbrokers\" and link the view); " +
		"the cited sources keep their own rights."
	// Publisher is the name a citation credits.
	Publisher = "Powerbrokers"
)

// Licence names a licence the way the Frictionless Data Package spec does
// (name, path, title); the snapshot document carries the data's.
type Licence struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

// DataLicence is the licence of the compiled data.
func DataLicence() Licence {
	return Licence{Name: LicenceID, Path: LicenceURL, Title: LicenceTitle}
}

// LicenceLine is the licence of the compiled data as every export states
// it (chart images, and where a line of text is wanted): the compilation
// is ours under CC BY 4.0; the sources keep their own rights.
const LicenceLine = "Data: CC BY 4.0, " + Publisher
