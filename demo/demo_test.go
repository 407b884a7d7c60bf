package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"ownwords"
)

// mustDigest hashes everything a Study holds, including the fields the
// domain types keep out of JSON (values, dates).
func mustDigest(tb testing.TB, s *Study) string {
	tb.Helper()
	h := sha256.New()
	h.Write(mustJSON(tb, s))
	for _, p := range s.Participants {
		for _, k := range slices.Sorted(maps.Keys(p.Values)) {
			fmt.Fprintf(h, "%s|%s=%s|%v\n", p.Code, k, p.Values[k].String(), p.Values[k].Type)
		}
	}
	for _, iv := range s.Interviews {
		fmt.Fprintf(h, "%s|%s\n", iv.ID, iv.Date)
	}
	for _, e := range s.Events {
		fmt.Fprintf(h, "%s|%s|%s\n", e.ParticipantID, e.Kind, e.Date)
	}
	fmt.Fprintf(h, "%v", s.planted)
	return hex.EncodeToString(h.Sum(nil))
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := mustDigest(t, Generate(DefaultSeed)), mustDigest(t, Generate(DefaultSeed))
	if a != b {
		t.Fatalf("same seed, different studies: %s vs %s", a, b)
	}
	if c := mustDigest(t, Generate(DefaultSeed+1)); c == a {
		t.Fatal("another seed gave the same study")
	}
}

func TestGenerateShapesTheStudy(t *testing.T) {
	s := Generate(DefaultSeed)
	if len(s.Participants) != Interviewed || len(s.Interviews) != Interviewed {
		t.Fatalf("%d participants, %d interviews; want %d", len(s.Participants), len(s.Interviews), Interviewed)
	}
	for i, p := range s.Participants {
		if want := fmt.Sprintf("P-%04d", i+1); p.Code != want {
			t.Fatalf("participant %d is %s, want %s", i, p.Code, want)
		}
	}
	sample := s.Sample()
	if len(sample) != SampleSize {
		t.Fatalf("sample of %d", len(sample))
	}
	// No tie across the cut, and codes unrelated to dates.
	dates := map[string]bool{}
	inOrder := 0
	for i, p := range sample {
		d := p.Values["interview_date"].Date
		if d.Precision() != ownwords.PrecisionDay || dates[d.String()] {
			t.Errorf("%s: interview date %s is not a distinct day", p.Code, d)
		}
		dates[d.String()] = true
		if i > 0 && p.Code > sample[i-1].Code {
			inOrder++
		}
	}
	for _, p := range s.Participants {
		if d := p.Values["interview_date"].Date; !slices.Contains(sample, p) && dates[d.String()] {
			t.Errorf("%s outside the sample shares the date %s", p.Code, d)
		}
	}
	if inOrder > SampleSize*3/4 {
		t.Errorf("participant codes follow interview dates (%d of %d in order)", inOrder, SampleSize)
	}
	roles := map[ownwords.Role]int{}
	for _, u := range s.Users {
		roles[u.Role]++
		if (&ownwords.User{Name: u.Name}).Validate() != nil || len(u.Password) < 12 {
			t.Errorf("user %q is invalid or has a short password", u.Name)
		}
	}
	if roles[ownwords.RoleOwner] != 1 || roles[ownwords.RoleCoder] != 2 || roles[ownwords.RoleAnalyst] != 1 {
		t.Errorf("roles %v", roles)
	}
}

func TestTranscriptsAreStorableAndLongEnough(t *testing.T) {
	s := Generate(DefaultSeed)
	langs := map[string]int{}
	for _, iv := range s.Interviews {
		in := *iv
		in.StudyID = "study"
		if err := in.Validate(); err != nil {
			t.Errorf("%s: %v", iv.Title, err)
		}
		if n := len(strings.Fields(iv.Transcript)); n < 2000 || n > 6000 {
			t.Errorf("%s: %d words, want 2000..6000", iv.Title, n)
		}
		langs[iv.Language]++
	}
	if langs["en"] < Interviewed-10 || langs["fr"] < 2 || langs["ar"] < 2 {
		t.Errorf("languages %v: want English with a few French and Arabic transcripts", langs)
	}
}

