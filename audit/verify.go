// Package audit checks the hash-chained audit log that every store keeps
// (see ownwords.AuditEntry) and signs checkpoints of it.
//
// Verify finds edits, deletions, reorderings and truncations by anyone who
// can change the log's storage but does not rewrite the whole chain. Someone
// who rewrites every hash from the first change onwards, and the head, is
// caught only by comparing with a checkpoint signed earlier and kept
// elsewhere (Checkpoint, Extends).
package audit

import (
	"context"
	"fmt"

	"ownwords"
)

// Kind names what was done to the log.
type Kind string

// Kinds of problems, in the words of Problem.Message.
const (
	Edited       Kind = "edited"        // an entry's content no longer matches its hash
	Deleted      Kind = "deleted"       // sequence numbers skip and the missing ones never come
	Reordered    Kind = "reordered"     // entries out of order, duplicated or swapped
	Truncated    Kind = "truncated"     // the log ends before the recorded head
	HeadMismatch Kind = "head_mismatch" // the log goes past the head, or its end is not the head
)

// Problem is the first place where the log is not a valid chain.
type Problem struct {
	Seq     int64  `json:"seq"` // the entry (or first missing entry) concerned
	Kind    Kind   `json:"kind"`
	Message string `json:"message"` // one sentence for a user; never entry content
}

// Result is what Verify found.
type Result struct {
	OK       bool               `json:"ok"`
	Entries  int64              `json:"entries"` // entries in the log
	Head     ownwords.AuditHead `json:"head"`    // the head recorded by the store
	FirstBad *Problem           `json:"first_bad,omitempty"`
}

// Verify walks the whole log of src in sequence order and reports the first
// break of the chain: sequence numbers must start at 1 and rise by one, each
// entry's PrevHash must be the previous entry's Hash, each Hash must be the
// entry's ComputeHash, and the last entry must be the recorded head. The
// error is only for failures to read the log or a cancelled ctx; a broken
// chain is a Result with OK false.
func Verify(ctx context.Context, src ownwords.AuditService) (*Result, error) {
	return verify(ctx, src, nil)
}

// verify implements Verify, calling visit (if not nil) with every entry.
func verify(ctx context.Context, src ownwords.AuditService, visit func(*ownwords.AuditEntry)) (*Result, error) {
	// The head is read first: entries appended during the walk then show
	// up as entries past the head, which are checked again below.
	head, err := src.AuditHead(ctx)
	headGone := ownwords.ErrorCode(err) == ownwords.ENOTFOUND
	if err != nil && !headGone {
		return nil, fmt.Errorf("audit: read head: %w", err)
	}
	w := walker{prevHash: ownwords.GenesisHash}
	err = src.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
		if w.n%1024 == 0 && ctx.Err() != nil {
			return false
		}
		if visit != nil {
			visit(e)
		}
		w.add(e)
		return true
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("audit: read entries: %w", err)
	}
	w.finish()
	if w.bad == nil && headGone {
		w.bad = &Problem{max(w.lastSeq, 1), HeadMismatch, fmt.Sprintf("the log's recorded head is missing (the log holds %d entries): the head was removed", w.n)}
	}
	if w.bad == nil && w.n == 0 && head.Seq == 0 {
		if held, ok := src.(auditedData); ok {
			full, err := held.HoldsAuditedData(ctx)
			if err != nil {
				return nil, fmt.Errorf("audit: %w", err)
			}
			if full {
				w.bad = &Problem{1, Truncated, "the log and its recorded head are empty but the store holds studies or users whose writing the log recorded: every entry was removed and the head reset"}
			}
		}
	}
	if w.bad == nil && w.lastSeq > head.Seq {
		// Entries past the head: appended while we walked, or forged.
		if again, err := src.AuditHead(ctx); err != nil {
			return nil, fmt.Errorf("audit: read head: %w", err)
		} else if again.Seq == w.lastSeq {
			head = again
		}
	}
	if w.bad == nil {
		w.bad = checkHead(head, w.lastSeq, w.prevHash)
	}
	return &Result{OK: w.bad == nil, Entries: w.n, Head: head, FirstBad: w.bad}, nil
}

// auditedData is implemented by stores that can tell whether they hold
// anything whose writing the log records, so that an emptied log is told
// from a new one.
type auditedData interface {
	HoldsAuditedData(ctx context.Context) (bool, error)
}

// checkHead compares the end of a valid chain with the recorded head.
func checkHead(head ownwords.AuditHead, lastSeq int64, lastHash string) *Problem {
	switch {
	case lastSeq == head.Seq && (lastHash == head.Hash || lastSeq == 0 && head.Hash == ""):
		return nil
	case lastSeq < head.Seq && lastSeq == 0:
		return &Problem{1, Truncated, fmt.Sprintf("the log is empty but its recorded head is entry %d: every entry was removed", head.Seq)}
	case lastSeq < head.Seq:
		return &Problem{lastSeq + 1, Truncated, fmt.Sprintf("the log ends at entry %d but its recorded head is entry %d: %s removed from the end", lastSeq, head.Seq, entries(lastSeq+1, head.Seq, "was", "were"))}
	case lastSeq > head.Seq:
		return &Problem{head.Seq + 1, HeadMismatch, fmt.Sprintf("the log goes on past its recorded head (entry %d) to entry %d: %s added without updating the head", head.Seq, lastSeq, entries(head.Seq+1, lastSeq, "was", "were"))}
	}
	return &Problem{lastSeq, HeadMismatch, fmt.Sprintf("entry %d is not the recorded head: the entry or the head was replaced", lastSeq)}
}

// entries names the range from-to with the verb that agrees with it.
func entries(from, to int64, one, many string) string {
	if from == to {
		return fmt.Sprintf("entry %d %s", from, one)
	}
	return fmt.Sprintf("entries %d-%d %s", from, to, many)
}
