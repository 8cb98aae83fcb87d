package dataset

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes shared by the API, the store and the client. Each has its
// HTTP status (see Status); nothing outside this file spells a code.
const (
	ECONFLICT     = "conflict"            // 409: the record exists, or changed since it was read
	EINTERNAL     = "internal"            // 500: a bug or a broken store; shown as "Internal error."
	EINVALID      = "invalid"             // 400: bad input; Param names it
	ENOTFOUND     = "not_found"           // 404: no such record or route
	EFORBID       = "forbidden"           // 403: the server does not allow it (read-only)
	EUNAUTH       = "unauthorized"        // 401: a valid bearer token is required
	EMETHOD       = "method_not_allowed"  // 405: the route exists, the method does not
	EPRECONDITION = "precondition_failed" // 412: If-Match does not match the current version
	ETOOLARGE     = "too_large"           // 413: the request body is too large
	ERATELIMIT    = "rate_limited"        // 429: too many requests; retry later
	ENOTIMPL      = "not_implemented"     // 501: a format or feature the server does not offer
	EUNAVAILABLE  = "unavailable"         // 503: the server cannot answer now (shutting down, overloaded)
)

// statuses maps every code to its HTTP status (numbers: this package does
// not import net/http, which would weigh on the WebAssembly client).
var statuses = map[string]int{
	EINVALID: 400, EUNAUTH: 401, EFORBID: 403, ENOTFOUND: 404, EMETHOD: 405, ECONFLICT: 409,
	EPRECONDITION: 412, ETOOLARGE: 413, ERATELIMIT: 429, EINTERNAL: 500, ENOTIMPL: 501, EUNAVAILABLE: 503,
}

// Codes lists every error code.
func Codes() []string {
	out := make([]string, 0, len(statuses))
	for c := range statuses {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Status returns the HTTP status of an error code: 500 for a code this
// package does not define (and for EINTERNAL).
func Status(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return 500
}

// Error is an application error with a code, a message safe to show to the
// user and, for bad input, the name of the offending parameter or field.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
	// Problems lists every validation problem of a rejected record.
	Problems []Problem `json:"problems,omitempty"`
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Param != "" {
		return fmt.Sprintf("%s: %s: %s", e.Code, e.Param, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ParamErrorf returns an EINVALID *Error about the query parameter or field param.
func ParamErrorf(param, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Param: param, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error with a
// known code, else EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		if _, ok := statuses[e.Code]; ok {
			return e.Code
		}
	}
	return EINTERNAL
}

// Problem is one thing wrong with a record of a seed file or a write.
type Problem struct {
	File    string `json:"file"`
	Record  string `json:"record"` // the record's id, or "#n" (1-based) when it has none
	Field   string `json:"field"`
	Message string `json:"message"`
}

// String formats p as "file: record: field: message".
func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s: %s", p.File, p.Record, p.Field, p.Message)
}

// Problems is every problem found in a dataset; it is an error when non-empty.
type Problems []Problem

// Error lists every problem, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
