package reliability

// Table is the reliability table of a study: one row per code and a pooled
// row, at both units.
type Table struct {
	// Coders names the compared coders, in order.
	Coders []string `json:"coders"`
	// Interviews counts the interviews coded by two or more of them.
	Interviews int `json:"interviews"`
	// OverlapThreshold is the Jaccard overlap at which two segments match.
	OverlapThreshold float64 `json:"overlap_threshold"`
	// Codes holds one row per code, ordered by name.
	Codes []Row `json:"codes"`
	// Pooled is the row over all codes together.
	Pooled Row `json:"pooled"`
}

// Row is the agreement on one code, or pooled over codes.
type Row struct {
	// Code is the code's path ("section/slug"), "" for the pooled row.
	Code   string `json:"code"`
	CodeID string `json:"code_id,omitempty"`
	// Presence is agreement on whether each coder applied the code in
	// each interview.
	Presence Presence `json:"presence"`
	// Segment is agreement on where the code was applied.
	Segment SegmentAgreement `json:"segment"`
	// Flag is the presence alpha's flag, the row's headline.
	Flag string `json:"flag"`
}

// Presence is agreement at the interview (presence/absence) unit.
type Presence struct {
	// Units counts the interviews (pooled: interview × code pairs).
	Units int `json:"units"`
	// Applied counts, per coder, the units where they applied the code.
	Applied map[string]int `json:"applied"`
	// Agreement is the share of units, among those with two or more
	// coders, on which all of them gave the same value (0..1).
	Agreement float64 `json:"percent_agreement"`
	Alpha     Measure `json:"krippendorff_alpha"`
	// Kappa is Cohen's kappa, only when exactly two coders are compared.
	Kappa *Measure `json:"cohen_kappa,omitempty"`
}

// SegmentAgreement is agreement at the code-point (segment) unit.
type SegmentAgreement struct {
	// Segments counts, per coder, their segments with this code in the
	// compared interviews.
	Segments map[string]int `json:"segments"`
	Alpha    Measure        `json:"unitizing_alpha"`
	// Matches holds, for each ordered pair of coders, how many of the
	// first's segments the second matched.
	Matches []Match `json:"matches"`
}

// Match is the share of Coder's segments that Other matched at the overlap
// threshold, over the interviews both coded.
type Match struct {
	Coder    string   `json:"coder"`
	Other    string   `json:"other"`
	Segments int      `json:"segments"`
	Matched  int      `json:"matched"`
	Share    *float64 `json:"share"` // nil when Coder has no segments
}
