package ui

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"powerbrokers/dataset"
)

func TestFormatting(t *testing.T) {
	assert.Equal(t, "1.5", Trim(1.50, 2))
	assert.Equal(t, "2", Trim(1.999, 2))
	assert.Equal(t, "-0.25", Trim(-0.25, 3))
	one, half := 1.0, 2.5
	assert.Equal(t, "1 year", Years(&one))
	assert.Equal(t, "2.5 years", Years(&half))
	assert.Equal(t, dataset.NotDisclosed, Years(nil), "unknown is not disclosed, never 0")
	assert.Equal(t, ", 2026-01-31", DateSuffix("2026-01-31"))
	assert.Equal(t, " (undated)", DateSuffix(""))
}

func TestLinks(t *testing.T) {
	assert.Equal(t, "/deals", WithQuery("/deals", nil))
	assert.Equal(t, "/deals?miner=iren&q=a+b", WithQuery("/deals", url.Values{"q": {"a b"}, "miner": {"iren"}}))
	t.Setenv("GOAPP_ROOT_PREFIX", "/explorer")
	assert.Equal(t, "/explorer", RootPrefix(), "the server reads the prefix on each call")
	assert.Equal(t, "/explorer/deals", Href("/deals"))
	assert.Empty(t, Origin(), "no origin on the server")
}
