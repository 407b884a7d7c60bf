package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"ownwords"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds one parsed template set per page: the layout, the shared
// partials and the page's own "content".
type pages struct {
	byName map[string]*template.Template
}

// funcs are the few template helpers; views are prepared in Go.
var funcs = template.FuncMap{
	"blankCode": func() codeItem { return codeItem{} },
	"day":       func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
	"pct": func(n, d int) string {
		if d == 0 {
			return "–"
		}
		tenths := (2000*n/d + 1) / 2 // round half up, on integers
		return fmt.Sprintf("%d.%d%%", tenths/10, tenths%10)
	},
}

func mustParsePages() *pages {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		p.byName[base] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html", n))
	}
	return p
}

// page is what every template receives: the chrome around .Data.
type page struct {
	Title string
	Study string
	Me    *me
	Data  any
}

// me describes the logged-in user to templates.
type me struct {
	Name string
	Role ownwords.Role
}

// May reports whether the user's role may use the route pattern, so that
// links are offered exactly where the policy table allows them.
func (m *me) May(pattern string) bool { return policy[pattern].allows(m.Role) }

// render executes the named page into a buffer first, so that a template
// error becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	t := s.pages.byName[name]
	p := page{Title: title, Data: data}
	if st, err := s.store.Study(r.Context(), s.studyID); err == nil {
		p.Study = st.Name
	}
	if a := accountFrom(r.Context()); a != nil {
		p.Me = &me{Name: a.user.Name, Role: a.role}
	}
	var buf bytes.Buffer
	if t == nil {
		s.log.Error("no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := t.Execute(&buf, p); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// serveStatic serves the embedded assets (CSS and the small scripts).
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("file") == "" {
		http.NotFound(w, r) // no directory listing
		return
	}
	sub, _ := fs.Sub(staticFS, "static")
	w.Header().Set("Cache-Control", "no-cache")
	http.StripPrefix("/static/", http.FileServerFS(sub)).ServeHTTP(w, r)
}
