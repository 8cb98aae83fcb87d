//go:build !wasm

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

// staticCommand handles `powerbrokers static DIR [-data DIR] [-base-path /x/]
// [-web web] [-origin URL]`: a copy of the explorer for a static file host
// (see server.WriteStatic), of the store in -data or of the embedded seed.
func staticCommand(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("static", flag.ContinueOnError)
	fset.SetOutput(stderr)
	data := fset.String("data", "", "Badger data directory whose current data the copy publishes (stop the server first; default: the embedded seed)")
	base := fset.String("base-path", "", "the path prefix the copy will be served under, e.g. /explorer/")
	web := fset.String("web", "web", "directory of static assets (holds app.wasm; run make build first)")
	origin := fset.String("origin", "", "public origin of the copy for absolute URLs in the pages, e.g. https://example.org (default: none)")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: powerbrokers static DIR [-data DIR] [-base-path /x/] [-web web] [-origin https://host]")
		fset.PrintDefaults()
	}
	// DIR may come before or after the flags.
	var dir string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	if dir == "" && fset.NArg() > 0 {
		dir = fset.Arg(0)
	}
	if dir == "" || fset.NArg() > 1 || (fset.NArg() == 1 && dir != fset.Arg(0)) {
		fset.Usage()
		return errors.New("static: give exactly one output directory")
	}
	n, err := server.WriteStatic(server.StaticConfig{Dir: dir, BasePath: *base, WebDir: *web,
		Origin: strings.TrimRight(*origin, "/"), DataDir: *data, Seed: seed.FS})
	if err != nil {
		return err
	}
	from := "the embedded seed"
	if *data != "" {
		from = "the store in " + *data
	}
	fmt.Fprintf(stdout, "wrote a static copy of %s to %s: %d pages\n", from, dir, n)
	return nil
}
