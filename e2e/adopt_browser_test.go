//go:build !wasm

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// adoptedBlock is a block of the page after the app started (an element
// with data-pb): whether its nodes are the prerendered page's own (marked
// before the WASM ran), whether its markup is the prerendered markup, and
// how many elements it holds.
type adoptedBlock struct {
	ID       string `json:"id"`
	Moved    bool   `json:"moved"`
	Same     bool   `json:"same"`
	Children int    `json:"children"`
}

// markPrerendered runs in every new document, before the app: it marks the
// first element of each prerendered block and keeps the block's markup.
const markPrerendered = `document.addEventListener("DOMContentLoaded", () => {
	window.__prerendered = {};
	for (const el of document.querySelectorAll("[data-pb]")) {
		const id = el.getAttribute("data-pb");
		if (el.firstElementChild) el.firstElementChild.__pbMark = id;
		window.__prerendered[id] = el.innerHTML;
	}
})`

const readAdopted = `[...document.querySelectorAll("[data-pb]")].map((el) => {
	const id = el.getAttribute("data-pb");
	return {
		id,
		moved: !!el.firstElementChild && el.firstElementChild.__pbMark === id,
		same: (window.__prerendered || {})[id] === el.innerHTML,
		children: el.childElementCount,
	};
})`

// The app's start-up takes over the prerendered page's blocks (charts,
// tables, lists) instead of building them again: the nodes on the page
// after the app started are the prerendered ones, with the same markup, and
// no placeholder is left empty. Shown again after another page, the blocks
// are there with the same content.
func TestStartAdoptsThePrerenderedBlocks(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	require.NoError(t, chromedp.Run(ctx, onNewDocument(markPrerendered)))

	for _, c := range []struct {
		path   string
		blocks int
	}{{"/", 9}, {"/miners/iren", 2}, {"/deals", 2}, {"/sites", 2}, {"/economics", 2}} {
		var blocks []adoptedBlock
		var pending int
		require.NoError(t, chromedp.Run(ctx,
			chromedp.Navigate(ts.URL+c.path),
			waitClient(),
			chromedp.Evaluate(`document.querySelectorAll("[data-pb-adopt]").length`, &pending),
			chromedp.Evaluate(readAdopted, &blocks),
		), c.path)
		assert.Zero(t, pending, "%s: a placeholder was left empty", c.path)
		require.GreaterOrEqual(t, len(blocks), c.blocks, c.path)
		for _, b := range blocks {
			assert.True(t, b.Moved, "%s: block %s was built again, not adopted", c.path, b.ID)
			assert.True(t, b.Same, "%s: block %s differs from the prerendered one", c.path, b.ID)
			assert.Positive(t, b.Children, "%s: block %s is empty", c.path, b.ID)
		}
	}

	// Leave the overview in the app and come back: its blocks hold the
	// same content again (from the nodes that last held it).
	var headline string
	var blocks []adoptedBlock
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/"),
		waitClient(),
		chromedp.Evaluate(`window.__noReload = true`, nil),
		chromedp.Click(`nav a[href="/deals"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.deals-table`, chromedp.ByQuery),
		chromedp.Evaluate(`history.back()`, nil),
		chromedp.WaitVisible(`#headline .figure-value`, chromedp.ByQuery),
		chromedp.Text(`#headline`, &headline, chromedp.ByQuery),
		chromedp.Evaluate(readAdopted, &blocks),
	))
	var noReload bool
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`window.__noReload === true`, &noReload)))
	require.True(t, noReload, "the way back reloaded the page")
	assert.Contains(t, headline, "Contracted value")
	require.GreaterOrEqual(t, len(blocks), 9)
	for _, b := range blocks {
		assert.True(t, b.Same, "block %s changed on the way back", b.ID)
		assert.Positive(t, b.Children, "block %s is empty on the way back", b.ID)
	}
}
