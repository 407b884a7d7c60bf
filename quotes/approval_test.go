package quotes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"ownwords"
)

var poverty = Options{Item: "vulnerabilities/poverty"}

// mustRequest has who request the publication of the poverty quotes.
func mustRequest(t *testing.T, f *fixture, who string) *Request {
	t.Helper()
	req, _, err := RequestPublication(as(t, who), f.st, f.study.ID, poverty)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// mustApprove has who approve request id.
func mustApprove(t *testing.T, f *fixture, who, id string) {
	t.Helper()
	if _, _, err := ApprovePublication(as(t, who), f.st, f.study.ID, id); err != nil {
		t.Fatal(err)
	}
}

// forgeApproval records who's approval of hash for request id in the
// store directly, past ApprovePublication's rules, as no command would.
func forgeApproval(t *testing.T, f *fixture, who, id, hash string) {
	t.Helper()
	must(t, f.st.AddPublicationApproval(as(t, who), f.study.ID, id, &Approval{UserID: f.users[who].ID, SHA256: hash}))
}

// TestPublicationRefusals runs the publication workflow up to a step that
// must be refused, and checks that the refused step leaves no audit entry.
func TestPublicationRefusals(t *testing.T) {
	request := func(t *testing.T, f *fixture) string { return mustRequest(t, f, ownerA).ID }
	approved := func(t *testing.T, f *fixture) string {
		id := request(t, f)
		mustApprove(t, f, ownerB, id)
		return id
	}
	requestAs := func(who string, opt Options) func(*testing.T, *fixture, string) error {
		return func(t *testing.T, f *fixture, _ string) error {
			_, _, err := RequestPublication(as(t, who), f.st, f.study.ID, opt)
			return err
		}
	}
	approveAs := func(who string) func(*testing.T, *fixture, string) error {
		return func(t *testing.T, f *fixture, id string) error {
			_, _, err := ApprovePublication(as(t, who), f.st, f.study.ID, id)
			return err
		}
	}
	reviewAs := func(who string) func(*testing.T, *fixture, string) error {
		return func(t *testing.T, f *fixture, id string) error {
			_, _, err := ReviewPublication(as(t, who), f.st, f.study.ID, id)
			return err
		}
	}
	releaseAs := func(who string) func(*testing.T, *fixture, string) error {
		return func(t *testing.T, f *fixture, id string) error {
			_, _, err := ReleasePublication(as(t, who), f.st, f.study.ID, id)
			return err
		}
	}
	tests := []struct {
		name string
		// before runs the workflow so far and returns the request ID.
		before func(t *testing.T, f *fixture) string
		// change alters the study after before.
		change func(t *testing.T, f *fixture)
		step   func(t *testing.T, f *fixture, id string) error
		code   string
	}{
		{name: "ErrRequestWithoutAccount", code: ownwords.EUNAUTHORIZED,
			step: func(t *testing.T, f *fixture, _ string) error {
				_, _, err := RequestPublication(context.Background(), f.st, f.study.ID, poverty)
				return err
			}},
		{name: "ErrRequestByUnknownAccount", step: requestAs("eve", poverty), code: ownwords.EUNAUTHORIZED},
		{name: "ErrRequestByCoder", step: requestAs(coder, poverty), code: ownwords.EFORBIDDEN},
		{name: "ErrRequestScanFlagsAttribution", change: func(t *testing.T, f *fixture) { f.setRedactions(t, "Abu Omar", "Mosul") },
			step: requestAs(ownerA, poverty), code: ownwords.EFORBIDDEN},
		{name: "ErrRequestNothingToPublish", step: requestAs(ownerA, Options{Item: "vulnerabilities/poverty", Group: "defectors"}), code: ownwords.EFORBIDDEN},
		{name: "ErrApproveUnknownRequest", step: approveAs(ownerB), code: ownwords.ENOTFOUND,
			before: func(t *testing.T, f *fixture) string { return "qp-0000000000000000" }},
		{name: "ReviewByRequester", before: request, step: reviewAs(ownerA)},
		{name: "ErrReviewByCoder", before: request, step: reviewAs(coder), code: ownwords.EFORBIDDEN},
		{name: "ErrReviewAfterChange", before: request, step: reviewAs(ownerB), code: ownwords.ECONFLICT,
			change: func(t *testing.T, f *fixture) { f.addParticipant(t, "man", "Mosul", "prisoner", "") }},
		{name: "ErrApproveByRequester", before: request, step: approveAs(ownerA), code: ownwords.EFORBIDDEN},
		{name: "ErrApproveByCoder", before: request, step: approveAs(coder), code: ownwords.EFORBIDDEN},
		{name: "ErrApproveByAnalyst", before: request, step: approveAs(analyst), code: ownwords.EFORBIDDEN},
		{name: "ErrApproveTwice", before: approved, step: approveAs(ownerB), code: ownwords.ECONFLICT},
		{name: "ErrApproveAfterChange", before: request, step: approveAs(ownerB), code: ownwords.ECONFLICT,
			change: func(t *testing.T, f *fixture) { f.addParticipant(t, "woman", "foreign", "returnee", "") }},
		{name: "ErrApproveAfterScanFlags", before: request, step: approveAs(ownerB), code: ownwords.EFORBIDDEN,
			change: func(t *testing.T, f *fixture) { f.setRedactions(t, "Abu Omar", "Mosul") }},
		{name: "ErrApproveRequestOfOtherStudy", step: approveAs(ownerB), code: ownwords.ENOTFOUND,
			before: func(t *testing.T, f *fixture) string {
				other := &ownwords.Study{Name: "Other"}
				must(t, f.st.CreateStudy(t.Context(), other))
				must(t, f.st.CreatePublicationRequest(as(t, ownerA), &Request{ID: "qp-elsewhere", StudyID: other.ID,
					Item: poverty.Item, SHA256: "00", RequesterID: f.users[ownerA].ID}))
				return "qp-elsewhere"
			}},
		{name: "ErrReleaseWithoutSecondApprover", before: request, step: releaseAs(ownerA), code: ownwords.EFORBIDDEN},
		{name: "ErrReleaseWithSelfApproval", step: releaseAs(ownerA), code: ownwords.EFORBIDDEN,
			before: func(t *testing.T, f *fixture) string {
				req := mustRequest(t, f, ownerA)
				forgeApproval(t, f, ownerA, req.ID, req.SHA256)
				return req.ID
			}},
		{name: "ErrReleaseWithApprovalOfOtherText", step: releaseAs(ownerA), code: ownwords.EFORBIDDEN,
			before: func(t *testing.T, f *fixture) string {
				req := mustRequest(t, f, ownerA)
				forgeApproval(t, f, ownerB, req.ID, strings.Repeat("0", 64))
				return req.ID
			}},
		{name: "ErrReleaseAfterChange", before: approved, step: releaseAs(ownerA), code: ownwords.ECONFLICT,
			change: func(t *testing.T, f *fixture) { f.addParticipant(t, "man", "Mosul", "prisoner", "") }},
		{name: "ErrReleaseApproverNoLongerOwner", before: approved, step: releaseAs(ownerA), code: ownwords.EFORBIDDEN,
			change: func(t *testing.T, f *fixture) {
				must(t, f.st.SetRole(t.Context(), f.study.ID, f.users[ownerB].ID, ownwords.RoleCoder))
			}},
		{name: "ErrReleaseApproverDisabled", before: approved, step: releaseAs(ownerA), code: ownwords.EFORBIDDEN,
			change: func(t *testing.T, f *fixture) {
				u := f.users[ownerB]
				u.Disabled = true
				must(t, f.st.UpdateUser(t.Context(), u))
			}},
		{name: "ErrReleaseByCoder", before: approved, step: releaseAs(coder), code: ownwords.EFORBIDDEN},
		{name: "ErrReleaseUnknownRequest", before: approved, step: func(t *testing.T, f *fixture, id string) error {
			_, _, err := ReleasePublication(as(t, ownerA), f.st, f.study.ID, id+"0")
			return err
		}, code: ownwords.ENOTFOUND},
		// A passage planted with a name of the redaction list is withheld:
		// the text, and so the approved hash, stay the same.
		{name: "PlantedNameIsWithheld", before: approved, step: releaseAs(ownerA),
			change: func(t *testing.T, f *fixture) {
				f.addParticipant(t, "woman", "foreign", "returnee", "Abu Omar paid us, there was no food.")
			}},
	}
	each(t, func(t *testing.T, shared *fixture) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := shared
				if tt.change != nil {
					f = shared.fresh(t)
				}
				var id string
				if tt.before != nil {
					id = tt.before(t, f)
				}
				if tt.change != nil {
					tt.change(t, f)
				}
				head, err := f.st.AuditHead(t.Context())
				must(t, err)
				err = tt.step(t, f, id)
				if ownwords.ErrorCode(err) != tt.code {
					t.Fatalf("err = %v, want code %q", err, tt.code)
				}
				if after, _ := f.st.AuditHead(t.Context()); tt.code != "" && after != head {
					t.Fatal("a refused step left an audit entry")
				}
			})
		}
	})
}

