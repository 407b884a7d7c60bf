package text

import (
	"strings"
	"testing"

	"ownwords"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, in, fts5, tsquery string
	}{
		{"WordFolded", "İstanbul", `"istanbul"`, `'istanbul'`},
		{"ImplicitAnd", "ecole Kitab", `("ecole" AND "kitab")`, `('ecole' & 'kitab')`},
		{"ExplicitAnd", "a AND b", `("a" AND "b")`, `('a' & 'b')`},
		{"Or", "a OR b OR c", `("a" OR "b" OR "c")`, `('a' | 'b' | 'c')`},
		{"Not", "a NOT b", `("a" NOT "b")`, `('a' & !'b')`},
		{"AndNotIsNot", "a AND NOT b", `("a" NOT "b")`, `('a' & !'b')`},
		{"NotLeftAssociative", "a NOT b NOT c", `(("a" NOT "b") NOT "c")`, `(('a' & !'b') & !'c')`},
		{"Prefix", "radical*", `"radical"*`, `'radical':*`},
		{"Phrase", `"New  York"`, `"new york"`, `('new' <-> 'york')`},
		{"PhrasePrefix", `"new yor"*`, `"new yor"*`, `('new' <-> 'yor':*)`},
		{"SmartQuotesPhrase", "“New York”", `"new york"`, `('new' <-> 'york')`},
		{"ApostropheWordIsPhrase", "aujourd'hui", `"aujourd hui"`, `('aujourd' <-> 'hui')`},
		{"HyphenWordPrefixOnLast", "al-qa*", `"al qa"*`, `('al' <-> 'qa':*)`},
		{"HanWordIsPhrase", "北京", `"北 京"`, `('北' <-> '京')`},
		{"OrLooserThanAnd", "a b OR c", `(("a" AND "b") OR "c")`, `(('a' & 'b') | 'c')`},
		{"AndLooserThanNot", "a AND b NOT c", `("a" AND ("b" NOT "c"))`, `('a' & ('b' & !'c'))`},
		{"ImplicitAndTighterThanNot", "a NOT b c", `("a" NOT ("b" AND "c"))`, `('a' & !('b' & 'c'))`},
		{"Parentheses", "(a OR b) c", `(("a" OR "b") AND "c")`, `(('a' | 'b') & 'c')`},
		{"NestedParentheses", "((a))", `"a"`, `'a'`},
		{"NearGroup", "NEAR(a b, 5)", `NEAR("a" "b", 5)`, `('a' & 'b')`},
		{"NearGroupDefaultDistance", `NEAR(a "b c")`, `NEAR("a" "b c", 10)`, `('a' & ('b' <-> 'c'))`},
		{"NearGroupSpaceBeforeParen", "NEAR (a b,3)", `NEAR("a" "b", 3)`, `('a' & 'b')`},
		{"NearGroupOfOneIsPhrase", "NEAR(a, 3)", `"a"`, `'a'`},
		{"NearInfix", "a NEAR/3 b", `NEAR("a" "b", 3)`, `('a' & 'b')`},
		{"NearInfixChain", "a NEAR/3 b NEAR/3 c*", `NEAR("a" "b" "c"*, 3)`, `('a' & 'b' & 'c':*)`},
		{"NearInfixDefault", "a NEAR b", `NEAR("a" "b", 10)`, `('a' & 'b')`},
		{"NearInfixTighterThanImplicitAnd", "x a NEAR/2 b", `("x" AND NEAR("a" "b", 2))`, `('x' & ('a' & 'b'))`},
		{"LowerCaseOperatorsAreWords", "cats and dogs or not near", `("cats" AND "and" AND "dogs" AND "or" AND "not" AND "near")`, `('cats' & 'and' & 'dogs' & 'or' & 'not' & 'near')`},
		{"QuotedOperatorIsWord", `"OR"`, `"or"`, `'or'`},
		{"CommaSeparatesWords", "istanbul, ankara", `("istanbul" AND "ankara")`, `('istanbul' & 'ankara')`},
		{"PunctuationInWordDropped", "said:", `"said"`, `'said'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := mustParseQuery(t, tt.in)
			if got := q.FTS5(); got != tt.fts5 {
				t.Errorf("FTS5() = %s, want %s", got, tt.fts5)
			}
			if got := q.TSQuery(); got != tt.tsquery {
				t.Errorf("TSQuery() = %s, want %s", got, tt.tsquery)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ErrEmpty", "", "query: empty"},
		{"ErrBlank", "   ", "query: empty"},
		{"ErrStrayCloseParen", "istanbul ankara)", "query: unexpected ')' at 16"},
		{"ErrEmptyParens", "a ()", "query: unexpected ')' at 4"},
		{"ErrMissingCloseParen", "a (b OR c", "query: missing ')' for '(' at 3"},
		{"ErrUnclosedQuote", `a "new york`, `query: missing closing '"' for the phrase at 3`},
		{"ErrEmptyPhrase", `a "!!"`, `query: phrase "!!" has no letters or digits at 3`},
		{"ErrLeadingNot", "NOT a", "query: NOT needs a word or phrase before it at 1"},
		{"ErrTrailingOr", "a OR", "query: unexpected end of query at 5"},
		{"ErrDoubleOperator", "a AND OR b", "query: unexpected OR at 7"},
		{"ErrDashForNot", "a -b", "query: use NOT instead of '-' to leave out a word at 3"},
		{"ErrStarInside", "ab*cd", "query: '*' may only end a word at 3"},
		{"ErrLoneStar", "a *", `query: "*" is not a word (operators are AND, OR, NOT, NEAR) at 3`},
		{"ErrSymbolOperator", "a & b", `query: "&" is not a word (operators are AND, OR, NOT, NEAR) at 3`},
		{"ErrNearWithoutRight", "a NEAR/3", "query: NEAR/3 needs a word or phrase on each side at 3"},
		{"ErrNearWithoutLeft", "NEAR/3 a", "query: NEAR/3 needs a word or phrase on each side at 1"},
		{"ErrNearOnGroup", "(a) NEAR/3 b", "query: NEAR/3 needs a word or phrase on each side at 5"},
		{"ErrNearBadDistance", "a NEAR/x b", `query: NEAR distance "x" is not a number at 8`},
		{"ErrNearSlashOnly", "a NEAR/ b", "query: NEAR/ needs a number as in NEAR/5 at 3"},
		{"ErrNearChainDistances", "a NEAR/2 b NEAR/3 c", "query: NEAR/3 after NEAR/2: write NEAR(a b c, N) for one distance at 12"},
		{"ErrNearGroupHugeDistance", "NEAR(a b, 99999999999999999999)", "query: NEAR distance 99999999999999999999 is larger than 1000000 at 11"},
		{"ErrNearGroupQuotedDistance", `NEAR(a b, "5")`, `query: NEAR distance "\"5\"" is not a number at 11`},
		{"ErrNearGroupOperator", "NEAR(a OR b)", "query: unexpected OR in NEAR( at 8"},
		{"ErrNearGroupEmpty", "NEAR()", "query: NEAR( needs words or phrases before ')' at 6"},
		{"ErrNearGroupUnclosed", "NEAR(a b", "query: missing ')' for 'NEAR(' at 1"},
		{"ErrPositionInCodePoints", "İstanbul é)", "query: unexpected ')' at 11"},
		{"ErrTooDeep", strings.Repeat("(", 65) + "a" + strings.Repeat(")", 65), "query: more than 64 nested parentheses at 65"},
		{"ErrTooManyTerms", strings.TrimSuffix(strings.Repeat("w OR ", 65), " OR "), "query: 65 words and phrases; a query has at most 64: split it into several searches"},
		{"ErrTooManyTermsNested", "x (" + strings.Repeat(`"a b" `, 64) + ")", "query: 65 words and phrases; a query has at most 64: split it into several searches"},
		{"ErrTooLong", strings.Repeat("a ", 2049), "query: longer than 4096 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuery(tt.in)
			if err == nil {
				t.Fatalf("ParseQuery(%q) succeeded, want %q", tt.in, tt.want)
			}
			if got := ownwords.ErrorMessage(err); got != tt.want {
				t.Errorf("message = %q, want %q", got, tt.want)
			}
			if code := ownwords.ErrorCode(err); code != ownwords.EINVALID {
				t.Errorf("code = %q, want %q", code, ownwords.EINVALID)
			}
		})
	}
}

