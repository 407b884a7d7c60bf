package ingest

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"ownwords"
)

// Category inference bounds; see the package documentation.
const (
	maxInferredCategories = 50
	rowsPerCategory       = 4
)

var (
	integerRE = regexp.MustCompile(`^[+-]?(0|[1-9][0-9]*)$`)
	numberRE  = regexp.MustCompile(`^[+-]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
)

// inferType picks a column's type from its non-missing values (trimmed),
// by the rules in the package documentation.
func inferType(values []string) ownwords.AttrType {
	if len(values) == 0 {
		return ownwords.AttrText
	}
	switch {
	case allMatch(values, isBoolToken):
		return ownwords.AttrBoolean
	case allMatch(values, isInteger):
		return ownwords.AttrInteger
	case allMatch(values, isNumber):
		return ownwords.AttrNumber
	case allMatch(values, isDate):
		return ownwords.AttrDate
	}
	distinct := map[string]bool{}
	for _, v := range values {
		distinct[v] = true
	}
	if n := len(distinct); n <= maxInferredCategories && n*rowsPerCategory <= len(values) {
		return ownwords.AttrCategory
	}
	return ownwords.AttrText
}

func allMatch(values []string, ok func(string) bool) bool {
	for _, v := range values {
		if !ok(v) {
			return false
		}
	}
	return true
}

// isBoolToken accepts true/false/yes/no (any case), 0 and 1. Single
// letters (y, n, t, f) are left out on purpose: "f" is as likely a
// category code as "false".
func isBoolToken(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "0", "1":
		return true
	}
	return false
}

func isInteger(s string) bool {
	if !integerRE.MatchString(s) {
		return false
	}
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

func isNumber(s string) bool {
	if !numberRE.MatchString(s) {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0)
}

func isDate(s string) bool {
	_, err := ownwords.ParseDate(s)
	return err == nil
}
