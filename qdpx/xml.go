package qdpx

import "encoding/xml"

// Namespaces of REFI-QDA 1.0 documents. The reader matches elements by
// local name in any namespace (tools write variants); the writer uses
// these.
const (
	ProjectNS  = "urn:QDA-XML:project:1.0"
	CodebookNS = "urn:QDA-XML:codebook:1.0"
)

// Project is a parsed REFI-QDA project (project.qde): the XML as written,
// element for element, plus what Read resolves (source texts, selection
// ranges in the normalised text) and the import report. Field order
// follows Project.xsd, so that the same types write a valid document.
type Project struct {
	XMLName     xml.Name   `xml:"Project"`
	Xmlns       string     `xml:"xmlns,attr,omitempty"`
	Name        string     `xml:"name,attr"`
	Origin      string     `xml:"origin,attr,omitempty"`
	Created     string     `xml:"creationDateTime,attr,omitempty"`
	Users       *Users     `xml:"Users"`
	CodeBook    *CodeBook  `xml:"CodeBook"`
	Variables   *Variables `xml:"Variables"`
	Cases       *Cases     `xml:"Cases"`
	Sources     *Sources   `xml:"Sources"`
	Notes       *Notes     `xml:"Notes"`
	Links       *unknown   `xml:"Links"`
	Sets        *Sets      `xml:"Sets"`
	Graphs      *unknown   `xml:"Graphs"`
	Description string     `xml:"Description,omitempty"`
	NoteRefs    []Ref      `xml:"NoteRef"`
	Other       []unknown  `xml:",any"`

	// Report lists what the file holds that the import keeps and drops;
	// Read starts it and Apply completes it.
	Report *Report `xml:"-"`
}

// unknown is an element the importer does not read; only its name is
// kept, for the report.
type unknown struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
}

// label names an unknown element for the report: its tag and, if it has
// one, its name attribute.
func (u unknown) label() string {
	for _, a := range u.Attrs {
		if a.Name.Local == "name" {
			return u.XMLName.Local + " " + strconvQuote(a.Value)
		}
	}
	return u.XMLName.Local
}

// Ref is a reference to another element by GUID (NoteRef, CodeRef,
// SourceRef, MemberSource, VariableRef...).
type Ref struct {
	Target string `xml:"targetGUID,attr"`
}

// Users lists the project's users.
type Users struct {
	Users []User `xml:"User"`
}

// User is a REFI-QDA user: coders and authors refer to it by GUID.
type User struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

// CodeBook is the project's code tree (also the root of a .qdc file).
type CodeBook struct {
	XMLName xml.Name  `xml:"CodeBook"`
	Xmlns   string    `xml:"xmlns,attr,omitempty"`
	Origin  string    `xml:"origin,attr,omitempty"`
	Codes   Codes     `xml:"Codes"`
	Sets    *Sets     `xml:"Sets"`
	Other   []unknown `xml:",any"`
}

// Codes lists top-level codes.
type Codes struct {
	Codes []*Code `xml:"Code"`
}

// Code is one node of the code tree.
type Code struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	Codable     string    `xml:"isCodable,attr"`
	Color       string    `xml:"color,attr,omitempty"`
	Description string    `xml:"Description,omitempty"`
	NoteRefs    []Ref     `xml:"NoteRef"`
	Codes       []*Code   `xml:"Code"`
	Other       []unknown `xml:",any"`
}

// Variables lists the project's variable definitions.
type Variables struct {
	Variables []*Variable `xml:"Variable"`
}