// hostileQueries try to break out of the quoting of the FTS5 and tsquery
// renderings, or to smuggle in their syntax.
var hostileQueries = []string{
	`a" OR "1"="1`,
	`'; DROP TABLE interviews; --`,
	`x') | !('y`,
	`body:secret`,
	`{body title}: a`,
	`^first`,
	`a + b`,
	`a\' & b`,
	`\\' OR 1=1`,
	`"a"" b"`,
	`a:* | b`,
	`a <-> b`,
	`a <2> b`,
	`a & !b`,
	"a\x00b",
	"NEAR(a b, 1); --",
	`“a” b„`,
	`ａ＂ｂ`,
	`⑴ ﷺ ㏂`,
}

func TestHostileQueriesRenderSafely(t *testing.T) {
	for _, in := range hostileQueries {
		t.Run(in, func(t *testing.T) {
			q, err := ParseQuery(in)
			if err != nil {
				if ownwords.ErrorCode(err) != ownwords.EINVALID {
					t.Fatalf("ParseQuery(%q): %v, want EINVALID", in, err)
				}
				return
			}
			checkFTS5Syntax(t, q.FTS5())
			checkTSQuerySyntax(t, q.TSQuery())
		})
	}
}

func TestHostileQueryTermsAreQuotedWords(t *testing.T) {
	q := mustParseQuery(t, `a" OR "b`)
	// The quote after a opens a phrase that holds " OR ": the words are a,
	// or and b, and OR is no operator.
	if got, want := q.FTS5(), `("a" AND "or" AND "b")`; got != want {
		t.Errorf("FTS5() = %s, want %s", got, want)
	}
	q = mustParseQuery(t, `it's'; DROP TABLE interviews`)
	if got, want := q.TSQuery(), `(('it' <-> 's') & 'drop' & 'table' & 'interviews')`; got != want {
		t.Errorf("TSQuery() = %s, want %s", got, want)
	}
}

