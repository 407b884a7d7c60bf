package qdpx

import (
	"context"
	"fmt"
	"strings"

	"ownwords"
)

// ConsensusUser is the REFI-QDA user under which ownwords exports the
// consensus layer: REFI-QDA has no layers, so a coding made by a user of
// this name (any case) is imported into the consensus layer, with the
// selection's modifyingUser (else its creatingUser, when not this user)
// as the adjudicator; the user itself becomes no account. Every other
// coding lands in the coder layer of its creatingUser.
const ConsensusUser = "consensus"

// importUser names the account that carries codings whose creatingUser is
// missing or unknown.
const importUser = "refi-qda-import"

// Apply writes project p (from Read) into study studyID through svc and
// returns p's report completed with what was kept. It opens no
// transaction: call it inside Store.Update so that the import lands whole
// or not at all. Mapping: users are matched by name to existing accounts
// or created disabled and without a password (role coder); codes are
// created under their parents (a flat "A::B" name becomes A with child B;
// duplicate names under one parent get "-2", "-3" slugs; a code already at
// the same path is reused); variables become typed attributes; each case
// becomes a participant and its sources that participant's interviews (a
// source in no case becomes a participant of its own); sets of sources
// become boolean attributes "set-<name>"; notes become memos on what
// refers to them (the study otherwise); selections with their codings
// become segments. Errors: EINVALID, ECONFLICT (an interview title or
// attribute taken with another type), with the object named.
func Apply(ctx context.Context, svc ownwords.Services, studyID string, p *Project) (*Report, error) {
	if p.Report == nil {
		p.Report = &Report{Project: p.Name}
	}
	a := &applier{ctx: ctx, svc: svc, study: studyID, p: p, r: p.Report,
		users: map[string]string{}, codes: map[string]string{}, attrs: map[string]*ownwords.Attribute{},
		parts: map[string]*ownwords.Participant{}, interviews: map[string]string{}, segments: map[string][]string{}}
	a.meta = readMeta(p, a.r)
	a.linkTexts()
	for _, step := range []func() error{a.applyUsers, a.applyCodes, a.applyAttributes, a.applyParticipants, a.applyInterviews, a.applyTexts, a.applySegments, a.applyMemos} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return a.r, nil
}

// applier carries one Apply's state: store IDs by REFI-QDA GUID.
type applier struct {
	ctx   context.Context
	svc   ownwords.Services
	study string
	p     *Project
	r     *Report

	users      map[string]string // user GUID -> user ID
	consensus  map[string]bool   // user GUIDs of the consensus pseudo-user
	codes      map[string]string // code GUID -> code ID
	attrs      map[string]*ownwords.Attribute
	parts      map[string]*ownwords.Participant // case or source GUID -> participant
	interviews map[string]string                // source GUID -> interview ID
	segments   map[string][]string              // selection GUID -> segment IDs
	fallback   string                           // user ID for codings without a known coder
	pending    map[string]string                // derived code GUID -> parent ID, for the second pass
	ready      bool                             // second pass: derived codes may be created
	meta       *metaIndex                       // ownwords' block of the project
	caseNames  map[string][]string              // case name -> GUIDs of the cases of that name
	judge      string                           // user ID of consensus codings without an adjudicator
	noteOrd    map[string]int                   // note GUID -> ordinal among notes of its name
	authors    map[string]string                // memo author name -> user ID (author)
	dated      int                              // memos made from notes with a creationDateTime
	texts      map[string]*linkedText           // source GUID -> the interview text it is (texts.go)
}

func (a *applier) fail(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if e, ok := err.(*ownwords.Error); ok {
		return ownwords.Errorf(e.Code, "%s: %s: %s", a.r.File, what, e.Message)
	}
	return fmt.Errorf("qdpx: %s: %w", what, err)
}

func (a *applier) applyUsers() error {
	a.consensus = map[string]bool{}
	if a.p.Users == nil {
		return nil
	}
	textOwners := a.textOwnersOnly()
	for _, u := range a.p.Users.Users {
		if textOwners[u.GUID] {
			a.r.note("user %s only owns texts, which ownwords wrote without an owner (the other tool named one); no account made", orDefault(safeName(u.Name, true), u.GUID))
			continue
		}
		name := safeName(u.Name, true)
		if name == "" {
			name = safeName(u.ID, true)
		}
		if name == "" {
			name = "user-" + strings.ReplaceAll(u.GUID, "-", "")[:min(8, len(strings.ReplaceAll(u.GUID, "-", "")))]
		}
		if name == ConsensusUser {
			// The consensus layer, not a person: no account.
			a.consensus[u.GUID] = true
			a.r.Kept.Users++
			continue
		}
		id, err := a.user(name)
		if err != nil {
			return err
		}
		a.users[u.GUID] = id
		a.r.Kept.Users++
	}
	return nil
}

