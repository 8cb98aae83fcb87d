//go:build !wasm

package main

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// compress writes FILE.gz (gzip -9) and FILE.br (brotli) next to each FILE,
// so the server can send the WASM precompressed.
func compress(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: powerbrokers compress FILE [FILE]")
	}
	for _, name := range args {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		gz, err := writeCompressed(name+".gz", b, func(w io.Writer) io.WriteCloser {
			zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			return zw
		})
		if err != nil {
			return err
		}
		br, err := writeCompressed(name+".br", b, func(w io.Writer) io.WriteCloser {
			return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: 11, LGWin: 24})
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d bytes raw, %d gzip, %d brotli\n", name, len(b), gz, br)
	}
	return nil
}

// writeCompressed writes b through the compressor to a temporary file and
// renames it into place, so a failed run never leaves a truncated file.
func writeCompressed(name string, b []byte, newWriter func(io.Writer) io.WriteCloser) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(name), ".compress-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	zw := newWriter(f)
	if _, err := zw.Write(b); err != nil {
		f.Close()
		return 0, fmt.Errorf("compress %s: %w", name, err)
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return 0, fmt.Errorf("compress %s: %w", name, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	return st.Size(), os.Rename(f.Name(), name)
}