// checkFTS5Syntax fails unless s is built only from what FTS5() emits:
// double-quoted strings (with "" inside), an optional * after one, the
// keywords AND, OR, NOT and NEAR, parentheses, commas, digits and spaces.
func checkFTS5Syntax(tb testing.TB, s string) {
	tb.Helper()
	depth := 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '"':
			j := i + 1
			for {
				k := strings.IndexByte(s[j:], '"')
				if k < 0 {
					tb.Fatalf("FTS5 %q: unterminated string at byte %d", s, i)
				}
				j += k + 1
				if j < len(s) && s[j] == '"' {
					j++
					continue
				}
				break
			}
			i = j
		case c == '(':
			depth++
			i++
		case c == ')':
			if depth--; depth < 0 {
				tb.Fatalf("FTS5 %q: unbalanced ')' at byte %d", s, i)
			}
			i++
		case c == ' ' || c == '*' || c == ',' || ('0' <= c && c <= '9'):
			i++
		default:
			kw := ""
			for _, k := range []string{"AND", "OR", "NOT", "NEAR"} {
				if strings.HasPrefix(s[i:], k) {
					kw = k
				}
			}
			if kw == "" {
				tb.Fatalf("FTS5 %q: unexpected %q outside a string at byte %d", s, c, i)
			}
			i += len(kw)
		}
	}
	if depth != 0 {
		tb.Fatalf("FTS5 %q: unbalanced parentheses", s)
	}
}

// checkTSQuerySyntax fails unless s is built only from what TSQuery() emits:
// single-quoted lexemes (a quote inside doubled, a backslash escaping the
// next byte), :*, the operators & | ! <->, parentheses and spaces.
func checkTSQuerySyntax(tb testing.TB, s string) {
	tb.Helper()
	depth := 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '\'':
			j := i + 1
			for {
				if j >= len(s) {
					tb.Fatalf("tsquery %q: unterminated lexeme at byte %d", s, i)
				}
				if s[j] == '\\' {
					j += 2
					continue
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j + 1
		case c == '(':
			depth++
			i++
		case c == ')':
			if depth--; depth < 0 {
				tb.Fatalf("tsquery %q: unbalanced ')' at byte %d", s, i)
			}
			i++
		case strings.HasPrefix(s[i:], "<->"):
			i += 3
		case strings.HasPrefix(s[i:], ":*"):
			i += 2
		case c == ' ' || c == '&' || c == '|' || c == '!':
			i++
		default:
			tb.Fatalf("tsquery %q: unexpected %q outside a lexeme at byte %d", s, c, i)
		}
	}
	if depth != 0 {
		tb.Fatalf("tsquery %q: unbalanced parentheses", s)
	}
}

