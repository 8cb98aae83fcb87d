package dataset

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplitRevisionPath(t *testing.T) {
	tests := []struct {
		path string
		n    int
		rest string
		ok   bool
	}{
		{"/deals", 0, "", false},
		{"/v", 0, "", true},
		{"/v/12", 12, "/", true},
		{"/v/12/", 12, "/", true},
		{"/v/12/deals/iren-x", 12, "/deals/iren-x", true},
		{"/v/2147483647/deals", MaxRevision, "/deals", true},
		{"/v/2147483648/deals", 0, "/deals", true},
		{"/v/0/deals", 0, "/deals", true},
		{"/v/012/deals", 0, "/deals", true},
		{"/v/-1/deals", 0, "/deals", true},
		{"/v/+1/deals", 0, "/deals", true},
		{"/v/1e9/deals", 0, "/deals", true},
		{"/v/../deals", 0, "/deals", true},
		{"/v/1/../deals", 0, "/../deals", true},
		{"/v/1//deals", 0, "//deals", true},
		{"/v/1/deals/", 0, "/deals/", true},
		{"/v/١/deals", 0, "/deals", true},
		{"/video", 0, "", false},
	}
	for _, tt := range tests {
		n, rest, ok := SplitRevisionPath(tt.path)
		assert.Equal(t, tt.n, n, "SplitRevisionPath(%q) revision", tt.path)
		assert.Equal(t, tt.ok, ok, "SplitRevisionPath(%q) under /v/", tt.path)
		if tt.ok {
			assert.Equal(t, tt.rest, rest, "SplitRevisionPath(%q) rest", tt.path)
		}
	}
}
