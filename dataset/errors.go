package dataset

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes shared by the API, the store and the client.
const (
	ECONFLICT = "conflict"
	EINTERNAL = "internal"
	EINVALID  = "invalid"
	ENOTFOUND = "not_found"
	EFORBID   = "forbidden"
	EUNAUTH   = "unauthorized"
)

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

// ErrorCode returns the code of err if it is (or wraps) an *Error, else EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
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
