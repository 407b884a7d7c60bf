package qdpx

import (
	"fmt"
	"strconv"
	"strings"
)

// Report says what an import kept and what it dropped, and why. Nothing
// in a file is skipped without a line here.
type Report struct {
	File    string `json:"file"`
	Origin  string `json:"origin,omitempty"`
	Project string `json:"project,omitempty"`
	// Kept counts what Apply wrote (or matched to what the study had).
	Kept Counts `json:"kept"`
	// Created counts what of Kept Apply created, leaving out what it
	// matched to objects the study already had.
	Created Counts `json:"created"`
	// Reanchored counts selections placed by their quoted text because
	// their positions did not match it.
	Reanchored int `json:"reanchored,omitempty"`
	// Annotations counts memos kept anchored to the span of an annotation
	// (a selection without codings, see annotation.go); they are counted
	// among the memos too.
	Annotations int `json:"annotations,omitempty"`
	// Notes are decisions the import made that the user should know.
	Notes []string `json:"notes,omitempty"`
	// Dropped lists everything not imported.
	Dropped []Drop `json:"dropped"`
}

// Counts are numbers of imported objects by kind.
type Counts struct {
	Users        int `json:"users"`
	Codes        int `json:"codes"`
	Sources      int `json:"sources"`
	Participants int `json:"participants"`
	Attributes   int `json:"attributes"`
	Codings      int `json:"codings"`
	Memos        int `json:"memos"`
	Sets         int `json:"sets"`
	// Texts are interviews' other texts (originals, translations), which
	// are sources of their own in the file (see texts.go).
	Texts int `json:"texts,omitempty"`
}

// Drop is one thing not imported: what kind, which one, and why.
type Drop struct {
	What   string `json:"what"`
	Name   string `json:"name,omitempty"`
	Reason string `json:"reason"`
}

func (r *Report) drop(what, name, format string, args ...any) {
	r.Dropped = append(r.Dropped, Drop{What: what, Name: name, Reason: fmt.Sprintf(format, args...)})
}

func (r *Report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// DroppedCount returns how many dropped entries are of kind what.
func (r *Report) DroppedCount(what string) int {
	n := 0
	for _, d := range r.Dropped {
		if d.What == what {
			n++
		}
	}
	return n
}

// String formats the report for the CLI.
func (r *Report) String() string {
	var sb strings.Builder
	k := r.Kept
	fmt.Fprintf(&sb, "%s", r.File)
	if r.Origin != "" {
		fmt.Fprintf(&sb, " (written by %s)", r.Origin)
	}
	fmt.Fprintf(&sb, "\nkept: %d users, %d codes, %d sources, %d participants, %d attributes, %d codings, %d memos, %d sets\n",
		k.Users, k.Codes, k.Sources, k.Participants, k.Attributes, k.Codings, k.Memos, k.Sets)
	c := r.Created
	fmt.Fprintf(&sb, "created: %d users, %d codes, %d sources, %d participants, %d attributes, %d codings, %d memos, %d sets\n",
		c.Users, c.Codes, c.Sources, c.Participants, c.Attributes, c.Codings, c.Memos, c.Sets)
	if k.Texts > 0 || c.Texts > 0 {
		fmt.Fprintf(&sb, "other texts of interviews (originals, translations): %d kept, %d created\n", k.Texts, c.Texts)
	}
	if r.Reanchored > 0 {
		fmt.Fprintf(&sb, "re-anchored by their text: %d selections\n", r.Reanchored)
	}
	if r.Annotations > 0 {
		fmt.Fprintf(&sb, "annotations: %d kept as memos anchored to their span\n", r.Annotations)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&sb, "note: %s\n", n)
	}
	fmt.Fprintf(&sb, "dropped: %d\n", len(r.Dropped))
	for _, d := range r.Dropped {
		if d.Name != "" {
			fmt.Fprintf(&sb, "  - %s %s: %s\n", d.What, d.Name, d.Reason)
		} else {
			fmt.Fprintf(&sb, "  - %s: %s\n", d.What, d.Reason)
		}
	}
	return sb.String()
}

func strconvQuote(s string) string {
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return strconv.Quote(s)
}
