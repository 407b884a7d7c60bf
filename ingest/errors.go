package ingest

import (
	"errors"
	"fmt"

	"ownwords"
)

// inputErrorf returns an EINVALID error about a file: "name place: msg", or
// "name: msg" without a place. Messages end with what the user can do.
func inputErrorf(name, place, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if place == "" {
		return ownwords.Errorf(ownwords.EINVALID, "%s: %s", name, msg)
	}
	return ownwords.Errorf(ownwords.EINVALID, "%s %s: %s", name, place, msg)
}

// atSource prefixes a domain error's message with where the data came from,
// keeping its code; other errors (I/O, driver) are wrapped and stay
// internal.
func atSource(source string, err error) error {
	if err == nil {
		return nil
	}
	var e *ownwords.Error
	if errors.As(err, &e) {
		if source == "" {
			return e
		}
		return ownwords.Errorf(e.Code, "%s: %s", source, e.Message)
	}
	if source == "" {
		return fmt.Errorf("ingest: %w", err)
	}
	return fmt.Errorf("ingest: %s: %w", source, err)
}

// readError wraps an I/O failure while reading name; it is internal, not
// shown to users.
func readError(name string, err error) error {
	return fmt.Errorf("ingest: read %s: %w", name, err)
}
