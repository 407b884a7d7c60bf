package web

import "ownwords"

// access is the set of roles allowed on a route, as bits.
type access uint8

const (
	// anyone may use the route without logging in (login, static assets).
	anyone access = 1 << iota
	owner
	coder
	analyst
	viewer

	members  = owner | coder | analyst | viewer
	textTeam = owner | coder           // roles that may see transcript text
	research = owner | coder | analyst // everyone but viewers
)

// policy is the one table of who may do what: route pattern → roles. A
// pattern missing here is denied to everyone (guard), and a test fails if
// any registered route lacks an entry. Object-level rules (same study,
// blind coding, own segments) are checked by the handlers on top.
var policy = map[string]access{
	"GET /static/{file...}": anyone,
	"GET /login":            anyone,
	"POST /login":           anyone,
	"POST /logout":          members,

	// Viewers land on the dashboard and are sent on to the public report.
	"GET /{$}":                         members,
	"GET /participants":                research,
	"GET /participants/{id}":           research,
	"GET /interviews":                  research,
	"GET /interviews/{id}":             textTeam,
	"POST /interviews/{id}/segments":   textTeam,
	"POST /interviews/{id}/transcript": textTeam, // who may edit is gate.EditTranscript's
	"GET /interviews/{id}/edits":       textTeam,
	// Aligning a text by hand: who may is gate.TextAlignment's (those
	// who may edit the transcript).
	"GET /interviews/{id}/texts/{text}/alignment":  textTeam,
	"POST /interviews/{id}/texts/{text}/alignment": textTeam,
	"POST /interviews/{id}/passages":               textTeam, // a search hit, coded in the coder layer
	"POST /interviews/{id}/comparison":             owner,
	// Comparison and adjudication: the owner is the adjudicator.
	"GET /interviews/{id}/comparison":     owner,
	"POST /interviews/{id}/adjudications": owner,
	"POST /interviews/{id}/agreements":    owner,
	"GET /recordings/{id}":                textTeam, // a recording is the transcript, spoken (Gate.Play decides too)
	"POST /segments/{id}":                 textTeam,
	"POST /segments/{id}/delete":          textTeam,
	"POST /segments/{id}/consensus":       owner,
	"GET /codebook":                       research,
	"POST /codebook/codes":                owner,
	"POST /codebook/codes/{id}":           owner,
	"POST /codebook/move":                 owner,
	"POST /codebook/merge":                owner,
	"GET /search":                         members, // roles without text get totals only, withheld below k
	"POST /search":                        members, // the search form; kept behind a token, never in an address
	"GET /retrieve":                       textTeam,
	"GET /quotes":                         textTeam, // quotes are text: never for analysts, and viewers get none anywhere
	"GET /reliability":                    research, // coders: only interviews whose comparison is open
	"GET /report":                         members,
	"GET /report/document":                members,
	"GET /report/pdf":                     members,
}

// roleBit returns the access bit of a role, 0 for an unknown one.
func roleBit(r ownwords.Role) access {
	switch r {
	case ownwords.RoleOwner:
		return owner
	case ownwords.RoleCoder:
		return coder
	case ownwords.RoleAnalyst:
		return analyst
	case ownwords.RoleViewer:
		return viewer
	}
	return 0
}

// allows reports whether a holds role r.
func (a access) allows(r ownwords.Role) bool {
	bit := roleBit(r)
	return bit != 0 && a&bit != 0
}
