package web

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"ownwords"
	"ownwords/gate"
)

// Bounds of the searches kept for post/redirect/get (see savedSearches).
const (
	// searchKeptFor is how long a search stays behind its token.
	searchKeptFor = time.Hour
	// searchesPerSession bounds the searches kept for one login; the
	// oldest goes first.
	searchesPerSession = 32
	// searchesKept bounds the searches kept for all logins together.
	searchesKept = 4096
)

// savedSearches keeps submitted search forms in memory under random,
// opaque tokens, per login session, so that a search never travels in a
// URL: the form is posted, kept here, and the browser is sent to
// /search?s=TOKEN. Queries often name people, and URLs end up in browser
// history, proxy logs and Referer headers; a token means nothing outside
// this process and the session that made it. Nothing is written to disk:
// a restart forgets every search, a logout those of its session.
type savedSearches struct {
	mu sync.Mutex
	// bySession maps a session's token hash to its searches by token.
	bySession map[string]map[string]*savedSearch
	total     int
}

// savedSearch is one kept search form, with the counts it gave.
type savedSearch struct {
	form    searchForm
	savedAt time.Time
	// counts is the outcome of the search for a role without text
	// (gate.SearchOutcome.Counts set) as countsFor answered it, shown
	// again when the page is reloaded or gone back to: each run costs
	// one unit of the daily budget of count searches (gate), and the
	// same page of the same search asks nothing new. Hits are never
	// kept: they change with coding and cost nothing.
	counts    *gate.SearchOutcome
	countsFor countsKey
}

// countsKey is what kept counts answered: a page, for a role (the role is
// read on every request; counts kept for one are never shown to another,
// which the gate might answer otherwise).
type countsKey struct {
	page int
	role ownwords.Role
}

// countsAt returns the counts kept for page at role, nil if none.
func (s savedSearch) countsAt(page int, role ownwords.Role) *gate.SearchOutcome {
	if s.counts == nil || s.countsFor != (countsKey{page, role}) {
		return nil
	}
	return s.counts
}

// newSavedSearches returns an empty keeper.
func newSavedSearches() *savedSearches {
	return &savedSearches{bySession: map[string]map[string]*savedSearch{}}
}

// save keeps f for session and returns its token. It first forgets what
// has expired, then the session's oldest search beyond
// searchesPerSession, then the oldest of all beyond searchesKept.
func (k *savedSearches) save(session string, f searchForm, now time.Time) (string, error) {
	token, err := searchToken()
	if err != nil {
		return "", err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.expire(now)
	if len(k.bySession[session]) >= searchesPerSession {
		k.dropOldest(session)
	}
	if k.total >= searchesKept {
		k.dropOldest("")
	}
	mine := k.bySession[session]
	if mine == nil {
		mine = map[string]*savedSearch{}
		k.bySession[session] = mine
	}
	mine[token] = &savedSearch{form: f, savedAt: now}
	k.total++
	return token, nil
}

// load returns the search session kept under token (its form and the
// counts it gave), if it has not expired. Another session's token is not
// found.
func (k *savedSearches) load(session, token string, now time.Time) (savedSearch, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s, ok := k.bySession[session][token]
	if !ok || now.Sub(s.savedAt) >= searchKeptFor {
		return savedSearch{}, false
	}
	return *s, true
}

// keepCounts keeps out, the counts outcome of page of the search session
// kept under token, asked at role, with it (see savedSearch.counts): until
// the search expires or is forgotten, never longer. An outcome with hits
// is not kept; nor is anything for a search no longer kept.
func (k *savedSearches) keepCounts(session, token string, page int, role ownwords.Role, out *gate.SearchOutcome, now time.Time) {
	if out == nil || out.Counts == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if s, ok := k.bySession[session][token]; ok && now.Sub(s.savedAt) < searchKeptFor {
		s.counts, s.countsFor = out, countsKey{page, role}
	}
}

// forget drops every search of session (at logout).
func (k *savedSearches) forget(session string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.total -= len(k.bySession[session])
	delete(k.bySession, session)
}

// expire drops the searches older than searchKeptFor. k.mu is held.
func (k *savedSearches) expire(now time.Time) {
	for session, mine := range k.bySession {
		for token, s := range mine {
			if now.Sub(s.savedAt) >= searchKeptFor {
				delete(mine, token)
				k.total--
			}
		}
		if len(mine) == 0 {
			delete(k.bySession, session)
		}
	}
}

// dropOldest drops the oldest search of session, or of all sessions when
// session is "". k.mu is held.
func (k *savedSearches) dropOldest(session string) {
	var oldSession, oldToken string
	var oldest time.Time
	for ses, mine := range k.bySession {
		if session != "" && ses != session {
			continue
		}
		for token, s := range mine {
			if oldToken == "" || s.savedAt.Before(oldest) {
				oldSession, oldToken, oldest = ses, token, s.savedAt
			}
		}
	}
	if oldToken == "" {
		return
	}
	delete(k.bySession[oldSession], oldToken)
	if len(k.bySession[oldSession]) == 0 {
		delete(k.bySession, oldSession)
	}
	k.total--
}

// searchToken returns a random 128-bit token, base64url.
func searchToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}