func TestSegmentsQuoteTheirPassage(t *testing.T) {
	s := Generate(DefaultSeed)
	text := map[string]string{}
	for _, iv := range s.Interviews {
		text[iv.ID] = iv.Transcript
	}
	cb := s.Codebook()
	bCoded := map[string]bool{}
	for _, sg := range s.Segments {
		seg := *sg
		seg.StudyID = "study"
		if err := seg.Validate(); err != nil {
			t.Fatalf("%s: %v", sg.ID, err)
		}
		quote, ok := ownwords.Slice(text[sg.InterviewID], sg.Start, sg.End)
		if !ok || ownwords.HashText(quote) != sg.TextHash {
			t.Fatalf("%s: hash does not match the slice %d..%d", sg.ID, sg.Start, sg.End)
		}
		if c := cb.ByID(sg.CodeID); c == nil || c.Derived != nil || c.ParentID == "" {
			t.Fatalf("%s: code %q is not a codable item", sg.ID, sg.CodeID)
		}
		if strings.ContainsAny(strings.TrimSpace(quote), "\n") || quote != strings.TrimSpace(quote) {
			t.Errorf("%s: %q spans turns or has loose ends", sg.ID, quote)
		}
		switch sg.CoderID {
		case adjudicator:
			if sg.Layer != ownwords.LayerConsensus {
				t.Errorf("%s: the owner's segment is in layer %s", sg.ID, sg.Layer)
			}
		case coderB:
			bCoded[sg.InterviewID] = true
			fallthrough
		case coderA:
			if sg.Layer != ownwords.LayerCoder {
				t.Errorf("%s: a coder's segment is in layer %s", sg.ID, sg.Layer)
			}
		default:
			t.Errorf("%s: unknown coder %s", sg.ID, sg.CoderID)
		}
	}
	if len(bCoded)*5 < Interviewed {
		t.Errorf("coder B coded %d interviews, fewer than a fifth", len(bCoded))
	}
}

func TestAttributesAreConsistent(t *testing.T) {
	s := Generate(DefaultSeed)
	defs := map[string]*ownwords.Attribute{}
	for _, a := range s.Attributes {
		defs[a.Slug] = a
	}
	young, online := 0, 0
	for _, p := range s.Participants {
		v := p.Values
		for slug, val := range v {
			if err := defs[slug].Check(val); err != nil {
				t.Errorf("%s: %v", p.Code, err)
			}
		}
		local := v["origin"].Str == "local"
		if local && (v["travelled"].Bool || v["region"].Str != v["country"].Str ||
			(v["country"].Str != "Iraq" && v["country"].Str != "Syria")) {
			t.Errorf("%s: a local from %s/%s who travelled=%v", p.Code, v["country"].Str, v["region"].Str, v["travelled"].Bool)
		}
		if !local && regionOf[v["country"].Str] != v["region"].Str {
			t.Errorf("%s: region %s for %s", p.Code, v["region"].Str, v["country"].Str)
		}
		switch ic := v["interview_country"].Str; {
		case ic == "Turkey" || ic == "Iraq" || ic == "Syria":
		case regionOf[ic] == "Western Europe" || regionOf[ic] == "Balkans" || regionOf[ic] == "Central Asia":
		default:
			t.Errorf("%s: interviewed in %s", p.Code, ic)
		}
		if _, has := v["knew_destination"]; has != v["travelled"].Bool {
			t.Errorf("%s: knew_destination present=%v, travelled=%v", p.Code, has, v["travelled"].Bool)
		}
		j, l, iv := v["joined_date"].Date, v["left_date"].Date, v["interview_date"].Date
		if !j.Before(l) || !l.Before(iv) || j.Year < 2013 || j.Year > 2016 || l.Year < 2015 || l.Year > 2019 ||
			iv.Year < 2015 || iv.Year > 2019 {
			t.Errorf("%s: joined %s, left %s, interviewed %s", p.Code, j, l, iv)
		}
		if int64(j.Year)-v["birth_year"].Int < 30 {
			young++
		}
		if v["online_only_recruitment"].Bool {
			online++
		}
	}
	if young*10 < Interviewed*7 {
		t.Errorf("%d of %d joined under 30, want most", young, Interviewed)
	}
	if online*10 < Interviewed || online*10 > Interviewed*4 {
		t.Errorf("%d of %d recruited online only, want 10-40%%", online, Interviewed)
	}
}

