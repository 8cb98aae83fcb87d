package dataset_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
)

func TestLoadSmallFixture(t *testing.T) {
	d, err := dataset.Load(os.DirFS("testdata/small"))
	require.NoError(t, err)
	require.Len(t, d.Deals, 2)
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	deal, err := s.Deal("iren-microsoft-2025-11")
	require.NoError(t, err)
	require.NotNil(t, deal.USDPerMWYear)
	require.InDelta(t, 9.7e6, *deal.USDPerMWYear, 1)
}

// The client builds its snapshot with the version the server sent: it must
// hold the same rows and stats as one that hashes the dataset itself.
func TestNewSnapshotVersionMatchesNewSnapshot(t *testing.T) {
	d, err := dataset.Load(seed.FS)
	require.NoError(t, err)
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	require.Len(t, s.Version, 16)
	c := dataset.NewSnapshotVersion(d, s.Version)
	assert.Equal(t, s.Version, c.Version)
	assert.Equal(t, s.Deals, c.Deals)
	assert.Equal(t, s.Miners, c.Miners)
	assert.Equal(t, s.Sites, c.Sites)
	assert.Equal(t, s.Stats(), c.Stats())
	m, err := c.Miner("iren")
	require.NoError(t, err)
	assert.Equal(t, "IREN Ltd", m.Name, "the indexes are built too")
}
