package server

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// oEmbed (https://oembed.com, version 1.0) lets a portal's editor turn a
// pasted Powerbrokers URL into an embed. Both a full view's URL (/deals?miner=iren)
// and an embed's URL (/embed/deals?miner=iren) are accepted; the answer is a
// "rich" type whose html is an iframe of the embed plus web/embed.js, which
// keeps the iframe's height fitted to its content.

// oembedResponse is the oEmbed 1.0 JSON of a rich type.
type oembedResponse struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	Title        string `json:"title"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	CacheAge     int    `json:"cache_age"`
}

// oembedWidth is the width of every embed unless maxwidth asks for less.
const oembedWidth = 800

// embedView is a view that can be embedded.
type embedView struct {
	path   string // the embed's app path: "/embed/deals"
	title  string
	height int // default frame height, px
}

var (
	minerViewPath = regexp.MustCompile(`^/(?:miners|embed/miner)/([a-z0-9-]+)$`)
	// embedViews maps full views and embeds to the embed they show as.
	embedViews = map[string]embedView{
		"/deals":           {"/embed/deals", "AI/HPC deals", 600},
		"/embed/deals":     {"/embed/deals", "AI/HPC deals", 600},
		"/miners":          {"/embed/capacity", "Power capacity by stage", 700},
		"/embed/capacity":  {"/embed/capacity", "Power capacity by stage", 700},
		"/embed/timeline":  {"/embed/timeline", "Contracted value over time", 520},
		"/sites":           {"/embed/map", "Sites map", 640},
		"/embed/map":       {"/embed/map", "Sites map", 640},
		"/equity":          {"/embed/equity", "Equity and warrants", 600},
		"/embed/equity":    {"/embed/equity", "Equity and warrants", 600},
		"/financing":       {"/embed/financing", "Financing", 600},
		"/embed/financing": {"/embed/financing", "Financing", 600},
		"/exposure":        {"/embed/exposure", "Who depends on whom", 900},
		"/embed/exposure":  {"/embed/exposure", "Who depends on whom", 900},
		"/timeline":        {"/embed/timeline", "Delivery timeline", 900},
	}
)

// getOEmbed handles "GET /api/v1/oembed?url=…&maxwidth=&maxheight=&format=json".
// url must be an absolute http(s) URL of this server under its base path
// (400, param "url", otherwise); a view that cannot be embedded, or a miner
// that does not exist, is 404; format=xml is 501, as the spec asks.
func (s *Server) getOEmbed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if f := q.Get("format"); f != "" && f != "json" {
		writeError(w, r, &dataset.Error{Code: dataset.ENOTIMPL, Param: "format",
			Message: fmt.Sprintf("format %q is not supported; only json is", f)})
		return
	}
	maxW, err := dimension(q, "maxwidth")
	if err != nil {
		writeError(w, r, err)
		return
	}
	maxH, err := dimension(q, "maxheight")
	if err != nil {
		writeError(w, r, err)
		return
	}
	target, err := s.ownURL(r, q.Get("url"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	// A revision's view embeds that revision (see revisions.go).
	path, root, snap := strings.TrimPrefix(target.Path, s.cfg.BasePath), "", s.currentSnapshot()
	if n, rest, ok := dataset.SplitRevisionPath(path); ok {
		v, err := s.revisionView(n)
		if n == 0 || err != nil {
			writeError(w, r, dataset.Errorf(dataset.ENOTFOUND, "%s names no published revision (see /api/v1/revisions)", target.Path))
			return
		}
		path, root, snap = rest, "/v/"+strconv.Itoa(n), v.snap
	}
	view, err := s.embedView(snap, path)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if root != "" {
		view.title += " (revision " + strings.TrimPrefix(root, "/v/") + ")"
	}
	width, height := oembedWidth, view.height
	if maxW > 0 {
		width = min(width, maxW)
	}
	if maxH > 0 {
		height = min(height, maxH)
	}
	origin := s.publicOrigin(r)
	src := origin + s.cfg.BasePath + root + view.path
	if target.RawQuery != "" {
		src += "?" + target.Query().Encode()
	}
	title := "Powerbrokers: " + view.title
	snippet := markup.EmbedSnippet(src, title, strconv.Itoa(width), height, "border:0;max-width:100%", "", origin+s.cfg.BasePath+"/web/embed.js")
	writeJSON(w, r, http.StatusOK, oembedResponse{
		Version: "1.0", Type: "rich", ProviderName: "Powerbrokers", ProviderURL: origin + s.cfg.BasePath + "/",
		Title: title, HTML: snippet, Width: width, Height: height, CacheAge: 3600,
	})
}

// dimension reads maxwidth or maxheight: absent (0) or a positive whole number.
func dimension(q url.Values, param string) (int, error) {
	v := q.Get(param)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 0, dataset.ParamErrorf(param, "%q is not a size; give a whole number of pixels from 1 to 100000", v)
	}
	return n, nil
}

// ownURL parses raw and checks that it is an absolute http(s) URL of this
// server (its public origin's host) under the base path.
func (s *Server) ownURL(r *http.Request, raw string) (*url.URL, error) {
	origin := s.publicOrigin(r)
	if origin == "" {
		return nil, dataset.Errorf(dataset.ENOTFOUND, "oEmbed needs the server's public origin: start it with -public-origin https://your.host")
	}
	example := origin + s.cfg.BasePath + "/deals"
	if raw == "" {
		return nil, dataset.ParamErrorf("url", "url is required: give the URL of a Powerbrokers view, such as %s", example)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, dataset.ParamErrorf("url", "%q is not an absolute http(s) URL; give the URL of a Powerbrokers view, such as %s", raw, example)
	}
	bp := s.cfg.BasePath
	if !strings.EqualFold(u.Host, originHost(origin)) || (bp != "" && u.Path != bp && !strings.HasPrefix(u.Path, bp+"/")) {
		return nil, dataset.ParamErrorf("url", "%q is not a URL of this Powerbrokers server; its views start with %s", raw, example)
	}
	return u, nil
}

// publicOrigin is the origin this server's URLs start with: the configured
// public origin, else the address the request's connection arrived at. It
// is never taken from the request's Host header, which the client chooses
// (and a shared cache may not key on): a forged Host must not put another
// site's URLs into an answer that others are then served.
func (s *Server) publicOrigin(r *http.Request) string {
	if s.cfg.PublicOrigin != "" {
		return s.cfg.PublicOrigin
	}
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		return "http://" + a.String()
	}
	return ""
}

// originHost is the host (and port) of an origin.
func originHost(origin string) string {
	_, host, _ := strings.Cut(origin, "://")
	return host
}

// embedView returns the embed of an app path in snap, or an ENOTFOUND error.
func (s *Server) embedView(snap *dataset.Snapshot, path string) (embedView, error) {
	if v, ok := embedViews[path]; ok {
		return v, nil
	}
	if m := minerViewPath.FindStringSubmatch(path); m != nil {
		miner, err := snap.Miner(m[1])
		if err != nil {
			return embedView{}, err
		}
		return embedView{"/embed/miner/" + miner.ID, miner.Name, 640}, nil
	}
	return embedView{}, dataset.Errorf(dataset.ENOTFOUND, "%s is not a view that can be embedded; embeddable: /deals, /miners, /miners/{id}, /sites, /equity, /financing and /embed/{deals,capacity,timeline,map,equity,financing,miner/{id}}", path)
}