// TestPublicationApproved is the acceptance path: one owner requests, a
// second approves, and either can then release the exact text; the audit
// log holds the request and the approval by two different owners, and the
// export, each with the SHA-256 of the exact text and never the text.
func TestPublicationApproved(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		req, pub, err := RequestPublication(as(t, ownerA), f.st, f.study.ID, poverty)
		must(t, err)
		sum := sha256.Sum256([]byte(pub.Document))
		hash := hex.EncodeToString(sum[:])
		if req.SHA256 != hash || pub.SHA256 != hash || req.RequestedBy != ownerA || req.Quotes != 9 || !strings.HasPrefix(req.ID, "qp-") {
			t.Fatalf("request %+v, publication hash %s, document hash %s", req, pub.SHA256, hash)
		}
		if _, _, err := ReleasePublication(as(t, ownerA), f.st, f.study.ID, req.ID); ownwords.ErrorCode(err) != ownwords.EFORBIDDEN {
			t.Fatalf("released before approval: %v", err)
		}
		mustApprove(t, f, ownerB, req.ID)
		for _, who := range []string{ownerA, ownerB} {
			got, out, err := ReleasePublication(as(t, who), f.st, f.study.ID, req.ID)
			must(t, err)
			if out.Document != pub.Document || len(got.Approvals) != 1 || got.Approvals[0].By != ownerB || got.Approvals[0].SHA256 != hash {
				t.Fatalf("released by %s: %+v", who, got)
			}
			must(t, Published(as(t, who), f.st, f.study.ID, got, out, "quotes.txt.age"))
		}
		for _, want := range []struct {
			action string
			actors []string
		}{{ActionRequested, []string{ownerA}}, {ActionApproved, []string{ownerB}}, {ActionPublished, []string{ownerA, ownerB}}} {
			entries := f.entries(t, want.action)
			if len(entries) != len(want.actors) {
				t.Fatalf("%d %s entries, want %d", len(entries), want.action, len(want.actors))
			}
			for i, e := range entries {
				var d entryDetail
				must(t, json.Unmarshal([]byte(e.Detail), &d))
				if e.Actor != want.actors[i] || e.Object != req.ID || d.SHA256 != hash || strings.Contains(e.Detail, "food") {
					t.Errorf("%s entry %+v", want.action, e)
				}
			}
		}
	})
}
