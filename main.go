//go:build !wasm

// Command powerbrokers serves the explorer and maintains its data.
//
//	powerbrokers [flags]          serve on -addr (default 127.0.0.1:8000)
//	powerbrokers lint [DIR]       validate a seed directory (default: the embedded seed)
//	powerbrokers review [-days 90] [DIR]  list, per record, what a curator should look at
//	powerbrokers compress FILE    write FILE.gz and FILE.br next to FILE
//	powerbrokers export DIR       write the store as seed-format JSON (review curated edits)
//	powerbrokers export -datapackage DIR   write it as a Frictionless Data Package (CSV + datapackage.json)
//	powerbrokers import DIR       validate a seed directory, then replace the store with it
//	powerbrokers backup FILE      write a Badger backup of the store
//	powerbrokers restore FILE     replace the store with a backup
//	powerbrokers static DIR       write a static copy of the site (pages, WASM, snapshot; -data publishes a store)
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
	"powerbrokers/internal/loadgen"
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
			return loadgen.Command(ctx, args[1:], stdout, stderr)
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
	token := fs.String("write-token", "", "bearer token for curated writes, at least 16 characters (default $POWERBROKERS_WRITE_TOKEN; none = read-only); it shows in ps: prefer -write-token-file")
	tokenFile := fs.String("write-token-file", "", "file holding the bearer token for curated writes (white space around it is ignored)")
	fs.StringVar(&cfg.PublicOrigin, "public-origin", "", "scheme and host the explorer is reached at, e.g. https://example.org: oEmbed URLs and og:url use it (default: the listening address)")
	fs.DurationVar(&cfg.DrainTimeout, "drain-timeout", server.DefaultDrainTimeout, "on SIGTERM, how long running requests may finish before their connections are closed")
	version := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *version {
		fmt.Fprintln(stdout, buildVersion())
		return nil
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	var err error
	if cfg.WriteToken, err = writeToken(fs, *token, *tokenFile, cfg.Logger); err != nil {
		return err
	}
	cfg.FrameAncestors = strings.Fields(frames)
	cfg.CORSOrigins = splitList(cors)
	cfg.Seed = seed.FS

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = server.Run(ctx, cfg, nil)
	if errors.Is(err, server.ErrLocked) {
		return fmt.Errorf("data directory %s is in use by another process", cfg.DataDir)
	}
	return err
}

// writeToken returns the write token from -write-token, -write-token-file
// or $POWERBROKERS_WRITE_TOKEN (in that order; at most one of the flags),
// trimmed of white space. A token given but blank, or shorter than
// server.MinWriteToken characters, is an error: the server does not start.
func writeToken(fs *flag.FlagSet, flagToken, file string, log *slog.Logger) (string, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var raw, from string
	switch {
	case set["write-token"] && set["write-token-file"]:
		return "", errors.New("give the write token with -write-token or -write-token-file, not both")
	case set["write-token-file"]:
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("-write-token-file: %w", err)
		}
		if st, err := os.Stat(file); err == nil && st.Mode().Perm()&0o077 != 0 {
			log.Warn("the write token file can be read by other users; chmod 600 it", "file", file, "mode", st.Mode().Perm().String())
		}
		raw, from = string(b), "the file "+file
	case set["write-token"]:
		raw, from = flagToken, "-write-token"
	default:
		raw, from = os.Getenv("POWERBROKERS_WRITE_TOKEN"), "$POWERBROKERS_WRITE_TOKEN"
		if raw == "" {
			return "", nil // read-only
		}
	}
	t := strings.TrimSpace(raw)
	if t == "" {
		return "", fmt.Errorf("the write token from %s is empty after trimming white space: give a random token of at least %d characters (e.g. openssl rand -hex 24), or none for a read-only server", from, server.MinWriteToken)
	}
	if err := server.CheckWriteToken(t); err != nil {
		return "", fmt.Errorf("the write token from %s: %w", from, err)
	}
	return t, nil
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

// lint validates a seed directory and prints every problem, sources on
// the directory's denylist.txt included, and how many records still cite a
// denylisted source pending replacement (denylist-pending.txt).
func lint(args []string, stdout io.Writer) error {
	var d *dataset.Dataset
	var err error
	name := "the embedded seed"
	if len(args) > 0 {
		name = args[0]
		d, err = dataset.Load(os.DirFS(args[0]))
	} else {
		d, err = dataset.Load(seed.FS)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is valid\n", name)
	if n := len(d.Denylist.Pending()); n > 0 {
		fmt.Fprintf(stdout, "%d records still cite a denylisted source, pending replacement (%s)\n", n, dataset.FileDenylistPending)
	}
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
