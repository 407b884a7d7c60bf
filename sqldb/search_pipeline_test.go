package sqldb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"sync/atomic"
	"testing"
)

// counting returns prepareIndex counting its calls in n.
func counting(n *atomic.Int64) func(string) indexEntry {
	return func(t string) indexEntry {
		n.Add(1)
		return prepareIndex(t)
	}
}

// Random take orders (skips, repeats, texts not in the list): every entry
// equals the one computed directly from the asked transcript.
func TestIndexPipelineRandomOrder(t *testing.T) {
	for seed := range 300 {
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		n := r.IntN(40)
		texts := make([]string, n)
		for i := range texts {
			texts[i] = fmt.Sprintf("word%d alpha beta é %d", r.IntN(8), r.IntN(3))
		}
		var cnt atomic.Int64
		p := startIndexPipeline(context.Background(), counting(&cnt), texts)
		for range r.IntN(60) {
			var tr string
			if n > 0 && r.IntN(4) > 0 {
				tr = texts[r.IntN(n)]
			} else {
				tr = fmt.Sprintf("other %d", r.IntN(5))
			}
			e, err := p.take(context.Background(), tr)
			if err != nil {
				t.Fatal(err)
			}
			if want := prepareIndex(tr); !reflect.DeepEqual(e, want) {
				t.Fatalf("seed %d: entry for %q differs", seed, tr)
			}
		}
		p.stop()
	}
}

// A writer that jumps to the last text: the workers do not compute the
// entries of the texts it went past (they would be dropped).
func TestIndexPipelineSkipsPassedEntries(t *testing.T) {
	texts := make([]string, 2000)
	for i := range texts {
		texts[i] = fmt.Sprintf("text %d", i)
	}
	var cnt atomic.Int64
	p := startIndexPipeline(context.Background(), counting(&cnt), texts)
	if _, err := p.take(context.Background(), texts[len(texts)-1]); err != nil {
		t.Fatal(err)
	}
	p.stop()
	// Only what the feeder handed out before the take (the window, and
	// one per worker in flight) may be computed besides the taken one.
	if n, max := cnt.Load(), int64(1+pipeWindow()+runtime.GOMAXPROCS(0)); n > max {
		t.Fatalf("computed %d entries for 1 taken, want at most %d: entries the writer went past are still computed", n, max)
	}
}
