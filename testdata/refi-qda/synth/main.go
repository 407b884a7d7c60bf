// Command synth derives a synthetic REFI-QDA fixture from a project that
// another tool wrote: the archive layout, the element and attribute order,
// the GUIDs, dates, colours, selection positions and counts stay; every
// name, description and text is replaced by synthetic content, generated
// deterministically, so that the same original always gives the same file.
//
// Usage (from the module root, with an original that is not in the
// repository):
//
//	go run ./testdata/refi-qda/synth -o testdata/refi-qda/qc-1.3.2-demo.qdpx original.qdpx
//
// What it replaces:
//   - the project name ("Synthetic project");
//   - user names ("coder-" and the first eight hex digits of the user's
//     GUID, so that one user has one name in every file) and user ids
//     ("U1", "U2", … in document order);
//   - code names: a name gets "Theme N" (top level) or "Subtheme N.M…"
//     after the position where it first occurs, so that names that repeat
//     in the original (NVivo's equal leaf names under other parents) repeat
//     in the copy and distinct names stay distinct;
//   - the text of every Description ("Synthetic description N.");
//   - source names that are not GUIDs ("Source N") and source paths whose
//     base name is not a GUID ("source-N.txt", the archive entry renamed to
//     match);
//   - every plain-text source: each line keeps its length in code points,
//     its leading and trailing white space and its line break, and its
//     other characters become seeded synthetic words, so that every
//     selection's start and end stay valid;
//   - selection names that quote the selected text (the synthetic text of
//     the same range); names such as "line:6" are positions, not text, and
//     stay;
//   - .docx sources, which must hold no text: a minimal empty document of
//     its own replaces each.
//
// Anything else (another element, attribute or archive entry, text outside
// Description, a .docx with text) stops it with an error: extend the
// generator rather than let original content through. It embeds no text of
// any original.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	out := flag.String("o", "", "the synthetic .qdpx to write")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: synth -o synthetic.qdpx original.qdpx")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	orig, err := os.ReadFile(flag.Arg(0))
	if err == nil {
		var b []byte
		if b, err = synthesize(orig); err == nil {
			err = os.WriteFile(*out, b, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}

// synthesize returns the synthetic archive for the original archive orig.
func synthesize(orig []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(orig), int64(len(orig)))
	if err != nil {
		return nil, err
	}
	entries := map[string]*zip.File{}
	var qde *zip.File
	for _, f := range zr.File {
		entries[strings.ToLower(f.Name)] = f
		if strings.EqualFold(path.Ext(f.Name), ".qde") {
			if qde != nil {
				return nil, errors.New("more than one .qde entry")
			}
			qde = f
		}
	}
	if qde == nil {
		return nil, errors.New("no .qde entry")
	}
	x := &synth{entries: entries, renamed: map[string]string{}, texts: map[string]string{},
		codeNames: map[string]string{}, codeKeys: map[string]string{}, sourceNums: map[string]int{}}
	project, err := readEntry(qde)
	if err != nil {
		return nil, err
	}
	newProject, err := x.rewrite(project)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", qde.Name, err)
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		name, body, err := x.entry(f, qde, newProject)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: f.Method, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// synth carries one derivation's state.
type synth struct {
	entries map[string]*zip.File // lower-cased entry name -> entry
	renamed map[string]string    // original entry name -> synthetic name
	texts   map[string]string    // original entry name -> synthetic text

	codeNames  map[string]string // original code name -> synthetic name
	codeKeys   map[string]string // folded original code name -> original name
	path       []int             // position of the current code: 1-based index per level
	siblings   []int             // codes opened so far at each level under the current parents
	sourceNums map[string]int    // source GUID -> its number
	users      int
	descs      int
	selection  int
}

// entry returns the synthetic name and bytes of archive entry f.
func (x *synth) entry(f, qde *zip.File, project []byte) (string, []byte, error) {
	name := f.Name
	if n, ok := x.renamed[f.Name]; ok {
		name = n
	}
	switch {
	case f == qde:
		return name, project, nil
	case strings.EqualFold(path.Ext(f.Name), ".txt"):
		if t, ok := x.texts[f.Name]; ok {
			return name, []byte(t), nil
		}
		orig, err := readEntry(f)
		if err != nil {
			return "", nil, err
		}
		return name, []byte(x.text(name, string(orig))), nil // a text no source names
	case strings.EqualFold(path.Ext(f.Name), ".docx"):
		orig, err := readEntry(f)
		if err != nil {
			return "", nil, err
		}
		if err := emptyDocx(orig); err != nil {
			return "", nil, err
		}
		return name, minimalDocx(), nil
	case f.UncompressedSize64 == 0:
		return name, nil, nil // NVivo's sources/.root
	}
	return "", nil, errors.New("an archive entry the generator does not know; extend it")
}

// keptAttrs are attributes that hold structure, not content, and are kept
// as they are, by element.
var keptAttrs = map[string][]string{
	"Project": {"xmlns", "xmlns:xsi", "xsi:schemaLocation", "origin", "creatingUserGUID", "creationDateTime",
		"modifyingUserGUID", "modifiedDateTime"},
	"Users":              nil,
	"User":               {"guid"},
	"CodeBook":           nil,
	"Codes":              nil,
	"Code":               {"guid", "isCodable", "color"},
	"Description":        nil,
	"Sources":            nil,
	"TextSource":         {"guid", "creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime"},
	"PlainTextSelection": {"guid", "startPosition", "endPosition", "creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime"},
	"Coding":             {"guid", "creatingUser", "creationDateTime"},
	"CodeRef":            {"targetGUID"},
}

// rewrite returns the project XML with every name, description and text
// replaced; the bytes between the replaced values are the original's.
func (x *synth) rewrite(project []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(project))
	var out bytes.Buffer
	var stack []string
	var source *textSource // the TextSource being read
	var last int64
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		off := dec.InputOffset()
		raw := project[last:off]
		last = off
		switch t := tok.(type) {
		case xml.ProcInst:
			if t.Target != "xml" {
				return nil, fmt.Errorf("processing instruction %q", t.Target)
			}
			out.Write(raw)
		case xml.StartElement:
			name := qname(t.Name)
			kept, ok := keptAttrs[name]
			if !ok {
				return nil, fmt.Errorf("element %s is not handled; extend the generator", name)
			}
			values := map[string]string{}
			for _, a := range t.Attr {
				an := qname(a.Name)
				switch {
				case slices.Contains(kept, an):
				case name == "Code" && an == "name": // enterCode names it by its position
				case name == "Project" && an == "basePath" && a.Value == "":
				default:
					v, err := x.replace(name, an, a.Value, t.Attr, &source)
					if err != nil {
						return nil, err
					}
					values[an] = v
				}
			}
			if name == "Code" {
				if err := x.enterCode(t.Attr, values); err != nil {
					return nil, err
				}
			}
			stack = append(stack, name)
			b, err := setAttrs(raw, values)
			if err != nil {
				return nil, err
			}
			out.Write(b)
		case xml.EndElement:
			name := qname(t.Name)
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return nil, fmt.Errorf("unbalanced </%s>", name)
			}
			stack = stack[:len(stack)-1]
			if name == "Code" {
				x.path = x.path[:len(x.path)-1]
			}
			if name == "TextSource" {
				source = nil
			}
			out.Write(raw)
		case xml.CharData:
			switch {
			case len(stack) > 0 && stack[len(stack)-1] == "Description" && strings.TrimSpace(string(t)) != "":
				x.descs++
				out.WriteString(fmt.Sprintf("Synthetic description %d.", x.descs))
			case strings.TrimSpace(string(t)) == "":
				out.Write(raw)
			default:
				return nil, fmt.Errorf("text inside %s is not handled; extend the generator", strings.Join(stack, "/"))
			}
		default:
			return nil, fmt.Errorf("%T in the project XML is not handled", tok)
		}
	}
	if len(stack) != 0 {
		return nil, errors.New("the project XML ends inside an element")
	}
	return out.Bytes(), nil
}

