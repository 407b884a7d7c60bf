package qdpx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"ownwords"
)

// idSpace is the namespace of GUIDs derived from store IDs that are not
// UUIDs, and of GUIDs of objects the store has no ID for (codings, the
// consensus user).
var idSpace = uuid.MustParse("6f776e77-6f72-6473-2d72-6566692d7164")

// gid returns the REFI-QDA GUID of a store ID: the ID itself when it is a
// UUID (store IDs are UUIDv7), else a name-based UUID of it. Exports of the
// same study therefore carry the same GUIDs.
func gid(id string) string {
	if u, err := uuid.Parse(id); err == nil {
		return u.String()
	}
	return uuid.NewSHA1(idSpace, []byte(id)).String()
}

// derivedGID returns a stable GUID for something named by parts.
func derivedGID(parts ...string) string {
	return uuid.NewSHA1(idSpace, []byte(strings.Join(parts, "\x00"))).String()
}

// Export writes study studyID as a REFI-QDA project archive (.qdpx) to w:
// project.qde valid against Project.xsd, and each transcript as UTF-8
// sources/<guid>.txt. GUIDs derive from store IDs, entries carry the
// study's creation time, and objects are written in a fixed order, so
// exporting an unchanged study twice gives identical bytes. No file system
// path appears in the archive. The consensus layer is written as codings
// by the user "consensus" (see ConsensusUser) on selections whose
// creatingUser is the adjudicator.
func Export(ctx context.Context, svc ownwords.Services, studyID string, w io.Writer) error {
	return ExportWith(ctx, svc, studyID, w, ExportOptions{Tier: ownwords.TierFull})
}

// ExportOptions shape an export for the export tier of whoever takes it
// (see ownwords.ExportTier); the tier is applied while the document is
// built, not by editing its XML afterwards.
type ExportOptions struct {
	// Tier is the taker's export tier. A project carries transcripts and
	// memos, so it needs TierLimited, which leaves identifier attributes
	// out of the variables and the cases' values, or TierFull. A codebook
	// needs TierDeidentified, which leaves out code examples (often
	// quotes) and references to memos, or more.
	Tier ownwords.ExportTier
}

