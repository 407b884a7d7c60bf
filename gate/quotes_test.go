package gate

import (
	"fmt"
	"strings"
	"testing"

	"ownwords"
	"ownwords/quotes"
)

// TestQuotesByRole asks every role for the quote bank of a figure: owners
// get the team view and a preview of the public selection, marked as one;
// coders the team view without any interview still in blind coding; the
// others nothing. Each view is audited.
func TestQuotesByRole(t *testing.T) {
	family := "influences/family"
	tests := []struct {
		name, role string
		req        QuotesRequest
		code       string
		// quotes are the participant codes quoted; preview and blind as
		// QuoteBank's.
		quotes  string
		preview bool
		blind   int
		audit   string
	}{
		{"OwnerTeam", "owner", QuotesRequest{Item: family}, "", "P-01 P-02 P-03 P-04 P-05 P-06", false, 0, "owner quotes.team influences/family"},
		{"OwnerGroup", "owner", QuotesRequest{Item: family, Group: "women"}, "", "P-01 P-02 P-05 P-06", false, 0, "owner quotes.team influences/family women"},
		{"OwnerPublicPreview", "owner", QuotesRequest{Item: family, Audience: AudiencePublic}, "", "6 anonymous", true, 0, "owner quotes.public influences/family"},
		{"CoderTeamWithoutBlindInterviews", "coder", QuotesRequest{Item: family}, "", "P-01 P-03 P-05", false, 3, "coder quotes.team influences/family"},
		{"ErrCoderPublicPreview", "coder", QuotesRequest{Item: family, Audience: AudiencePublic}, ownwords.EFORBIDDEN, "", false, 0, ""},
		{"ErrAnalyst", "analyst", QuotesRequest{Item: family}, ownwords.EFORBIDDEN, "", false, 0, ""},
		{"ErrViewer", "viewer", QuotesRequest{Item: family}, ownwords.EFORBIDDEN, "", false, 0, ""},
		{"ErrPublic", "public", QuotesRequest{Item: family}, ownwords.EUNAUTHORIZED, "", false, 0, ""},
		{"ErrAudience", "owner", QuotesRequest{Item: family, Audience: "press"}, ownwords.EINVALID, "", false, 0, ""},
		{"ErrItem", "owner", QuotesRequest{Item: "family"}, ownwords.EINVALID, "", false, 0, ""},
		{"ErrNoFigure", "coder", QuotesRequest{Item: "influences/war"}, ownwords.ENOTFOUND, "", false, 0, ""},
		{"ErrNoPlan", "owner", QuotesRequest{Item: family, Plan: "other"}, ownwords.ENOTFOUND, "", false, 0, ""},
	}
	eachListing(t, func(t *testing.T, f *listingFixture) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				newAudits := f.auditsSince(t, "quotes.")
				bank, err := f.g.Quotes(t.Context(), f.caller(tt.role), tt.req)
				if refused(t, err, tt.code, newAudits) {
					return
				}
				audits := newAudits()
				var who []string
				for _, q := range bank.Quotes {
					if tt.preview {
						if q.Interview != "" || q.InterviewID != "" || strings.Contains(q.Attribution, "P-") {
							t.Errorf("the public preview locates or names: %+v", q)
						}
						continue
					}
					code, _, _ := strings.Cut(q.Attribution, ",")
					who = append(who, code)
					var n int
					fmt.Sscanf(code, "P-%d", &n)
					if q.Text != "the hisbah came" || n < 1 || q.InterviewID != f.ivs[n-1].ID || q.Interview != f.ivs[n-1].Title {
						t.Errorf("quote %q of %s at %q", q.Text, q.Attribution, q.Interview)
					}
				}
				got := strings.Join(who, " ")
				if tt.preview {
					got = fmt.Sprintf("%d anonymous", len(bank.Quotes))
				}
				if got != tt.quotes || bank.Preview != tt.preview || bank.Blind != tt.blind || bank.MayPreview != (tt.role == "owner") {
					t.Errorf("quotes %q, preview %v, blind %d, may preview %v; want %q, %v, %d", got, bank.Preview, bank.Blind, bank.MayPreview, tt.quotes, tt.preview, tt.blind)
				}
				if len(audits) != 1 || audits[0] != tt.audit {
					t.Errorf("audit entries %q, want %q", audits, tt.audit)
				}
			})
		}
	})
}

// TestQuotesCoderGetsNextOpenPassage: a participant whose first passage
// lies in an interview still in blind coding is quoted, for a coder, by
// their passage in an interview whose comparison is open.
func TestQuotesCoderGetsNextOpenPassage(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		// P-02 gets a second, open interview.
		iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.parts[1].ID, Title: "Interview 02b", Language: "en", Transcript: listingTranscript(2)}
		fatalIf(t, f.st.CreateInterview(t.Context(), iv))
		f.code(t, iv, f.family, f.users[ownwords.RoleOwner], ownwords.LayerConsensus, "the hisbah came")
		fatalIf(t, f.st.OpenComparison(t.Context(), iv.ID))
		for role, want := range map[string]string{"coder": iv.ID, "owner": f.ivs[1].ID} {
			bank, err := f.g.Quotes(t.Context(), f.caller(role), QuotesRequest{Item: "influences/family"})
			fatalIf(t, err)
			got := ""
			for _, q := range bank.Quotes {
				if strings.HasPrefix(q.Attribution, "P-02,") {
					got = q.InterviewID
				}
			}
			if got != want {
				t.Errorf("%s: P-02 quoted from %q, want %q", role, got, want)
			}
		}
	})
}

// TestPublicationOwnersOnly: every step of quote publication is refused
// to everyone but owners before anything is prepared or recorded, and an
// owner's request goes through.
func TestPublicationOwnersOnly(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		opt := quotes.Options{Item: "influences/family"}
		for _, role := range listingRoles[1:] {
			t.Run(role, func(t *testing.T) {
				want := ownwords.EFORBIDDEN
				if role == "public" {
					want = ownwords.EUNAUTHORIZED
				}
				c := f.caller(role)
				_, _, err := f.g.RequestPublication(t.Context(), c, opt)
				wantErrCode(t, err, want)
				_, _, err = f.g.ReviewPublication(t.Context(), c, "qp-1")
				wantErrCode(t, err, want)
				_, _, err = f.g.ApprovePublication(t.Context(), c, "qp-1")
				wantErrCode(t, err, want)
				_, _, err = f.g.ReleasePublication(t.Context(), c, "qp-1")
				wantErrCode(t, err, want)
				wantErrCode(t, f.g.Published(t.Context(), c, &quotes.Request{ID: "qp-1"}, &quotes.Publication{}, "x"), want)
			})
		}
		if got := f.audited(t, "quotes."); len(got) != 0 {
			t.Errorf("refused steps recorded %q", got)
		}
		req, pub, err := f.g.RequestPublication(t.Context(), f.caller("owner"), opt)
		fatalIf(t, err)
		if req.RequestedBy != "owner" || pub.Quotes != 6 {
			t.Errorf("owner's request %+v with %d quotes", req, pub.Quotes)
		}
	})
}
