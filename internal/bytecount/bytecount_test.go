package bytecount

import (
	"slices"
	"testing"
)

func TestCounterReportsOnceAStepAndAtTheEnd(t *testing.T) {
	for _, c := range []struct {
		name  string
		total int64
		adds  []int64
		want  []int64
	}{
		{"Small reads", 3*Step + 10, append(slices.Repeat([]int64{Step / 4}, 12), 10), []int64{Step, 2 * Step, 3 * Step, 3*Step + 10}},
		{"One big add", 5 * Step, []int64{5 * Step}, []int64{5 * Step}},
		{"Nothing added", Step, []int64{0, 0}, nil},
		{"Less than a step", 100, []int64{60, 40}, []int64{100}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []int64
			b := &Counter{Total: c.total, Report: func(done, total int64) {
				if total != c.total {
					t.Errorf("total %d, want %d", total, c.total)
				}
				got = append(got, done)
			}}
			for _, n := range c.adds {
				b.Add(n)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("reports at %v, want %v", got, c.want)
			}
		})
	}
}
