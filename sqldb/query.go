package sqldb

import (
	"context"
	"fmt"
	"strings"
)

// filter builds the WHERE clause of a list query from optional equality
// conditions: empty values match everything and add nothing.
type filter struct {
	conds []string
	args  []any
}

// eq adds "col = $N" when v is not empty.
func (f *filter) eq(col, v string) {
	if v != "" {
		f.args = append(f.args, v)
		f.conds = append(f.conds, fmt.Sprintf("%s = $%d", col, len(f.args)))
	}
}

// in adds "col IN ($N, …)" when vs is not empty.
func (f *filter) in(col string, vs []string) {
	if len(vs) == 0 {
		return
	}
	ph := make([]string, len(vs))
	for i, v := range vs {
		f.args = append(f.args, v)
		ph[i] = fmt.Sprintf("$%d", len(f.args))
	}
	f.conds = append(f.conds, col+" IN ("+strings.Join(ph, ", ")+")")
}

// where returns the conditions joined by AND ("1 = 1" when there are none).
func (f *filter) where() string {
	if len(f.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(f.conds, " AND ")
}

// collect runs a query and scans every row with scan; what names the list
// in errors.
func collect[T any](ctx context.Context, c conn, what, q string, args []any, scan func(sc interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
