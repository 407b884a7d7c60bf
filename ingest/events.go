package ingest

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"ownwords"
)

// EventRecord is one row of an events table: a participant's dated event.
type EventRecord struct {
	ParticipantCode string
	Kind            string
	Date            ownwords.Period
	Note            string
	// Source and Place name the file and line ("line 7"), for errors.
	Source string
	Place  string
}

// where names the record in errors.
func (r *EventRecord) where() string {
	if r.Place == "" {
		return r.Source
	}
	return r.Source + " " + r.Place
}

// ReadEvents reads an events table from CSV: a header of exactly
// participant, kind, date and optionally note (any case, delimiter
// detected as for attribute tables), then one event per line. Kinds are
// slugs (lower-cased on reading); dates are YYYY, YYYY-MM, YYYY-MM-DD or a
// range FROM..TO of two of them, and nothing finer than the data knows is
// assumed. Blank lines are skipped. Errors are EINVALID and name the file,
// line and column.
func ReadEvents(name string, r io.Reader) ([]EventRecord, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxTableBytes+1))
	if err != nil {
		return nil, readError(name, err)
	}
	if len(b) > maxTableBytes {
		return nil, inputErrorf(name, "", "larger than %d MiB; split the table", maxTableBytes>>20)
	}
	text, err := decodeText(name, b, "")
	if err != nil {
		return nil, err
	}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	g, err := csvGrid(name, text)
	if err != nil {
		return nil, err
	}
	first := 0
	for first < len(g.rows) && g.blankRow(first) {
		first++
	}
	if first == len(g.rows) {
		return nil, inputErrorf(name, "", "empty; an events table has the header participant,kind,date[,note]")
	}
	head := slices.Clone(g.rows[first])
	for i := range head {
		head[i] = strings.ToLower(head[i])
	}
	if !slices.ContainsFunc(eventsHeaders, func(h []string) bool { return slices.Equal(h, head) }) {
		return nil, inputErrorf(name, g.rowPlace(first), "header %q; an events table has exactly the columns participant,kind,date and optionally note", strings.Join(g.rows[first], ","))
	}
	var out []EventRecord
	for r := first + 1; r < len(g.rows); r++ {
		if g.blankRow(r) {
			continue
		}
		rec, err := eventRow(g, r, len(head))
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// eventRow reads and checks one row of an events table.
func eventRow(g *grid, r, cols int) (EventRecord, error) {
	place := g.rowPlace(r)
	if n := len(g.rows[r]); n > cols {
		return EventRecord{}, inputErrorf(g.name, place, "%d fields, the header has %d; put a note holding the delimiter in double quotes", n, cols)
	}
	rec := EventRecord{
		ParticipantCode: g.cell(r, 0), Kind: strings.ToLower(g.cell(r, 1)), Note: g.cell(r, 3),
		Source: g.name, Place: place,
	}
	switch {
	case rec.ParticipantCode == "":
		return rec, inputErrorf(g.name, g.cellPlace(r, 0, "participant"), "participant code missing")
	case !ownwords.ValidSlug(rec.Kind):
		return rec, inputErrorf(g.name, g.cellPlace(r, 1, "kind"), "kind %q must be a slug such as joined or first_doubts (letters, digits, '_', '-')", g.cell(r, 1))
	case g.cell(r, 2) == "":
		return rec, inputErrorf(g.name, g.cellPlace(r, 2, "date"), "date missing; write YYYY, YYYY-MM, YYYY-MM-DD or a range such as 2015..2016")
	}
	d, err := ownwords.ParsePeriod(g.cell(r, 2))
	if err != nil {
		return rec, inputErrorf(g.name, g.cellPlace(r, 2, "date"), "%s; write YYYY, YYYY-MM, YYYY-MM-DD or a range such as 2015..2016", ownwords.ErrorMessage(err))
	}
	rec.Date = d
	return rec, nil
}

// ApplyEvents creates the events of recs in study studyID through svc.
// Participants are found by code (they may come from the same import:
// apply the batch first). An event identical to a stored one (participant,
// kind, date and note), or to an earlier record, is counted as unchanged
// and not stored twice, so re-importing a file changes nothing. Call it
// inside Store.Update, with Apply, so that the import lands whole or not at
// all. Errors name the file and line: ENOTFOUND for an unknown
// participant, EINVALID for an event the store refuses.
func ApplyEvents(ctx context.Context, svc ownwords.Services, studyID string, recs []EventRecord) (Counts, error) {
	var c Counts
	if len(recs) == 0 {
		return c, nil
	}
	ps, err := svc.Participants(ctx, ownwords.ParticipantFilter{StudyID: studyID})
	if err != nil {
		return c, fmt.Errorf("ingest: events: list participants: %w", err)
	}
	ids := make(map[string]string, len(ps))
	for _, p := range ps {
		ids[p.Code] = p.ID
	}
	stored, err := svc.Events(ctx, ownwords.EventFilter{StudyID: studyID})
	if err != nil {
		return c, fmt.Errorf("ingest: events: list events: %w", err)
	}
	seen := map[string]bool{}
	for _, e := range stored {
		seen[eventKey(e.ParticipantID, e.Kind, e.Date, e.Note)] = true
	}
	for i := range recs {
		rec := &recs[i]
		pid, ok := ids[rec.ParticipantCode]
		if !ok {
			return c, ownwords.Errorf(ownwords.ENOTFOUND, "%s: no participant %q in the study; import the participant table first (in the same import is fine)", rec.where(), rec.ParticipantCode)
		}
		key := eventKey(pid, rec.Kind, rec.Date, rec.Note)
		if seen[key] {
			c.Unchanged++
			continue
		}
		e := &ownwords.Event{StudyID: studyID, ParticipantID: pid, Kind: rec.Kind, Date: rec.Date, Note: rec.Note}
		if err := svc.CreateEvent(ctx, e); err != nil {
			return c, atSource(rec.where(), err)
		}
		seen[key] = true
		c.Created++
	}
	return c, nil
}

func eventKey(pid, kind string, d ownwords.Period, note string) string {
	return pid + "\x00" + kind + "\x00" + d.String() + "\x00" + note
}

// WriteEvents writes events as the CSV ReadEvents reads: the header
// participant,kind,date,note, then one line per event ordered by
// participant code, first day, last day and kind. codes maps participant
// IDs to codes; an event of a participant not in it is an EINVALID error.
// Notes that start with =, +, - or @ are written as they are: the file is
// data for ownwords, not a spreadsheet.
func WriteEvents(w io.Writer, events []*ownwords.Event, codes map[string]string) error {
	sorted := slices.Clone(events)
	for _, e := range sorted {
		if codes[e.ParticipantID] == "" {
			return ownwords.Errorf(ownwords.EINVALID, "events: %s event %s has no participant code", e.Kind, e.ID)
		}
	}
	slices.SortStableFunc(sorted, func(a, b *ownwords.Event) int {
		return cmp.Or(
			cmp.Compare(codes[a.ParticipantID], codes[b.ParticipantID]),
			a.Date.Earliest().Compare(b.Date.Earliest()),
			a.Date.Latest().Compare(b.Date.Latest()),
			cmp.Compare(a.Kind, b.Kind),
		)
	})
	cw := csv.NewWriter(w)
	cw.Write([]string{"participant", "kind", "date", "note"})
	for _, e := range sorted {
		cw.Write([]string{codes[e.ParticipantID], e.Kind, e.Date.String(), e.Note})
	}
	cw.Flush()
	return cw.Error()
}
