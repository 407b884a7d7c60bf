package quotes

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"ownwords"
	"ownwords/audit"
)

// Audit actions of the publication workflow, each an entry whose object is
// the request ID and whose detail (JSON) holds the SHA-256 of the exact
// text. The store keeps requests and approvals in tables and appends their
// entries with them (ownwords.PublicationService); reviews and exports
// change no state and are only recorded.
const (
	ActionRequested = ownwords.ActionPublishRequested
	ActionReviewed  = "quotes.publish_reviewed"
	ActionApproved  = ownwords.ActionPublishApproved
	ActionPublished = "quotes.published"
)

// Request is a request to publish the quotes of one figure: the owner who
// asked and the owners who approved it since.
type Request = ownwords.PublicationRequest

// Approval is a second owner's approval of a request's exact text.
type Approval = ownwords.PublicationApproval

// entryDetail is the JSON detail of a review or an export: never quote
// text, only the hash, the account and the file.
type entryDetail struct {
	SHA256 string `json:"sha256"`
	UserID string `json:"user_id,omitempty"`
	File   string `json:"file,omitempty"`
}

// RequestPublication asks to publish the public quotes of opt's figure.
// The actor in ctx must be an owner of the study. The publication is
// prepared and scanned (Prepare); it is refused (EFORBIDDEN, listing the
// findings) if the scan finds anything or no quote is left to publish.
// Otherwise the store keeps the request, its new ID and the hash of the
// exact text, and audits it (ActionRequested). EUNAUTHORIZED without an
// actor, EFORBIDDEN for one who is not an owner.
func RequestPublication(ctx context.Context, svc ownwords.Services, studyID string, opt Options) (*Request, *Publication, error) {
	user, err := owner(ctx, svc, studyID)
	if err != nil {
		return nil, nil, err
	}
	pub, err := Prepare(ctx, svc, studyID, opt)
	if err != nil {
		return nil, nil, err
	}
	if err := refuseFindings(pub); err != nil {
		return nil, pub, err
	}
	if pub.Quotes == 0 {
		return nil, pub, ownwords.Errorf(ownwords.EFORBIDDEN, "quotes: figure %s has no quote that may be published (%d withheld)", opt.Item, pub.Withheld)
	}
	var b [8]byte
	rand.Read(b[:])
	req := &Request{ID: "qp-" + hex.EncodeToString(b[:]), StudyID: studyID, Item: opt.Item, Group: opt.Group, Plan: opt.Plan,
		SHA256: pub.SHA256, Quotes: pub.Quotes, RequesterID: user.ID}
	if err := svc.CreatePublicationRequest(ctx, req); err != nil {
		return nil, nil, err
	}
	return req, pub, nil
}

// ReviewPublication returns the publication of request id as the data
// gives it now, for an owner to read before approving it, and records that
// they read it. The errors are ApprovePublication's, except that anyone
// who is an owner (the requester too) may review.
func ReviewPublication(ctx context.Context, svc ownwords.Services, studyID, id string) (*Request, *Publication, error) {
	user, req, err := ownersRequest(ctx, svc, studyID, id)
	if err != nil {
		return nil, nil, err
	}
	pub, err := current(ctx, svc, studyID, req)
	if err != nil {
		return nil, pub, err
	}
	if err := record(ctx, svc, studyID, ActionReviewed, id, entryDetail{SHA256: pub.SHA256, UserID: user.ID}); err != nil {
		return nil, nil, err
	}
	return req, pub, nil
}

// ApprovePublication records the actor's approval of request id: the actor
// must be an owner other than the requester, and the publication, prepared
// again from the data as it is now, must still have the requested hash and
// pass the scan. ENOTFOUND for an unknown request; EFORBIDDEN when the actor
// is the requester, not an owner, or the scan finds anything; ECONFLICT when
// the text changed since the request or the actor approved it already.
func ApprovePublication(ctx context.Context, svc ownwords.Services, studyID, id string) (*Request, *Publication, error) {
	user, req, err := ownersRequest(ctx, svc, studyID, id)
	if err != nil {
		return nil, nil, err
	}
	if user.Name == req.RequestedBy || user.ID == req.RequesterID {
		return nil, nil, ownwords.Errorf(ownwords.EFORBIDDEN, "quotes: %s made request %s: a second owner must approve it", user.Name, id)
	}
	for _, a := range req.Approvals {
		if a.UserID == user.ID {
			return nil, nil, ownwords.Errorf(ownwords.ECONFLICT, "quotes: %s approved request %s already", user.Name, id)
		}
	}
	pub, err := current(ctx, svc, studyID, req)
	if err != nil {
		return nil, pub, err
	}
	if err := svc.AddPublicationApproval(ctx, studyID, id, &Approval{UserID: user.ID, SHA256: pub.SHA256}); err != nil {
		return nil, nil, err
	}
	req, err = svc.PublicationRequest(ctx, studyID, id) // with the approval as recorded
	return req, pub, err
}

