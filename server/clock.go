package server

import (
	"time"

	"powerbrokers/dataset"
)

// now is the server's clock: Config.Now, or the system clock. What is
// overdue and what was checked recently are judged against it.
func (s *Server) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now()
	}
	return time.Now()
}

// today is the server's date, "YYYY-MM-DD" in UTC.
func (s *Server) today() dataset.Date {
	return dataset.Date(s.now().UTC().Format("2006-01-02"))
}
