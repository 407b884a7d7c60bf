package ownwords

import (
	"errors"
	"fmt"
)

// Error codes, after benbjohnson/wtf. Each maps to one HTTP status and one CLI
// exit code (see ExitCode); anything that is not an *Error is EINTERNAL.
const (
	ECONFLICT       = "conflict"
	EINTERNAL       = "internal"
	EINVALID        = "invalid"
	ENOTFOUND       = "not_found"
	EUNAUTHORIZED   = "unauthorized"
	EFORBIDDEN      = "forbidden"
	ENOTIMPLEMENTED = "not_implemented"
)

// Error is a domain error: a code plus a message that is safe to show a user.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface. Only the message is shown.
func (e *Error) Error() string { return fmt.Sprintf("ownwords: %s", e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for nil,
// and EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err. Errors that are not
// *Error (driver failures, I/O) become "internal error": their text may hold
// data or paths and is only logged, never shown.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ExitCode maps an error to the CLI's exit status: 0 success, 1 internal,
// 2 usage/invalid input, 3 not found, 4 conflict, 5 unauthorized/forbidden.
func ExitCode(err error) int {
	switch ErrorCode(err) {
	case "":
		return 0
	case EINVALID:
		return 2
	case ENOTFOUND:
		return 3
	case ECONFLICT:
		return 4
	case EUNAUTHORIZED, EFORBIDDEN:
		return 5
	}
	return 1
}
