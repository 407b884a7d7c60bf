package sqldb_test

import (
	"bufio"
	"database/sql"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// dialectOnlyFile lists what may exist in one dialect only, with reasons.
const dialectOnlyFile = "migrations/dialect_only.txt"

// schema is what the two migration folders must agree on, as facts: a key
// naming an object ("table memos", "column memos.body", "index
// memos_target", "unique users(name)", "primary key memos", "version 3")
// and its description in a dialect-neutral form.
type schema struct {
	facts map[string]string
	// tableOf names the table a fact belongs to, so that a table listed as
	// dialect-only covers its columns and indexes.
	tableOf map[string]string
}

func newSchema() *schema {
	return &schema{facts: map[string]string{}, tableOf: map[string]string{}}
}

func (s *schema) add(table, key, desc string) {
	s.facts[key] = desc
	s.tableOf[key] = table
}

// exception is one line of dialect_only.txt.
type exception struct {
	line          int
	dialect, fact string
}

// TestMigrationsAgree holds the two migration folders together: the same
// migration versions, and after migrating, the same tables, columns, keys
// and indexes, except what dialect_only.txt lists with a reason. A listed
// exception that no longer exists fails too, so the list cannot rot.
func TestMigrationsAgree(t *testing.T) {
	exceptions := mustExceptions(t)
	lite, pg := newSchema(), newSchema()
	mustFolderVersions(t, "sqlite", lite)
	mustFolderVersions(t, "postgres", pg)

	db, _ := sqldbtest.OpenSQLite(t)
	mustSQLiteSchema(t, sqldb.RawForTest(db), lite)
	if os.Getenv(sqldbtest.EnvPostgres) == "" && os.Getenv(sqldbtest.EnvRequire) != "1" {
		// Without a server, at least the versions and the SQLite side of
		// the list are checked.
		for _, e := range exceptions {
			if e.dialect == "sqlite" {
				if _, ok := lite.facts[e.fact]; !ok {
					t.Errorf("%s:%d: %s %s does not exist: delete the line", dialectOnlyFile, e.line, e.dialect, e.fact)
				}
			}
		}
		compareVersions(t, lite, pg, exceptions)
		sqldbtest.PostgresDSN(t) // skips, saying how to run the rest
	}
	mustPostgresSchema(t, sqldb.RawForTest(sqldbtest.OpenPostgres(t)), pg)
	compareSchemas(t, lite, pg, exceptions)
}

// compareVersions compares only the migration files of the two folders.
func compareVersions(t *testing.T, lite, pg *schema, exceptions []exception) {
	t.Helper()
	onlyVersions := func(s *schema) *schema {
		out := newSchema()
		for k, v := range s.facts {
			if strings.HasPrefix(k, "version ") {
				out.add("", k, v)
			}
		}
		return out
	}
	var kept []exception
	for _, e := range exceptions {
		if strings.HasPrefix(e.fact, "version ") {
			kept = append(kept, e)
		}
	}
	compareSchemas(t, onlyVersions(lite), onlyVersions(pg), kept)
}

// compareSchemas reports every difference that no exception covers, and
// every exception that matches no difference.
func compareSchemas(t *testing.T, lite, pg *schema, exceptions []exception) {
	t.Helper()
	listed := map[string]int{} // "dialect fact" → line
	for _, e := range exceptions {
		listed[e.dialect+" "+e.fact] = e.line
	}
	used := map[string]bool{}
	// covered reports whether a fact of s is excused: listed itself, or
	// belonging to a table listed as s's alone.
	covered := func(dialect string, s *schema, key string) bool {
		if _, ok := listed[dialect+" "+key]; ok {
			used[dialect+" "+key] = true
			return true
		}
		if table := s.tableOf[key]; table != "" && key != "table "+table {
			_, ok := listed[dialect+" table "+table]
			return ok
		}
		return false
	}
	for _, side := range []struct {
		dialect     string
		this, other *schema
	}{{"sqlite", lite, pg}, {"postgres", pg, lite}} {
		for _, key := range slices.Sorted(maps.Keys(side.this.facts)) {
			if _, ok := side.other.facts[key]; ok || covered(side.dialect, side.this, key) {
				continue
			}
			t.Errorf("%s only: %s (%s): add it to the other dialect's migrations, or list it in %s with the reason",
				side.dialect, key, side.this.facts[key], dialectOnlyFile)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(lite.facts)) {
		if want, ok := pg.facts[key]; ok && want != lite.facts[key] {
			t.Errorf("%s differs: sqlite %s, postgres %s", key, lite.facts[key], want)
		}
	}
	for key, line := range listed {
		if !used[key] {
			t.Errorf("%s:%d: %q is no difference (any more): delete the line", dialectOnlyFile, line, key)
		}
	}
}

// mustExceptions reads dialect_only.txt: "<dialect> <kind> <name> <reason>"
// per line, # comments and blank lines aside.
func mustExceptions(t *testing.T) []exception {
	t.Helper()
	f, err := os.Open(dialectOnlyFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	kinds := map[string]bool{"table": true, "column": true, "index": true, "unique": true, "version": true}
	var out []exception
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || (fields[0] != "sqlite" && fields[0] != "postgres") || !kinds[fields[1]] {
			t.Errorf("%s:%d: want <sqlite|postgres> <table|column|index|unique|version> <name> <reason>, got %q", dialectOnlyFile, n, line)
			continue
		}
		e := exception{line: n, dialect: fields[0], fact: fields[1] + " " + fields[2]}
		if seen[e.dialect+e.fact] {
			t.Errorf("%s:%d: %s %s is listed twice", dialectOnlyFile, n, e.dialect, e.fact)
		}
		seen[e.dialect+e.fact] = true
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// mustFolderVersions adds a "version N" fact for every migration file of
// the dialect's folder, described by the file's name.
func mustFolderVersions(t *testing.T, dialect string, s *schema) {
	t.Helper()
	files, err := os.ReadDir(filepath.Join("migrations", dialect))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		prefix, _, ok := strings.Cut(f.Name(), "_")
		n, err := strconv.Atoi(prefix)
		if !ok || err != nil || !strings.HasSuffix(f.Name(), ".sql") {
			t.Errorf("migrations/%s/%s: want NNNNN_name.sql", dialect, f.Name())
			continue
		}
		s.add("", "version "+strconv.Itoa(n), f.Name())
	}
}

// family maps a declared or catalogued column type to a type family.
func family(typ string) string {
	t := strings.ToLower(typ)
	switch {
	case strings.Contains(t, "bool"):
		return "bool"
	case strings.Contains(t, "int"):
		return "integer"
	case strings.Contains(t, "char"), strings.Contains(t, "text"), strings.Contains(t, "clob"):
		return "text"
	case strings.Contains(t, "blob"), t == "bytea", t == "":
		return "blob"
	case strings.Contains(t, "real"), strings.Contains(t, "floa"), strings.Contains(t, "doub"), strings.Contains(t, "numeric"):
		return "real"
	case strings.Contains(t, "time"), strings.Contains(t, "date"):
		return "timestamp"
	}
	return t
}

// column describes a column's type family and nullability.
func column(typ string, notNull bool) string {
	if notNull {
		return family(typ) + " not null"
	}
	return family(typ)
}

// index describes an index; cols lists its columns, expressions as <expr>.
func index(table string, unique bool, cols string) string {
	desc := table + "(" + cols + ")"
	if unique {
		desc += " unique"
	}
	return desc
}

// applied adds the versions that goose applied, Go migrations included.
func applied(t *testing.T, db *sql.DB, s *schema) {
	t.Helper()
	var vs []string
	rows, err := db.QueryContext(t.Context(), `SELECT version_id FROM goose_db_version WHERE version_id > 0 AND is_applied ORDER BY version_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, strconv.FormatInt(v, 10))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	s.add("", "applied versions", strings.Join(vs, " "))
}

// mustSQLiteSchema reads the migrated SQLite schema into s.
func mustSQLiteSchema(t *testing.T, db *sql.DB, s *schema) {
	t.Helper()
	applied(t, db, s)
	tables := queryStrings(t, db, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')
		AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'goose_db_version' ORDER BY name`)
	for _, table := range tables {
		s.add(table, "table "+table, "")
		rows, err := db.QueryContext(t.Context(), `SELECT name, type, "notnull", pk FROM pragma_table_info($1) ORDER BY cid`, table)
		if err != nil {
			t.Fatal(err)
		}
		pk := map[int]string{}
		for rows.Next() {
			var name, typ string
			var notNull bool
			var pos int
			if err := rows.Scan(&name, &typ, &notNull, &pos); err != nil {
				t.Fatal(err)
			}
			if pos > 0 {
				pk[pos] = name
			}
			// PostgreSQL makes key columns NOT NULL; SQLite allows NULL in a
			// non-integer key, a quirk, not a difference of the schemas.
			s.add(table, "column "+table+"."+name, column(typ, notNull || pos > 0))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if len(pk) > 0 {
			var cols []string
			for i := 1; i <= len(pk); i++ {
				cols = append(cols, pk[i])
			}
			s.add(table, "primary key "+table, strings.Join(cols, ","))
		}
		sqliteIndexes(t, db, table, s)
	}
}

// sqliteIndexes adds table's unique constraints and named indexes.
func sqliteIndexes(t *testing.T, db *sql.DB, table string, s *schema) {
	t.Helper()
	type idx struct {
		name, origin string
		unique       bool
	}
	var list []idx
	rows, err := db.QueryContext(t.Context(), `SELECT name, "unique", origin FROM pragma_index_list($1)`, table)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var i idx
		if err := rows.Scan(&i.name, &i.unique, &i.origin); err != nil {
			t.Fatal(err)
		}
		list = append(list, i)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for _, i := range list {
		if i.origin == "pk" {
			continue // the primary key fact covers it
		}
		cols := strings.Join(queryStrings(t, db, `SELECT coalesce(name, '<expr>') FROM pragma_index_info($1) ORDER BY seqno`, i.name), ",")
		if i.origin == "u" {
			s.add(table, "unique "+table+"("+cols+")", "constraint")
			continue
		}
		s.add(table, "index "+i.name, index(table, i.unique, cols))
	}
}

// mustPostgresSchema reads the migrated schema (the search_path's first
// schema) into s.
func mustPostgresSchema(t *testing.T, db *sql.DB, s *schema) {
	t.Helper()
	applied(t, db, s)
	tables := queryStrings(t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version' ORDER BY 1`)
	for _, table := range tables {
		s.add(table, "table "+table, "")
		rows, err := db.QueryContext(t.Context(), `SELECT column_name, CASE WHEN data_type = 'USER-DEFINED' THEN udt_name ELSE data_type END, is_nullable = 'NO'
			FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name, typ string
			var notNull bool
			if err := rows.Scan(&name, &typ, &notNull); err != nil {
				t.Fatal(err)
			}
			s.add(table, "column "+table+"."+name, column(typ, notNull))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.QueryContext(t.Context(), `SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
			EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid AND c.contype = 'u'),
			(SELECT string_agg(CASE WHEN ix.indkey[k] = 0 THEN '<expr>'
				ELSE (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum = ix.indkey[k]) END, ',' ORDER BY k)
				FROM generate_series(0, ix.indnkeyatts - 1) AS k)
		FROM pg_index ix
		JOIN pg_class i ON i.oid = ix.indexrelid
		JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND t.relname <> 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, name, cols string
		var unique, primary, constraint bool
		if err := rows.Scan(&table, &name, &unique, &primary, &constraint, &cols); err != nil {
			t.Fatal(err)
		}
		switch {
		case primary:
			s.add(table, "primary key "+table, cols)
		case constraint:
			s.add(table, "unique "+table+"("+cols+")", "constraint")
		default:
			s.add(table, "index "+name, index(table, unique, cols))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// queryStrings returns the first column of every row.
func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFamilyNormalisesTypes pins the type families both dialects' names
// map to.
func TestFamilyNormalisesTypes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"TEXT", "text"}, {"text", "text"}, {"character varying", "text"},
		{"INTEGER", "integer"}, {"BIGINT", "integer"}, {"bigint", "integer"}, {"smallint", "integer"},
		{"BOOLEAN", "bool"}, {"boolean", "bool"},
		{"BLOB", "blob"}, {"bytea", "blob"}, {"", "blob"},
		{"REAL", "real"}, {"double precision", "real"}, {"numeric", "real"},
		{"timestamp with time zone", "timestamp"}, {"date", "timestamp"},
		{"tsvector", "tsvector"},
	} {
		if got := family(tc.in); got != tc.want {
			t.Errorf("family(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
