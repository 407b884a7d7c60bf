package demo

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/text"
)

// TestTextsAlignWithTheirTranscripts: every Arabic and French transcript
// of a participant who did not withdraw has an English translation (the
// Arabic ones by the interpreter, whose label speaks the answers), three
// English transcripts of interviews held in Arabic have their Arabic
// original (the interpreter's label putting the questions), and every
// text aligns with its transcript turn by turn, as the store requires;
// each coded passage faces a turn of its text drawn for the same item.
func TestTextsAlignWithTheirTranscripts(t *testing.T) {
	s := Generate(DefaultSeed)
	byID := interviewsByID(s)
	withdrawn := s.Withdrawals()
	want := map[string]int{}
	for _, iv := range s.Interviews {
		if _, ok := withdrawn[iv.ParticipantID]; !ok && (iv.Language == "ar" || iv.Language == "fr") {
			want["en translation of "+iv.Language]++
		}
	}
	want["ar original of en"] = withOriginals
	got := map[string]int{}
	for _, tx := range s.Texts {
		iv := byID[tx.InterviewID]
		if iv == nil {
			t.Fatalf("text of unknown interview %s", tx.InterviewID)
		}
		got[tx.Language+" "+tx.Role+" of "+iv.Language]++
		check := *tx
		check.StudyID = "-"
		if err := check.Validate(); err != nil {
			t.Errorf("%s: %v", iv.Title, err)
		}
		pairs, err := text.Align(iv.Transcript, tx.Text)
		if err != nil {
			t.Errorf("%s: the %s %s does not align: %v", iv.Title, tx.Language, tx.Role, err)
			continue
		}
		label := map[string]string{"ar": interpreterLabel, "en": interpreterLabelAr, "fr": "Interviewer"}[iv.Language]
		if !strings.Contains(tx.Text, "\n"+label+": ") {
			t.Errorf("%s: the %s %s has no turn of %q", iv.Title, tx.Language, tx.Role, label)
		}
		if (iv.Language == "ar") != (tx.Method == ownwords.MethodInterpreter) {
			t.Errorf("%s: the %s %s has method %q", iv.Title, tx.Language, tx.Role, tx.Method)
		}
		if len(pairs) < 40 {
			t.Errorf("%s: only %d turns", iv.Title, len(pairs))
		}
	}
	for k, n := range want {
		if got[k] != n || n == 0 {
			t.Errorf("%d texts %s, want %d", got[k], k, n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("texts %v, want %v", got, want)
	}
}

// TestTextsRetellTheCodedItems: each coded passage of a transcript with
// another text faces, in the aligned turn of that text, a passage the
// other language's bank has for the same item.
func TestTextsRetellTheCodedItems(t *testing.T) {
	s := Generate(DefaultSeed)
	byID := interviewsByID(s)
	checked := 0
	for _, tx := range s.Texts {
		iv := byID[tx.InterviewID]
		pairs, err := text.Align(iv.Transcript, tx.Text)
		if err != nil {
			t.Fatal(err)
		}
		other := []rune(tx.Text)
		b := bankFor(tx.Language)
		for _, sg := range s.Segments {
			if sg.InterviewID != iv.ID || sg.Layer != ownwords.LayerConsensus {
				continue
			}
			for _, pr := range pairs {
				if sg.Start < pr.A.Start || sg.Start >= pr.A.End {
					continue
				}
				turn := string(other[pr.B.Start:pr.B.End])
				found := false
				for _, tpl := range b.passages[sg.CodeID] {
					_, body := splitTag(tpl)
					if i := strings.IndexByte(body, '{'); i >= 0 {
						body = body[:i]
					}
					if i := strings.IndexAny(body, ".،,"); i > 0 {
						body = body[:i]
					}
					found = found || strings.Contains(turn, body)
				}
				if !found {
					t.Errorf("%s: the %s turn facing a passage coded %s has none of that item's passages: %q", iv.Title, tx.Language, sg.CodeID, turn)
				}
				checked++
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d coded passages checked", checked)
	}
}

// interviewsByID maps the study's interviews by their local IDs.
func interviewsByID(s *Study) map[string]*ownwords.Interview {
	out := make(map[string]*ownwords.Interview, len(s.Interviews))
	for _, iv := range s.Interviews {
		out[iv.ID] = iv
	}
	return out
}
