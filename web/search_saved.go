package web

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
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

// savedSearch is one kept search form.
type savedSearch struct {
	form    searchForm
	savedAt time.Time
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

// load returns the search form session kept under token, if it has not expired.
// Another session's token is not found.
func (k *savedSearches) load(session, token string, now time.Time) (searchForm, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s, ok := k.bySession[session][token]
	if !ok || now.Sub(s.savedAt) >= searchKeptFor {
		return searchForm{}, false
	}
	return s.form, true
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
