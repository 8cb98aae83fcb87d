package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"powerbrokers/dataset"
)

// errorBody is the one JSON shape of every API error.
type errorBody struct {
	Error *dataset.Error `json:"error"`
}

// loggerKey keys the server's logger in a request's context (see logRequests).
type loggerKey struct{}

// logger returns the server's logger for r: the one its Config gave.
func logger(r *http.Request) *slog.Logger {
	if l, ok := r.Context().Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default() // a handler called outside Server.ServeHTTP (none in the server)
}

// withLogger returns r carrying log for the handlers' logging.
func withLogger(r *http.Request, log *slog.Logger) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), loggerKey{}, log))
}

// writeJSON writes v as JSON with the given status.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		logger(r).Error("encode response", "method", r.Method, "path", r.URL.Path, "err", err)
		status, b = http.StatusInternalServerError, []byte(`{"error":{"code":"`+dataset.EINTERNAL+`","message":"Internal error."}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// writeError writes err as the API's JSON error with its code's HTTP status
// (see dataset.Status). Internal errors, and errors with a code dataset does
// not define, are logged and shown to the client only as "Internal error.".
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := dataset.ErrorCode(err)
	var e *dataset.Error
	if code == dataset.EINTERNAL {
		logger(r).Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		e = &dataset.Error{Code: code, Message: "Internal error."}
	} else {
		e = asError(err)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, dataset.Status(code), errorBody{Error: e})
}

func asError(err error) *dataset.Error {
	var e *dataset.Error
	if errors.As(err, &e) {
		return e
	}
	return &dataset.Error{Code: dataset.ErrorCode(err), Message: err.Error()}
}