func mustParseQuery(tb testing.TB, q string) Query {
	tb.Helper()
	parsed, err := ParseQuery(q)
	if err != nil {
		tb.Fatalf("ParseQuery(%q): %v", q, err)
	}
	return parsed
}

func TestRenderEscapesQuotesInTerms(t *testing.T) {
	// Tokenize never yields these characters in a word, but the renderers
	// must not rely on it.
	q := Query{root: &node{kind: kindOr, kids: []*node{
		{kind: kindPhrase, terms: []string{`a"b`}},
		{kind: kindPhrase, terms: []string{`it's`, `back\slash`}, prefix: true},
	}}}
	if got, want := q.FTS5(), `("a""b" OR "it's back\slash"*)`; got != want {
		t.Errorf("FTS5() = %s, want %s", got, want)
	}
	if got, want := q.TSQuery(), `('a"b' | ('it''s' <-> 'back\\slash':*))`; got != want {
		t.Errorf("TSQuery() = %s, want %s", got, want)
	}
	checkFTS5Syntax(t, q.FTS5())
	checkTSQuerySyntax(t, q.TSQuery())
}

func TestZeroQueryRendersEmpty(t *testing.T) {
	if got := (Query{}).FTS5() + (Query{}).TSQuery(); got != "" {
		t.Errorf("zero Query renders %q, want nothing", got)
	}
}

func TestQueryNegates(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"food", false},
		{`"food ration" OR hunger`, false},
		{"food AND (bread OR NEAR(water rice, 3))", false},
		{"food NOT bread", true},
		{"food AND NOT bread", true},
		{"(food OR (water NOT rice)) hunger", true},
		{`"not" food`, false},
		{"food not bread", false},
	} {
		q, err := ParseQuery(c.q)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if got := q.Negates(); got != c.want {
			t.Errorf("%q: Negates() = %v, want %v", c.q, got, c.want)
		}
	}
	if (Query{}).Negates() {
		t.Error("zero Query negates")
	}
}

func TestQueryOrOperands(t *testing.T) {
	for _, c := range []struct {
		q    string
		want string
	}{
		{"food", ``},
		{"food bread", ``},
		{`Food OR "lack of FOOD" OR food`, `"food" | "lack of food"`},
		{"bread AND (hung* OR NEAR(water rice, 0))", `"hung"* | NEAR("water" "rice", 0)`},
		{"2016 OR for tal", `"2016" | ("for" AND "tal")`},
		{"(a OR b) c OR d", `(("a" OR "b") AND "c") | "d" | "a" | "b"`},
		{"mo*", `"mo"*`},
	} {
		q, err := ParseQuery(c.q)
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		ops := q.OrOperands()
		if got := strings.Join(ops, " | "); got != c.want {
			t.Errorf("%q: operands %s, want %s", c.q, got, c.want)
		}
		// Each operand is a query that renders back to itself.
		for _, op := range ops {
			oq, err := ParseQuery(op)
			if err != nil {
				t.Fatalf("operand %s of %q: %v", op, c.q, err)
			}
			if oq.FTS5() != op {
				t.Errorf("operand %s parses to %s", op, oq.FTS5())
			}
		}
	}
}

// TestParseQueryAtMostTerms: a query of exactly MaxQueryTerms words and
// phrases parses; the error case of one more is in TestParseQueryErrors.
func TestParseQueryAtMostTerms(t *testing.T) {
	q := strings.TrimSuffix(strings.Repeat("w OR ", MaxQueryTerms), " OR ")
	if _, err := ParseQuery(q); err != nil {
		t.Fatalf("a query of %d words: %v", MaxQueryTerms, err)
	}
}