// textOwnersOnly returns the users a file of ownwords' names as the
// creatingUser of text sources and nowhere else. ownwords writes sources
// without one, so such a user was added by the tool the file went through
// (QualCoder makes the owner of every text "default", or its current
// coder): a user of the texts, not of the study. Without ownwords' data,
// or for a user who coded or wrote a note, none.
func (a *applier) textOwnersOnly() map[string]bool {
	out := map[string]bool{}
	if len(a.meta.sources) == 0 || a.p.Sources == nil {
		return out
	}
	for _, s := range a.p.Sources.Text {
		if s.CreatingUser != "" {
			out[s.CreatingUser] = true
		}
	}
	for _, s := range a.p.Sources.Text {
		for _, sel := range s.Selections {
			delete(out, sel.CreatingUser)
			delete(out, sel.ModifyingUser)
			for _, c := range sel.Codings {
				delete(out, c.CreatingUser)
			}
		}
		for _, c := range s.Codings {
			delete(out, c.CreatingUser)
		}
	}
	if a.p.Notes != nil {
		for _, n := range a.p.Notes.Notes {
			delete(out, n.CreatingUser)
		}
	}
	return out
}

// user returns the ID of the account name, creating it disabled and
// without a password (it can sign in only once an owner sets one).
func (a *applier) user(name string) (string, error) {
	u, err := a.svc.UserByName(a.ctx, name)
	if err == nil {
		a.r.note("user %s matched the existing account of that name", name)
		return u.ID, nil
	}
	if ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		return "", a.fail(err, "user %s", name)
	}
	u = &ownwords.User{Name: name, Disabled: true}
	if err := a.svc.CreateUser(a.ctx, u); err != nil {
		return "", a.fail(err, "create user %s", name)
	}
	if err := a.svc.SetRole(a.ctx, a.study, u.ID, ownwords.RoleCoder); err != nil {
		return "", a.fail(err, "give user %s the coder role", name)
	}
	a.r.Created.Users++
	a.r.note("user %s created disabled, without a password", name)
	return u.ID, nil
}

// coder returns the user ID for a creatingUser GUID.
func (a *applier) coder(g string) (string, error) {
	if id, ok := a.users[g]; ok {
		return id, nil
	}
	if a.fallback == "" {
		id, err := a.user(importUser)
		if err != nil {
			return "", err
		}
		a.fallback = id
		a.r.note("codings without a known creatingUser are attributed to user %s", importUser)
	}
	return a.fallback, nil
}

