package app

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHasAsOf(t *testing.T) {
	for _, tt := range []struct {
		link string
		want bool
	}{
		{"/deals?as_of=2025-12-31", true},
		{"/deals?miner=iren&as_of=2025-12-31", true},
		{"/deals?as_of=2025-12-31&miner=iren", true},
		{"/deals?as_of=2025-12-31#x", true},
		{"/deals?as_of=2025-12", false},      // another, shorter date
		{"/deals?as_of=2025-12-311", false},  // a longer value
		{"/deals?xas_of=2025-12-31", false},  // another parameter
		{"as_of=2025-12-31", false},          // no query: not at the start
		{"/deals?q=as_of=2025-12-31", false}, // inside another value
		{"/deals", false},
		{"", false},
	} {
		assert.Equal(t, tt.want, hasAsOf(tt.link, "2025-12-31"), tt.link)
	}
}

func TestWithAsOf(t *testing.T) {
	assert.Equal(t, "/deals?as_of=2025-12-31", withAsOf("/deals", "2025-12-31"))
	assert.Equal(t, "/sites?as_of=2025-12-31&site=austin#detail", withAsOf("/sites?site=austin#detail", "2025-12-31"))
	assert.Equal(t, "/deals?as_of=2024-01", withAsOf("/deals?as_of=2024-01", "2025-12-31"), "a link's own date stays")
	assert.Equal(t, "/deals", withAsOf("/deals", ""), "today's data: the link itself")
	assert.True(t, hasAsOf(withAsOf("/deals?miner=iren", "2025-12-31"), "2025-12-31"), "what withAsOf writes, hasAsOf finds")
}
