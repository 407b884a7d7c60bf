package report

import (
	"context"
	crand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"ownwords"
	"ownwords/analysis"
)

// Matrix is the participant × item matrix of an analysis sample, ready to
// leave ownwords as a spreadsheet for SPSS, R, Stata or Excel: one row per
// participant, an identifier column, then attribute columns, then one 0/1
// column per item of the plan's sections (derived items included). Every
// cell is text; Variables say how to read it.
type Matrix struct {
	Study, Plan, Audience string
	// Tier is the export tier a team matrix was shaped for ("" for the
	// public matrix).
	Tier ownwords.ExportTier
	// K is the disclosure threshold the public export was checked against.
	K int
	// Variables describe the columns, in order.
	Variables []Variable
	// Rows hold one participant each; "" is a missing value.
	Rows [][]string
	// Withheld lists the attributes left out of the export, and why.
	Withheld []Withheld
}

// Variable is one column of the matrix and its data-dictionary entry.
type Variable struct {
	// Name is safe for SPSS, Stata and R: [A-Za-z][A-Za-z0-9_]*, at most
	// 32 characters, unique without regard to case, no reserved word.
	Name string
	// Label is the item's codebook path ("vulnerabilities/poverty"), the
	// attribute's label, or what the identifier column holds.
	Label string
	// Source is the attribute slug or item path the column comes from.
	Source string
	// Numeric says the cells are numbers; otherwise they are text.
	Numeric bool
	// Measure is "nominal" (codes with value labels), "scale" or "" (text).
	Measure string
	// Values are the value labels of a coded column.
	Values []ValueLabel
	// Missing is "blank" when a cell may be empty (missing), else "none".
	Missing string
	// Note says how the column was made (coarsened, derived, date format).
	Note string
	// Date says the text cells are dates written YYYY, YYYY-MM or
	// YYYY-MM-DD (only what is known): the XLSX export writes the full
	// ones as date cells.
	Date bool
}

// ValueLabel labels one code of a coded column.
type ValueLabel struct{ Code, Label string }

// Withheld is an attribute an export leaves out.
type Withheld struct{ Attribute, Reason string }

// Reasons an attribute is withheld from a public or tiered export.
const (
	WithheldIdentifier = "direct identifier"
	WithheldText       = "free text cannot be checked for disclosure"
	WithheldKAnonymity = "quasi-identifier dropped so that every combination of quasi-identifiers is shared by at least k participants"
)

// MatrixOptions say which matrix to export and for whom.
type MatrixOptions struct {
	// Audience is AudiencePublic (the default) or AudienceTeam.
	Audience string
	// Plan names a stored analysis plan, as in StudyOptions.
	Plan string
	// KeepQuasi names quasi-identifier attributes a public export must keep:
	// they are never dropped for k-anonymity, and the export is refused
	// (EFORBIDDEN) when they single out fewer than k participants.
	KeepQuasi []string
	// Tier shapes a team matrix by the taker's export tier (see
	// ownwords.ExportTier): TierFull, or "", keeps everything;
	// TierLimited withholds identifier attributes; TierDeidentified also
	// withholds free-text attributes, names rows by the Deidentifier's
	// pseudonyms in pseudonym order, and cuts every date to the year or
	// shifts it (the Deidentifier's rule); TierNone is refused. The public
	// matrix takes no tier: it is disclosure-controlled for anyone.
	Tier ownwords.ExportTier
	// Deidentifier makes a de-identified matrix's pseudonyms and dates;
	// nil makes one with a fresh key that cuts dates to the year.
	Deidentifier *ownwords.Deidentifier
	// Rand draws the public export's pseudonyms; nil seeds one from
	// crypto/rand, so that pseudonyms differ between exports.
	Rand *rand.Rand
}

// MatrixSource is what MatrixForStudy reads: the plans and the analysis
// input. An ownwords.Services (a store) is one.
type MatrixSource interface {
	PlanSource
	analysis.Source
}

