package ingest

import (
	"context"
	"path"
	"slices"
	"strings"
	"unicode"

	"ownwords"
)

// codes creates codes missing by path and updates the definitions of
// existing ones. Records come parents first (as ReadCodebook lists them).
func (a *applier) codes() error {
	if len(a.b.Codes) == 0 {
		return nil
	}
	cb, err := a.svc.Codebook(a.ctx, a.study)
	if err != nil {
		return atSource("", err)
	}
	byPath := make(map[string]*ownwords.Code, len(cb.Codes))
	for _, c := range cb.Codes {
		byPath[cb.Path(c)] = c
	}
	for _, rec := range a.b.Codes {
		src := sourceName(rec.Source)
		parent, slug := path.Split(rec.Path)
		parent = strings.TrimSuffix(parent, "/")
		if slug != rec.Code.Slug {
			return ownwords.Errorf(ownwords.EINVALID, "%s: code path %q does not end in its slug %q", src, rec.Path, rec.Code.Slug)
		}
		if cur := byPath[rec.Path]; cur != nil {
			upd := *cur
			if !updateCode(&upd, &rec.Code) {
				a.sum.Codes.Unchanged++
			} else if err := a.svc.UpdateCode(a.ctx, &upd); err != nil {
				return atSource(src+" code "+rec.Path, err)
			} else {
				byPath[rec.Path] = &upd
				a.sum.Codes.Updated++
			}
			a.progress(1, "code "+rec.Path)
			continue
		}
		c := rec.Code
		c.StudyID, c.ParentID = a.study, ""
		if parent != "" {
			p := byPath[parent]
			if p == nil {
				return ownwords.Errorf(ownwords.ENOTFOUND, "%s: code %s: its parent %s does not exist; add the parent before its children", src, rec.Path, parent)
			}
			c.ParentID = p.ID
		}
		if err := a.svc.CreateCode(a.ctx, &c); err != nil {
			return atSource(src+" code "+rec.Path, err)
		}
		byPath[rec.Path] = &c
		a.sum.Codes.Created++
		a.progress(1, "code "+rec.Path)
	}
	return nil
}

// updateCode copies the definition fields of in that are set onto c and
// reports whether c changed. Colour, position and flags stay as stored:
// they may have been edited in the study.
func updateCode(c, in *ownwords.Code) bool {
	changed := false
	for _, f := range []struct{ dst, src *string }{
		{&c.Label, &in.Label}, {&c.Description, &in.Description}, {&c.Inclusion, &in.Inclusion},
		{&c.Exclusion, &in.Exclusion}, {&c.Example, &in.Example},
	} {
		if *f.src != "" && *f.src != *f.dst {
			*f.dst = *f.src
			changed = true
		}
	}
	if d := in.Derived; d != nil && (c.Derived == nil || c.Derived.Op != d.Op || !slices.Equal(c.Derived.Items, d.Items)) {
		c.Derived = &ownwords.Derivation{Op: d.Op, Items: slices.Clone(d.Items)}
		changed = true
	}
	return changed
}

// indexPreparer is implemented by the stores that can compute the search
// index entries of the transcripts about to be written on every core while
// the transaction writes (sqldb).
type indexPreparer interface {
	PrepareIndex(ctx context.Context, transcripts []string) (stop func())
}

