package ownwords_test

import (
	"testing"
	"unicode/utf8"

	"ownwords"
)

func TestSlice(t *testing.T) {
	s := "aİb😀c"
	tests := []struct {
		start, end int
		want       string
		ok         bool
	}{
		{0, 1, "a", true},
		{1, 2, "İ", true},
		{3, 5, "😀c", true},
		{0, 5, s, true},
		{5, 5, "", true},
		{4, 6, "", false},
		{-1, 2, "", false},
		{3, 2, "", false},
	}
	for _, tt := range tests {
		got, ok := ownwords.Slice(s, tt.start, tt.end)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Slice(%d,%d) = %q %v, want %q %v", tt.start, tt.end, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzSlice(f *testing.F) {
	f.Add("héllo wörld", 1, 4)
	f.Add("", 0, 0)
	f.Fuzz(func(t *testing.T, s string, start, end int) {
		got, ok := ownwords.Slice(s, start, end)
		n := utf8.RuneCountInString(s)
		want := start >= 0 && end >= start && end <= n
		if ok != want {
			t.Fatalf("Slice(%q, %d, %d) ok = %v, want %v", s, start, end, ok, want)
		}
		if ok && utf8.RuneCountInString(got) != end-start {
			t.Fatalf("Slice(%q, %d, %d) = %q: wrong length", s, start, end, got)
		}
	})
}

func TestCheckText(t *testing.T) {
	tests := []struct {
		name, in, code string
	}{
		{"OK", "École, مدرسة, İstanbul", ""},
		{"ErrInvalidUTF8", "ab\xffc", ownwords.EINVALID},
		{"ErrNUL", "ab\x00c", ownwords.EINVALID},
		{"ErrNotNFC", "E\u0301cole", ownwords.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ownwords.ErrorCode(ownwords.CheckText(tt.in)); got != tt.code {
				t.Fatalf("CheckText code = %q, want %q", got, tt.code)
			}
		})
	}
	if msg := ownwords.ErrorMessage(ownwords.CheckText("ab\xffc")); msg != "invalid UTF-8 at byte 2" {
		t.Fatalf("message = %q", msg)
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		typ  ownwords.AttrType
		in   string
		want string
		err  bool
	}{
		{ownwords.AttrBoolean, "Yes", "true", false},
		{ownwords.AttrBoolean, "0", "false", false},
		{ownwords.AttrBoolean, "maybe", "", true},
		{ownwords.AttrInteger, "1994", "1994", false},
		{ownwords.AttrInteger, "19.5", "", true},
		{ownwords.AttrNumber, "2.50", "2.5", false},
		{ownwords.AttrNumber, "NaN", "", true},
		{ownwords.AttrDate, "2014-06", "2014-06", false},
		{ownwords.AttrCategory, " man ", "man", false},
		{ownwords.AttrText, "", "", false},
	}
	for _, tt := range tests {
		v, err := ownwords.ParseValue(tt.typ, tt.in)
		if (err != nil) != tt.err || (!tt.err && v.String() != tt.want) {
			t.Errorf("ParseValue(%s, %q) = %q, %v", tt.typ, tt.in, v.String(), err)
		}
	}
	attr := &ownwords.Attribute{Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}}
	if err := attr.Check(ownwords.Value{Type: ownwords.AttrCategory, Str: "other"}); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Fatalf("Check accepted a category outside the list: %v", err)
	}
}

func TestErrorMapping(t *testing.T) {
	if got := ownwords.ErrorMessage(errString("disk /home/x failed")); got != "internal error" {
		t.Fatalf("internal errors must not leak: %q", got)
	}
	if ownwords.ExitCode(ownwords.Errorf(ownwords.ENOTFOUND, "x")) != 3 || ownwords.ExitCode(nil) != 0 {
		t.Fatal("exit codes")
	}
}

type errString string

func (e errString) Error() string { return string(e) }
