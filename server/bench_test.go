package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// benchGET fetches url b.N times over loopback HTTP and checks the status.
func benchGET(b *testing.B, url string) {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := client.Get(url)
			if err != nil {
				b.Error(err)
				return
			}
			n, _ := io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || n == 0 {
				b.Errorf("GET %s = %d (%d bytes)", url, res.StatusCode, n)
				return
			}
		}
	})
}

// BenchmarkAPIvsFileServer compares the filtered deals list served by the
// API (parse, query the snapshot, encode JSON) with a plain http.FileServer
// serving the same bytes from disk, both over loopback HTTP.
func BenchmarkAPIvsFileServer(b *testing.B) {
	s := newTestServer(b, Config{Seed: os.DirFS("../dataset/seed")})
	api := httptest.NewServer(s)
	defer api.Close()
	const query = "/api/v1/deals?type=colocation&mw_gte=100&sort=-value_usd&facet=tenant&size=50"

	res, err := http.Get(api.URL + query)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "deals.json"), body, 0o644); err != nil {
		b.Fatal(err)
	}
	files := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer files.Close()

	b.Run("api", func(b *testing.B) { benchGET(b, api.URL+query) })
	b.Run("fileserver", func(b *testing.B) { benchGET(b, files.URL+"/deals.json") })
	b.Run("snapshot", func(b *testing.B) { benchGET(b, api.URL+"/api/v1/snapshot") })
}
