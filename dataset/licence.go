package dataset

// LicenceLine is the licence of the compiled data as every export states
// it (chart images, and where a line of text is wanted): the compilation
// is ours under CC BY 4.0; the sources keep their own rights.
const LicenceLine = "Data: CC BY 4.0, Powerbrokers"