// interviews creates interviews; a title already in the study must come
// with the same content, so that re-running an import is harmless.
func (a *applier) interviews() error {
	if len(a.b.Interviews) == 0 {
		return nil
	}
	if err := a.loadParticipants(); err != nil {
		return err
	}
	list, err := a.svc.Interviews(a.ctx, ownwords.InterviewFilter{StudyID: a.study})
	if err != nil {
		return atSource("", err)
	}
	byTitle := make(map[string]*ownwords.Interview, len(list))
	for _, iv := range list {
		byTitle[iv.Title] = iv
	}
	if ip, ok := a.svc.(indexPreparer); ok {
		var texts []string
		for _, rec := range a.b.Interviews {
			if byTitle[rec.Interview.Title] == nil {
				texts = append(texts, rec.Interview.Transcript)
			}
		}
		defer ip.PrepareIndex(a.ctx, texts)()
	}
	seen := map[string]string{}
	for _, rec := range a.b.Interviews {
		src := sourceName(rec.Source)
		iv := rec.Interview
		if prev, ok := seen[iv.Title]; ok {
			return ownwords.Errorf(ownwords.ECONFLICT, "%s: the interview title %q is also used by %s; give one of them another title (--title)", src, iv.Title, prev)
		}
		seen[iv.Title] = src
		p, err := a.interviewParticipant(rec)
		if err != nil {
			return err
		} else if p == nil {
			return ownwords.Errorf(ownwords.ENOTFOUND, "%s: participant %s does not exist; import the attribute table that lists them first, or in the same command", src, rec.ParticipantCode)
		}
		iv.StudyID, iv.ParticipantID = a.study, p.ID
		cur := byTitle[iv.Title]
		if cur != nil {
			stored, err := a.svc.Interview(a.ctx, cur.ID)
			if err != nil {
				return atSource(src, err)
			}
			if !sameInterview(stored, &iv) {
				return ownwords.Errorf(ownwords.ECONFLICT, "%s: an interview titled %q already exists with other content; give this one another title (--title) or delete the old one", src, iv.Title)
			}
			// The same words with new times (a subtitle file re-timed,
			// timestamps added): the times are updated.
			if iv.Anchors != nil && !slices.Equal(iv.Anchors, stored.Anchors) {
				stored.Anchors = iv.Anchors
				if err := a.svc.UpdateInterview(a.ctx, stored); err != nil {
					return atSource(src, err)
				}
				a.sum.Interviews.Updated++
			} else {
				a.sum.Interviews.Unchanged++
			}
		} else {
			if err := a.svc.CreateInterview(a.ctx, &iv); err != nil {
				return atSource(src, err)
			}
			a.sum.Interviews.Created++
			if err := a.comments(rec, &iv); err != nil {
				return err
			}
		}
		a.documentSummary(rec, cur == nil)
		a.progress(1, "interview "+iv.Title)
	}
	return nil
}

// comments keeps the comments of rec's document as memos on iv anchored
// to the text they comment on.
func (a *applier) comments(rec *InterviewRecord, iv *ownwords.Interview) error {
	if rec.Document == nil {
		return nil
	}
	for _, c := range rec.Document.Comments {
		// A document's comment author is often a person's real name (an
		// interviewer, an interpreter): the memo keeps only the initials.
		title := "Comment"
		if in := initials(c.Author); in != "" {
			title = "Comment by " + in
		}
		m := &ownwords.Memo{StudyID: a.study, TargetType: ownwords.MemoInterview, TargetID: iv.ID, Title: title, Body: c.Text, Anchor: c.Anchor()}
		if err := a.svc.CreateMemo(a.ctx, m); err != nil {
			return atSource(sourceName(rec.Source)+" comment", err)
		}
	}
	return nil
}

// documentSummary lists what reading rec's document did; created says
// whether its comments became memos now.
func (a *applier) documentSummary(rec *InterviewRecord, created bool) {
	d := rec.Document
	if d == nil {
		return
	}
	s := DocumentSummary{File: sourceName(rec.Source), Revisions: d.Revisions, Footnotes: d.Footnotes, Endnotes: d.Endnotes, Comments: len(d.Comments)}
	if created {
		s.Memos = len(d.Comments)
		for _, c := range d.Comments {
			if c.Anchor() == nil {
				s.Unanchored++
			}
		}
	}
	s.Text = d.Summary(s.Memos)
	a.sum.Documents = append(a.sum.Documents, s)
}

// interviewParticipant returns the participant of rec, creating it when the
// study lacks it and rec allows that; nil if it does not exist.
func (a *applier) interviewParticipant(rec *InterviewRecord) (*ownwords.Participant, error) {
	if p := a.byCode[rec.ParticipantCode]; p != nil || !rec.NewParticipant || rec.ParticipantCode == "" {
		return p, nil
	}
	p := &ownwords.Participant{StudyID: a.study, Code: rec.ParticipantCode, Values: map[string]ownwords.Value{}}
	if err := a.svc.CreateParticipant(a.ctx, p); err != nil {
		return nil, atSource(rec.Source, err)
	}
	a.byCode[p.Code] = p
	a.sum.Participants.Created++
	a.sum.NewParticipants = append(a.sum.NewParticipants, p.Code)
	return p, nil
}

// sameInterview compares the fields an import sets; status and a
// translation added in the study later do not count.
func sameInterview(x, y *ownwords.Interview) bool {
	return x.ParticipantID == y.ParticipantID && x.Date == y.Date && x.Place == y.Place &&
		x.Language == y.Language && x.Interpreter == y.Interpreter && x.Transcript == y.Transcript
}

// initials returns the initials of a name ("Jane van Doe" → "J.v.D."), or
// "" for a name without letters.
func initials(name string) string {
	var sb strings.Builder
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			if unicode.IsLetter(r) {
				sb.WriteRune(r)
				sb.WriteByte('.')
				break
			}
		}
	}
	return sb.String()
}
