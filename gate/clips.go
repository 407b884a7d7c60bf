package gate

import (
	"context"
	"errors"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"ownwords"
	"ownwords/clips"
	"ownwords/report"
	"ownwords/text"
)

// clipRoles may make reels of recording clips: owners only. A reel is
// public material showing participants' faces and voices (the
// counter-narrative videos of issue 17); like the publication of quotes
// it is an owner's decision. Coders hear recordings in the workbench but
// do not export them; analysts and viewers never get media.
var clipRoles = []ownwords.Role{ownwords.RoleOwner}

// ClipsRequest asks for the clips of one code's consensus passages.
type ClipsRequest struct {
	// Item is the code's path, "section/item" (e.g. "roles/fighter").
	Item string
	// Where keeps participants with these attribute values (slug →
	// value), as search filters.
	Where map[string]string
	// Plan names the analysis plan whose sample the attributions count
	// ("" as every output picks).
	Plan string
	// Languages are the subtitle tracks, BCP 47 ("en", "ar"): the
	// transcript's language or that of another text of the interview (an
	// original, a translation). Empty: the included clips' transcript
	// languages, then every language of their other texts
	// (clips.AddSubtitles).
	Languages []string
}

// Reel is the manifest of a reel: one clip per consensus passage of the
// code, in interview and text order, each included or left out with the
// reason.
type Reel struct {
	Item  string       `json:"item"`
	Clips []clips.Clip `json:"clips"`
	// Included counts the clips that go into the reel.
	Included int `json:"included"`
	// Languages are the reel's subtitle tracks, in order; each clip
	// lists those it has a subtitle in.
	Languages []string `json:"subtitle_languages"`
}