// Variable is a typed variable of cases and sources.
type Variable struct {
	GUID        string `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	Type        string `xml:"typeOfVariable,attr"`
	Description string `xml:"Description,omitempty"`
}

// VariableValue is one value of a variable; exactly one value element is
// set.
type VariableValue struct {
	Variable Ref     `xml:"VariableRef"`
	Text     *string `xml:"TextValue"`
	Boolean  *string `xml:"BooleanValue"`
	Integer  *string `xml:"IntegerValue"`
	Float    *string `xml:"FloatValue"`
	Date     *string `xml:"DateValue"`
	DateTime *string `xml:"DateTimeValue"`
}

// Cases lists the project's cases.
type Cases struct {
	Cases []*Case `xml:"Case"`
}

// Case is a unit of analysis; ownwords maps it to a participant.
type Case struct {
	GUID        string          `xml:"guid,attr"`
	Name        string          `xml:"name,attr,omitempty"`
	Description string          `xml:"Description,omitempty"`
	CodeRefs    []Ref           `xml:"CodeRef"`
	Values      []VariableValue `xml:"VariableValue"`
	SourceRefs  []Ref           `xml:"SourceRef"`
	Selections  []Ref           `xml:"SelectionRef"`
	Other       []unknown       `xml:",any"`
}

// Sources lists the project's documents. Only text sources are imported;
// the others are reported.
type Sources struct {
	Text  []*TextSource `xml:"TextSource"`
	Other []unknown     `xml:",any"`
}

// TextSource is a text document and its codings. Notes share the type.
type TextSource struct {
	GUID          string `xml:"guid,attr"`
	Name          string `xml:"name,attr,omitempty"`
	RichTextPath  string `xml:"richTextPath,attr,omitempty"`
	PlainTextPath string `xml:"plainTextPath,attr,omitempty"`
	CreatingUser  string `xml:"creatingUser,attr,omitempty"`
	// Created is the creationDateTime, which ownwords writes on notes:
	// QualCoder's import (parse_notes) stops on a note that has neither
	// it nor modifiedDateTime.
	Created     string          `xml:"creationDateTime,attr,omitempty"`
	Description string          `xml:"Description,omitempty"`
	Content     *string         `xml:"PlainTextContent"`
	Selections  []*Selection    `xml:"PlainTextSelection"`
	Codings     []*Coding       `xml:"Coding"`
	NoteRefs    []Ref           `xml:"NoteRef"`
	Values      []VariableValue `xml:"VariableValue"`
	Other       []unknown       `xml:",any"`

	// Text is the source's text as imported (NFC, "\n" line ends), set by
	// Read; Missing says why there is none.
	Text    string `xml:"-"`
	Missing string `xml:"-"`
	title   string // the interview title Apply gives it
}

// Selection is a PlainTextSelection: a passage and its codings. After
// Read, Start and End count code points of TextSource.Text.
type Selection struct {
	GUID         string `xml:"guid,attr"`
	Name         string `xml:"name,attr,omitempty"`
	Start        int    `xml:"startPosition,attr"`
	End          int    `xml:"endPosition,attr"`
	CreatingUser string `xml:"creatingUser,attr,omitempty"`
	// ModifyingUser is, on a consensus selection ownwords writes, the
	// adjudicator who last decided it.
	ModifyingUser string    `xml:"modifyingUser,attr,omitempty"`
	Description   string    `xml:"Description,omitempty"`
	Codings       []*Coding `xml:"Coding"`
	NoteRefs      []Ref     `xml:"NoteRef"`
	Other         []unknown `xml:",any"`

	// Dropped says why Read could not place the selection ("" if placed).
	Dropped string `xml:"-"`
}

// Coding applies a code to a selection, by a user.
type Coding struct {
	GUID         string `xml:"guid,attr"`
	CreatingUser string `xml:"creatingUser,attr,omitempty"`
	Code         Ref    `xml:"CodeRef"`
	NoteRefs     []Ref  `xml:"NoteRef"`
}

// Notes lists the project's notes (memos).
type Notes struct {
	Notes []*TextSource `xml:"Note"`
}

// Sets lists sets of sources, codes or notes.
type Sets struct {
	Sets []*Set `xml:"Set"`
}

// Set is a named group of sources (MemberSource), codes or notes.
type Set struct {
	GUID        string `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	Description string `xml:"Description,omitempty"`
	// MemberCode is a CodeRef in projects and a bare guid in codebooks.
	Codes   []MemberCode `xml:"MemberCode"`
	Sources []Ref        `xml:"MemberSource"`
	Notes   []Ref        `xml:"MemberNote"`
}

// MemberCode names a code of a set, by targetGUID (project) or guid
// (codebook file).
type MemberCode struct {
	Target string `xml:"targetGUID,attr,omitempty"`
	GUID   string `xml:"guid,attr,omitempty"`
}
