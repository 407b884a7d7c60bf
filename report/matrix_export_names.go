package report

import (
	"strconv"
	"strings"
)

// maxVarName is Stata's limit on variable names; SPSS allows 64 bytes and
// R has no limit, so names that fit Stata fit all three.
const maxVarName = 32

// reservedNames are words SPSS, Stata or R will not take as a variable
// name (compared in lower case; SPSS ignores case).
var reservedNames = map[string]bool{
	// SPSS
	"all": true, "and": true, "by": true, "eq": true, "ge": true, "gt": true, "le": true,
	"lt": true, "ne": true, "not": true, "or": true, "to": true, "with": true,
	// Stata
	"_all": true, "_b": true, "byte": true, "_coef": true, "_cons": true, "double": true,
	"float": true, "if": true, "in": true, "int": true, "long": true, "_n": true, "_pi": true,
	"_pred": true, "_rc": true, "_skip": true, "strl": true, "using": true,
	// R
	"else": true, "repeat": true, "while": true, "function": true, "for": true, "next": true,
	"break": true, "true": true, "false": true, "null": true, "inf": true, "nan": true, "na": true,
}

// itemName names an item's column section_slug. When that is too long the
// section part is cut first (to no fewer than 4 characters), so the item's
// own slug stays readable; the full path is the variable's label.
func itemName(section, slug string) string {
	section, slug = sanitizeName(section), sanitizeName(slug)
	if room := maxVarName - 1 - len(slug); len(section) > room {
		section = strings.TrimRight(section[:max(room, min(4, len(section)))], "_")
	}
	return validName(section + "_" + slug)
}

// attributeName names an attribute's column after its slug.
func attributeName(slug string) string { return validName(sanitizeName(slug)) }

// sanitizeName maps every character outside [A-Za-z0-9_] to '_'.
func sanitizeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, s)
}

// validName makes s start with a letter, fit maxVarName and avoid the
// reserved words.
func validName(s string) string {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		s = "v_" + s
	}
	if len(s) > maxVarName {
		s = strings.TrimRight(s[:maxVarName], "_")
	}
	if reservedNames[strings.ToLower(s)] {
		s += "_"
	}
	return s
}

// nameVariables makes the names unique without regard to case: a name
// already taken gets a suffix _2, _3, … (cut to fit maxVarName).
func nameVariables(vs []Variable) {
	taken := map[string]bool{}
	for i := range vs {
		name := vs[i].Name
		for n := 2; taken[strings.ToLower(name)]; n++ {
			suffix := "_" + strconv.Itoa(n)
			base := vs[i].Name
			if len(base)+len(suffix) > maxVarName {
				base = base[:maxVarName-len(suffix)]
			}
			name = base + suffix
		}
		taken[strings.ToLower(name)] = true
		vs[i].Name = name
	}
}
