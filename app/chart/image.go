package chart

import (
	"strings"

	"powerbrokers/app/markup"
)

// Image is a chart as it is exported: its wide SVG, exactly as the page
// shows it, and the texts an exported image draws around it (the title,
// the basis of its figures and their units).
type Image struct {
	Title, Basis, Units string
	SVG                 markup.HTML
}

// Image returns the bar chart for export.
func (c Bars) Image() Image { return Image{c.Title, c.Basis, c.Unit.Name, c.SVG()} }

// Image returns the stacked bar chart for export.
func (c Stack) Image() Image { return Image{c.Title, c.Basis, c.Unit.Name, c.SVG()} }

// Image returns the step chart for export; its units are its panels'.
func (c Steps) Image() Image {
	var units []string
	for _, p := range c.Panels {
		if p.Unit.Name != "" && !strings.Contains(strings.Join(units, ","), p.Unit.Name) {
			units = append(units, p.Unit.Name)
		}
	}
	return Image{c.Title, c.Basis, strings.Join(units, ", "), c.SVG()}
}

// Image returns the sweep chart for export: margins in US dollars per MW.
func (c Sweep) Image() Image { return Image{c.Title, c.Basis, "USD per gross MW", c.SVG()} }

// LinksFunc builds a figure's download links from the chart's SVG (a PNG
// link can ask for the height the chart needs).
type LinksFunc func(svg markup.HTML) markup.HTML

// Of returns the links for svg, "" when f is nil or there is no chart.
func (f LinksFunc) Of(svg markup.HTML) markup.HTML {
	if f == nil || svg == "" {
		return ""
	}
	return f(svg)
}
