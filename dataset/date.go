package dataset

import (
	"fmt"
	"time"
)

// Date is a calendar date at the precision the source gives: "2025",
// "2025-11" or "2025-11-03". The empty Date means unknown.
type Date string

// layouts maps the length of a Date to its time layout.
var layouts = map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}

// Time parses d, returning the first instant it can mean.
// It returns an error naming the accepted forms if d is not one of them.
func (d Date) Time() (time.Time, error) {
	layout, ok := layouts[len(d)]
	if !ok {
		return time.Time{}, fmt.Errorf("%q is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", string(d))
	}
	t, err := time.Parse(layout, string(d))
	if err != nil {
		human := map[int]string{4: "YYYY", 7: "YYYY-MM", 10: "YYYY-MM-DD"}[len(d)]
		return time.Time{}, fmt.Errorf("%q is not a valid date of the form %s", string(d), human)
	}
	return t, nil
}

// Valid reports whether d is empty or a well-formed date.
func (d Date) Valid() bool {
	if d == "" {
		return true
	}
	_, err := d.Time()
	return err == nil
}

// Month returns the "YYYY-MM" of d, or "" when d has no month.
func (d Date) Month() string {
	if len(d) < 7 || !d.Valid() {
		return ""
	}
	return string(d[:7])
}

// Year returns the "YYYY" of d, or "" when d is empty or invalid.
func (d Date) Year() string {
	if len(d) < 4 || !d.Valid() {
		return ""
	}
	return string(d[:4])
}
