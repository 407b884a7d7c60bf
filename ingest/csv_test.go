package ingest_test

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"ownwords"
	"ownwords/ingest"
)

// mustReadCSV reads CSV text as an attribute table.
func mustReadCSV(tb testing.TB, name, text string, opt ingest.TableOptions) *ingest.AttributeTable {
	tb.Helper()
	t, err := ingest.ReadCSV(name, strings.NewReader(text), opt)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// types maps slugs to their definitions' types.
func types(t *ingest.AttributeTable) map[string]ownwords.AttrType {
	out := map[string]ownwords.AttrType{}
	for _, a := range t.Attributes {
		out[a.Attribute.Slug] = a.Attribute.Type
	}
	return out
}

// valueStrings maps "code/slug" to canonical value text, "<missing>" for
// missing values.
func valueStrings(t *ingest.AttributeTable) map[string]string {
	out := map[string]string{}
	for _, p := range t.Participants {
		for slug, v := range p.Values {
			s := v.String()
			if v.Missing {
				s = "<missing>"
			}
			out[p.Code+"/"+slug] = s
		}
	}
	return out
}

// peopleCSV has eight rows so that two genders (8 >= 2*4) make a category
// and eight distinct notes do not.
const peopleCSV = "\ufeffID;Gender;Age;Height;Joined;Travelled;Online;Notes;Country\r\n" +
	"P-0001;man;34;1.80;2014-06;yes;1;first;Iraq\r\n" +
	"P-0002;woman;NA;1.62;2015;No;0;second;Syria\r\n" +
	"P-0003;man;41;1.75;2014-09-12;YES;1;third;Iraq\r\n" +
	"P-0004;woman;29;1.7;2016-01;no;0;fourth;Iraq\r\n" +
	"P-0005;man;-99;1.9;2015-03;yes;0;fifth;Syria\r\n" +
	"P-0006;man;38;-88;2014;no;1;sixth;Iraq\r\n" +
	"P-0007;woman;22;1.66;N/A;yes;1;seventh;Iraq\r\n" +
	"P-0008;man;50;1.81;2015-11;no;0;\"eighth; with a semicolon\";Syria\r\n"

func TestReadCSVInfersTypes(t *testing.T) {
	tab := mustReadCSV(t, "people.csv", peopleCSV, ingest.TableOptions{})
	wantTypes := map[string]ownwords.AttrType{
		"gender": ownwords.AttrCategory, "age": ownwords.AttrInteger, "height": ownwords.AttrNumber,
		"joined": ownwords.AttrDate, "travelled": ownwords.AttrBoolean, "online": ownwords.AttrBoolean,
		"notes": ownwords.AttrText, "country": ownwords.AttrCategory,
	}
	got := types(tab)
	for slug, want := range wantTypes {
		if got[slug] != want {
			t.Errorf("%s: type %q, want %q", slug, got[slug], want)
		}
	}
	if len(got) != len(wantTypes) {
		t.Errorf("attributes %v, want %v", got, wantTypes)
	}
	for _, a := range tab.Attributes {
		if !a.Inferred || a.Source != "people.csv" {
			t.Errorf("%s: inferred %v source %q", a.Attribute.Slug, a.Inferred, a.Source)
		}
		if a.Attribute.Slug == "gender" && a.Attribute.Label != "Gender" {
			t.Errorf("gender label %q, want the header", a.Attribute.Label)
		}
	}
	vals := valueStrings(tab)
	for k, want := range map[string]string{
		"P-0001/age": "34", "P-0002/age": "<missing>", "P-0005/age": "<missing>",
		"P-0006/height": "<missing>", "P-0004/height": "1.7",
		"P-0001/joined": "2014-06", "P-0003/joined": "2014-09-12", "P-0007/joined": "<missing>",
		"P-0002/travelled": "false", "P-0003/travelled": "true", "P-0006/online": "true",
		"P-0003/country": "Iraq", "P-0008/notes": "eighth; with a semicolon",
	} {
		if vals[k] != want {
			t.Errorf("%s = %q, want %q", k, vals[k], want)
		}
	}
	if len(tab.Participants) != 8 {
		t.Fatalf("%d participants, want 8", len(tab.Participants))
	}
	p := tab.Participants[2]
	if p.Code != "P-0003" || p.Place != "line 4" || p.Cells["age"] != `line 4, column "Age"` {
		t.Errorf("third row: code %q place %q age cell %q", p.Code, p.Place, p.Cells["age"])
	}
}

func TestInferenceRules(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   ownwords.AttrType
	}{
		{"ZeroOneIsBoolean", []string{"0", "1", "1", "0"}, ownwords.AttrBoolean},
		{"OnlyOnesIsBoolean", []string{"1", "1"}, ownwords.AttrBoolean},
		{"ZeroOneTwoIsInteger", []string{"0", "1", "2"}, ownwords.AttrInteger},
		{"BoolWordsMixedCase", []string{"Yes", "no", "TRUE"}, ownwords.AttrBoolean},
		{"BoolWordsAndDigitsMixed", []string{"yes", "1", "no", "0"}, ownwords.AttrBoolean},
		{"SingleLettersAreNotBoolean", []string{"f", "m", "f", "m", "f", "m", "f", "m"}, ownwords.AttrCategory},
		{"LeadingZeroIsCode", []string{"007", "008", "009", "010"}, ownwords.AttrText},
		{"NegativeInteger", []string{"-5", "12"}, ownwords.AttrInteger},
		{"Years", []string{"1990", "1985"}, ownwords.AttrInteger},
		{"Number", []string{"3.5", "2", "1e3"}, ownwords.AttrNumber},
		{"CommaDecimalIsNotNumber", []string{"3,5", "2,25"}, ownwords.AttrText},
		{"InfIsNotNumber", []string{"Inf", "1.5"}, ownwords.AttrText},
		{"Dates", []string{"2016", "2016-03", "2016-03-31"}, ownwords.AttrDate},
		{"ImpossibleDateIsText", []string{"2016-02-30", "2016-03"}, ownwords.AttrText},
		{"CategoryAtFourRowsPerValue", []string{"a", "b", "a", "b", "a", "b", "a", "b"}, ownwords.AttrCategory},
		{"TextBelowFourRowsPerValue", []string{"a", "b", "a", "b", "a", "b", "a"}, ownwords.AttrText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sb strings.Builder
			sb.WriteString("id,x\n")
			for i, v := range tt.values {
				sb.WriteString("p" + string(rune('a'+i)) + "," + `"` + v + `"` + "\n")
			}
			tab := mustReadCSV(t, "t.csv", sb.String(), ingest.TableOptions{})
			if got := types(tab)["x"]; got != tt.want {
				t.Errorf("type %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadCSVDelimiters(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"Comma", "id,age,notes\nP1,30,a\n"},
		{"Semicolon", "id;age;notes\nP1;30;a\n"},
		{"Tab", "id\tage\tnotes\nP1\t30\ta\n"},
		{"CommasInValuesIgnored", "id;age;notes\nP1;30;\"a, b, c\"\n"},
		{"CROnly", "id,age,notes\rP1,30,a\r"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := mustReadCSV(t, "d.csv", tt.text, ingest.TableOptions{})
			if len(tab.Attributes) != 2 || len(tab.Participants) != 1 || tab.Participants[0].Code != "P1" {
				t.Fatalf("attributes %d, participants %+v", len(tab.Attributes), tab.Participants)
			}
			if tab.Participants[0].Values[tab.Attributes[0].Attribute.Slug].Int != 30 {
				t.Errorf("age = %+v", tab.Participants[0].Values)
			}
		})
	}
}

func TestReadCSVSchemaAndMissing(t *testing.T) {
	schema := mustReadSchema(t, `{"attributes": [
		{"slug": "age", "type": "text", "label": "Age at interview"},
		{"slug": "gender", "type": "category", "values": ["man", "woman"], "tag": "quasi_identifier"}],
		"missing": ["", "unknown"]}`)
	text := "id,gender,age,score\nP1,man,34,unknown\nP2,woman,NA,-99\n"
	t.Run("DeclaredTypesWin", func(t *testing.T) {
		tab := mustReadCSV(t, "s.csv", text, ingest.TableOptions{Schema: schema})
		if got := types(tab); got["age"] != ownwords.AttrText || got["gender"] != ownwords.AttrCategory {
			t.Errorf("types %v", got)
		}
		for _, a := range tab.Attributes {
			switch a.Attribute.Slug {
			case "age":
				if a.Inferred || a.Attribute.Label != "Age at interview" {
					t.Errorf("age: inferred %v label %q", a.Inferred, a.Attribute.Label)
				}
			case "gender":
				if a.Attribute.Tag != ownwords.TagQuasiIdentifier || len(a.Attribute.Values) != 2 {
					t.Errorf("gender definition %+v", a.Attribute)
				}
			case "score":
				if !a.Inferred {
					t.Error("score should be inferred")
				}
			}
		}
		// The schema's missing codes replace the defaults: "NA" is a value
		// of the text column, and -99 a number.
		vals := valueStrings(tab)
		if vals["P2/age"] != "NA" || vals["P1/score"] != "<missing>" || vals["P2/score"] != "-99" {
			t.Errorf("values %v", vals)
		}
	})
	t.Run("OptionsMissingWinOverSchema", func(t *testing.T) {
		tab := mustReadCSV(t, "s.csv", text, ingest.TableOptions{Schema: schema, Missing: []string{"NA", "-99"}})
		vals := valueStrings(tab)
		if vals["P2/age"] != "<missing>" || vals["P2/score"] != "<missing>" || vals["P1/score"] != "unknown" {
			t.Errorf("values %v", vals)
		}
	})
	t.Run("ErrCategoryNotDeclared", func(t *testing.T) {
		_, err := ingest.ReadCSV("s.csv", strings.NewReader("id,gender\nP1,man\nP2,other\n"), ingest.TableOptions{Schema: schema})
		wantError(t, err, ownwords.EINVALID, `s.csv line 3, column "gender":`, `"other" is not one of man, woman`)
	})
	t.Run("ErrDeclaredTypeDoesNotParse", func(t *testing.T) {
		sch := mustReadSchema(t, `{"attributes": [{"slug": "age", "type": "integer"}]}`)
		_, err := ingest.ReadCSV("s.csv", strings.NewReader("id,age\nP1,34\nP2,about 40\n"), ingest.TableOptions{Schema: sch})
		wantError(t, err, ownwords.EINVALID, `s.csv line 3, column "age": "about 40" is not an integer`, "declared integer", "NA, N/A, -99, -88")
	})
}

func TestReadCSVCodebookAsSchema(t *testing.T) {
	f, err := os.Open(codebookPath)
	if err != nil {
		t.Skipf("reference codebook not available: %v", err)
	}
	defer f.Close()
	schema, err := ingest.ReadSchema("codebook.json", f)
	if err != nil {
		t.Fatal(err)
	}
	tab := mustReadCSV(t, "p.csv", "code,gender,birth_year,travelled\nP1,man,1990,yes\n", ingest.TableOptions{Schema: schema})
	want := map[string]ownwords.AttrType{"gender": ownwords.AttrCategory, "birth_year": ownwords.AttrInteger, "travelled": ownwords.AttrBoolean}
	for slug, typ := range types(tab) {
		if want[slug] != typ {
			t.Errorf("%s: %s, want %s", slug, typ, want[slug])
		}
	}
	_, err = ingest.ReadCSV("p.csv", strings.NewReader("code,gender\nP1,male\n"), ingest.TableOptions{Schema: schema})
	wantError(t, err, ownwords.EINVALID, `p.csv line 2, column "gender"`, `"male" is not one of man, woman`)
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		parts []string
	}{
		{"ErrDuplicateID", "id,age\nP-0001,3\nP-0002,4\nP-0001,5\n", []string{"people.csv: participant P-0001 appears twice, in line 2 and line 4"}},
		{"ErrNoIDColumn", "name,age\nx,3\n", []string{"people.csv line 1: no participant id column", `"id", "participant" or "code"`}},
		{"ErrTwoIDColumns", "id,Participant\nx,y\n", []string{`two participant id columns, column 1 ("id") and column 2 ("Participant")`}},
		{"ErrBadHeader", "id,Age (years)\nx,3\n", []string{`people.csv column 2 ("Age (years)"): the header is not a usable attribute name`}},
		{"ErrDuplicateSlug", "id,Birth Year,birth_year\nx,1,2\n", []string{`column 3 ("birth_year"): same attribute "birth_year" as column 2 ("Birth Year")`}},
		{"ErrValueWithoutHeader", "id,,age\nx,oops,3\n", []string{"people.csv line 2, column 2: a value in a column without a header"}},
		{"ErrValueBeyondHeader", "id,age\nx,3,extra\n", []string{"people.csv line 2, column 3: a value beyond the last named column"}},
		{"ErrMissingID", "id,age\nx,3\nNA,4\n", []string{`people.csv line 3, column "id": no participant id`}},
		{"ErrInvalidID", "id,age\nP 1,3\n", []string{`people.csv line 2, column "id": participant "P 1": code must be`}},
		{"ErrBareQuote", "id,age\nx,3\"4\n", []string{"people.csv line 2, character 4:", "bare \""}},
		{"ErrInvalidUTF8", "id,age\nx,\xe9\n", []string{"people.csv: invalid UTF-8 at byte 9"}},
		{"ErrEmpty", "\n\n", []string{"people.csv: the table is empty"}},
		{"ErrTooManyColumns", "id" + strings.Repeat(",c", 100000) + "\nx\n", []string{"people.csv line 1: 100001 columns; an attribute table has at most 1000"}},
		{"ErrCellTooLarge", "id,notes\nx,short\ny,\"\n" + strings.Repeat("a", 1<<20) + "\"\n", []string{"people.csv line 3, column 2: the cell holds 1024 KiB; a cell holds at most 1024 KiB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ingest.ReadCSV("people.csv", strings.NewReader(tt.text), ingest.TableOptions{})
			wantError(t, err, ownwords.EINVALID, tt.parts...)
		})
	}
}

func TestReadCSVDeclaredEncoding(t *testing.T) {
	in := string(mustHex(t, "69642c63697479 0a 50312c cff0e8e2e5f2 0a"))
	tab, err := ingest.ReadCSV("ru.csv", strings.NewReader(in), ingest.TableOptions{Encoding: "windows-1251"})
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Participants[0].Values["city"].Str; got != "Привет" {
		t.Errorf("city = %q", got)
	}
}

// mustReadSchema reads a schema from JSON text.
func mustReadSchema(tb testing.TB, text string) *ingest.Schema {
	tb.Helper()
	s, err := ingest.ReadSchema("schema.json", strings.NewReader(text))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestReadCSVSuggestsEncoding checks that a legacy file read as UTF-8 is
// refused with the encoding it reads best in, and a sample so decoded.
func TestReadCSVSuggestsEncoding(t *testing.T) {
	tests := []struct {
		name  string
		cm    *charmap.Charmap
		text  string
		parts []string
	}{
		{"ErrArabicWindows1256", charmap.Windows1256, "id,city,note\nP1,القاهرة,نعم\nP2,الرياض,لا\n",
			[]string{"ar.csv: invalid UTF-8 at byte 16; declare the encoding with --encoding windows-1256", `reads "id,city,note P1,القاهرة,نعم P2,الرياض,لا"`}},
		{"ErrCyrillicWindows1251", charmap.Windows1251, "id,city\nP1,Москва\nP2,Киев\n",
			[]string{"--encoding windows-1251", "Москва"}},
		{"ErrFrenchWindows1252", charmap.Windows1252, "id,ville\nP1,Orléans\nP2,Besançon\n",
			[]string{"--encoding windows-1252", "Orléans"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := tt.cm.NewEncoder().String(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ingest.ReadCSV("ar.csv", strings.NewReader(in), ingest.TableOptions{})
			wantError(t, err, ownwords.EINVALID, tt.parts...)
		})
	}
}
