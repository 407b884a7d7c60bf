package ingest_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"ownwords"
	"ownwords/ingest"
	"ownwords/sqldb/sqldbtest"
)

// openStudy returns services holding one empty study, and its ID.
type openStudy func(t *testing.T) (ownwords.Services, string)

// TestApply runs the scenarios on real stores (SQLite always, PostgreSQL
// when configured), each scenario on a fresh study.
func TestApply(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		applyScenarios(t, func(t *testing.T) (ownwords.Services, string) {
			db, _ := sqldbtest.OpenSQLite(t)
			return db, sqldbtest.MustStudy(t, db, "ingest").ID
		})
	})
	t.Run("postgres", func(t *testing.T) {
		sqldbtest.PostgresDSN(t)
		applyScenarios(t, func(t *testing.T) (ownwords.Services, string) {
			db := sqldbtest.OpenPostgres(t)
			return db, sqldbtest.MustStudy(t, db, "ingest").ID
		})
	})
}

// TestApplyIsAtomic checks that a batch failing half-way inside
// Store.Update — after the first interview was written and while the
// search index workers (PrepareIndex) run — leaves nothing behind and
// names the file at fault.
func TestApplyIsAtomic(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "atomic")
		b := mustBatch(t, applyCodebook, applyTable, [2]string{"iv-1", "P-1"}, [2]string{"iv-2", "P-404"})
		err := st.Update(ctx, func(tx ownwords.Services) error {
			_, err := ingest.Apply(ctx, tx, study.ID, b)
			return err
		})
		if ownwords.ErrorCode(err) != ownwords.ENOTFOUND || !strings.Contains(err.Error(), "iv-2.txt") {
			t.Fatalf("Apply with an unknown participant in iv-2.txt: %v", err)
		}
		if ivs, _ := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID}); len(ivs) != 0 {
			t.Fatalf("failed import left %d interviews", len(ivs))
		}
		ps, _ := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: study.ID})
		attrs, _ := st.Attributes(ctx, study.ID)
		cb, _ := st.Codebook(ctx, study.ID)
		if len(ps) != 0 || len(attrs) != 0 || len(cb.Codes) != 0 {
			t.Fatalf("failed import left %d participants, %d attributes, %d codes", len(ps), len(attrs), len(cb.Codes))
		}
	})
}

const applyCodebook = `{"attributes": [
	{"slug": "gender", "type": "category", "values": ["man", "woman"]},
	{"slug": "birth_year", "type": "integer"}],
 "sections": [
	{"slug": "influences", "label": "Influences", "items": [
		{"slug": "friends"}, {"slug": "online", "items": [{"slug": "videos"}, {"slug": "recruiter"}]}],
	 "derived": [{"slug": "any_social", "any_of": ["friends", "online"]}]}]}`

const applyTable = "id,gender,birth_year,city\nP-1,man,1990,Mosul\nP-2,woman,NA,Raqqa\n"

// mustBatch builds a batch from a codebook, a CSV table and transcripts
// (title → participant code), any of which may be empty.
func mustBatch(tb testing.TB, codebook, table string, interviews ...[2]string) *ingest.Batch {
	tb.Helper()
	var b ingest.Batch
	if codebook != "" {
		b.AddCodebook(mustReadCodebook(tb, "codebook.json", []byte(codebook)))
	}
	if table != "" {
		b.AddTable(mustReadCSV(tb, "people.csv", table, ingest.TableOptions{}))
	}
	for _, iv := range interviews {
		rec, err := ingest.NewInterviewRecord(iv[0]+".txt", "Transcript of "+iv[0], ingest.TranscriptMeta{Participant: iv[1], Date: "2016-03"})
		if err != nil {
			tb.Fatal(err)
		}
		b.AddInterview(rec)
	}
	return &b
}

