package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A page prerendered at a past date links its pages at that date, as the
// app does once it runs; API, static and feed links and downloads stay.
func TestPrerenderedLinksKeepTheAsOfDate(t *testing.T) {
	for _, base := range []string{"", "/explorer"} {
		s := newTestServer(t, Config{BasePath: base})
		w := do(s, "GET", base+"/deals?as_of=2025-12-31", nil)
		require.Equal(t, 200, w.Code)
		body := w.Body.String()
		has := func(re string) bool { return regexp.MustCompile(re).MatchString(body) }
		assert.True(t, has(`href="`+base+`/deals/[a-z0-9-]+\?as_of=2025-12-31"`), "%q: a row's link", base)
		assert.True(t, has(`href="`+base+`/counterparties/[a-z0-9-]+\?as_of=2025-12-31"`), "%q: a tenant's link", base)
		assert.True(t, has(`href="`+base+`/miners\?as_of=2025-12-31"`), "%q: the header's link", base)
		assert.True(t, has(`href="`+base+`/\?as_of=2025-12-31"`), "%q: the home link", base)
		assert.True(t, has(`href="`+base+`/deals\?as_of=2025-12-31&amp;miner=[a-z0-9-]+"`), "%q: a facet keeps its own query, once dated", base)
		assert.False(t, has(`as_of=2025-12-31[^"]*as_of=`), "%q: no link is dated twice", base)
		assert.True(t, has(`href="`+base+`/api/v1/datapackage\.zip"`), "%q: API links and downloads stay as they are", base)
		for _, m := range regexp.MustCompile(`<a [^>]*data-no-as-of[^>]*>`).FindAllString(body, -1) {
			assert.NotContains(t, m, "as_of=2025-12-31", "%q: a link back to today's data keeps no date", base)
		}
		// Today's data and a malformed date: links as they are.
		plain := do(s, "GET", base+"/deals", nil).Body.String()
		assert.False(t, strings.Contains(plain, "as_of="), "%q: today's page names no date", base)
		bad := do(s, "GET", base+`/deals?as_of="><script>alert(1)</script>`, nil).Body.String()
		assert.False(t, strings.Contains(bad, "<script>alert(1)"), "%q: a hostile date is not written", base)
		assert.False(t, regexp.MustCompile(`href="`+base+`/miners\?as_of=`).MatchString(bad), "%q: an invalid date dates no link", base)
	}
}
