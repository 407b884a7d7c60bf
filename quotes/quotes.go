// Package quotes is the quote bank: the coded passages behind a figure of
// the study report, each with a coarse attribution, for the team or, with
// the study's disclosure rules applied, for publication.
//
// Publication itself is a checked output: Prepare renders the public bank
// as the exact text to publish and scans it; RequestPublication,
// ApprovePublication and ReleasePublication make an owner's request, a
// second owner's approval and the export depend on that text's SHA-256,
// each step an entry in the audit log.
package quotes

import (
	"context"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/disclosure"
	"ownwords/report"
)

// Quote is one consensus passage behind a figure.
type Quote struct {
	// Item is the figure's "section/slug".
	Item string `json:"item"`
	Text string `json:"text"`
	// Attribution describes the speaker coarsely, e.g. "a foreign woman,
	// returnee"; the team also sees the participant code in front of it.
	Attribution string `json:"attribution"`
	// Interview, Start and End locate the passage (team audience only).
	Interview string `json:"interview,omitempty"`
	Start     int    `json:"start,omitempty"`
	End       int    `json:"end,omitempty"`
}

// Bank is the answer to a quote bank request.
type Bank struct {
	Item     string  `json:"item"`
	Group    string  `json:"group,omitempty"`
	Audience string  `json:"audience"`
	Quotes   []Quote `json:"quotes"`
	// Withheld counts passages left out for the public audience: those
	// naming a person, place or date of the redaction list, and all of
	// them when fewer than k participants stand behind the figure.
	Withheld int `json:"withheld,omitempty"`
	// Note explains a withheld figure.
	Note string `json:"note,omitempty"`
}

// Options say which figure's quotes to take, for whom.
type Options struct {
	// Item is the figure's "section/slug" (a coded item).
	Item string
	// Group is a plan group name; "" is the whole analysis sample.
	Group string
	// Audience is report.AudienceTeam or report.AudiencePublic ("" is public).
	Audience string
	// Plan names the stored analysis plan ("" as in report.ForStudy).
	Plan string
}

// Attribution wordings: gender is the noun, origin an adjective, status an
// apposition ("a foreign woman, returnee"), in that priority.
var wordedAttributes = []struct {
	slug string
	role disclosure.Role
}{{"gender", disclosure.Noun}, {"origin", disclosure.Adjective}, {"status", disclosure.Apposition}}

// For returns the quotes behind the figure opt.Item for opt.Group: the
// consensus passages (analysis.Result.Evidence) in sample order. The public
// audience gets no quote when fewer than k participants stand behind the
// figure, no quote containing a term of the study's redaction list
// (disclosure.Scan), and attributions that at least k participants of the
// sample share (disclosure.Attributor), with no participant code.
// Callers must only give the text to readers allowed to see it (owners,
// coders, or a passphrase holder exporting for publication).
func For(ctx context.Context, svc ownwords.Services, studyID string, opt Options) (*Bank, error) {
	bank, _, err := build(ctx, svc, studyID, opt)
	return bank, err
}

// figure is what build learned besides the quotes: what the publication
// check (Prepare) tests the finished text against.
type figure struct {
	k          int
	redactions []string
	behind     int                 // participants behind the figure
	sample     []map[string]string // attribute values of the analysis sample
	words      []disclosure.Wording
}