// ReleasePublication returns the publication of request id for the actor
// (an owner) to write out, once everything it rests on holds: the audit log
// verifies (audit.Verify), so a store whose record was tampered with
// releases nothing; the store holds an approval of the requested hash by an
// owner other than the requester, who is still an enabled owner; and the
// publication prepared again now has the requested hash and passes the
// scan. The caller records the export with
// Published. EFORBIDDEN without such an approval; ECONFLICT for a broken
// log or a changed text; errors as ApprovePublication otherwise.
func ReleasePublication(ctx context.Context, svc ownwords.Services, studyID, id string) (*Request, *Publication, error) {
	if _, err := owner(ctx, svc, studyID); err != nil {
		return nil, nil, err
	}
	res, err := audit.Verify(ctx, svc)
	if err != nil {
		return nil, nil, err
	}
	if !res.OK {
		return nil, nil, ownwords.Errorf(ownwords.ECONFLICT, "quotes: the audit log is broken at entry %d, so its approvals cannot be trusted: %s", res.FirstBad.Seq, res.FirstBad.Message)
	}
	req, err := svc.PublicationRequest(ctx, studyID, id)
	if err != nil {
		return nil, nil, err
	}
	if !approved(ctx, svc, studyID, req) {
		return nil, nil, ownwords.Errorf(ownwords.EFORBIDDEN, "quotes: request %s has no approval by a second owner: another owner must run `ownwords quotes publish approve --request %s`", id, id)
	}
	pub, err := current(ctx, svc, studyID, req)
	if err != nil {
		return nil, pub, err
	}
	return req, pub, nil
}

// Published records that the publication of req was written to file.
func Published(ctx context.Context, svc ownwords.Services, studyID string, req *Request, pub *Publication, file string) error {
	return record(ctx, svc, studyID, ActionPublished, req.ID, entryDetail{SHA256: pub.SHA256, File: file})
}

// approved reports whether some approval of req is of its hash, by another
// account than the requester's, which is still an enabled owner.
func approved(ctx context.Context, svc ownwords.Services, studyID string, req *Request) bool {
	for _, a := range req.Approvals {
		if a.SHA256 != req.SHA256 || a.By == req.RequestedBy || a.UserID == req.RequesterID {
			continue
		}
		u, err := svc.UserByName(ctx, a.By)
		if err != nil || u.ID != a.UserID || u.Disabled {
			continue
		}
		if role, err := svc.RoleOf(ctx, studyID, u.ID); err == nil && role == ownwords.RoleOwner {
			return true
		}
	}
	return false
}

// current prepares req's publication from the data as it is now and checks
// it against the request: the same hash, nothing found by the scan.
func current(ctx context.Context, svc ownwords.Services, studyID string, req *Request) (*Publication, error) {
	pub, err := Prepare(ctx, svc, studyID, Options{Item: req.Item, Group: req.Group, Plan: req.Plan})
	if err != nil {
		return nil, err
	}
	if err := refuseFindings(pub); err != nil {
		return pub, err
	}
	if pub.SHA256 != req.SHA256 {
		return pub, ownwords.Errorf(ownwords.ECONFLICT, "quotes: the quotes of request %s changed since it was made (SHA-256 %s, now %s): make a new request", req.ID, short(req.SHA256), short(pub.SHA256))
	}
	return pub, nil
}

// ownersRequest returns the actor's account, if it is an owner's, and
// request id.
func ownersRequest(ctx context.Context, svc ownwords.Services, studyID, id string) (*ownwords.User, *Request, error) {
	user, err := owner(ctx, svc, studyID)
	if err != nil {
		return nil, nil, err
	}
	req, err := svc.PublicationRequest(ctx, studyID, id)
	return user, req, err
}

// owner returns the account of the actor in ctx if it is an enabled owner
// of the study.
func owner(ctx context.Context, svc ownwords.Services, studyID string) (*ownwords.User, error) {
	name := ownwords.ActorFrom(ctx)
	if name == ownwords.SystemActor {
		return nil, ownwords.Errorf(ownwords.EUNAUTHORIZED, "quotes: publishing quotes needs a named owner account")
	}
	u, err := svc.UserByName(ctx, name)
	if err != nil || u.Disabled {
		return nil, ownwords.Errorf(ownwords.EUNAUTHORIZED, "quotes: unknown or disabled account %q", name)
	}
	if role, err := svc.RoleOf(ctx, studyID, u.ID); err != nil || role != ownwords.RoleOwner {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "quotes: %s is not an owner of this study: only owners request, approve and publish quotes", name)
	}
	return u, nil
}

// refuseFindings turns a publication's findings into an EFORBIDDEN error
// that lists them (the first ten).
func refuseFindings(pub *Publication) error {
	if len(pub.Findings) == 0 {
		return nil
	}
	var list []string
	for i, f := range pub.Findings {
		if i == 10 {
			list = append(list, fmt.Sprintf("and %d more", len(pub.Findings)-i))
			break
		}
		list = append(list, f.String())
	}
	return ownwords.Errorf(ownwords.EFORBIDDEN, "quotes: the disclosure scan refuses the quotes of %s: %s", pub.Item, strings.Join(list, "; "))
}

func record(ctx context.Context, svc ownwords.Services, studyID, action, id string, d entryDetail) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return svc.Record(ctx, studyID, action, id, string(b))
}

// short abbreviates a hash for a message.
func short(h string) string { return h[:min(len(h), 12)] + "…" }
