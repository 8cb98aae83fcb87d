package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"powerbrokers/dataset"
)

// codes maps error codes to HTTP statuses.
var codes = map[string]int{
	dataset.EINVALID:      http.StatusBadRequest,
	dataset.ENOTFOUND:     http.StatusNotFound,
	dataset.ECONFLICT:     http.StatusConflict,
	dataset.EUNAUTH:       http.StatusUnauthorized,
	dataset.EFORBID:       http.StatusForbidden,
	dataset.EINTERNAL:     http.StatusInternalServerError,
	"too_large":           http.StatusRequestEntityTooLarge,
	"rate_limited":        http.StatusTooManyRequests,
	"method_not_allowed":  http.StatusMethodNotAllowed,
	"precondition_failed": http.StatusPreconditionFailed,
}

// errorBody is the one JSON shape of every API error.
type errorBody struct {
	Error *dataset.Error `json:"error"`
}

// writeJSON writes v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		slog.Error("encode response", "err", err)
		status, b = http.StatusInternalServerError, []byte(`{"error":{"code":"internal","message":"Internal error."}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// writeError writes err as the API's JSON error. Internal errors are logged
// and shown to the client only as "Internal error.".
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := dataset.ErrorCode(err)
	var e *dataset.Error
	switch {
	case code == dataset.EINTERNAL:
		slog.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		e = &dataset.Error{Code: code, Message: "Internal error."}
	default:
		e = asError(err)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, codes[code], errorBody{Error: e})
}

func asError(err error) *dataset.Error {
	var e *dataset.Error
	if errors.As(err, &e) {
		return e
	}
	return &dataset.Error{Code: dataset.ErrorCode(err), Message: err.Error()}
}
