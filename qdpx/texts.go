package qdpx

import (
	"strings"

	"ownwords"
)

// An interview's other texts (ownwords.InterviewText: the original its
// transcript translates, or translations of it) travel as text sources of
// their own, each next to its interview's source, named after it with the
// text's language and role in brackets ("P-0042 2016-03-02 [en
// translation]"), and linked to it by source variables (VariableValue of
// the TextSource) that ownwords defines in every project holding such a
// text:
//
//	ownwords text of          the GUID of the interview's source
//	ownwords text role        original or translation
//	ownwords text language    BCP 47 (ar, en, fr-BE)
//	ownwords text translator  who translated or interpreted (if known)
//	ownwords text method      interpreter, translation or machine_reviewed
//	ownwords text date        when (YYYY, YYYY-MM or YYYY-MM-DD)
//	ownwords text alignment   how it aligns with the transcript, when
//	                          not turn by turn: the unit map it was
//	                          aligned with by hand ("1:1,2-3:2", see
//	                          text.UnitMap), or "unaligned" (waiting
//	                          to be aligned by hand)
//
// The text sources have no selections: codings stay on the interview's
// source (ownwords codes the transcript; a passage maps onto the aligned
// turn of the other texts). Their cases refer to them as to the
// interview's source. Import rebuilds one interview with its texts: a
// source with "ownwords text of" is a text of the source that variable
// names, by GUID, else (tools that write fresh GUIDs) of the one source
// whose name is the text's name before " [". Its alignment with the
// transcript is checked as on every import of a text (turn by turn); a
// misaligned text fails the import with the error naming the first turn
// that differs, unless its "ownwords text alignment" says otherwise: a
// unit map is stored as its manual alignment (a map that no longer fits
// the texts, edited in another tool, is reported and the text kept
// unaligned), "unaligned" keeps it waiting to be aligned by hand. A
// project without these variables is imported as before.
const (
	textOfVar         = "ownwords text of"
	textRoleVar       = "ownwords text role"
	textLanguageVar   = "ownwords text language"
	textTranslatorVar = "ownwords text translator"
	textMethodVar     = "ownwords text method"
	textDateVar       = "ownwords text date"
	textAlignmentVar  = "ownwords text alignment"
)

// unalignedValue is the "ownwords text alignment" of a text waiting to be
// aligned by hand.
const unalignedValue = "unaligned"

// alignmentValue is the "ownwords text alignment" of t: "" when it aligns
// turn by turn.
func alignmentValue(t *ownwords.InterviewText) string {
	if t.Unaligned {
		return unalignedValue
	}
	return t.Alignment
}

// textVars are the link variables in the order they are written.
var textVars = []string{textOfVar, textRoleVar, textLanguageVar, textTranslatorVar, textMethodVar, textDateVar, textAlignmentVar}

// isTextVar tells whether a variable's name is one of the link variables.
func isTextVar(name string) bool {
	name = strings.TrimSpace(name)
	for _, v := range textVars {
		if strings.EqualFold(name, v) {
			return true
		}
	}
	return false
}

// textSourceName is the name of the source of text t of the interview
// titled title.
func textSourceName(title string, t *ownwords.InterviewText) string {
	return title + " [" + t.Language + " " + t.Role + "]"
}

// textVariableGUID is the GUID of link variable name in study studyID.
func textVariableGUID(studyID, name string) string {
	return derivedGID(studyID, "interview text", name)
}

// textVariables defines the link variables.
func textVariables(studyID string) []*Variable {
	out := make([]*Variable, 0, len(textVars))
	for _, name := range textVars {
		out = append(out, &Variable{GUID: textVariableGUID(studyID, name), Name: name, Type: "Text",
			Description: "ownwords: links a text source to the interview it is the original or a translation of. Please leave it as it is."})
	}
	return out
}

// textSource is the source of text t of the interview whose source is
// mainGUID, titled title.
func textSource(studyID, mainGUID, title string, t *ownwords.InterviewText) *TextSource {
	g := gid(t.ID)
	ts := &TextSource{GUID: g, Name: textSourceName(title, t), PlainTextPath: "internal://" + g + ".txt"}
	for _, kv := range [][2]string{{textOfVar, mainGUID}, {textRoleVar, t.Role}, {textLanguageVar, t.Language},
		{textTranslatorVar, t.Translator}, {textMethodVar, t.Method}, {textDateVar, dateString(t.Date)}, {textAlignmentVar, alignmentValue(t)}} {
		if kv[1] == "" {
			continue
		}
		v := kv[1]
		ts.Values = append(ts.Values, VariableValue{Variable: Ref{Target: textVariableGUID(studyID, kv[0])}, Text: &v})
	}
	return ts
}

// linkedText is a text source that import keeps as another text of the
// interview of source main.
type linkedText struct {
	main                                     string // the interview's source GUID
	role, language, translator, method, date string
	alignment                                string // as "ownwords text alignment"
}