// textSource is a source whose selections are being rewritten.
type textSource struct {
	orig, text []rune // nil when the source has no plain text
}

// replace returns the synthetic value of attribute attr of element elem.
func (x *synth) replace(elem, attr, v string, attrs []xml.Attr, source **textSource) (string, error) {
	switch elem + "@" + attr {
	case "Project@name":
		return "Synthetic project", nil
	case "User@name":
		g := strings.ReplaceAll(strings.ToLower(attrValue(attrs, "guid")), "-", "")
		if len(g) < 8 {
			return "", fmt.Errorf("user %q has no GUID to name it by", v)
		}
		return "coder-" + g[:8], nil
	case "User@id":
		x.users++
		return fmt.Sprintf("U%d", x.users), nil
	case "TextSource@name":
		if isGUID(v) {
			return v, nil
		}
		return fmt.Sprintf("Source %d", x.sourceNumber(attrs)), nil
	case "TextSource@plainTextPath", "TextSource@richTextPath":
		np, err := x.sourcePath(v, x.sourceNumber(attrs))
		if err != nil {
			return "", err
		}
		if attr == "plainTextPath" {
			s, err := x.plainText(v)
			if err != nil {
				return "", err
			}
			*source = s
		}
		return np, nil
	case "PlainTextSelection@name":
		return x.selectionName(v, attrs, *source), nil
	}
	return "", fmt.Errorf("attribute %s of %s is not handled; extend the generator", attr, elem)
}

