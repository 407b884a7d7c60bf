// Package web is the coding workbench: server-rendered pages (html/template,
// assets embedded, a little plain JavaScript for text selection) over an
// ownwords.Store, for one study.
//
// Security model, in the order a request meets it:
//
//   - Every response carries a strict Content-Security-Policy (no inline
//     script or style), nosniff, no referrer, and data pages no-store.
//   - Go's http.CrossOriginProtection rejects cross-origin state changes;
//     every state change is a POST, never a GET.
//   - Sessions are server-side: the cookie holds a random 32-byte token and
//     the store only its SHA-256. The cookie is "__Host-ownwords" (Secure,
//     Path=/, HttpOnly, SameSite=Strict) when Options.Secure is set. Browsers
//     refuse a __Host- cookie without Secure, so on loopback plain HTTP the
//     cookie is "ownwords" with the same attributes minus Secure.
//   - One policy table (policy.go) says which roles may use each route;
//     a route without an entry is denied. Handlers then check that every
//     object they touch belongs to the served study (another study's
//     objects are 404), and blind coding hides other coders' work.
//   - Analysts and viewers never receive transcript text or quotes.
//   - Search terms (often names) never travel in an address, where browser
//     history, proxy logs and Referer headers would keep them: the search
//     form is posted and kept in memory per login behind a random token
//     (/search?s=TOKEN, post/redirect/get); an old /search?q=… address is
//     neither run nor echoed.
//   - Logins, logouts, failed logins, transcript and quote views, exports
//     and every write are in the hash-chained audit log.
package web