// linkTexts finds the text sources that are another text of an interview
// (see textOfVar): a.texts by source GUID. A source whose link names no
// source of the file is reported and imported as an interview of its own.
func (a *applier) linkTexts() {
	a.texts = map[string]*linkedText{}
	if a.p.Variables == nil {
		return
	}
	field := map[string]string{} // variable GUID -> link variable name
	for _, v := range a.p.Variables.Variables {
		if isTextVar(v.Name) {
			field[v.GUID] = strings.ToLower(strings.TrimSpace(v.Name))
		}
	}
	if len(field) == 0 {
		return
	}
	byGUID := map[string]*TextSource{}
	byName := map[string][]string{}
	for _, s := range a.textSources() {
		byGUID[s.GUID] = s
		byName[strings.TrimSpace(s.Name)] = append(byName[strings.TrimSpace(s.Name)], s.GUID)
	}
	for _, s := range a.textSources() {
		vals := map[string]string{}
		for _, v := range s.Values {
			if f, ok := field[v.Variable.Target]; ok {
				vals[f], _ = v.raw()
			}
		}
		of, ok := vals[textOfVar]
		if !ok {
			continue
		}
		main := ""
		if g := guid(of); byGUID[g] != nil && g != s.GUID {
			main = g
		} else if i := strings.LastIndex(s.Name, " ["); i > 0 && len(byName[strings.TrimSpace(s.Name[:i])]) == 1 {
			main = byName[strings.TrimSpace(s.Name[:i])][0]
			a.r.note("source %q: linked to source %q by name as its %s (the GUID its link names is not in the file)", s.Name, s.Name[:i], orDefault(vals[textRoleVar], "text"))
		}
		if main == "" {
			a.r.drop("text link", s.Name, "names source %s as its interview, which is not in the file; imported as an interview of its own", of)
			continue
		}
		a.texts[s.GUID] = &linkedText{main: main, role: vals[textRoleVar], language: vals[textLanguageVar],
			translator: vals[textTranslatorVar], method: vals[textMethodVar], date: vals[textDateVar], alignment: strings.TrimSpace(vals[textAlignmentVar])}
	}
	// A text of a text is not an interview's text: both stand alone.
	for g, t := range a.texts {
		if a.texts[t.main] != nil {
			a.r.drop("text link", byGUID[g].Name, "names another text (%s) as its interview; imported as an interview of its own", byGUID[t.main].Name)
			delete(a.texts, g)
		}
	}
}

// isText tells whether source s is another text of an interview.
func (a *applier) isText(s *TextSource) bool { return a.texts[s.GUID] != nil }

// applyTexts stores each linked text with its interview, checked for
// alignment with the transcript by the store.
func (a *applier) applyTexts() error {
	for _, s := range a.textSources() {
		lt := a.texts[s.GUID]
		if lt == nil {
			continue
		}
		for _, sel := range s.Selections {
			a.r.drop("selection", s.title, "[%d,%d) of a text that is not the interview's transcript: ownwords codes the transcript, which the other texts align with; its %d coding(s) are not imported", sel.Start, sel.End, len(sel.Codings))
		}
		iv := a.interviews[lt.main]
		switch {
		case s.Text == "":
			a.r.drop("source", s.title, "%s", orDefault(s.Missing, "no text"))
			continue
		case iv == "":
			a.r.drop("source", s.title, "a text of an interview that was not imported")
			continue
		}
		d, err := ownwords.ParseDate(lt.date)
		if err != nil {
			return a.fail(err, "source %q: variable %q", s.title, textDateVar)
		}
		t := &ownwords.InterviewText{StudyID: a.study, InterviewID: iv, Language: lt.language, Role: lt.role,
			Translator: lt.translator, Method: lt.method, Date: d, Text: s.Text, AllowUnaligned: lt.alignment != ""}
		if err := a.svc.PutInterviewText(a.ctx, t); err != nil {
			return a.fail(err, "source %q", s.title)
		}
		if err := a.alignText(s.title, t, lt.alignment); err != nil {
			return err
		}
		a.r.Kept.Texts++
		a.r.Created.Texts++
	}
	return nil
}

// alignText stores the manual alignment of t, just stored, as its
// "ownwords text alignment" gives it (none when it is "" or "unaligned").
// A map that does not fit the texts is reported, the text kept unaligned.
func (a *applier) alignText(title string, t *ownwords.InterviewText, alignment string) error {
	if alignment == "" || alignment == unalignedValue {
		return nil
	}
	iv, err := a.svc.Interview(a.ctx, t.InterviewID)
	if err != nil {
		return a.fail(err, "source %q", title)
	}
	err = a.svc.AlignInterviewText(a.ctx, t.ID, t.Version, ownwords.AlignmentBasis(iv.Transcript, t.Text), alignment)
	if ownwords.ErrorCode(err) == ownwords.EINVALID {
		a.r.note("source %q: its alignment with the transcript (%s) does not fit the texts (%s); kept unaligned: align it by hand in the workbench", title, alignment, ownwords.ErrorMessage(err))
		return nil
	}
	if err != nil {
		return a.fail(err, "source %q", title)
	}
	t.Version++
	return nil
}
