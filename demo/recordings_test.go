package demo

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"ownwords"
)

// TestPlanRecordings plans takes over a small study: the code in most
// recorded interviews, every consent bucket represented, the spoken turns
// those around the passage, and anchors that CheckAnchors accepts and
// that give the passage its turn's time and a passage elsewhere none.
func TestPlanRecordings(t *testing.T) {
	yes := ownwords.ConsentAnswer{Answer: ownwords.ConsentYes}
	no := ownwords.ConsentAnswer{Answer: ownwords.ConsentNo}
	consents := map[string]*ownwords.Consent{
		"p-face":  {Recorded: yes, Voice: yes, Face: yes},
		"p-voice": {Recorded: yes, Voice: yes, Face: no},
		"p-none":  {Recorded: yes, Voice: no},
		"p-gone":  {Recorded: yes, Voice: yes, Withdrawn: ownwords.Date{Year: 2020}},
		"p-unrec": {Recorded: no, Voice: yes, Face: yes},
	}
	const passage = "we saw the bodies in the square"
	text := "Interview header\n\nInterviewer: What did you see?\n\nP: " + passage + " every Friday.\n\nInterviewer: And then?\n\nP: Nothing more.\n"
	var ivs []*ownwords.Interview
	var segs []*ownwords.Segment
	start := utf8.RuneCountInString(text[:strings.Index(text, passage)])
	for i, p := range []string{"p-face", "p-voice", "p-none", "p-gone", "p-unrec"} {
		iv := &ownwords.Interview{ID: "iv" + p, ParticipantID: p, Title: fmt.Sprintf("T%d", i), Transcript: text}
		ivs = append(ivs, iv)
		segs = append(segs, &ownwords.Segment{InterviewID: iv.ID, CodeID: "corpses", Layer: ownwords.LayerConsensus, Start: start, End: start + len(passage)})
	}
	// A code in fewer interviews, and a coder's segment, are not chosen.
	segs = append(segs, &ownwords.Segment{InterviewID: "ivp-face", CodeID: "other", Layer: ownwords.LayerConsensus, Start: 0, End: 5},
		&ownwords.Segment{InterviewID: "ivp-face", CodeID: "coder", Layer: ownwords.LayerCoder, Start: 0, End: 5})
	code, takes := PlanRecordings(ivs, consents, segs, nil)
	if code != "corpses" {
		t.Fatalf("code %q", code)
	}
	if len(takes) != 4 { // not the participant who refused to be recorded
		t.Fatalf("%d takes: %+v", len(takes), takes)
	}
	for _, tk := range takes {
		if tk.InterviewID == "ivp-unrec" {
			t.Errorf("recorded a participant who refused")
		}
		if len(tk.Turns) != 2 || !tk.Turns[0].Interviewer || tk.Turns[0].Text != "What did you see?" || tk.Turns[1].Interviewer ||
			!strings.HasPrefix(tk.Turns[1].Text, passage) {
			t.Errorf("%s: turns %+v", tk.Title, tk.Turns)
		}
		an := tk.Anchors([]int64{0, 1500}, 4000)
		if err := ownwords.CheckAnchors(an, tk.N); err != nil {
			t.Errorf("%s: %v (%+v)", tk.Title, err, an)
		}
		if sp, _ := ownwords.SpanOf(an, start, start+len(passage)); sp.Start != 1.5 || sp.End == nil || *sp.End != 4 {
			t.Errorf("%s: passage at %+v", tk.Title, sp)
		}
		later := strings.Index(text, "Nothing")
		if sp, _ := ownwords.SpanOf(an, later, later+7); sp.End == nil || *sp.End != sp.Start {
			t.Errorf("%s: an unspoken passage has a length: %+v", tk.Title, sp)
		}
	}
	if !takes[0].Video || !takes[1].Video {
		t.Errorf("face and voice-only takes are video: %+v %+v", takes[0].Video, takes[1].Video)
	}
	if _, none := PlanRecordings(ivs, map[string]*ownwords.Consent{}, segs, nil); none != nil {
		t.Errorf("takes without consent to be recorded: %+v", none)
	}
}

// TestPlanRecordingsPrefersOtherTexts: the code chosen is the one whose
// passages lie in the most interviews with another text (a translation,
// an original) of participants who agreed to their voice in public
// material, and among interviews of one kind of consent those with
// another text are taken first, so that the reel has subtitles in two
// languages.
func TestPlanRecordingsPrefersOtherTexts(t *testing.T) {
	yes := ownwords.ConsentAnswer{Answer: ownwords.ConsentYes}
	no := ownwords.ConsentAnswer{Answer: ownwords.ConsentNo}
	consents := map[string]*ownwords.Consent{}
	var ivs []*ownwords.Interview
	var many, segs []*ownwords.Segment
	const text = "Interviewer: Why?\n\nP: Because.\n"
	for i := range 2 * MaxTakes {
		p := fmt.Sprintf("p%02d", i)
		consents[p] = &ownwords.Consent{Recorded: yes, Voice: yes, Quotes: yes, Face: no}
		iv := &ownwords.Interview{ID: "iv" + p, ParticipantID: p, Title: fmt.Sprintf("T%02d", i), Transcript: text}
		ivs = append(ivs, iv)
		// The first MaxTakes+1 interviews code "many", the others "few".
		sg := &ownwords.Segment{InterviewID: iv.ID, CodeID: "many", Layer: ownwords.LayerConsensus, Start: 21, End: 29}
		if i > MaxTakes {
			sg.CodeID = "few"
		} else {
			many = append(many, sg)
		}
		segs = append(segs, sg)
	}
	has := func(takes []Take, iv *ownwords.Interview) bool {
		return slices.ContainsFunc(takes, func(tk Take) bool { return tk.InterviewID == iv.ID })
	}
	if code, takes := PlanRecordings(ivs, consents, segs, nil); code != "many" || len(takes) != MaxTakes || has(takes, ivs[MaxTakes]) {
		t.Errorf("without other texts: %s, %+v", code, takes)
	}
	// An interview of "few" has another text: "few" is chosen.
	last := ivs[len(ivs)-1]
	if code, takes := PlanRecordings(ivs, consents, segs, map[string]bool{last.ID: true}); code != "few" || len(takes) != MaxTakes-1 || !has(takes, last) {
		t.Errorf("with another text of %s: %s, %+v", last.Title, code, takes)
	}
	// The last of "many" by title has another text: it is taken.
	if code, takes := PlanRecordings(ivs, consents, many, map[string]bool{ivs[MaxTakes].ID: true}); code != "many" || len(takes) != MaxTakes || !has(takes, ivs[MaxTakes]) {
		t.Errorf("with another text of %s: %s, %+v", ivs[MaxTakes].Title, code, takes)
	}
}
