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
	"fmt"
	"slices"
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
	// Interview, InterviewID, Start and End locate the passage (team
	// audience only).
	Interview   string `json:"interview,omitempty"`
	InterviewID string `json:"interview_id,omitempty"`
	Start       int    `json:"start,omitempty"`
	End         int    `json:"end,omitempty"`
	// TimeSpan is the passage's time in the recording (t_start, t_end in
	// seconds, see ownwords.SpanOf; team audience only, and only when its
	// transcript has time anchors).
	*ownwords.TimeSpan
	// Language is the passage's (its interview's); Beside the aligned
	// passage of the interview's other text, its original or a
	// translation (report.AlignedQuotes), nil when it has none. Both
	// audiences get it: the redaction list is checked in both texts.
	Language string                 `json:"language,omitempty"`
	Beside   *report.AlignedPassage `json:"beside,omitempty"`
}

// Bank is the answer to a quote bank request.
type Bank struct {
	Item     string  `json:"item"`
	Group    string  `json:"group,omitempty"`
	Plan     string  `json:"plan"`
	Audience string  `json:"audience"`
	Quotes   []Quote `json:"quotes"`
	// Withheld counts the participants behind the figure left unquoted for
	// the public audience: those whose passages name a person, place or
	// date of the redaction list, and all of them when fewer than k stand
	// behind the figure.
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
	// Interviews, when not nil, keeps only passages of these interviews
	// (the application layer's blind coding): a participant whose first
	// passage lies elsewhere is quoted by their next one.
	Interviews map[string]bool
}

// For returns the quotes behind the figure opt.Item for opt.Group, selected
// and attributed as every output quotes (report.SelectQuotes,
// report.StudyAttribution): the first consensus passage of each
// participant behind the figure, in sample order, bounded, with a coarse
// attribution that at least k participants of the analysis sample share.
// The team audience also gets participant codes and where each passage
// lies; the public audience gets no quote when fewer than k participants
// stand behind the figure and none naming a term of the study's redaction
// list, in the passage or in its aligned passage of the interview's other
// text (Quote.Beside: the original beside its translation). Callers must only give the text to readers allowed to see it (the
// application layer, package gate, decides who).
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
	in, res, err := report.Analyse(ctx, svc, studyID, opt.Plan)
	if err != nil {
		return nil, nil, err
	}
	behind, _ := res.Provenance(section, slug, opt.Group)
	if behind == nil {
		return nil, nil, ownwords.Errorf(ownwords.ENOTFOUND, "quotes: no figure %s for group %q in the plan", opt.Item, opt.Group)
	}
	attr, err := report.StudyAttribution(in, res)
	if err != nil {
		return nil, nil, err
	}
	fig := &figure{k: res.DisclosureK, redactions: res.Redactions, behind: len(behind), sample: attr.Sample(), words: attr.Wordings()}
	bank := &Bank{Item: opt.Item, Group: opt.Group, Plan: res.Plan.Name, Audience: opt.Audience, Quotes: []Quote{}}
	public := opt.Audience == report.AudiencePublic
	titles := map[string]string{}
	for _, iv := range in.Interviews {
		titles[iv.ID] = iv.Title
	}
	if public && fig.behind < fig.k {
		bank.Withheld = fig.behind
		bank.Note = "fewer than k participants stand behind this figure"
		return bank, fig, nil
	}
	ev := res.Evidence(section, slug, opt.Group)
	if opt.Interviews != nil {
		ev = slices.DeleteFunc(ev, func(e analysis.Evidence) bool { return !opt.Interviews[e.Segment.InterviewID] })
	}
	selected, withheld, err := report.SelectQuotes(ev, report.TranscriptQuotes(ctx, svc), attr.Of,
		report.QuoteRule{Public: public, K: fig.k, Redactions: fig.redactions, Aligned: report.AlignedQuotes(ctx, svc)})
	if err != nil {
		return nil, nil, fmt.Errorf("quotes: %w", err)
	}
	bank.Withheld = withheld
	var anchors map[string][]ownwords.TimeAnchor
	if !public && len(selected) > 0 {
		ids := make([]string, len(selected))
		for i, q := range selected {
			ids[i] = q.Segment.InterviewID
		}
		if anchors, err = svc.TimeAnchors(ctx, ids); err != nil {
			return nil, nil, err
		}
	}
	for _, q := range selected {
		bq := Quote{Item: opt.Item, Text: q.Text, Attribution: q.Attribution, Beside: q.Beside}
		if q.Beside != nil {
			bq.Language = report.Clean(q.Beside.QuoteLanguage)
		}
		if !public {
			bq.Interview, bq.InterviewID, bq.Start, bq.End = titles[q.Segment.InterviewID], q.Segment.InterviewID, q.Segment.Start, q.Segment.End
			if sp, ok := ownwords.SpanOf(anchors[q.Segment.InterviewID], q.Segment.Start, q.Segment.End); ok {
				bq.TimeSpan = &sp
			}
		}
		bank.Quotes = append(bank.Quotes, bq)
	}
	return bank, fig, nil
}
