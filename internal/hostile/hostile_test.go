package hostile

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckAllowsOnlyThePagesStartScript(t *testing.T) {
	const start = `<script id="pb-wasm-start" data-wasm="/web/app.wasm?v=1">self.x = 1;</script>`
	assert.Empty(t, Check([]byte(`<html><head>`+start+`</head><body><p>ok</p></body></html>`)))
	for name, doc := range map[string]string{
		"a plain inline script":       `<html><head></head><body><script>alert(1)</script></body></html>`,
		"a second start script":       `<html><head>` + start + start + `</head><body></body></html>`,
		"a start script in the body":  `<html><head></head><body>` + start + `</body></html>`,
		"a start script after a body": `<html><head>` + start + `</head><body><p>` + start + `</p></body></html>`,
	} {
		assert.Equal(t, []string{"an inline <script>"}, Check([]byte(doc)), name)
	}
	assert.Equal(t, []string{"<p data-pbx>"}, Check([]byte(`<p data-pbx="1">x</p>`)))
}
