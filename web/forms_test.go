package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"ownwords"
	"ownwords/gate"
	"ownwords/report"
)

func TestSegmentFromForm(t *testing.T) {
	hash := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		in   url.Values
		ok   bool
	}{
		{"OK", form("code_id", "c", "start", "3", "end", "9", "text_hash", hash, "version", "2"), true},
		{"OKMemoOnly", form("memo", "note", "version", "2"), true},
		{"ErrStartWithoutEnd", form("start", "3"), false},
		{"ErrEmptyRange", form("start", "3", "end", "3"), false},
		{"ErrNegative", form("start", "-1", "end", "3"), false},
		{"ErrNotANumber", form("start", "three", "end", "4"), false},
		{"ErrHash", form("start", "1", "end", "4", "text_hash", "xyz"), false},
		{"ErrLayer", form("layer", "mine"), false},
		{"ErrNUL", form("memo", "a\x00b"), false},
		{"ErrHugeMemo", form("memo", strings.Repeat("m", maxMemoBytes+1)), false},
		{"ErrVersion", form("version", "-2"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(tt.in.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			_, err := parseSegmentInput(req)
			if (err == nil) != tt.ok {
				t.Errorf("err = %v, want ok %v", err, tt.ok)
			}
			if err != nil && ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("error code %s, want invalid", ownwords.ErrorCode(err))
			}
		})
	}
	t.Run("MemoNormalised", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(form("memo", "cafe\u0301\r\nok").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		in, err := parseSegmentInput(req)
		if err != nil || *in.Memo != "caf\u00e9\nok" {
			t.Errorf("memo %q, %v; want NFC with \\n", *in.Memo, err)
		}
	})
}

func FuzzParseSegmentJSON(f *testing.F) {
	f.Add(`{"code_id": "c", "start": 1, "end": 4, "text_hash": "` + strings.Repeat("0", 64) + `"}`)
	f.Add(`{"memo": "x", "version": 3}`)
	f.Add(`{"start": 5}`)
	f.Fuzz(func(t *testing.T, body string) {
		req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		in, err := parseSegmentInput(req)
		if err != nil {
			if ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if in.Start != nil && (in.End == nil || *in.Start < 0 || *in.End <= *in.Start) {
			t.Fatalf("accepted range %v..%v", in.Start, in.End)
		}
		if in.Memo != nil && ownwords.CheckText(*in.Memo) != nil {
			t.Fatalf("accepted memo %q the store would refuse", *in.Memo)
		}
	})
}

func TestParseCodeForm(t *testing.T) {
	tests := []struct {
		name string
		in   url.Values
		ok   bool
	}{
		{"OK", form("slug", "family", "label", " Family ", "color", "#AA00cc", "deprecated", "on"), true},
		{"ErrSlug", form("slug", "Family ties"), false},
		{"ErrNoSlug", form("label", "x"), false},
		{"ErrColour", form("slug", "x", "color", "red"), false},
		{"ErrLong", form("slug", "x", "description", strings.Repeat("d", maxDefinitionBytes+1)), false},
		{"ErrNUL", form("slug", "x", "example", "a\x00"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parseCodeForm(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			if tt.ok && (f.Label != "Family" || f.Color != "#aa00cc" || !f.Deprecated) {
				t.Errorf("parsed %+v", f)
			}
		})
	}
}

func TestParseGroupFilter(t *testing.T) {
	attrs := []*ownwords.Attribute{
		{Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
		{Slug: "returned", Type: ownwords.AttrBoolean},
		{Slug: "alias", Type: ownwords.AttrText},
	}
	tests := []struct {
		name string
		q    url.Values
		want string
		ok   bool
	}{
		{"Everyone", url.Values{}, "everyone", true},
		{"OK", form("a.gender", "woman", "a.returned", "yes", "other", "x"), "gender = woman, returned = true", true},
		{"EmptyIgnored", form("a.gender", ""), "everyone", true},
		{"ErrUnknown", form("a.region", "x"), "", false},
		{"ErrTextAttribute", form("a.alias", "x"), "", false},
		{"ErrBadBoolean", form("a.returned", "perhaps"), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parseGroupFilter(tt.q, attrs)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			if tt.ok && f.describe() != tt.want {
				t.Errorf("describe = %q, want %q", f.describe(), tt.want)
			}
		})
	}
	woman := &ownwords.Participant{Values: map[string]ownwords.Value{"gender": {Type: ownwords.AttrCategory, Str: "woman"}}}
	f, _ := parseGroupFilter(form("a.gender", "woman"), attrs)
	g, _ := parseGroupFilter(form("a.gender", "man"), attrs)
	if !f.matches(woman) || g.matches(woman) || !(groupFilter{}).matches(woman) {
		t.Error("matches is wrong")
	}
}

func TestTimeline(t *testing.T) {
	if timeline(nil) != nil {
		t.Error("a timeline without events")
	}
	ev := func(s string) gate.EventView {
		p, err := ownwords.ParsePeriod(s)
		if err != nil {
			t.Fatal(err)
		}
		return gate.EventView{Kind: "k", Date: p, When: s}
	}
	v := timeline([]gate.EventView{ev("2016"), ev("2014-01"), ev("2015-06-15")})
	if v.From != "2014" || v.To != "2016" {
		t.Errorf("span %s–%s", v.From, v.To)
	}
	if v.Marks[1].X != timelinePad || v.Marks[0].X+v.Marks[0].W != timelineW-timelinePad {
		t.Errorf("marks not spread over the width: %+v", v.Marks)
	}
	if mid := v.Marks[2].X; mid < 250 || mid > 350 {
		t.Errorf("mid-2015 drawn at %d, want near the middle", mid)
	}
}

func TestCellText(t *testing.T) {
	tests := []struct {
		c    report.Cell
		want string
	}{
		{report.Cell{N: 113, Denominator: 219}, "113/219 (51.6%)"},
		{report.Cell{N: 1, Denominator: 8}, "1/8 (12.5%)"},
		{report.Cell{Suppressed: true, Below: true}, "<5"},
		{report.Cell{Suppressed: true}, "—"},
		{report.Cell{N: 7, DenominatorSuppressed: true}, "7"},
	}
	for _, tt := range tests {
		if got := cellText(tt.c, 5); got != tt.want {
			t.Errorf("cellText(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestPercentHalfUp(t *testing.T) {
	pct := funcs["pct"].(func(int, int) string)
	for _, tt := range []struct {
		n, d int
		want string
	}{{1, 8, "12.5%"}, {113, 219, "51.6%"}, {1, 3, "33.3%"}, {2, 3, "66.7%"}, {1, 16, "6.3%"}, {0, 0, "–"}} {
		if got := pct(tt.n, tt.d); got != tt.want {
			t.Errorf("pct(%d, %d) = %q, want %q", tt.n, tt.d, got, tt.want)
		}
	}
}