// ExportWith is Export shaped by opt: EFORBIDDEN below TierLimited.
func ExportWith(ctx context.Context, svc ownwords.Services, studyID string, w io.Writer, opt ExportOptions) error {
	if !opt.Tier.AtLeast(ownwords.TierLimited) || !opt.Tier.Valid() {
		return ownwords.Errorf(ownwords.EFORBIDDEN, "a REFI-QDA project carries transcripts and memos: it needs the limited or full export tier, not %q", opt.Tier)
	}
	e, err := newExporter(ctx, svc, studyID, opt.Tier)
	if err != nil {
		return err
	}
	p, texts, err := e.project()
	if err != nil {
		return err
	}
	var qde bytes.Buffer
	if err := writeXML(&qde, p); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	put := func(name string, b []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: e.stamp})
		if err != nil {
			return err
		}
		_, err = f.Write(b)
		return err
	}
	if err := put("project.qde", qde.Bytes()); err != nil {
		return fmt.Errorf("qdpx: write archive: %w", err)
	}
	for _, t := range texts {
		if err := put("sources/"+t.guid+".txt", []byte(t.text)); err != nil {
			return fmt.Errorf("qdpx: write archive: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("qdpx: write archive: %w", err)
	}
	return nil
}

// ExportCodebook writes the study's codebook as a REFI-QDA codebook
// (.qdc) valid against Codebook.xsd.
func ExportCodebook(ctx context.Context, svc ownwords.Services, studyID string, w io.Writer) error {
	return ExportCodebookWith(ctx, svc, studyID, w, ExportOptions{Tier: ownwords.TierFull})
}

// ExportCodebookWith is ExportCodebook shaped by opt: EFORBIDDEN below
// TierDeidentified.
func ExportCodebookWith(ctx context.Context, svc ownwords.Services, studyID string, w io.Writer, opt ExportOptions) error {
	if !opt.Tier.AtLeast(ownwords.TierDeidentified) || !opt.Tier.Valid() {
		return ownwords.Errorf(ownwords.EFORBIDDEN, "exporting the codebook needs the deidentified, limited or full export tier, not %q", opt.Tier)
	}
	e, err := newExporter(ctx, svc, studyID, opt.Tier)
	if err != nil {
		return err
	}
	codes := e.codes("", nil)
	if len(codes) == 0 {
		// Codebook.xsd requires at least one code.
		return ownwords.Errorf(ownwords.EINVALID, "the study has no codes: there is no codebook to export")
	}
	// Codebook.xsd has no NoteRef (a codebook has no notes to refer to).
	walkCodes(codes, func(c *Code, _ []*Code) { c.NoteRefs = nil })
	// A codebook has no Description: ownwords' block is that of a set
	// without members.
	desc, err := metaDescription("", &e.meta)
	if err != nil {
		return err
	}
	sets := &Sets{Sets: []*Set{{GUID: derivedGID(studyID, metaSetName), Name: metaSetName, Description: desc}}}
	return writeXML(w, &CodeBook{Xmlns: CodebookNS, Origin: "ownwords", Codes: Codes{Codes: codes}, Sets: sets})
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("qdpx: write XML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("qdpx: write XML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// exporter holds what one export reads from the store.
type exporter struct {
	ctx   context.Context
	svc   ownwords.Services
	study *ownwords.Study
	cb    *ownwords.Codebook
	// names are the codes' names in the file, unique across the codebook
	// (uniqueNames), by code ID.
	names map[string]string
	stamp time.Time
	memos map[string][]*ownwords.Memo // target ID -> memos
	tier  ownwords.ExportTier
	// meta collects ownwords' block of the project (see metaNotice).
	meta projectMeta
}

func newExporter(ctx context.Context, svc ownwords.Services, studyID string, tier ownwords.ExportTier) (*exporter, error) {
	st, err := svc.Study(ctx, studyID)
	if err != nil {
		return nil, err
	}
	cb, err := svc.Codebook(ctx, studyID)
	if err != nil {
		return nil, err
	}
	memos, err := svc.Memos(ctx, studyID, "", "")
	if err != nil {
		return nil, err
	}
	e := &exporter{ctx: ctx, svc: svc, study: st, cb: cb, stamp: st.CreatedAt.UTC(), memos: map[string][]*ownwords.Memo{}, tier: tier}
	if e.stamp.Year() < 1980 {
		e.stamp = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	for _, m := range memos {
		e.memos[m.TargetID] = append(e.memos[m.TargetID], m)
	}
	return e, nil
}

// noteRefs refers to the memos on targetID, leaving out anchored memos:
// their annotation selections refer to them (annotationSelections).
func (e *exporter) noteRefs(targetID string) []Ref {
	var out []Ref
	for _, m := range e.memos[targetID] {
		if m.Anchor != nil {
			continue
		}
		out = append(out, Ref{Target: gid(m.ID)})
	}
	return out
}

// codes returns the code tree under parentID, whose path of names in the
// file is path, and adds each code's metadata to e.meta. A derived code is
// a plain codable code whose Description says in words that it is
// derived: tools that keep codes by name keep it in place, and import
// restores the derivation from the block.
func (e *exporter) codes(parentID string, path []string) []*Code {
	var out []*Code
	if e.names == nil {
		e.names = uniqueNames(e.cb)
	}
	for _, c := range e.cb.Children(parentID) {
		name := e.names[c.ID]
		m := codeMeta{Inclusion: c.Inclusion, Exclusion: c.Exclusion, Example: c.Example,
			Derived: c.Derived, Deprecated: c.Deprecated, Published: c.Published, NoLabel: c.Label == ""}
		if own := orDefault(c.Label, c.Slug); name != own {
			m.Label = own
		}
		// The slug, always: a code renamed in a tool that keeps GUIDs
		// keeps it, and with it its place in analysis plans.
		m.Slug = c.Slug
		here := append(path[:len(path):len(path)], name)
		x := &Code{GUID: gid(c.ID), Name: name, Codable: "true", Color: c.Color, Description: c.Description}
		if e.tier.KeepsFreeText() {
			x.NoteRefs = e.noteRefs(c.ID)
		} else {
			// An example is often a participant's words.
			m.Example = ""
		}
		if c.Derived != nil {
			var items []string
			for _, slug := range c.Derived.Items {
				item := slug
				for _, sib := range e.cb.Children(parentID) {
					if sib.Slug == slug {
						item = e.names[sib.ID]
					}
				}
				items = append(items, item)
			}
			x.Description = strings.TrimSpace(c.Description + "\n\n" + derivedSentence(c.Derived, items))
		}
		e.meta.Codes = append(e.meta.Codes, codeEntry{GUID: x.GUID, Path: here, codeMeta: m})
		x.Codes = e.codes(c.ID, here)
		out = append(out, x)
	}
	return out
}

// sourceText is a transcript to write into the archive.
type sourceText struct{ guid, text string }

// uniqueNames gives every code of cb a name no other code has (ignoring
// case): its label (its slug when it has none), and for a name several
// codes share, the parent's name in parentheses ("Torture (Atrocities
// admitted)"), then a number. REFI-QDA allows equal names under different
// parents, but tools that key codes by name (QualCoder) drop such codes
// and their codings without a word. The code's own label travels in its
// entry of ownwords' block and comes back on import.
func uniqueNames(cb *ownwords.Codebook) map[string]string {
	own := func(c *ownwords.Code) string { return orDefault(c.Label, c.Slug) }
	count := map[string]int{}
	for _, c := range cb.Codes {
		count[strings.ToLower(own(c))]++
	}
	out := make(map[string]string, len(cb.Codes))
	taken := map[string]bool{}
	for _, c := range cb.Codes {
		name := own(c)
		if count[strings.ToLower(name)] > 1 {
			if p := cb.ByID(c.ParentID); p != nil {
				name += " (" + own(p) + ")"
			}
		}
		for n, base := 2, name; taken[strings.ToLower(name)] || (name != own(c) && count[strings.ToLower(name)] > 0); n++ {
			name = fmt.Sprintf("%s %d", base, n)
		}
		taken[strings.ToLower(name)] = true
		out[c.ID] = name
	}
	return out
}