// build implements For.
func build(ctx context.Context, svc ownwords.Services, studyID string, opt Options) (*Bank, *figure, error) {
	if opt.Audience == "" {
		opt.Audience = report.AudiencePublic
	}
	if opt.Audience != report.AudiencePublic && opt.Audience != report.AudienceTeam {
		return nil, nil, ownwords.Errorf(ownwords.EINVALID, "quotes: audience %q: want team or public", opt.Audience)
	}
	section, slug, ok := strings.Cut(opt.Item, "/")
	if !ok || section == "" || slug == "" {
		return nil, nil, ownwords.Errorf(ownwords.EINVALID, "quotes: item %q: want section/slug", opt.Item)
	}
	study, err := svc.Study(ctx, studyID)
	if err != nil {
		return nil, nil, err
	}
	// Only the analysis result is used (for its evidence), never the
	// report's numbers, so the exact team build serves both audiences.
	_, res, err := report.ForStudy(ctx, svc, studyID, report.StudyOptions{Plan: opt.Plan, Options: report.Options{Audience: report.AudienceTeam}})
	if err != nil {
		return nil, nil, err
	}
	behind, _ := res.Provenance(section, slug, opt.Group)
	if behind == nil {
		return nil, nil, ownwords.Errorf(ownwords.ENOTFOUND, "quotes: no figure %s for group %q in the plan", opt.Item, opt.Group)
	}
	fig := &figure{k: study.Settings.DisclosureK, redactions: study.Settings.Redactions, behind: len(behind)}
	fig.sample, fig.words = sampleWordings(res)
	bank := &Bank{Item: opt.Item, Group: opt.Group, Audience: opt.Audience, Quotes: []Quote{}}
	ev := res.Evidence(section, slug, opt.Group)
	public := opt.Audience == report.AudiencePublic
	if public && fig.behind < fig.k {
		bank.Withheld = len(ev)
		bank.Note = "fewer than k participants stand behind this figure"
		return bank, fig, nil
	}
	attr, err := disclosure.NewAttributor(fig.k, fig.words, fig.sample)
	if err != nil {
		return nil, nil, err
	}
	texts := map[string]*ownwords.Interview{}
	quoted := map[string]bool{} // public: one passage per participant
	for _, e := range ev {
		if public && quoted[e.Participant.ID] {
			continue
		}
		iv, ok := texts[e.Segment.InterviewID]
		if !ok {
			if iv, err = svc.Interview(ctx, e.Segment.InterviewID); err != nil {
				return nil, nil, err
			}
			texts[iv.ID] = iv
		}
		passage, ok := ownwords.Slice(iv.Transcript, e.Segment.Start, e.Segment.End)
		if !ok {
			return nil, nil, ownwords.Errorf(ownwords.EINVALID, "quotes: segment %s lies outside its transcript", e.Segment.ID)
		}
		q := Quote{Item: opt.Item, Text: passage, Attribution: attr.Attribution(disclosure.ParticipantValues(e.Participant))}
		if public {
			if len(disclosure.Scan(passage, fig.redactions)) > 0 {
				bank.Withheld++
				continue
			}
			// A published quote illustrates; it never reproduces a whole
			// answer (the report applies the same bound).
			q.Text = truncateRunes(passage, maxPublicQuoteRunes)
			quoted[e.Participant.ID] = true
		} else {
			q.Attribution = e.Participant.Code + ", " + q.Attribution
			q.Interview, q.Start, q.End = iv.Title, e.Segment.Start, e.Segment.End
		}
		bank.Quotes = append(bank.Quotes, q)
	}
	return bank, fig, nil
}

// sampleWordings returns the attribute values of the analysis sample and
// the wordings of the attributes that attributions may name.
func sampleWordings(res *analysis.Result) ([]map[string]string, []disclosure.Wording) {
	var sample []map[string]string
	for _, p := range res.Sample() {
		sample = append(sample, disclosure.ParticipantValues(p))
	}
	var words []disclosure.Wording
	for _, w := range wordedAttributes {
		vals := map[string]string{}
		for _, v := range sample {
			if x, ok := v[w.slug]; ok && strings.TrimSpace(x) != "" {
				vals[x] = x
			}
		}
		if len(vals) > 0 {
			words = append(words, disclosure.Wording{Attribute: w.slug, Role: w.role, Words: vals})
		}
	}
	return sample, words
}

// maxPublicQuoteRunes bounds a public quote, as the study report does.
const maxPublicQuoteRunes = 600

// truncateRunes cuts s to at most n code points, marking the cut with "…".
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
