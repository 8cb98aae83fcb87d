//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
)

// review prints the curator's review queue of a seed directory (default:
// the embedded seed): per record, the guided milestones past their date
// with nothing observed, whether it was verified within -days, and whether
// its sources are only press or aggregators. It exits 0 whatever it finds;
// an invalid seed is an error, as for lint.
func review(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("powerbrokers review", flag.ContinueOnError)
	fs.SetOutput(stderr)
	days := fs.Int("days", 90, "a record not verified within this many days needs a look")
	todayFlag := fs.String("today", "", "judge against this date (YYYY-MM-DD) instead of today")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *days < 0 {
		return fmt.Errorf("review: -days %d: give a number of days, 0 or more", *days)
	}
	today := dataset.Date(time.Now().UTC().Format("2006-01-02"))
	if *todayFlag != "" {
		if _, err := time.Parse("2006-01-02", *todayFlag); err != nil {
			return fmt.Errorf("review: -today %q is not a date of the form YYYY-MM-DD", *todayFlag)
		}
		today = dataset.Date(*todayFlag)
	}
	var d *dataset.Dataset
	var err error
	switch fs.NArg() {
	case 0:
		d, err = dataset.Load(seed.FS)
	case 1:
		d, err = dataset.Load(os.DirFS(fs.Arg(0)))
	default:
		return fmt.Errorf("usage: powerbrokers review [-days 90] [-today YYYY-MM-DD] [DIR]")
	}
	if err != nil {
		return err
	}
	snap, err := dataset.NewSnapshot(d)
	if err != nil {
		return err
	}
	return snap.WriteReview(stdout, today, *days)
}