func mustApply(tb testing.TB, svc ownwords.Services, study string, b *ingest.Batch) *ingest.Summary {
	tb.Helper()
	sum, err := ingest.Apply(context.Background(), svc, study, b)
	if err != nil {
		tb.Fatal(err)
	}
	return sum
}

func wantSummary(tb testing.TB, got *ingest.Summary, want string) {
	tb.Helper()
	b, _ := json.Marshal(got)
	if string(b) != want {
		tb.Errorf("summary\n%s\nwant\n%s", b, want)
	}
}

func participantsByCode(tb testing.TB, svc ownwords.Services, study string) map[string]*ownwords.Participant {
	tb.Helper()
	list, err := svc.Participants(context.Background(), ownwords.ParticipantFilter{StudyID: study})
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]*ownwords.Participant{}
	for _, p := range list {
		out[p.Code] = p
	}
	return out
}

// applyScenarios runs every Apply scenario against stores from open.
func applyScenarios(t *testing.T, open openStudy) {
	t.Run("OKCreatesEverything", func(t *testing.T) {
		svc, study := open(t)
		var progress []int
		b := mustBatch(t, applyCodebook, applyTable, [2]string{"interview-1", "P-1"}, [2]string{"interview-2", "P-1"})
		b.Progress = func(done, total int, what string) {
			if total != 5+2+6+2 || what == "" {
				t.Errorf("progress %d/%d %q", done, total, what)
			}
			progress = append(progress, done)
		}
		sum := mustApply(t, svc, study, b)
		wantSummary(t, sum, `{"attributes":{"created":3,"updated":0,"unchanged":2},"participants":{"created":2,"updated":0,"unchanged":0},"interviews":{"created":2,"updated":0,"unchanged":0},"codes":{"created":6,"updated":0,"unchanged":0}}`)
		if len(progress) == 0 || progress[len(progress)-1] != 15 {
			t.Errorf("progress ends at %v, want 15", progress)
		}
		ps := participantsByCode(t, svc, study)
		p1 := ps["P-1"]
		if p1 == nil || p1.Values["gender"].Str != "man" || p1.Values["birth_year"].Int != 1990 || p1.Values["city"].Str != "Mosul" {
			t.Fatalf("P-1 = %+v", p1)
		}
		if _, ok := ps["P-2"].Values["birth_year"]; ok {
			t.Errorf("missing birth_year stored for P-2: %+v", ps["P-2"].Values)
		}
		ivs, _ := svc.Interviews(context.Background(), ownwords.InterviewFilter{StudyID: study})
		if len(ivs) != 2 || ivs[0].ParticipantID != p1.ID || ivs[0].Date != (ownwords.Date{Year: 2016, Month: 3}) {
			t.Errorf("interviews %+v", ivs)
		}
		cb, _ := svc.Codebook(context.Background(), study)
		var paths []string
		for _, c := range cb.Codes {
			paths = append(paths, cb.Path(c))
		}
		if got := strings.Join(paths, " "); got != "influences influences/friends influences/online influences/online/videos influences/online/recruiter influences/any_social" {
			t.Errorf("codes %s", got)
		}
		if d := cb.ByPath("influences/any_social"); d == nil || d.Derived == nil || d.Color == "" {
			t.Errorf("derived code %+v", d)
		}
	})

	t.Run("OKReapplyChangesNothing", func(t *testing.T) {
		svc, study := open(t)
		b := mustBatch(t, applyCodebook, applyTable, [2]string{"interview-1", "P-1"})
		mustApply(t, svc, study, b)
		sum := mustApply(t, svc, study, b)
		wantSummary(t, sum, `{"attributes":{"created":0,"updated":0,"unchanged":5},"participants":{"created":0,"updated":0,"unchanged":2},"interviews":{"created":0,"updated":0,"unchanged":1},"codes":{"created":0,"updated":0,"unchanged":6}}`)
	})

	t.Run("OKMergesParticipantValues", func(t *testing.T) {
		svc, study := open(t)
		mustApply(t, svc, study, mustBatch(t, applyCodebook, applyTable))
		sum := mustApply(t, svc, study, mustBatch(t, "", "participant,city,birth_year\nP-1,NA,1991\nP-3,Homs,1980\n"))
		wantSummary(t, sum, `{"attributes":{"created":0,"updated":0,"unchanged":2},"participants":{"created":1,"updated":1,"unchanged":0},"interviews":{"created":0,"updated":0,"unchanged":0},"codes":{"created":0,"updated":0,"unchanged":0}}`)
		p1 := participantsByCode(t, svc, study)["P-1"]
		if p1.Values["gender"].Str != "man" || p1.Values["birth_year"].Int != 1991 {
			t.Errorf("P-1 = %+v", p1.Values)
		}
		if _, ok := p1.Values["city"]; ok {
			t.Errorf("a missing city should clear the stored one: %+v", p1.Values)
		}
	})

	t.Run("OKStudyTypeWinsOverInferred", func(t *testing.T) {
		svc, study := open(t)
		mustApply(t, svc, study, mustBatch(t, `{"attributes": [{"slug": "joined", "type": "date"}, {"slug": "region", "type": "category", "values": ["Iraq", "Syria"]}], "sections": [{"slug": "s"}]}`, ""))
		// "2014" alone infers integer and "Iraq" text; the study's types win.
		mustApply(t, svc, study, mustBatch(t, "", "id,joined,region\nP-1,2014,Iraq\n"))
		p := participantsByCode(t, svc, study)["P-1"]
		if v := p.Values["joined"]; v.Type != ownwords.AttrDate || v.Date != (ownwords.Date{Year: 2014}) {
			t.Errorf("joined = %+v", v)
		}
		if v := p.Values["region"]; v.Type != ownwords.AttrCategory || v.Str != "Iraq" {
			t.Errorf("region = %+v", v)
		}
	})

	t.Run("OKExtendsClosedCategoriesAndCodeDefinitions", func(t *testing.T) {
		svc, study := open(t)
		mustApply(t, svc, study, mustBatch(t, applyCodebook, ""))
		sum := mustApply(t, svc, study, mustBatch(t, `{"attributes": [{"slug": "gender", "type": "category", "values": ["woman", "other"], "description": "self-described"}],
			"sections": [{"slug": "influences", "description": "who and what drew them in", "items": [{"slug": "friends", "label": "Friends", "inclusion": "named a friend"}]}]}`, ""))
		wantSummary(t, sum, `{"attributes":{"created":0,"updated":1,"unchanged":0},"participants":{"created":0,"updated":0,"unchanged":0},"interviews":{"created":0,"updated":0,"unchanged":0},"codes":{"created":0,"updated":2,"unchanged":0}}`)
		attrs, _ := svc.Attributes(context.Background(), study)
		if g := attrs[0]; g.Slug != "gender" || strings.Join(g.Values, ",") != "man,woman,other" || g.Description != "self-described" {
			t.Errorf("gender = %+v", g)
		}
		cb, _ := svc.Codebook(context.Background(), study)
		if c := cb.ByPath("influences"); c.Label != "Influences" || c.Description != "who and what drew them in" {
			t.Errorf("influences = %+v (an absent label must not wipe the stored one)", c)
		}
		if c := cb.ByPath("influences/friends"); c.Label != "Friends" || c.Inclusion != "named a friend" {
			t.Errorf("friends = %+v", c)
		}
	})

	errs := []struct {
		name  string
		first *ingest.Batch
		batch *ingest.Batch
		code  string
		parts []string
	}{
		{"ErrInferredValueDoesNotFitStudy", mustBatch(t, applyCodebook, ""), mustBatch(t, "", "id,birth_year\nP-1,about 1990\nP-2,1990\nP-3,1991\nP-4,1992\n"),
			ownwords.EINVALID, []string{`people.csv line 2, column "birth_year": "about 1990" is not an integer; the study defines birth_year as integer`}},
		{"ErrCategoryNotInStudy", mustBatch(t, applyCodebook, ""), mustBatch(t, "", "id,gender\nP-1,other\n"),
			ownwords.EINVALID, []string{`people.csv line 2, column "gender": attribute gender: "other" is not one of man, woman`}},
		{"ErrDeclaredTypeConflict", mustBatch(t, applyCodebook, ""), mustBatch(t, `{"attributes": [{"slug": "birth_year", "type": "date"}], "sections": [{"slug": "s"}]}`, ""),
			ownwords.ECONFLICT, []string{"codebook.json: attribute birth_year is declared date, but the study defines it as integer"}},
		{"ErrInterviewTitleTaken", mustBatch(t, "", applyTable, [2]string{"interview-1", "P-1"}), mustBatch(t, "", "", [2]string{"interview-1", "P-2"}),
			ownwords.ECONFLICT, []string{`interview-1.txt: an interview titled "interview-1" already exists with other content`}},
		{"ErrInterviewTitleTwiceInBatch", mustBatch(t, "", applyTable), mustBatch(t, "", "", [2]string{"a", "P-1"}, [2]string{"a", "P-2"}),
			ownwords.ECONFLICT, []string{`a.txt: the interview title "a" is also used by a.txt`}},
		{"ErrInterviewParticipantUnknown", mustBatch(t, "", applyTable), mustBatch(t, "", "", [2]string{"interview-9", "P-9"}),
			ownwords.ENOTFOUND, []string{"interview-9.txt: participant P-9 does not exist"}},
		{"ErrUnknownAttribute", mustBatch(t, "", ""), &ingest.Batch{Participants: []*ingest.ParticipantRecord{{Code: "P-1", Values: map[string]ownwords.Value{"age": {Type: ownwords.AttrInteger, Int: 3}}}}},
			ownwords.EINVALID, []string{`participant P-1: no attribute "age"`}},
		{"ErrCodeParentMissing", mustBatch(t, "", ""), &ingest.Batch{Codes: []*ingest.CodeRecord{{Path: "a/b", Code: ownwords.Code{Slug: "b"}, Source: "cb.json"}}},
			ownwords.ENOTFOUND, []string{"cb.json: code a/b: its parent a does not exist"}},
		{"ErrStoreRefusesInterview", mustBatch(t, "", applyTable), &ingest.Batch{Interviews: []*ingest.InterviewRecord{{ParticipantCode: "P-1", Source: "x.txt", Interview: ownwords.Interview{Title: "x", Transcript: "e\u0301"}}}},
			ownwords.EINVALID, []string{"x.txt: interview \"x\": text is not in Unicode NFC"}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			svc, study := open(t)
			mustApply(t, svc, study, tt.first)
			_, err := ingest.Apply(context.Background(), svc, study, tt.batch)
			wantError(t, err, tt.code, tt.parts...)
		})
	}
}

func TestSummaryString(t *testing.T) {
	counts := "attributes: 0 created, 0 updated, 0 unchanged\nparticipants: 2 created, 1 updated, 0 unchanged\ninterviews: 0 created, 0 updated, 0 unchanged\ncodes: 0 created, 0 updated, 0 unchanged\n"
	for name, c := range map[string]struct {
		s    *ingest.Summary
		want string
	}{
		"Counts":          {&ingest.Summary{Participants: ingest.Counts{Created: 2, Updated: 1}}, counts},
		"NewParticipants": {&ingest.Summary{Participants: ingest.Counts{Created: 2, Updated: 1}, NewParticipants: []string{"P-77"}}, counts + "created participant P-77 (no attribute values yet)\n"},
	} {
		if got := c.s.String(); got != c.want {
			t.Errorf("%s: got %q", name, got)
		}
	}
}
