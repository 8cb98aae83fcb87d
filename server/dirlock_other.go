//go:build !unix

package server

// withDirLock does nothing where there is no flock: the crash clean-up it
// guards is skipped.
func withDirLock(dir string, f func() bool) bool { return false }