// sourceNumber numbers text sources 1, 2, … in document order.
func (x *synth) sourceNumber(attrs []xml.Attr) int {
	g := attrValue(attrs, "guid")
	if x.sourceNums[g] == 0 {
		x.sourceNums[g] = len(x.sourceNums) + 1
	}
	return x.sourceNums[g]
}

// sourcePath returns the synthetic form of a source path: the same scheme
// and directory, the base name "source-N" unless it is a GUID; the archive
// entry it names is renamed to match.
func (x *synth) sourcePath(p string, n int) (string, error) {
	dir, base := path.Split(p)
	ext := path.Ext(base)
	if isGUID(strings.TrimSuffix(base, ext)) {
		return p, nil
	}
	f := x.find(p)
	if f == nil {
		return "", fmt.Errorf("source path %q names no archive entry", p)
	}
	nb := fmt.Sprintf("source-%d%s", n, strings.ToLower(ext))
	x.renamed[f.Name] = path.Join(path.Dir(f.Name), nb)
	return dir + nb, nil
}

// find resolves a source path to its archive entry as importers do:
// internal://X in sources/, relative://X, or a bare name.
func (x *synth) find(p string) *zip.File {
	for _, scheme := range []string{"internal://", "relative://", "file://"} {
		if len(p) >= len(scheme) && strings.EqualFold(p[:len(scheme)], scheme) {
			p = p[len(scheme):]
			break
		}
	}
	clean := strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(p, `\`, "/")), "/")
	for _, c := range []string{"sources/" + clean, clean, "sources/" + path.Base(clean)} {
		if f := x.entries[strings.ToLower(c)]; f != nil {
			return f
		}
	}
	return nil
}

// plainText synthesises the text a plainTextPath names, under the entry's
// synthetic name (its seed).
func (x *synth) plainText(p string) (*textSource, error) {
	f := x.find(p)
	if f == nil {
		return &textSource{}, nil // a missing file is a quirk to keep
	}
	orig, err := readEntry(f)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(orig) {
		return nil, fmt.Errorf("%s is not UTF-8; extend the generator", f.Name)
	}
	name := f.Name
	if n, ok := x.renamed[f.Name]; ok {
		name = n
	}
	t := x.text(name, string(orig))
	x.texts[f.Name] = t
	return &textSource{orig: []rune(string(orig)), text: []rune(t)}, nil
}

// position names a selection by where it is ("line:6"), not by its text.
var position = regexp.MustCompile(`^(line|lines|para|paragraph|char|chars)[: ]?[0-9]+([-–:][0-9]+)?$`)

// selectionName returns a selection's synthetic name: a position stays, a
// quote of the original text becomes the synthetic text of the range,
// anything else "Selection N".
func (x *synth) selectionName(v string, attrs []xml.Attr, s *textSource) string {
	x.selection++
	if strings.TrimSpace(v) == "" || position.MatchString(strings.TrimSpace(v)) {
		return v
	}
	if s != nil && s.orig != nil {
		start, err1 := strconv.Atoi(attrValue(attrs, "startPosition"))
		end, err2 := strconv.Atoi(attrValue(attrs, "endPosition"))
		if err1 == nil && err2 == nil && 0 <= start && start <= end && end <= len(s.orig) {
			if q := string(s.orig[start:end]); q == v || strings.TrimSpace(q) == strings.TrimSpace(v) {
				return string(s.text[start:end])
			}
		}
	}
	return fmt.Sprintf("Selection %d", x.selection)
}

// enterCode names the code that starts here after the position where its
// original name first occurs.
func (x *synth) enterCode(attrs []xml.Attr, values map[string]string) error {
	orig := attrValue(attrs, "name")
	d := len(x.path)
	if len(x.siblings) == d { // the first child of its parent
		x.siblings = append(x.siblings, 0)
	}
	x.siblings = x.siblings[:d+1]
	x.siblings[d]++
	x.path = append(x.path, x.siblings[d])
	if strings.Contains(orig, "::") {
		return fmt.Errorf("code %q: flat \"::\" names are not handled; extend the generator", orig)
	}
	key := fold(orig)
	if other, ok := x.codeKeys[key]; ok && other != orig {
		return fmt.Errorf("codes %q and %q differ only in case or punctuation, which the synthetic names would not keep; extend the generator", other, orig)
	}
	x.codeKeys[key] = orig
	if _, ok := x.codeNames[orig]; !ok {
		parts := make([]string, len(x.path))
		for i, n := range x.path {
			parts[i] = strconv.Itoa(n)
		}
		if len(parts) == 1 {
			x.codeNames[orig] = "Theme " + parts[0]
		} else {
			x.codeNames[orig] = "Subtheme " + strings.Join(parts, ".")
		}
	}
	values["name"] = x.codeNames[orig]
	return nil
}

// fold is a code name as slugs compare it: letters and digits, lower case.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// text returns the synthetic text for the original text orig of entry
// name: the same code points count, line breaks and white space at each
// line's ends; the rest synthetic words seeded by name.
func (x *synth) text(name, orig string) string {
	h := fnv.New64a()
	h.Write([]byte(name))
	g := &words{state: h.Sum64(), capital: true}
	var b strings.Builder
	rs := []rune(orig)
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] != '\n' && rs[j] != '\r' {
			j++
		}
		line := rs[i:j]
		lead := 0
		for lead < len(line) && (unicode.IsSpace(line[lead]) || line[lead] == '\uFEFF') {
			lead++
		}
		trail := len(line)
		for trail > lead && unicode.IsSpace(line[trail-1]) {
			trail--
		}
		b.WriteString(string(line[:lead]))
		b.WriteString(g.fill(trail - lead))
		b.WriteString(string(line[trail:]))
		if j < len(rs) {
			b.WriteRune(rs[j]) // the line break
			j++
		}
		i = j
	}
	return b.String()
}

// lexicon is the synthetic vocabulary: plain English words, no names.
var lexicon = strings.Fields(`
about above across after again almost along also always answer around asked
away back basket before began behind below bench between bicycle blue board
boat bottle bread bridge bright brought build busy cabin candle careful carry
ceiling chair change circle clock cloud coast collect colour corner cotton
count cover crowd cupboard curtain daily dance early earth edge either empty
engine enough evening every field finish floor flower follow forest forward
fresh garden gentle glass gravel green ground group handle harbour heavy hedge
hill hollow house idea inside island jacket kettle kitchen ladder lamp large
later leaf letter level light little local long lower market meadow middle
minute moment morning mountain narrow nearly never number ocean often orange
other outside paper parcel path pencil people picture plain planet pocket
quiet rather ready record river road round season second shelf shore short
simple slowly small smooth soft sound spring square stair station still stone
story street summer table thing through timber today together towel tower
travel under until usual valley village walk wall warm water weather window
winter wooden yellow yesterday
`)

// words is a seeded source of synthetic words (splitmix64), so that the
// text does not depend on a library's random generator.
type words struct {
	state   uint64
	capital bool // the next word starts a sentence
}

func (g *words) next() uint64 {
	g.state += 0x9e3779b97f4a7c15
	z := g.state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// fill returns exactly n characters of words separated by single spaces,
// with a full stop now and then; it neither starts nor ends with a space.
func (g *words) fill(n int) string {
	b := make([]byte, 0, n)
	for len(b) < n {
		if len(b) > 0 {
			if n-len(b) == 1 {
				b = append(b, '.')
				g.capital = true
				break
			}
			b = append(b, ' ')
		}
		w := []byte(lexicon[g.next()%uint64(len(lexicon))])
		if g.capital {
			w[0] = byte(unicode.ToUpper(rune(w[0])))
			g.capital = false
		}
		if g.next()%9 == 0 && n-len(b)-len(w) != 2 { // no "word.." at a line's end
			w = append(w, '.')
			g.capital = true
		}
		b = append(b, w[:min(len(w), n-len(b))]...)
	}
	return string(b)
}

// emptyDocx checks that a .docx holds no text: the generator keeps an
// empty document empty and refuses to copy one with text.
func emptyDocx(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		doc, err := readEntry(f)
		if err != nil {
			return err
		}
		dec := xml.NewDecoder(bytes.NewReader(doc))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "t", "tab", "br", "cr", "sym", "instrText", "delText":
					return errors.New("the .docx holds text; extend the generator")
				}
			case xml.CharData:
				if strings.TrimSpace(string(t)) != "" {
					return errors.New("the .docx holds text; extend the generator")
				}
			}
		}
	}
	return errors.New("the .docx has no word/document.xml")
}

// minimalDocx returns a Word document with one empty paragraph.
func minimalDocx() []byte {
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			panic(err) // writing to memory does not fail
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// setAttrs returns the raw start tag with the values of the named
// attributes replaced, quotes and everything else as they were.
func setAttrs(tag []byte, values map[string]string) ([]byte, error) {
	if len(values) == 0 {
		return tag, nil
	}
	var out []byte
	i := bytes.IndexAny(tag, " \t\r\n")
	if i < 0 {
		return nil, fmt.Errorf("tag %.40q has no attributes to replace", tag)
	}
	out = append(out, tag[:i]...)
	done := 0
	for i < len(tag) {
		c := tag[i]
		if c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			out = append(out, c)
			i++
			continue
		}
		eq := bytes.IndexByte(tag[i:], '=')
		if eq < 0 {
			return nil, fmt.Errorf("tag %.40q: cannot read its attributes", tag)
		}
		name := strings.TrimSpace(string(tag[i : i+eq]))
		j := i + eq + 1
		for j < len(tag) && (tag[j] == ' ' || tag[j] == '\t' || tag[j] == '\r' || tag[j] == '\n') {
			j++
		}
		if j >= len(tag) || tag[j] != '"' && tag[j] != '\'' {
			return nil, fmt.Errorf("tag %.40q: attribute %s is not quoted", tag, name)
		}
		q := tag[j]
		k := bytes.IndexByte(tag[j+1:], q)
		if k < 0 {
			return nil, fmt.Errorf("tag %.40q: attribute %s is not closed", tag, name)
		}
		end := j + 1 + k
		out = append(out, tag[i:j+1]...)
		if v, ok := values[name]; ok {
			out = append(out, escapeAttr(v, q)...)
			done++
		} else {
			out = append(out, tag[j+1:end]...)
		}
		out = append(out, q)
		i = end + 1
	}
	if done != len(values) {
		return nil, fmt.Errorf("tag %.40q: replaced %d of %d attributes", tag, done, len(values))
	}
	return out, nil
}

func escapeAttr(v string, quote byte) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", string(quote), map[byte]string{'"': "&quot;", '\'': "&apos;"}[quote],
		"\n", "&#10;", "\r", "&#13;", "\t", "&#9;")
	return r.Replace(v)
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func attrValue(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if qname(a.Name) == name {
			return a.Value
		}
	}
	return ""
}

var guidRE = regexp.MustCompile(`^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$`)

func isGUID(s string) bool { return guidRE.MatchString(s) }

func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