// MatrixForStudy loads a stored study, runs its plan and builds the matrix
// export for opt.Audience. Callers check that the reader may have it: the
// team matrix holds participant codes and exact values.
func MatrixForStudy(ctx context.Context, svc MatrixSource, studyID string, opt MatrixOptions) (*Matrix, error) {
	stored, err := findPlan(ctx, svc, studyID, opt.Plan)
	if err != nil {
		return nil, err
	}
	plan, err := analysis.ParsePlan(stored.Body)
	if err != nil {
		return nil, err
	}
	in, err := analysis.Load(ctx, svc, studyID)
	if err != nil {
		return nil, err
	}
	res, err := analysis.Run(in, plan)
	if err != nil {
		return nil, err
	}
	return NewMatrix(in, res, opt)
}

// NewMatrix builds the matrix export of res, the plan run on in. The full
// team matrix has participant codes and every attribute as recorded, in
// sample order; lower tiers withhold and hide as opt.Tier says. The public
// matrix is microdata and gets the disclosure rules: rows in random order
// under per-export pseudonyms; identifier and free-text attributes
// withheld; dates coarsened to the year; and quasi-identifiers dropped
// (those named in opt.KeepQuasi excepted) until every combination of them
// is shared by at least k participants. It is thus never more revealing
// than the de-identified tier. EINVALID for a bad audience, tier or
// KeepQuasi; EFORBIDDEN for TierNone or when k-anonymity cannot hold.
func NewMatrix(in *analysis.Input, res *analysis.Result, opt MatrixOptions) (*Matrix, error) {
	if opt.Audience == "" {
		opt.Audience = AudiencePublic
	}
	r, err := newMatrixRules(opt)
	if err != nil {
		return nil, err
	}
	public := r.public
	m := &Matrix{Study: Clean(res.StudyName), Plan: res.Plan.Name, Audience: opt.Audience, K: res.DisclosureK}
	if !public {
		m.Tier = r.tier
	}
	sample := res.Sample()
	cols := m.attributeColumns(in.Attributes, sample, r)
	if public {
		var err error
		if cols, err = m.anonymize(cols, opt.KeepQuasi, in.Attributes, len(sample)); err != nil {
			return nil, err
		}
	}
	cols = append(cols, itemColumns(res)...)
	m.fill(sample, cols, r, opt.Rand)
	nameVariables(m.Variables)
	return m, nil
}

// matrixRules are what an export's audience and tier allow.
type matrixRules struct {
	public bool
	// tier decides which attributes stay: the taker's tier for the team,
	// TierDeidentified for the public (whose rules go further).
	tier ownwords.ExportTier
	// deid makes pseudonyms and dates of a de-identified team matrix.
	deid *ownwords.Deidentifier
}

func newMatrixRules(opt MatrixOptions) (matrixRules, error) {
	switch opt.Audience {
	case AudiencePublic:
		if opt.Tier != "" {
			return matrixRules{}, ownwords.Errorf(ownwords.EINVALID, "export tiers apply to the team audience; the public matrix is the same for everyone")
		}
		return matrixRules{public: true, tier: ownwords.TierDeidentified}, nil
	case AudienceTeam:
	default:
		return matrixRules{}, ownwords.Errorf(ownwords.EINVALID, "audience must be public or team")
	}
	if len(opt.KeepQuasi) > 0 {
		return matrixRules{}, ownwords.Errorf(ownwords.EINVALID, "keeping quasi-identifiers applies to the public audience only; the team export keeps every attribute")
	}
	r := matrixRules{tier: opt.Tier}
	if r.tier == "" {
		r.tier = ownwords.TierFull
	}
	switch {
	case !r.tier.Valid():
		return r, ownwords.Errorf(ownwords.EINVALID, "unknown export tier %q", opt.Tier)
	case r.tier == ownwords.TierNone:
		return r, ownwords.Errorf(ownwords.EFORBIDDEN, "the export tier none exports nothing")
	case r.tier == ownwords.TierDeidentified:
		r.deid = opt.Deidentifier
		if r.deid == nil {
			r.deid = ownwords.NewDeidentifier(ownwords.DatesToYear)
		}
	}
	return r, nil
}

