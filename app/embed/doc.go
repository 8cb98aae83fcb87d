// Package embed holds what the explorer's embeds share with the pages that
// offer them. Embeds are chrome-less copies of the views for portals'
// iframes: /embed/<view>?<the view's query>&theme=light|dark|auto&plain=1&transparent=1.
// The query grammar is the full view's (dataset.ParseQuery), so any explorer
// URL becomes an embed by changing its path; the render flags (Options)
// change only the look and are dropped from every link back to the full view
// (ViewQuery). An embed reports its height to the portal's web/embed.js
// (StartHeightReports), and a full view offers its embed with a Dialog. The
// embed pages themselves, which read the app's data, stay in package app.
package embed
