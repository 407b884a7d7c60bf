package report

import (
	"bytes"
	"strings"
	"testing"

	"ownwords"
)

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "a foreign woman", "a foreign woman"},
		{"RightToLeftOverride", "abc\u202Egnp.exe", "abc\uFFFDgnp.exe"},
		{"Isolate", "x\u2067y\u2069", "x\uFFFDy\uFFFD"},
		{"MarksDropped", "نعم\u200F.", "نعم."},
		{"TerminalEscape", "\x1b[31mred\x1b[0m", "[31mred [0m"},
		{"LineBreaks", "one\r\ntwo\u2028three", "one two three"},
		{"InvalidUTF8", "a\xffb", "a\uFFFDb"},
		{"XMLNonCharacter", "a\uFFFEb", "a\uFFFDb"},
		{"NUL", "a\x00b", "a b"},
		{"ArabicKept", "قال إنه ذهب", "قال إنه ذهب"},
		{"ZeroWidthNonJoinerKept", "می\u200Cخواهم", "می\u200Cخواهم"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Markup", "<script>&", "&lt;script&gt;&amp;"},
		{"Link", "[x](http://e.example)", "\\[x\\]\\(http\\://e\\.example\\)"},
		{"TableAndHeading", "# a | b", "\\# a \\| b"},
		{"Emphasis", "*a* _b_ `c`", "\\*a\\* \\_b\\_ \\`c\\`"},
		{"Unicode", "Ürgüp – 51 %", "Ürgüp – 51 %"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdEscape(tt.in); got != tt.want {
				t.Errorf("mdEscape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTextAndMarkdownCarryNoHostileText(t *testing.T) {
	rep := mustBuild(t, AudienceTeam)
	var md, txt bytes.Buffer
	if err := WriteMarkdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&txt, rep); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "\u202E", "\x1b", "](http"} {
		if strings.Contains(md.String(), bad) {
			t.Errorf("Markdown holds %q", bad)
		}
	}
	for _, bad := range []string{"\u202E", "\x1b"} {
		if strings.Contains(txt.String(), bad) {
			t.Errorf("text holds %q", bad)
		}
	}
}

func TestQuotes(t *testing.T) {
	team, public := mustBuild(t, AudienceTeam), mustBuild(t, AudiencePublic)
	quotes := func(rep *Report, section, item string) []Quote {
		var out []Quote
		for _, s := range rep.Sections {
			for _, q := range s.Quotes {
				if s.Slug == section && q.Item == item {
					out = append(out, q)
				}
			}
		}
		return out
	}
	t.Run("AtMostPerItemOnePerParticipant", func(t *testing.T) {
		got := quotes(team, "vulnerabilities", "poverty")
		// The team gets the public's k-safe words, with the code in front:
		// local prisoners are fewer than k, so P-02's status is not named.
		if len(got) != 2 || got[0].Attribution != "P-01, a local man, defector" || got[1].Attribution != "P-02, a local man" {
			t.Errorf("poverty quotes = %+v, want P-01's and P-02's", got)
		}
	})
	t.Run("PublicAttributionCoarse", func(t *testing.T) {
		got := quotes(public, "vulnerabilities", "poverty")
		if len(got) != 2 || got[0].Attribution != "a local man, defector" {
			t.Errorf("public poverty quotes = %+v, want coarse attribution", got)
		}
	})
	t.Run("PublicSkipsItemsBelowK", func(t *testing.T) {
		if len(quotes(team, "roles", "ribat")) != 2 || len(quotes(public, "roles", "ribat")) != 0 {
			t.Error("ribat (2 participants, k=3) quoted in public or not for the team")
		}
	})
	t.Run("DerivedItemsNotQuoted", func(t *testing.T) {
		if q := quotes(team, "roles", "fighter_or_ribat"); len(q) != 0 {
			t.Errorf("derived item quoted: %+v", q)
		}
	})
	t.Run("TextCleaned", func(t *testing.T) {
		got := quotes(team, "vulnerabilities", "criminal_history")
		if len(got) != 2 || strings.ContainsAny(got[1].Text, "\u202E\x1b") || !strings.HasPrefix(got[1].Text, "I was told: <script>") {
			t.Errorf("hostile quote = %+v", got)
		}
	})
	t.Run("NoSourceNoQuotes", func(t *testing.T) {
		rep, err := Build(mustResult(t), Options{Audience: AudienceTeam})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range rep.Sections {
			if len(s.Quotes) > 0 {
				t.Errorf("section %s quoted without a QuoteSource", s.Slug)
			}
		}
	})
	t.Run("AttributionOption", func(t *testing.T) {
		rep, err := Build(mustResult(t), Options{Quotes: fixtureQuotes, Attribution: func(p *ownwords.Participant) string { return "a participant\u202E" }})
		if err != nil {
			t.Fatal(err)
		}
		if q := rep.Sections[0].Quotes[0]; q.Attribution != "a participant\uFFFD" {
			t.Errorf("attribution = %q, want the option's, cleaned", q.Attribution)
		}
	})
	t.Run("LongQuoteTruncated", func(t *testing.T) {
		long := func(*ownwords.Segment) (string, error) { return strings.Repeat("word ", 400), nil }
		rep, err := Build(mustResult(t), Options{Quotes: long})
		if err != nil {
			t.Fatal(err)
		}
		q := rep.Sections[0].Quotes[0].Text
		if n := len([]rune(q)); n > MaxQuoteRunes || !strings.HasSuffix(q, "…") {
			t.Errorf("quote of %d runes %q…, want at most %d with the ellipsis", n, q[:20], MaxQuoteRunes)
		}
	})
}

// FuzzRenderHostileText puts arbitrary text into a label, a value and a
// quote and checks that the page stays well-formed, script-free XML and the
// other renderings carry no control or override character.
func FuzzRenderHostileText(f *testing.F) {
	for _, s := range []string{hostile, "</style><script>x</script>", "]]><!--", "\u202E\u2066", "&#x3C;script&#x3E;", "{{.}}", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := fixtureInput(t)
		in.Codebook.ByID("pov").Label = s
		in.Study.Name = s
		res := mustResultFrom(t, in)
		rep, err := Build(res, Options{Audience: AudienceTeam, Quotes: func(*ownwords.Segment) (string, error) { return s, nil }})
		if err != nil {
			t.Fatal(err)
		}
		var page, md, txt bytes.Buffer
		if err := WriteHTML(&page, rep); err != nil {
			t.Fatal(err)
		}
		checkPage(t, page.Bytes())
		if err := WriteMarkdown(&md, rep); err != nil {
			t.Fatal(err)
		}
		if err := WriteText(&txt, rep); err != nil {
			t.Fatal(err)
		}
		for _, out := range []string{page.String(), md.String(), txt.String()} {
			if strings.ContainsAny(out, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\x1b\x00") {
				t.Fatalf("rendering holds a control or override character")
			}
		}
		if strings.Contains(md.String(), "<") && strings.Contains(s, "<") && strings.Contains(md.String(), s) {
			t.Fatalf("Markdown holds the raw text %q", s)
		}
	})
}