// Clips returns, for an owner, the manifest of a reel of the consensus
// passages coded with req.Item (clips.Manifest): consent is read now, so
// a withdrawal or a refusal recorded a moment ago already leaves the
// participant out. A passage whose clip would name a term of the
// redaction list, spoken, in another text of the interview or on its
// title card, is left out too, and a text the list cannot scan gives no
// subtitles (withholdNamed). The request is audited ("clips.manifest", the
// item). Render the included clips with OpenClip. EUNAUTHORIZED,
// EFORBIDDEN (any role but owner), EINVALID (item, filter, subtitle
// language), ENOTFOUND (code).
func (g *Gate) Clips(ctx context.Context, c Caller, req ClipsRequest) (*Reel, error) {
	if err := c.need("clips of recordings", clipRoles...); err != nil {
		return nil, err
	}
	if strings.Count(req.Item, "/") < 1 || strings.HasPrefix(req.Item, "/") || strings.HasSuffix(req.Item, "/") {
		return nil, ownwords.Errorf(ownwords.EINVALID, "clips: code %q: want section/item, e.g. roles/fighter", req.Item)
	}
	for _, l := range req.Languages {
		if _, err := language.Parse(l); err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "clips: subtitle language %q is not a BCP 47 language tag; write e.g. en, ar, fr-BE", l)
		}
	}
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	where, err := g.attributeFilter(ctx, c, req.Where)
	if err != nil {
		return nil, err
	}
	cb, err := g.store.Codebook(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	code := cb.ByPath(req.Item)
	if code == nil {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "clips: no code %s in the codebook", req.Item)
	}
	if code.Derived != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "clips: %s is derived from other codes and has no passages of its own; name one of its codes", req.Item)
	}
	segs, err := g.store.Segments(ctx, ownwords.SegmentFilter{StudyID: g.studyID, CodeIDs: []string{code.ID}, Layer: ownwords.LayerConsensus})
	if err != nil {
		return nil, err
	}
	ps, err := g.store.Participants(ctx, ownwords.ParticipantFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	byID := map[string]*ownwords.Participant{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	ivs, err := g.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	ivByID := map[string]*ownwords.Interview{}
	var ids []string
	years := map[string]map[int]bool{} // participant → the years of their interviews
	for _, iv := range ivs {
		ivByID[iv.ID] = iv
		ids = append(ids, iv.ID)
		if y := iv.Date.Year; y != 0 {
			if years[iv.ParticipantID] == nil {
				years[iv.ParticipantID] = map[int]bool{}
			}
			years[iv.ParticipantID][y] = true
		}
	}
	consents, err := g.store.Consents(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	recs, err := g.store.Recordings(ctx, g.studyID, "")
	if err != nil {
		return nil, err
	}
	recOf := map[string]*ownwords.Recording{}
	recCount := map[string]int{}
	for _, r := range recs {
		if recOf[r.InterviewID] == nil { // the first by name
			recOf[r.InterviewID] = r
		}
		recCount[r.InterviewID]++
	}
	anchors, err := g.store.TimeAnchors(ctx, ids)
	if err != nil {
		return nil, err
	}
	attribute, err := g.clipAttribution(ctx, req.Plan)
	if err != nil {
		return nil, err
	}
	text := report.TranscriptQuotes(ctx, g.store)
	var passages []clips.Passage
	for _, s := range segs {
		iv := ivByID[s.InterviewID]
		if iv == nil {
			continue
		}
		p := byID[iv.ParticipantID]
		if p == nil || !matches(p, where) {
			continue
		}
		cs := consents[p.ID]
		if cs == nil {
			cs = ownwords.DefaultConsent(g.studyID, p.ID)
		}
		t, err := text(s)
		if err != nil {
			return nil, err
		}
		passages = append(passages, clips.Passage{SegmentID: s.ID, Code: req.Item, Participant: p.Code, Interview: iv.Title,
			InterviewID: iv.ID, Start: s.Start, End: s.End, Text: report.Clean(t), Attribution: attribute(p, iv.Date.Year, years),
			Consent: cs, Recording: recOf[iv.ID], Recordings: recCount[iv.ID], Anchors: anchors[iv.ID]})
	}
	reel := &Reel{Item: req.Item, Clips: clips.Manifest(passages)}
	if err := g.clipTexts(ctx, c, passages, reel.Clips); err != nil {
		return nil, err
	}
	unscannable := withholdNamed(passages, reel.Clips, study.Settings.Redactions)
	if reel.Languages, err = clipSubtitles(passages, reel.Clips, req.Languages, unscannable); err != nil {
		return nil, err
	}
	for _, cl := range reel.Clips {
		if cl.Included() {
			reel.Included++
		}
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "clips.manifest", req.Item, ""); err != nil {
		return nil, err
	}
	return reel, nil
}

// clipTexts gives the passages of the included clips of cs (Manifest(ps),
// in the same order) their transcript and the interview's other texts,
// each with its projection. The other texts are read through
// InterviewTexts, under the rules of reading their transcripts (and
// audited as such); a text aligned by hand is projected through its unit
// map, and one that does not align (stored unaligned, or edited since)
// gives no subtitles, and the clip's note says so.
func (g *Gate) clipTexts(ctx context.Context, c Caller, ps []clips.Passage, cs []clips.Clip) error {
	type texts struct {
		iv    *ownwords.Interview
		other []clips.Text
		note  string
	}
	byIv := map[string]*texts{}
	for i := range ps {
		if !cs[i].Included() {
			continue
		}
		t := byIv[ps[i].InterviewID]
		if t == nil {
			iv, err := g.interviewOf(ctx, ps[i].InterviewID)
			if err != nil {
				return err
			}
			its, err := g.InterviewTexts(ctx, c, iv.ID)
			if err != nil {
				return err
			}
			t = &texts{iv: iv}
			for _, it := range its {
				p, err := text.NewProjectionMap(iv.Transcript, it.Text, it.Alignment)
				if err != nil {
					var ae *text.AlignError
					if !errors.As(err, &ae) {
						return err
					}
					t.note = strings.TrimPrefix(t.note+"; ", "; ") + "the " + it.Language + " text does not align with the transcript (align it by hand in the workbench): no subtitles from it"
					continue
				}
				t.other = append(t.other, clips.Text{Language: it.Language, Role: it.Role, Text: it.Text, Projection: p})
			}
			byIv[iv.ID] = t
		}
		ps[i].Language, ps[i].Transcript, ps[i].Texts = t.iv.Language, t.iv.Transcript, t.other
		if t.note != "" {
			cs[i].Note = strings.TrimPrefix(cs[i].Note+"; ", "; ") + t.note
		}
	}
	return nil
}

// clipSubtitles gives the included clips their subtitles in langs
// (clips.AddSubtitles) and returns the reel's subtitle languages.
// EINVALID when a language of langs is in none of the included clips'
// texts, saying so when their texts in it were taken out as unscannable
// (withholdNamed; lower-case tags).
func clipSubtitles(ps []clips.Passage, cs []clips.Clip, langs []string, unscannable map[string]bool) ([]string, error) {
	out := clips.AddSubtitles(ps, cs, langs)
	if out == nil {
		out = []string{} // no clip included: no track
	}
	if len(langs) == 0 {
		return out, nil
	}
next:
	for _, l := range out {
		for i := range cs {
			if slices.Contains(cs[i].Languages, l) {
				continue next
			}
		}
		for u := range unscannable {
			if ll := strings.ToLower(l); u == ll || strings.HasPrefix(u, ll+"-") {
				return nil, ownwords.Errorf(ownwords.EINVALID, "clips: subtitle language %q: the included clips' texts in it are in a script the redaction list has no term in, so no scan could find a name there; add the study's names and places in that script to the redaction list (settings --redact-file)", l)
			}
		}
		if !slices.ContainsFunc(cs, func(c clips.Clip) bool { return c.Included() }) {
			continue // no clip included: the manifest says why
		}
		return nil, ownwords.Errorf(ownwords.EINVALID, "clips: subtitle language %q: no included clip has a text in it (their transcripts and other texts are in %s)", l, strings.Join(clips.AddSubtitles(ps, slices.Clone(cs), nil), ", "))
	}
	return out, nil
}

// clipAttribution returns how clips attribute a participant on a clip of
// an interview of a year: as quotes do (report.StudyAttribution over the
// analysis sample of plan), cleaned, with the year when at least k
// participants of the sample fit the description and were interviewed
// that year (report.Attribution.OfInYear: "a foreign woman, 2017"); "a
// participant" (which names nothing, nor a year) in a study with no
// analysis plan yet.
func (g *Gate) clipAttribution(ctx context.Context, plan string) (func(p *ownwords.Participant, year int, years map[string]map[int]bool) string, error) {
	plans, err := g.store.Plans(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	if plan == "" && len(ownwords.AnalysisPlans(plans)) == 0 {
		return func(*ownwords.Participant, int, map[string]map[int]bool) string { return "a participant" }, nil
	}
	in, res, err := report.Analyse(ctx, g.store, g.studyID, plan)
	if err != nil {
		return nil, err
	}
	attr, err := report.StudyAttribution(in, res)
	if err != nil {
		return nil, err
	}
	return attr.OfInYear, nil
}

// matches reports whether p has every value of where (slug → canonical
// value).
func matches(p *ownwords.Participant, where map[string]string) bool {
	for slug, v := range where {
		pv, ok := p.Values[slug]
		if !ok || pv.String() != v {
			return false
		}
	}
	return true
}

// OpenClip opens, for an owner rendering a reel, the recording of an
// included clip: the plaintext streamed one chunk at a time, never on
// disk. Consent is read again here, so that a withdrawal (or a refusal)
// recorded after the manifest was made stops the reel at once
// (clips.ConsentExcludes: EFORBIDDEN). Not audited on its own: the reel
// is (an export). EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (g *Gate) OpenClip(ctx context.Context, c Caller, recordingID string) (ownwords.RecordingReader, error) {
	if err := c.need("clips of recordings", clipRoles...); err != nil {
		return nil, err
	}
	rec, err := g.recordingOf(ctx, c, recordingID)
	if err != nil {
		return nil, err
	}
	iv, err := g.interviewOf(ctx, rec.InterviewID)
	if err != nil {
		return nil, err
	}
	consents, err := g.store.Consents(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	cs := consents[iv.ParticipantID]
	if cs == nil {
		cs = ownwords.DefaultConsent(g.studyID, iv.ParticipantID)
	}
	if why := clips.ConsentExcludes(cs); why != "" {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "clips: recording %s may go into no reel now: its participant %s (recorded since the manifest); make the manifest again", recordingID, why)
	}
	p, err := g.Play(ctx, c, recordingID, false)
	if err != nil {
		return nil, err
	}
	return p.Reader, nil
}
