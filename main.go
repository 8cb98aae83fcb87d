//go:build !wasm

// Command powerbrokers serves the explorer and maintains its data.
//
//	powerbrokers [flags]          serve on -addr (default 127.0.0.1:8000)
//	powerbrokers lint [DIR]       validate a seed directory (default: the embedded seed)
//	powerbrokers review [-days 90] [DIR]  list, per record, what a curator should look at
//	powerbrokers compress FILE    write FILE.gz and FILE.br next to FILE
//	powerbrokers export DIR       write the store as seed-format JSON (review curated edits)
//	powerbrokers import DIR       validate a seed directory, then replace the store with it
//	powerbrokers backup FILE      write a Badger backup of the store
//	powerbrokers restore FILE     replace the store with a backup
//	powerbrokers static DIR       write a static copy of the site (pages, WASM, snapshot)
//	powerbrokers load [URL]       bounded load test against a loopback server (-self starts one)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var ps dataset.Problems
		if errors.As(err, &ps) {
			fmt.Fprintln(os.Stderr, err)
		} else {
			fmt.Fprintln(os.Stderr, "powerbrokers:", err)
		}
		os.Exit(1)
	}
}

// run is main without the exit, so tests can drive it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "lint":
			return lint(args[1:], stdout)
		case "review":
			return review(args[1:], stdout, stderr)
		case "compress":
			return compress(args[1:], stdout)
		case "static":
			return staticCommand(args[1:], stdout, stderr)
		case "load":
			return loadCommand(ctx, args[1:], stdout, stderr)
		case "export", "import", "backup", "restore":
			return dataCommand(args[0], args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("powerbrokers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg server.Config
	var frames, cors string
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8000", "address to listen on (\":0\" picks a free port)")
	fs.StringVar(&cfg.DataDir, "data", "./data", "Badger data directory")
	fs.StringVar(&cfg.WebDir, "web", "web", "directory of static assets served at /web/ (holds app.wasm)")
	fs.StringVar(&cfg.BasePath, "base-path", "", "serve the explorer under this path prefix, e.g. /explorer")
	fs.StringVar(&frames, "frame-ancestors", "'self'", "space-separated origins allowed to embed the app in a frame")
	fs.StringVar(&cors, "cors-origins", "", "comma-separated origins allowed to call the read API")
	fs.StringVar(&cfg.WriteToken, "write-token", os.Getenv("POWERBROKERS_WRITE_TOKEN"), "bearer token for curated writes (default $POWERBROKERS_WRITE_TOKEN; empty = read-only)")
	version := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *version {
		fmt.Fprintln(stdout, buildVersion())
		return nil
	}
	cfg.FrameAncestors = strings.Fields(frames)
	cfg.CORSOrigins = splitList(cors)
	cfg.Seed = seed.FS
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, nil))

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := server.Run(ctx, cfg, nil)
	if errors.Is(err, server.ErrLocked) {
		return fmt.Errorf("data directory %s is in use by another process", cfg.DataDir)
	}
	return err
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// lint validates a seed directory and prints every problem. A directory
// without its own denylist.txt (an export, say) is held to the embedded one.
func lint(args []string, stdout io.Writer) error {
	var err error
	name := "the embedded seed"
	if len(args) > 0 {
		name = args[0]
		dir := os.DirFS(args[0])
		dl, derr := dataset.LoadDenylist(dir)
		if derr == nil && dl == nil {
			dl, derr = dataset.LoadDenylist(seed.FS)
		}
		if derr != nil {
			return derr
		}
		_, err = dataset.LoadWithDenylist(dir, dl)
	} else {
		_, err = dataset.Load(seed.FS)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is valid\n", name)
	return nil
}

// buildVersion describes the binary: module version and VCS revision.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "powerbrokers (unknown build)"
	}
	v := "powerbrokers " + info.Main.Version
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision", "vcs.time", "vcs.modified":
			v += " " + s.Key + "=" + s.Value
		}
	}
	return v + " " + info.GoVersion
}
