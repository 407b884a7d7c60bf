// Package qdpx exchanges studies with other qualitative-analysis tools
// through REFI-QDA (https://www.qdasoftware.org): .qdpx projects (a ZIP
// of project.qde plus sources/) and .qdc codebooks.
//
// Import is two steps: Read parses and checks a file (refusing zip bombs,
// unsafe entry names, symlinks, DOCTYPEs, gigantic attributes and invalid
// UTF-8 with an EINVALID error naming the file) and resolves each text
// source; Apply writes the project into a study inside the caller's
// Store.Update, so an import lands whole or not at all. Everything Apply
// does not keep is a line of the returned Report.
//
// Mapping between REFI-QDA and ownwords:
//
//   - User: matched by name (lower-cased, unsafe characters replaced) or
//     created disabled, without a password, with the coder role.
//   - Code: a code; "A::B" names nest; equal names under one parent get
//     slugs "x", "x-2"; isCodable="false" codes from other tools are
//     kept as ordinary codes. Description becomes the code's description.
//     A derived code is exported as a codable code whose Description
//     ends "Derived in ownwords: any of X, Y; not coded directly."; import
//     restores the derivation, unless it cannot hold (its items are not
//     its siblings, it has sub-codes, or another tool coded passages with
//     it): then the code is a plain code, and the report says why.
//   - Variable: a typed attribute (Text becomes a category unless a value
//     is long or multi-line; DateTime becomes a date).
//   - Case: a participant (code from the case name); its sources become
//     its interviews. A SourceRef naming no source of the file (QualCoder
//     writes fresh GUIDs for sources but not for its case references) is
//     a line of the report; a source no case refers to goes to the case
//     ownwords' data names for it (by GUID, then name), else to the case
//     whose name the source's name is or begins with before "_", " " or
//     "-" (the longest; a tie links none and is reported), else becomes a
//     participant of its own. Each link so made is a line of the report.
//   - TextSource: an interview whose transcript is the plain text
//     (plainTextPath, inline PlainTextContent, or the text of a .docx
//     richTextPath), in NFC with "\n" line ends. Selection positions are
//     mapped from the tool's count (CRLF as two code points) to that text;
//     a selection whose name is its quote (10+ code points) and does not
//     match is re-anchored at the nearest occurrence of the quote.
//   - Other texts of an interview (ownwords.InterviewText: the original
//     its transcript translates, translations of it): each a TextSource
//     of its own after the interview's, named "<interview title>
//     [<language> <role>]" ("P-0042 2016-03-02 [en translation]"),
//     without selections (codings stay on the transcript's source), in
//     the interview's case, and linked to the interview's source by the
//     source variables "ownwords text of" (that source's GUID), "ownwords
//     text role" (original, translation), "ownwords text language",
//     "ownwords text translator", "ownwords text method" (interpreter,
//     translation, machine_reviewed), "ownwords text date" and, for a
//     text that does not align turn by turn, "ownwords text alignment":
//     the unit map it was aligned with by hand in the workbench
//     ("1:1,2-3:2": turns 2 and 3 of the transcript are turn 2 of the
//     text; see text.UnitMap), or "unaligned" for a text waiting to be
//     aligned. Import makes such a source a text of the interview of the
//     source the link names (by GUID, else by the name before " [", for
//     tools that write fresh GUIDs), checked turn by turn against the
//     transcript (a misaligned text fails the import, naming the source
//     and the first turn that differs) unless its "ownwords text
//     alignment" is a unit map, stored again as its manual alignment (one
//     that no longer fits the texts is reported and the text kept
//     unaligned), or "unaligned"; the link variables become no
//     attributes. A
//     link naming no source of the file is reported and the text becomes
//     an interview of its own, as every source of a project without the
//     variables does. See texts.go.
//   - PlainTextSelection + Coding: one segment per coding, by the
//     coding's creatingUser (else the selection's).
//   - Note: a memo on what refers to it by NoteRef (study, code,
//     interview, segment); a note nothing refers to is a memo on the
//     target its entry in ownwords' data names (code, participant,
//     interview or segment, found by GUID, else by name: a code's name,
//     a case's, a source's name and ordinal, a segment's span, code and
//     coder), else on the study, and a target the file no longer has is
//     a line of the report. The entry also gives back the memo's title
//     (a note's name is made unique) and its author (when the note's
//     creatingUser names no user of the file). Export writes each memo
//     without an anchor as a note with a name no other note has and its
//     text in a file (plainTextPath "internal://<guid>.txt"), referred to
//     by the Project, Code or PlainTextSelection it is on; a memo on an
//     interview or participant is referred to by nothing (QualCoder
//     drops a note a TextSource refers to unless it holds a selection):
//     QualCoder keeps such notes as journals, which it exports with
//     their name, text and date, and their author only if that user
//     coded. See notes.go.
//   - Annotation (a PlainTextSelection without Coding, with a NoteRef or a
//     Description; or a Note holding a selection that its TextSource
//     refers to, as QualCoder writes it): a memo on the interview anchored
//     to the selection's span, mapped as every selection; exported back
//     as a selection without Coding with NoteRef and Description (which
//     QualCoder keeps as its annotation) to a note with the text inline
//     (no file, or QualCoder would keep it a second time as a journal).
//     QualCoder's annotation notes have no name: the title comes back
//     from the entry of ownwords' data with that source and span.
//     QualCoder writes an annotation's text without escaping it; a
//     project.qde that does not parse is read again with "<" and bare
//     "&" inside PlainTextContent escaped, and the report says so.
//   - Set of sources: a boolean attribute "set-<name>" (true for the
//     participants of its sources, false for the import's others). Sets
//     of codes or notes are reported, not imported.
//   - Not imported, and reported: picture, PDF, audio and video sources,
//     codings of whole sources or cases, links, graphs, unknown elements,
//     archive entries no source names, and empty or missing sources.
//
// Code names: REFI-QDA allows codes of one name under different parents,
// but tools that key codes by name (QualCoder) drop such codes and their
// codings. Export gives every code a name no other code has (the parent's
// name in parentheses, then a number), and the code's own label travels
// in ownwords' data, so that import restores it.
//
// Layers: REFI-QDA has no consensus layer. Export writes each consensus
// segment as a selection created and coded by the pseudo-user named
// "consensus" (ConsensusUser) — tools that read only the selection's
// creatingUser then see the consensus, not the adjudicator's own coding —
// with the adjudicator as the selection's modifyingUser; import maps
// codings by that user back to the consensus layer under the adjudicator
// (the modifyingUser, else a creatingUser that is not the pseudo-user, as
// earlier versions wrote it, else the one adjudicator ownwords' data
// names, for tools that drop modifyingUser), and makes no account of the
// pseudo-user.
//
// ownwords' data: what REFI-QDA cannot carry (a code's slug, definitions
// and derivation, an attribute's exact type and categories, an
// interview's date and language and its participant, each memo's target,
// title and author, the adjudicators) travels in one block at the end of
// the project's Description — the project memo of other tools, which
// QualCoder keeps across its own export — after a sentence asking people
// to leave it as it is: a line "ownwords-data: {json}". A .qdc codebook,
// which has no Description, carries the block in the Description of a
// set named "ownwords data" without members. Element Descriptions carry
// only what a person wrote. Each entry names its element by GUID and by
// name (a code's path of names in the file, else its name alone, unique
// on export; a variable's name; a source's or note's name with its
// ordinal among equal names), so that data reaches its element through
// tools that keep GUIDs (a code renamed there keeps its slug and takes
// the new name as label) and through tools that write fresh GUIDs
// (QualCoder). Files of earlier versions carried the data as a last line
// "ownwords: {json}" of each element's Description; import still reads
// those. Analysis plans (see analysis.ParsePlanFile), events and audit
// logs are not exported.
package qdpx
