package sqldb

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// indexEntry is what indexing an interview computes from its transcript
// alone (tokenising, folding, counting, marks): the CPU part of indexing,
// which PrepareIndex runs on every core while the one writer inserts.
type indexEntry struct {
	tokens  int      // number of tokens (bm25 length normalisation)
	marks   []byte   // text.NewMarks, when there are tokens
	terms   []string // the distinct folded words, sorted bytewise
	tfs     []int32  // occurrences of terms[i]
	buckets [][]byte // search_pos rows by bucket (posBucket; nil: no word)
}

// indexPipeline computes the index entries of transcripts a transaction is
// about to write, in order, on runtime.GOMAXPROCS workers, at most window
// entries ahead of the writer. The writer takes them in the same order
// (take); an entry it never asks for is dropped when it asks for a later
// one, and a transcript it asks for that is not in the list is computed by
// the writer itself, so the pipeline changes when the work is done, never
// what is written.
type indexPipeline struct {
	prep   func(transcript string) indexEntry
	ctx    context.Context
	texts  []string
	items  []pipeItem
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	cond    *sync.Cond
	next    int // first entry the writer has not taken or dropped
	stopped bool
}

type pipeItem struct {
	done    chan struct{}
	e       indexEntry // set under mu, before done is closed
	skipped bool       // the writer went past it: its entry is not kept
}

// pipeWindow is how far (entries) the workers may run ahead of the writer:
// it bounds the memory held by computed entries.
func pipeWindow() int { return 4 * runtime.GOMAXPROCS(0) }

// startIndexPipeline starts the workers; stop ends them.
func startIndexPipeline(ctx context.Context, prep func(string) indexEntry, texts []string) *indexPipeline {
	ctx, cancel := context.WithCancel(ctx)
	p := &indexPipeline{prep: prep, ctx: ctx, texts: texts, items: make([]pipeItem, len(texts)), cancel: cancel}
	p.cond = sync.NewCond(&p.mu)
	for i := range p.items {
		p.items[i].done = make(chan struct{})
	}
	jobs := make(chan int)
	p.wg.Add(1)
	go func() { // feeder: hands out entries in order, within the window
		defer p.wg.Done()
		defer close(jobs)
		window := pipeWindow()
		for i := range texts {
			p.mu.Lock()
			for !p.stopped && i >= p.next+window {
				p.cond.Wait()
			}
			stopped, skipped := p.stopped, p.items[i].skipped
			p.mu.Unlock()
			if stopped {
				return
			}
			if skipped { // the writer went past it: nobody waits for it
				continue
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range runtime.GOMAXPROCS(0) {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for i := range jobs {
				if ctx.Err() != nil {
					return
				}
				e := prep(texts[i])
				p.mu.Lock()
				if !p.items[i].skipped {
					p.items[i].e = e
				}
				p.mu.Unlock()
				close(p.items[i].done)
			}
		}()
	}
	return p
}

// take returns the entry of transcript: the next entry of the pipeline
// with this text (waiting for its worker), or, when there is none or the
// pipeline was stopped, one computed here.
func (p *indexPipeline) take(ctx context.Context, transcript string) (indexEntry, error) {
	p.mu.Lock()
	i := p.next
	for i < len(p.texts) && p.texts[i] != transcript {
		i++
	}
	if i < len(p.texts) {
		for j := p.next; j < i; j++ { // never taken: free their entries
			p.items[j].skipped, p.items[j].e = true, indexEntry{}
		}
		p.next = i + 1
		p.cond.Broadcast()
	}
	p.mu.Unlock()
	if i < len(p.texts) {
		select {
		case <-p.items[i].done:
			e := p.items[i].e
			p.items[i].e = indexEntry{}
			entriesPiped.Add(1)
			return e, nil
		case <-ctx.Done():
			return indexEntry{}, ctx.Err()
		case <-p.ctx.Done():
		}
	}
	if err := ctx.Err(); err != nil {
		return indexEntry{}, err
	}
	return p.prep(transcript), nil
}

// entriesPiped counts the index entries the writer took from a pipeline,
// for tests.
var entriesPiped atomic.Int64

// PrepareIndex starts computing, on every core, the search index entries
// of transcripts that the transaction will write (CreateInterview,
// UpdateInterview) in this order, so that the one writer only inserts.
// It changes nothing that is written. Outside a transaction (Update) it
// does nothing. The workers stop when the transaction ends, when ctx is
// cancelled, or when the returned function is called.
func (s services) PrepareIndex(ctx context.Context, transcripts []string) (stop func()) {
	if s.state == nil || len(transcripts) == 0 {
		return func() {}
	}
	s.state.index.stop()
	p := startIndexPipeline(ctx, prepareIndex, slices.Clone(transcripts))
	s.state.index = p
	return p.stop
}

// indexEntry returns the index entry of transcript, from the transaction's
// pipeline when it has one.
func (s services) indexEntry(ctx context.Context, transcript string) (indexEntry, error) {
	if s.state != nil && s.state.index != nil {
		return s.state.index.take(ctx, transcript)
	}
	return prepareIndex(transcript), nil
}

// stop cancels the workers and waits for them; it is safe to call twice
// and on nil. After stop, take computes every entry itself.
func (p *indexPipeline) stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.stopped = true
	p.cond.Broadcast()
	p.mu.Unlock()
	p.cancel()
	p.wg.Wait()
}
