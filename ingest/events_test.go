package ingest_test

import (
	"bytes"
	"strings"
	"testing"

	"ownwords"
	"ownwords/ingest"
	"ownwords/sqldb/sqldbtest"
)

func TestReadEvents(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []string // participant|kind|date|note
	}{
		{"OK", "participant,kind,date,note\nP-1,joined,2014-06,\nP-1,first_doubts,2015..2016,lack of food\nP-2,Left,2016-03-02,\"crossed, at night\"\n",
			[]string{"P-1|joined|2014-06|", "P-1|first_doubts|2015..2016|lack of food", "P-2|left|2016-03-02|crossed, at night"}},
		{"NoNoteColumn", "Participant;Kind;Date\r\nP-1;joined;2014\r\n\r\nP-1;left;2015-01..2015-03\r\n",
			[]string{"P-1|joined|2014|", "P-1|left|2015-01..2015-03|"}},
		{"BOMAndBlankLines", "\ufeff\nparticipant,kind,date\n\nP-1,captured,2017-10-17\n",
			[]string{"P-1|captured|2017-10-17|"}},
		{"HeaderOnly", "participant,kind,date,note\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ingest.ReadEvents("events.csv", strings.NewReader(tt.csv))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, strings.Join([]string{r.ParticipantCode, r.Kind, r.Date.String(), r.Note}, "|"))
				if r.Source != "events.csv" || !strings.HasPrefix(r.Place, "line ") {
					t.Errorf("record place %q %q", r.Source, r.Place)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadEventsErrors(t *testing.T) {
	tests := []struct {
		name, csv, want string
	}{
		{"ErrEmpty", "", "events.csv: empty"},
		{"ErrHeader", "participant,kind,when\nP-1,joined,2014\n", "events.csv line 1: header"},
		{"ErrDate", "participant,kind,date\nP-1,joined,2014\nP-1,left,2015-13\n", `events.csv line 3, column "date": date 2015-13: month out of range`},
		{"ErrDayPrecision", "participant,kind,date\nP-1,joined,2015-02-30\n", `events.csv line 2, column "date"`},
		{"ErrBackwardRange", "participant,kind,date\nP-1,joined,2016..2015\n", `line 2, column "date": date range`},
		{"ErrNoDate", "participant,kind,date\nP-1,joined,\n", `line 2, column "date": date missing`},
		{"ErrKind", "participant,kind,date\nP-1,first doubts,2015\n", `line 2, column "kind": kind "first doubts"`},
		{"ErrParticipant", "participant,kind,date\n,joined,2015\n", `line 2, column "participant"`},
		{"ErrTooManyFields", "participant,kind,date,note\nP-1,joined,2015,a,b\n", "events.csv line 2: 5 fields"},
		{"ErrQuote", "participant,kind,date,note\nP-1,joined,2015,\"open\n", "events.csv line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ingest.ReadEvents("events.csv", strings.NewReader(tt.csv))
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(ownwords.ErrorMessage(err), tt.want) {
				t.Fatalf("err = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

// TestEventsRoundTrip writes events and reads them back.
func TestEventsRoundTrip(t *testing.T) {
	in := "participant,kind,date,note\nP-1,joined,2014-06,\"said \"\"late June\"\"\"\nP-1,first_doubts,2015..2016,\"food, water\"\nP-2,left,2016-03-02,\n"
	recs, err := ingest.ReadEvents("a.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var events []*ownwords.Event
	for i, r := range recs {
		// Reverse order: WriteEvents sorts.
		events = append([]*ownwords.Event{{ID: string(rune('a' + i)), ParticipantID: "id-" + r.ParticipantCode, Kind: r.Kind, Date: r.Date, Note: r.Note}}, events...)
	}
	var buf bytes.Buffer
	if err := ingest.WriteEvents(&buf, events, map[string]string{"id-P-1": "P-1", "id-P-2": "P-2"}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != in {
		t.Fatalf("round trip:\n%s\nwant\n%s", buf.String(), in)
	}
	if err := ingest.WriteEvents(&buf, events, nil); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Fatalf("unknown participant: %v", err)
	}
}

func TestApplyEvents(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "events")
		b := mustBatch(t, applyCodebook, applyTable)
		recs, err := ingest.ReadEvents("ev.csv", strings.NewReader("participant,kind,date,note\nP-1,joined,2014-06,\nP-1,first_doubts,2015..2016,food\nP-1,joined,2014-06,\n"))
		if err != nil {
			t.Fatal(err)
		}
		var c ingest.Counts
		err = st.Update(ctx, func(tx ownwords.Services) error {
			if _, err := ingest.Apply(ctx, tx, study.ID, b); err != nil {
				return err
			}
			c, err = ingest.ApplyEvents(ctx, tx, study.ID, recs)
			return err
		})
		if err != nil || c.Created != 2 || c.Unchanged != 1 {
			t.Fatalf("ApplyEvents = %+v, %v", c, err)
		}
		// Importing again changes nothing.
		err = st.Update(ctx, func(tx ownwords.Services) error {
			c, err = ingest.ApplyEvents(ctx, tx, study.ID, recs)
			return err
		})
		if err != nil || c.Created != 0 || c.Unchanged != 3 {
			t.Fatalf("second ApplyEvents = %+v, %v", c, err)
		}
		events, err := st.Events(ctx, ownwords.EventFilter{StudyID: study.ID})
		if err != nil || len(events) != 2 || events[1].Date.String() != "2015..2016" {
			t.Fatalf("stored events %v, %v", events, err)
		}
		// An unknown participant fails the whole transaction.
		bad, _ := ingest.ReadEvents("bad.csv", strings.NewReader("participant,kind,date\nP-1,left,2016\nP-404,left,2016\n"))
		err = st.Update(ctx, func(tx ownwords.Services) error {
			_, err := ingest.ApplyEvents(ctx, tx, study.ID, bad)
			return err
		})
		if ownwords.ErrorCode(err) != ownwords.ENOTFOUND || !strings.Contains(ownwords.ErrorMessage(err), "bad.csv line 3") {
			t.Fatalf("unknown participant: %v", err)
		}
		if events, _ := st.Events(ctx, ownwords.EventFilter{StudyID: study.ID}); len(events) != 2 {
			t.Fatalf("failed import left %d events", len(events))
		}
	})
}

func FuzzReadEvents(f *testing.F) {
	f.Add("participant,kind,date,note\nP-1,joined,2014-06,x\n")
	f.Add("participant;kind;date\nP-1;left;2015..2016\n")
	f.Add("\ufeffparticipant,kind,date\n\"P,1\",joined,2015-02-28\n")
	f.Fuzz(func(t *testing.T, s string) {
		recs, err := ingest.ReadEvents("f.csv", strings.NewReader(s))
		if err != nil {
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.HasPrefix(ownwords.ErrorMessage(err), "f.csv") {
				t.Fatalf("error %v", err)
			}
			return
		}
		for _, r := range recs {
			if r.ParticipantCode == "" || !ownwords.ValidSlug(r.Kind) || r.Date.From.IsZero() {
				t.Fatalf("bad record %+v", r)
			}
			if p, err := ownwords.ParsePeriod(r.Date.String()); err != nil || p != r.Date {
				t.Fatalf("date %v does not round-trip: %v", r.Date, err)
			}
		}
	})
}
