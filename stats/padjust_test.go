package stats_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"ownwords/internal/rtest"
	"ownwords/stats"
)

// Worked example: p = (0.01, 0.04, 0.03, 0.2). Holm: sorted 0.01, 0.03,
// 0.04, 0.2 times 4, 3, 2, 1 = 0.04, 0.09, 0.08 → 0.09 (monotone), 0.2.
// BH: 0.2·4/4 = 0.2, 0.04·4/3 = 0.0533, 0.03·4/2 = 0.06 → 0.0533, 0.01·4
// = 0.04.
func TestPAdjustWorked(t *testing.T) {
	p := []float64{0.01, 0.04, 0.03, 0.2}
	for _, c := range []struct {
		name string
		got  []float64
		want []float64
	}{
		{"holm", stats.Holm(p), []float64{0.04, 0.09, 0.09, 0.2}},
		{"BH", stats.BenjaminiHochberg(p), []float64{0.04, 0.16 / 3, 0.16 / 3, 0.2}},
	} {
		for i := range p {
			if math.Abs(c.got[i]-c.want[i]) > 1e-12 {
				t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
				break
			}
		}
	}
	if len(stats.Holm(nil)) != 0 || len(stats.BenjaminiHochberg(nil)) != 0 {
		t.Error("an empty family gave adjusted p-values")
	}
}

// Differential test against R's p.adjust on random families, ties
// included.
func TestPAdjustAgainstR(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 19))
	var fams [][]float64
	var script strings.Builder
	for range 30 {
		p := make([]float64, 1+rng.IntN(12))
		for i := range p {
			p[i] = math.Round(rng.Float64()*rng.Float64()*1000) / 1000 // ties
		}
		fams = append(fams, p)
		var v []string
		for _, x := range p {
			v = append(v, strconv.FormatFloat(x, 'g', -1, 64))
		}
		fmt.Fprintf(&script, "p <- c(%s); cat(format(c(p.adjust(p, 'holm'), p.adjust(p, 'BH')), digits = 15), '\\n')\n", strings.Join(v, ","))
	}
	lines := strings.Split(strings.TrimSpace(rtest.Run(t, script.String())), "\n")
	for i, p := range fams {
		want := strings.Fields(lines[i])
		got := append(stats.Holm(p), stats.BenjaminiHochberg(p)...)
		for k := range got {
			w, _ := strconv.ParseFloat(want[k], 64)
			if math.Abs(got[k]-w) > 1e-12 {
				t.Errorf("%v: adjusted %d = %v, R %v", p, k, got[k], w)
			}
		}
	}
}
