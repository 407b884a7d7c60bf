package demo

import (
	"fmt"
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
	code, takes := PlanRecordings(ivs, consents, segs)
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
	if _, none := PlanRecordings(ivs, map[string]*ownwords.Consent{}, segs); none != nil {
		t.Errorf("takes without consent to be recorded: %+v", none)
	}
}