// column is a variable with its cells in sample order.
type column struct {
	v     Variable
	cells []string
	quasi bool
}

// fill lays out the rows: the identifier column, then cols. Public rows are
// shuffled and numbered, de-identified rows sorted by their keyed
// pseudonyms, so neither the pseudonym nor the row order carries the
// sample order (which follows interview dates).
func (m *Matrix) fill(sample []*ownwords.Participant, cols []column, r matrixRules, rng *rand.Rand) {
	order := make([]int, len(sample))
	for i := range order {
		order[i] = i
	}
	width := max(4, len(strconv.Itoa(len(sample))))
	id := Variable{Name: "participant", Label: "participant code", Missing: "none"}
	rowID := func(row, i int) string { return Clean(sample[i].Code) }
	switch {
	case r.public:
		if rng == nil {
			rng = newSeededRand()
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		id = Variable{Name: "pseudonym", Label: "pseudonym drawn for this export only", Missing: "none",
			Note: "not a participant code: a new random pseudonym per export, so exports cannot be linked"}
		rowID = func(row, _ int) string { return fmt.Sprintf("R-%0*d", width, row+1) }
	case r.deid != nil:
		slices.SortFunc(order, func(a, b int) int {
			return strings.Compare(r.deid.Pseudonym(sample[a].ID), r.deid.Pseudonym(sample[b].ID))
		})
		id = Variable{Name: "pseudonym", Label: "pseudonym keyed for this export only", Missing: "none",
			Note: "not a participant code: an HMAC under a random key drawn for this export and never stored, so exports cannot be linked"}
		rowID = func(_, i int) string { return r.deid.Pseudonym(sample[i].ID) }
	}
	m.Variables = append(m.Variables, id)
	for _, c := range cols {
		m.Variables = append(m.Variables, c.v)
	}
	for row, i := range order {
		cells := make([]string, 0, len(cols)+1)
		cells = append(cells, rowID(row, i))
		for _, c := range cols {
			cells = append(cells, c.cells[i])
		}
		m.Rows = append(m.Rows, cells)
	}
}

// newSeededRand returns a generator seeded from crypto/rand.
func newSeededRand() *rand.Rand {
	var seed [32]byte
	crand.Read(seed[:])
	return rand.New(rand.NewChaCha8(seed))
}

// itemColumns returns one 0/1 column per item of the plan's sections. A
// participant's 1s are exactly the members Provenance names for the item
// over the whole sample, so each column sums to the report's n for a group
// without a filter.
func itemColumns(res *analysis.Result) []column {
	sample := res.Sample()
	var out []column
	for _, s := range res.Sections {
		for _, it := range s.Items {
			path := s.Slug + "/" + it.Slug
			ids, _ := res.Provenance(s.Slug, it.Slug, "")
			endorsed := make(map[string]bool, len(ids))
			for _, id := range ids {
				endorsed[id] = true
			}
			cells := make([]string, len(sample))
			for i, p := range sample {
				cells[i] = "0"
				if endorsed[p.ID] {
					cells[i] = "1"
				}
			}
			note := Clean(it.Label)
			if it.Derived {
				note += " (derived from other items of the section, never coded directly)"
			}
			out = append(out, column{v: Variable{
				Name: itemName(s.Slug, it.Slug), Label: path, Source: path, Numeric: true, Measure: "nominal",
				Values:  []ValueLabel{{"0", "not endorsed"}, {"1", "endorsed"}},
				Missing: "none", Note: note,
			}, cells: cells})
		}
	}
	return out
}
