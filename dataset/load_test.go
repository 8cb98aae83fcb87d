package dataset_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
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
