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

// dateKey returns yyyymmdd for "YYYY", "YYYY-MM" or "YYYY-MM-DD", a missing
// month or day counting as the first, or false when s is not such a date.
func dateKey(s string) (int, bool) {
	digits := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	var y, m, d int
	var ok bool
	switch len(s) {
	case 4, 7, 10:
	default:
		return 0, false
	}
	if y, ok = digits(s[:4]); !ok {
		return 0, false
	}
	m, d = 1, 1
	if len(s) >= 7 {
		if s[4] != '-' {
			return 0, false
		}
		if m, ok = digits(s[5:7]); !ok || m < 1 || m > 12 {
			return 0, false
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return 0, false
		}
		if d, ok = digits(s[8:10]); !ok || d < 1 || d > 31 {
			return 0, false
		}
		if d > daysIn(y, m) {
			return 0, false
		}
	}
	return y*10000 + m*100 + d, true
}

// daysIn returns the number of days of month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dateEndKey returns the yyyymmdd key of the first day after the period s names.
func dateEndKey(s string) (int, bool) {
	k, ok := dateKey(s)
	if !ok {
		return 0, false
	}
	t := time.Date(k/10000, time.Month(k/100%100), k%100, 0, 0, 0, 0, time.UTC)
	switch len(s) {
	case 4:
		t = t.AddDate(1, 0, 0)
	case 7:
		t = t.AddDate(0, 1, 0)
	default:
		t = t.AddDate(0, 0, 1)
	}
	return t.Year()*10000 + int(t.Month())*100 + t.Day(), true
}