func TestEventsTellTheTrajectory(t *testing.T) {
	s := Generate(DefaultSeed)
	segs := map[string]*ownwords.Segment{}
	for _, sg := range s.Segments {
		segs[sg.ID] = sg
	}
	byP := map[string][]*ownwords.Event{}
	for _, e := range s.Events {
		ev := *e
		ev.StudyID = "study"
		if err := ev.Validate(); err != nil {
			t.Errorf("%s %s: %v", e.ParticipantID, e.Kind, err)
		}
		byP[e.ParticipantID] = append(byP[e.ParticipantID], e)
	}
	doubts, linked := 0, 0
	for _, p := range s.Participants {
		kinds := map[string]ownwords.Period{}
		for _, e := range byP[p.ID] {
			kinds[e.Kind] = e.Date
			if e.Kind == ownwords.EventFirstDoubts {
				doubts++
				if e.SegmentID != "" {
					sg := segs[e.SegmentID]
					if sg == nil || sg.Layer != ownwords.LayerConsensus || sg.InterviewID != p.ID+"/1" ||
						!strings.HasPrefix(sg.CodeID, "disillusionment/") {
						t.Errorf("%s: first doubts linked to %q", p.Code, e.SegmentID)
					}
					linked++
				}
			}
		}
		v := p.Values
		if kinds[ownwords.EventJoined].From != v["joined_date"].Date || kinds[ownwords.EventInterviewed].From != v["interview_date"].Date {
			t.Errorf("%s: events disagree with joined_date or interview_date", p.Code)
		}
		end, ok := kinds[ownwords.EventLeft]
		if !ok {
			end, ok = kinds[ownwords.EventCaptured]
		}
		if !ok || end.From != v["left_date"].Date {
			t.Errorf("%s: no left or captured event at left_date", p.Code)
		}
		if d, ok := kinds[ownwords.EventFirstDoubts]; ok && (d.Earliest().Before(v["joined_date"].Date.Earliest()) || d.Latest().After(v["left_date"].Date.Latest())) {
			t.Errorf("%s: first doubts %s outside the stay", p.Code, d)
		}
		if _, ok := kinds[ownwords.EventReturned]; ok != (v["status"].Str == "returnee") {
			t.Errorf("%s: returned event for a %s", p.Code, v["status"].Str)
		}
	}
	if doubts < Interviewed*3/4 || linked < doubts*3/4 {
		t.Errorf("%d first-doubt events, %d linked to a passage", doubts, linked)
	}
}

// TestPlantedPhrasesAreEveryOccurrence scans whole transcripts by byte
// search (independent of the generator's rune scan) and expects exactly
// the planted list, with a few forms of "hisbah".
func TestPlantedPhrasesAreEveryOccurrence(t *testing.T) {
	s := Generate(DefaultSeed)
	for _, ph := range PlantedPhrases {
		var want []Passage
		for _, iv := range s.Interviews {
			want = append(want, scan(iv, ph)...)
		}
		got := s.Planted(ph)
		if len(got) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: planted %d occurrences, scan finds %d", ph, len(got), len(want))
		}
	}
	forms := map[string]bool{}
	for _, p := range s.Planted("hisbah") {
		forms[p.Text] = true
	}
	if len(forms) < 2 {
		t.Errorf("hisbah appears only as %v", forms)
	}
	if s.Planted("nothing-planted") != nil {
		t.Error("an unplanted phrase has occurrences")
	}
}

func scan(iv *ownwords.Interview, phrase string) []Passage {
	var out []Passage
	text := iv.Transcript
	for i := range text {
		j := min(len(text), i+len(phrase))
		if !strings.EqualFold(text[i:j], phrase) {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[j:])
		if isWordRune(before) || isWordRune(after) {
			continue
		}
		start := utf8.RuneCountInString(text[:i])
		out = append(out, Passage{Interview: iv.ID, Participant: iv.ParticipantID, Start: start,
			End: start + utf8.RuneCountInString(text[i:j]), Text: text[i:j]})
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(DefaultSeed)
	}
}

// TestConsentsVaried: the demo's consent is varied (some public voice and
// face, refusals and withdrawals) and never touches the analysis sample's
// counts or a planted passage.
func TestConsentsVaried(t *testing.T) {
	s := Generate(DefaultSeed)
	if len(s.Consents) != len(s.Participants) {
		t.Fatalf("%d consent records for %d participants", len(s.Consents), len(s.Participants))
	}
	inSample := map[string]bool{}
	for _, p := range s.Sample() {
		inSample[p.ID] = true
	}
	var voice, face, noQuotes, out int
	for _, c := range s.Consents {
		if c.AllowsVoice() {
			voice++
		}
		if c.AllowsFace() {
			face++
		}
		if !c.AllowsQuotes() && c.AllowsAnalysis() {
			noQuotes++
		}
		if !c.AllowsAnalysis() {
			out++
			if inSample[c.ParticipantID] {
				t.Errorf("%s of the analysis sample has no analysis consent", c.ParticipantID)
			}
		}
		if err := (&ownwords.Consent{StudyID: "s", ParticipantID: c.ParticipantID, Recorded: c.Recorded, Analysis: c.Analysis,
			Quotes: c.Quotes, Voice: c.Voice, Face: c.Face, Withdrawn: c.Withdrawn}).Validate(); err != nil {
			t.Errorf("%s: %v", c.ParticipantID, err)
		}
	}
	if voice == 0 || face == 0 || face >= voice || voice == len(s.Consents) || noQuotes != 3 || out != 4 {
		t.Errorf("voice %d, face %d, quotes refused %d, out of analysis %d: not varied as planned", voice, face, noQuotes, out)
	}
	for _, ph := range PlantedPhrases {
		for _, p := range s.Planted(ph) {
			for _, c := range s.Consents {
				if c.ParticipantID == p.Participant && !c.AllowsAnalysis() {
					t.Errorf("planted %q in %s, who is out of the analysis", ph, p.Participant)
				}
			}
		}
	}
}
