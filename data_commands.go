//go:build !wasm

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"powerbrokers/datapackage"
	"powerbrokers/dataset"
	"powerbrokers/server"
)

// dataCommand runs export, import, backup or restore against the data
// directory. The server must be stopped: Badger allows one writer.
func dataCommand(name string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("powerbrokers "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", "./data", "Badger data directory")
	asPackage := false
	if name == "export" {
		fs.BoolVar(&asPackage, "datapackage", false, "write a Frictionless Data Package (one CSV per kind, datapackage.json, README) instead of seed JSON")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: powerbrokers %s [-data DIR] %s", name, map[string]string{
			"export": "[-datapackage] OUTDIR", "import": "SEEDDIR", "backup": "FILE", "restore": "FILE"}[name])
	}
	target := fs.Arg(0)
	st, err := server.Open(*dataDir, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return fmt.Errorf("%w (stop the server first: these commands need the data directory to themselves)", err)
	}
	defer st.Close()
	switch name {
	case "export":
		d, err := st.Dataset()
		if err != nil {
			return err
		}
		if asPackage {
			return exportPackage(d, target, stdout)
		}
		files, err := d.Files()
		if err != nil {
			return err
		}
		if err := os.MkdirAll(target, 0o755); err != nil {
			return err
		}
		for f, b := range files {
			if err := writeFileAtomic(filepath.Join(target, f), b); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "exported %d miners, %d sites, %d deals to %s\n", len(d.Miners), len(d.Sites), len(d.Deals), target)
	case "import":
		fmt.Fprintf(stderr, "validating %s…\n", target)
		d, err := dataset.Load(os.DirFS(target))
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "replacing the store with %d miners, %d sites, %d deals…\n", len(d.Miners), len(d.Sites), len(d.Deals))
		if err := st.Replace(d, "import", "import"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "imported %s\n", target)
	case "backup":
		tmp := target + ".tmp"
		f, err := os.Create(tmp)
		if err != nil {
			return err
		}
		if err := st.Backup(f); err != nil {
			f.Close()
			os.Remove(tmp)
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		if err := os.Rename(tmp, target); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backed up %s to %s\n", *dataDir, target)
	case "restore":
		f, err := os.Open(target)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(stderr, "restoring %s into %s…\n", target, *dataDir)
		if err := st.Restore(f); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "restored %s\n", target)
	}
	return nil
}

// exportPackage writes d as a data package into dir.
func exportPackage(d *dataset.Dataset, dir string, stdout io.Writer) error {
	snap, err := dataset.NewSnapshot(d)
	if err != nil {
		return err
	}
	p, err := datapackage.Build(snap, datapackage.Options{})
	if err != nil {
		return err
	}
	if errs := datapackage.Validate(p.Files); len(errs) > 0 {
		return fmt.Errorf("the data package does not validate: %w", errors.Join(errs...))
	}
	if err := p.WriteDir(dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote the data package (%d files, revision %d) to %s\n", len(p.Names), d.Meta.Revision, dir)
	return nil
}

// writeFileAtomic writes b to name through a temporary file and a rename.
func writeFileAtomic(name string, b []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