func (a *applier) applyMemos() error {
	notes := map[string]*TextSource{}
	if a.p.Notes != nil {
		for _, n := range a.p.Notes.Notes {
			notes[n.GUID] = n
		}
	}
	used := map[string]bool{}
	add := func(refs []Ref, target string, ids ...string) error {
		for _, ref := range refs {
			n := a.noteOf(ref, notes, used)
			if n == nil {
				continue
			}
			for _, id := range ids {
				if err := a.memo(n, target, id); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := add(a.p.NoteRefs, ownwords.MemoStudy, a.study); err != nil {
		return err
	}
	if d := strings.TrimSpace(a.meta.text); d != "" {
		if err := a.memo(&TextSource{Name: "Project description", Text: d}, ownwords.MemoStudy, a.study); err != nil {
			return err
		}
	}
	if a.p.CodeBook != nil {
		var err error
		walkCodes(a.p.CodeBook.Codes.Codes, func(c *Code, _ []*Code) {
			if err == nil && a.codes[c.GUID] != "" {
				err = add(c.NoteRefs, ownwords.MemoCode, a.codes[c.GUID])
			}
		})
		if err != nil {
			return err
		}
	}
	if a.p.Cases != nil {
		for _, c := range a.p.Cases.Cases {
			if d := strings.TrimSpace(c.Description); d != "" && a.parts[c.GUID] != nil {
				if err := a.memo(&TextSource{Name: "Case description", Text: d}, ownwords.MemoParticipant, a.parts[c.GUID].ID); err != nil {
					return err
				}
			}
		}
	}
	for _, s := range a.textSources() {
		iv := a.interviews[s.GUID]
		if lt := a.texts[s.GUID]; lt != nil {
			// Notes on another text of an interview are on the interview;
			// its selections were reported (applyTexts).
			iv = a.interviews[lt.main]
		}
		if iv == "" {
			continue
		}
		if err := add(s.NoteRefs, ownwords.MemoInterview, iv); err != nil {
			return err
		}
		if d, _ := splitMeta(s.Description); strings.TrimSpace(d) != "" {
			if err := a.memo(&TextSource{Name: "Source description", Text: strings.TrimSpace(d)}, ownwords.MemoInterview, iv); err != nil {
				return err
			}
		}
		for _, sel := range s.Selections {
			if a.isText(s) {
				break
			}
			if len(a.segments[sel.GUID]) == 0 {
				if err := a.annotate(s, iv, sel, notes, used); err != nil {
					return err
				}
				continue
			}
			if err := add(sel.NoteRefs, ownwords.MemoSegment, a.segments[sel.GUID]...); err != nil {
				return err
			}
			for _, c := range sel.Codings {
				if err := add(c.NoteRefs, ownwords.MemoSegment, a.segments[sel.GUID]...); err != nil {
					return err
				}
			}
		}
	}
	if a.p.Notes == nil {
		return nil
	}
	ordinal := nameOrdinals(a.p.Notes.Notes)
	placed := 0
	for _, n := range a.p.Notes.Notes {
		if used[n.GUID] {
			continue
		}
		if len(n.Selections) > 0 {
			// QualCoder refers to only one annotation note per source.
			a.r.note("note %s holds a selection but no source refers to it: kept as a memo on the study, without its span", strconvQuote(orDefault(n.Name, n.GUID)))
		}
		e := a.meta.note(n, ordinal[n.GUID])
		target, id := a.noteTarget(n, e)
		if err := a.memo(n, target, id); err != nil {
			return err
		}
		if e != nil && e.Target != "" && e.Target != ownwords.MemoStudy && target == e.Target {
			placed++
		}
	}
	if a.dated > 0 {
		a.r.note("%d memo(s) take the time of this import as their creation time: the store keeps no earlier one, so the notes' creationDateTime is not restored", a.dated)
	}
	if placed > 0 {
		a.r.note("%d note(s) no element refers to placed on their memo's target (code, participant, interview or segment), which ownwords' data names", placed)
	}
	return nil
}

// noteOrdinal returns note n's ordinal among the notes of its name.
func (a *applier) noteOrdinal(n *TextSource) int {
	if a.noteOrd == nil {
		a.noteOrd = nameOrdinals(a.p.Notes.Notes)
	}
	return a.noteOrd[n.GUID]
}

// noteOf returns the note ref names, marked used, or nil (reported).
func (a *applier) noteOf(ref Ref, notes map[string]*TextSource, used map[string]bool) *TextSource {
	n := notes[ref.Target]
	if n == nil {
		a.r.drop("note reference", ref.Target, "names no note of the project")
		return nil
	}
	used[n.GUID] = true
	return n
}

func (a *applier) memo(n *TextSource, target, id string) error {
	_, err := a.memoAt(n, target, id, nil)
	return err
}

// memoAt writes note n as a memo on target id, anchored when anchor is
// not nil; it reports whether it wrote one (an empty note is dropped).
func (a *applier) memoAt(n *TextSource, target, id string, anchor *ownwords.MemoAnchor) (bool, error) {
	if strings.TrimSpace(n.Text) == "" {
		a.r.drop("note", n.Name, "%s", orDefault(n.Missing, "the note is empty"))
		return false, nil
	}
	var e *noteEntry
	if n.GUID != "" && a.p.Notes != nil {
		e = a.meta.note(n, a.noteOrdinal(n))
	}
	// ownwords' data has the title of a memo whose note is named
	// otherwise (made unique, or a memo without a title), and its author.
	m := &ownwords.Memo{StudyID: a.study, TargetType: target, TargetID: id, Title: e.title(n.Name), Body: n.Text, Anchor: anchor}
	if u, ok := a.users[n.CreatingUser]; ok {
		m.AuthorID = u
	} else if e != nil && e.Author != "" {
		u, err := a.author(e.Author)
		if err != nil {
			return false, err
		}
		m.AuthorID = u
	}
	if err := a.svc.CreateMemo(a.ctx, m); err != nil {
		return false, a.fail(err, "memo %q", n.Name)
	}
	if n.Created != "" {
		a.dated++
	}
	a.r.Kept.Memos++
	a.r.Created.Memos++
	return true, nil
}

func (a *applier) textSources() []*TextSource {
	if a.p.Sources == nil {
		return nil
	}
	return a.p.Sources.Text
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
