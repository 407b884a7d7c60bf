package audit

import (
	"fmt"

	"ownwords"
)

// walker checks entries one at a time. Two breaks need more of the log
// before they can be named:
//
//   - a gap in the sequence numbers is a deletion, unless the missing
//     entries turn up later, which makes it a reordering;
//   - an entry whose own hash is right but whose PrevHash does not match is
//     either one of two swapped (and re-hashed) entries, if the next entry
//     links to the entry before it, or else follows an entry that was edited
//     and re-hashed.
type walker struct {
	n        int64  // entries seen
	lastSeq  int64  // seq of the last entry accepted in order
	prevHash string // hash of that entry (GenesisHash before the first)
	gap      *gap
	link     *brokenLink
	bad      *Problem
}

// gap is a run of missing sequence numbers, first seen before entry after.
type gap struct{ from, to, after int64 }

// brokenLink is an entry at seq whose PrevHash is not want.
type brokenLink struct {
	seq  int64
	want string
}

// add checks the next entry.
func (w *walker) add(e *ownwords.AuditEntry) {
	w.n++
	if w.gap != nil {
		if w.bad == nil && e.Seq >= w.gap.from && e.Seq <= w.gap.to {
			w.bad = &Problem{w.gap.from, Reordered, fmt.Sprintf("entry %d comes after entry %d: the log was reordered", e.Seq, w.gap.after)}
		}
		return
	}
	if w.bad != nil {
		return
	}
	if w.link != nil {
		w.resolveLink(e)
		if w.bad != nil {
			return
		}
	}
	expected := w.lastSeq + 1
	switch {
	case e.Seq < 1:
		w.bad = &Problem{e.Seq, Edited, fmt.Sprintf("the entry after entry %d has the impossible sequence number %d: it was edited", w.lastSeq, e.Seq)}
	case e.Seq < expected:
		w.bad = &Problem{e.Seq, Reordered, fmt.Sprintf("entry %d appears again after entry %d: the log was reordered or an entry duplicated", e.Seq, w.lastSeq)}
	case e.Seq > expected:
		w.gap = &gap{expected, e.Seq - 1, e.Seq}
	case e.Hash != e.ComputeHash():
		if from, ok := movedFrom(e); ok {
			w.bad = &Problem{e.Seq, Reordered, fmt.Sprintf("entry %d holds the entry written as %d: the log was reordered by renumbering", e.Seq, from)}
			return
		}
		w.bad = &Problem{e.Seq, Edited, fmt.Sprintf("entry %d was edited: its hash does not match its content", e.Seq)}
	case e.PrevHash != w.prevHash && e.Seq == 1:
		w.bad = &Problem{1, Edited, "entry 1 was edited: it does not start from the genesis hash"}
	case e.PrevHash != w.prevHash:
		w.link = &brokenLink{e.Seq, w.prevHash}
		fallthrough
	default:
		w.lastSeq, w.prevHash = e.Seq, e.Hash
	}
}

// resolveLink names a broken link once the entry after it, next, is known
// (nil at the end of the log).
func (w *walker) resolveLink(next *ownwords.AuditEntry) {
	l := w.link
	w.link = nil
	if next != nil && next.Seq == l.seq+1 && next.PrevHash == l.want {
		w.bad = &Problem{l.seq, Reordered, fmt.Sprintf("entries %d and %d were swapped: entry %d does not link to entry %d", l.seq, l.seq+1, l.seq, l.seq-1)}
		return
	}
	w.bad = &Problem{l.seq - 1, Edited, fmt.Sprintf("entry %d was edited and its hash recomputed: entry %d no longer links to it", l.seq-1, l.seq)}
}

// finish names what is still open at the end of the log.
func (w *walker) finish() {
	switch {
	case w.bad != nil:
	case w.gap != nil && w.gap.from == 1:
		w.bad = &Problem{1, Deleted, fmt.Sprintf("%s: the log starts at entry %d", entries(1, w.gap.to, "was deleted", "were deleted"), w.gap.after)}
	case w.gap != nil:
		w.bad = &Problem{w.gap.from, Deleted, fmt.Sprintf("%s: the log goes from entry %d to entry %d", entries(w.gap.from, w.gap.to, "was deleted", "were deleted"), w.gap.from-1, w.gap.after)}
	case w.link != nil:
		w.resolveLink(nil)
	}
}

// moveWindow bounds how far movedFrom looks for an entry's original place.
const moveWindow = 16

// movedFrom reports whether e's hash is right for a nearby other sequence
// number: the entry is intact but was renumbered, the way rows are swapped
// in SQL (UPDATE ... SET seq = ...), which is a reordering, not an edit.
func movedFrom(e *ownwords.AuditEntry) (int64, bool) {
	c := *e
	for d := int64(1); d <= moveWindow; d++ {
		for _, seq := range []int64{e.Seq - d, e.Seq + d} {
			if seq < 1 {
				continue
			}
			c.Seq = seq
			if c.ComputeHash() == e.Hash {
				return seq, true
			}
		}
	}
	return 0, false
}
