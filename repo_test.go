package ownwords_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestNoPathOutsideRepository walks every Go file of the module and fails on
// string literals that name a file outside it, so that a clone of the
// repository alone builds and tests: a relative path that climbs above the
// module root (alone or as the leading arguments of filepath.Join), a path
// under this machine's work directory, or the team's shared study and
// fixtures. Tests run in their package's directory, so relative paths are
// resolved against the file's directory.
func TestNoPathOutsideRepository(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); p != "." && err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		for _, bad := range outsidePaths(t, fset, filepath.ToSlash(p), src) {
			t.Errorf("%s names a path outside the repository: %s", bad.pos, bad.text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("walked %d Go files: not the module root?", files)
	}
}

// TestOutsidePaths checks the search on small files. Sources that must
// match are assembled from forbidden, so that this file passes the walk.
func TestOutsidePaths(t *testing.T) {
	work, study, fixtures := forbidden[0], forbidden[1], forbidden[2]
	tests := []struct {
		name, file, src string
		want            []string
	}{
		{"ErrClimbsAboveRoot", "cmd/tool/x_test.go", `package x; var p = "../../../other/x.json"`, []string{`"../../../other/x.json"`}},
		{"ErrJoinClimbsAboveRoot", "qdpx/x_test.go", `package x; import "path/filepath"; var p = filepath.Join("..", "..", "fixtures", name)`, []string{`filepath.Join("..", "..", "fixtures", …)`}},
		{"ErrWorkDirectory", "x.go", "package x; const p = `" + work + "main/x.json`", []string{"`" + work + "main/x.json`"}},
		{"ErrSharedStudy", "demo/x.go", `package x; var p = "` + study + `/codebook.json"`, []string{`"` + study + `/codebook.json"`}},
		{"ErrSharedFixtures", "demo/x.go", `package x; var p = "x/` + fixtures + `/a.qdpx"`, []string{`"x/` + fixtures + `/a.qdpx"`}},
		{"InsideRepository", "cmd/tool/x_test.go", `package x; import "path/filepath"; var p, q = "../../demo/codebook.json", filepath.Join("..", "..", "testdata", "a.qdpx")`, nil},
		{"ArchiveEntryNotAFilePath", "qdpx/x_test.go", `package x; var p = "sources/../../etc/s.txt"`, nil},
		{"RangeTokenNotAPath", "x.go", `package x; var p = from + ".." + to`, nil},
		{"JoinOfVariables", "qdpx/x_test.go", `package x; import "path/filepath"; var p = filepath.Join(dir, "..", "..", "..")`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, bad := range outsidePaths(t, token.NewFileSet(), tt.file, []byte(tt.src)) {
				got = append(got, bad.text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// outsidePath is a literal (or filepath.Join call) naming a path outside
// the repository.
type outsidePath struct {
	pos  token.Position
	text string
}

// forbidden are substrings no Go file may contain in a string literal. They
// are split so that this file does not match itself.
var forbidden = []string{"/" + "work/", "shared/" + "study", "shared/" + "fixtures"}

// outsidePaths parses the Go file at file (slash-separated, relative to the
// module root) and returns its literals that name a path outside the module.
func outsidePaths(tb testing.TB, fset *token.FileSet, file string, src []byte) []outsidePath {
	tb.Helper()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		tb.Fatalf("parse %s: %v", file, err)
	}
	dir := path.Dir(file)
	// climbs reports whether p, resolved against the file's directory, lies
	// above the module root. A literal that is only "..", "../" or the
	// like is a token (a range "a..b"), not a path, unless it is joined.
	climbs := func(p string, joined bool) bool {
		if !strings.HasPrefix(p+"/", "../") || !joined && strings.Trim(p, "./") == "" {
			return false
		}
		return strings.HasPrefix(path.Join(dir, p)+"/", "../")
	}
	var out []outsidePath
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Join" {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || (pkg.Name != "filepath" && pkg.Name != "path") {
				return true
			}
			var parts, shown []string
			for _, a := range n.Args {
				s, ok := stringLit(a)
				if !ok {
					break
				}
				parts, shown = append(parts, s), append(shown, a.(*ast.BasicLit).Value)
			}
			if len(parts) < len(n.Args) {
				shown = append(shown, "…")
			}
			if len(parts) > 0 && climbs(path.Join(parts...), true) {
				out = append(out, outsidePath{fset.Position(n.Pos()), "filepath.Join(" + strings.Join(shown, ", ") + ")"})
			}
		case *ast.BasicLit:
			s, ok := stringLit(n)
			if ok && (climbs(s, false) || slices.ContainsFunc(forbidden, func(f string) bool { return strings.Contains(s, f) })) {
				out = append(out, outsidePath{fset.Position(n.Pos()), n.Value})
			}
		}
		return true
	})
	return out
}

// stringLit returns the value of a string literal.
func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
