package sqldb

import (
	"strings"
	"testing"
)

func TestRebind(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"OK", "SELECT * FROM t WHERE a = $1 AND b = $2", "SELECT * FROM t WHERE a = ?1 AND b = ?2"},
		{"OutOfOrder", "UPDATE t SET a = $2 WHERE id = $1", "UPDATE t SET a = ?2 WHERE id = ?1"},
		{"Repeated", "SELECT $1, $1, $10", "SELECT ?1, ?1, ?10"},
		{"StringLiteralKept", "SELECT '$1', $1", "SELECT '$1', ?1"},
		{"EscapedQuoteKept", "SELECT 'it''s $1', $2", "SELECT 'it''s $1', ?2"},
		{"IdentifierKept", `SELECT "a$1" FROM t WHERE x = $1`, `SELECT "a$1" FROM t WHERE x = ?1`},
		{"LineCommentKept", "SELECT $1 -- $2\n, $3", "SELECT ?1 -- $2\n, ?3"},
		{"BlockCommentKept", "SELECT /* $1 */ $2", "SELECT /* $1 */ ?2"},
		{"DollarWithoutDigit", "SELECT '$' || $1, $a", "SELECT '$' || ?1, $a"},
		{"Unterminated", "SELECT 'abc $1", "SELECT 'abc $1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rebind(tt.in); got != tt.want {
				t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzRebind checks that rebinding only ever replaces a '$' by a '?' outside
// literals and comments: the output has the input's length and differs from
// it only at '$' positions that became '?'.
func FuzzRebind(f *testing.F) {
	for _, s := range []string{"SELECT $1", "'$1' -- $2\n/* $3 */ $4", `"x$1"`, "$", "''''$1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := rebind(q)
		if len(got) != len(q) {
			t.Fatalf("length changed: %q -> %q", q, got)
		}
		for i := range len(q) {
			if got[i] != q[i] && !(q[i] == '$' && got[i] == '?') {
				t.Fatalf("byte %d changed %q -> %q", i, q, got)
			}
		}
		if strings.Count(got, "?")-strings.Count(q, "?") > strings.Count(q, "$") {
			t.Fatalf("more placeholders than dollars")
		}
	})
}
