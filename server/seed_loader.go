package server

import (
	"errors"
	"fmt"
	"io/fs"

	"powerbrokers/dataset"
)

// LoadSeed loads the seed in fsys into st when st is empty or holds an older
// revision than the seed. It validates the seed first: an invalid seed returns
// a dataset.Problems error and leaves the store untouched. It reports whether
// it loaded.
func LoadSeed(st *Store, seed fs.FS) (bool, error) {
	d, err := dataset.Load(seed)
	if err != nil {
		return false, fmt.Errorf("invalid seed:\n%w", err)
	}
	m, err := st.Meta()
	switch {
	case dataset.ErrorCode(err) == dataset.ENOTFOUND:
		// empty store
	case err != nil:
		return false, err
	case m.Revision >= d.Meta.Revision:
		return false, nil
	}
	action := "seed"
	if err == nil {
		action = "reseed"
		st.log.Info("seed is newer than the store; reloading", "stored_revision", m.Revision, "seed_revision", d.Meta.Revision)
	}
	if err := st.Replace(d, "seed", action); err != nil {
		var ps dataset.Problems
		if errors.As(err, &ps) {
			return false, fmt.Errorf("invalid seed:\n%w", err)
		}
		return false, fmt.Errorf("load seed: %w", err)
	}
	return true, nil
}
