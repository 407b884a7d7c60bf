package ownwords

import (
	"strings"
	"testing"
)

func TestInterviewTextValidate(t *testing.T) {
	ok := InterviewText{StudyID: "s", InterviewID: "i", Language: "ar", Role: TextTranslation, Method: MethodInterpreter, Text: "المحاور: نعم"}
	tests := []struct {
		name string
		edit func(*InterviewText)
		in   string // "" when valid
	}{
		{"valid translation", func(*InterviewText) {}, ""},
		{"valid original", func(x *InterviewText) { x.Role, x.Method = TextOriginal, "" }, ""},
		{"no study", func(x *InterviewText) { x.StudyID = "" }, "study and interview required"},
		{"no interview", func(x *InterviewText) { x.InterviewID = "" }, "study and interview required"},
		{"bad role", func(x *InterviewText) { x.Role = "summary" }, `role "summary"`},
		{"no language", func(x *InterviewText) { x.Language = " " }, "language required"},
		{"bad language", func(x *InterviewText) { x.Language = "arabic!" }, "BCP 47"},
		{"translation without method", func(x *InterviewText) { x.Method = "" }, "needs a method"},
		{"unknown method", func(x *InterviewText) { x.Method = "google" }, `method "google"`},
		{"original with method", func(x *InterviewText) { x.Role = TextOriginal }, "an original has no translation method"},
		{"empty", func(x *InterviewText) { x.Text = " \n" }, "empty"},
		{"not NFC", func(x *InterviewText) { x.Text = "Q: cafe\u0301" }, "NFC"},
		{"NUL", func(x *InterviewText) { x.Text = "Q: a\x00" }, "NUL"},
		{"bad date", func(x *InterviewText) { x.Date = Date{Year: 2020, Month: 13} }, "month"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := ok
			tc.edit(&x)
			err := x.Validate()
			switch {
			case tc.in == "" && err != nil:
				t.Fatalf("Validate = %v", err)
			case tc.in != "" && (ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tc.in)):
				t.Fatalf("Validate = %v, want EINVALID with %q", err, tc.in)
			}
		})
	}
}
