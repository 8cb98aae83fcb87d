//go:build unix

package server

import (
	"os"
	"syscall"
)

// withDirLock runs f while holding the same exclusive flock Badger takes on
// its directory, so f never touches a directory another process is using.
// It reports f's result, or false when the lock is not free.
func withDirLock(dir string, f func() bool) bool {
	d, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer d.Close()
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return false
	}
	defer syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
	return f()
}
