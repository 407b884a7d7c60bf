package text

// DocCounts are the term frequencies of many texts (documents, numbered by
// the caller), as an index of term frequencies without positions holds
// them: Words[w][d] is how often the folded word w occurs in document d
// (absent: never), and Prefixed[p] lists the words of Words that begin
// with the prefix p. They must cover every word and prefix of the query
// (Terms) in every document counted.
type DocCounts struct {
	Words    map[string]map[int]int32
	Prefixed map[string][]string
}

// Positional reports whether deciding q needs the words' positions: it has
// a phrase of more than one word, or a NEAR. Otherwise the counts of its
// words decide it and give its hits (CountDocs).
func (q Query) Positional() bool { return q.root.positional() }

func (n *node) positional() bool {
	if n == nil {
		return false
	}
	if n.kind == kindNear || (n.kind == kindPhrase && len(n.terms) > 1) {
		return true
	}
	for _, k := range n.kids {
		if k.positional() {
			return true
		}
	}
	return false
}

// CountDocs returns the documents where q matches with their number of
// hits: for each, len(FindPositions(q, p)) on the postings p of that
// document. Single words, prefixes, AND, OR and NOT need no positions:
// every hit is one token, an AND or OR gives the union of its operands'
// tokens and a NOT those of its left operand, so the hits are the
// occurrences of the distinct words that take part in the match. For a
// Positional query CountDocs returns instead the documents where q may
// match (each phrase and NEAR taken as the AND of its words; a superset),
// each with count 0: positions decide them.
func CountDocs(q Query, c DocCounts) map[int]int {
	if q.root == nil {
		return map[int]int{}
	}
	ev := countEval{c: c, sets: map[*node]docSet{}}
	root := ev.over(q.root)
	out := make(map[int]int, len(root))
	if q.root.positional() {
		for d := range root {
			out[d] = 0
		}
		return out
	}
	// A single word: its counts as they are.
	if q.root.kind == kindPhrase && !q.root.prefix {
		for d, n := range c.Words[q.root.terms[0]] {
			out[d] = int(n)
		}
		return out
	}
	var words []string
	for d := range root {
		words = ev.contrib(q.root, d, words[:0])
		seen := make(map[string]bool, len(words))
		n := 0
		for _, w := range words {
			if !seen[w] {
				seen[w] = true
				n += int(c.Words[w][d])
			}
		}
		out[d] = n
	}
	return out
}

// Word returns the folded word of a query that is one word and nothing
// else (no prefix, phrase or operator): CountDocs then returns that
// word's counts as they are, which a store with many documents may read
// directly rather than copy.
func (q Query) Word() (string, bool) {
	if q.root == nil || q.root.kind != kindPhrase || q.root.prefix || len(q.root.terms) != 1 {
		return "", false
	}
	return q.root.terms[0], true
}

type docSet map[int]struct{}

// countEval evaluates a query on sets of documents.
type countEval struct {
	c    DocCounts
	sets map[*node]docSet // over of each node evaluated
}

// leafWords returns the words a one-word phrase stands for.
func (e countEval) leafWords(term string, prefix bool) []string {
	if prefix {
		return e.c.Prefixed[term]
	}
	return []string{term}
}

// wordDocs returns the documents holding any of the words.
func (e countEval) wordDocs(words []string) docSet {
	if len(words) == 1 {
		out := make(docSet, len(e.c.Words[words[0]]))
		for d, n := range e.c.Words[words[0]] {
			if n > 0 {
				out[d] = struct{}{}
			}
		}
		return out
	}
	out := docSet{}
	for _, w := range words {
		for d, n := range e.c.Words[w] {
			if n > 0 {
				out[d] = struct{}{}
			}
		}
	}
	return out
}

// over returns the documents where n may match (exactly those where it
// matches, for a node that is not positional).
func (e countEval) over(n *node) docSet {
	var out docSet
	switch n.kind {
	case kindPhrase:
		for i, t := range n.terms {
			s := e.wordDocs(e.leafWords(t, n.prefix && i == len(n.terms)-1))
			if i == 0 {
				out = s
			} else {
				out = intersect(out, s)
			}
		}
	case kindAnd, kindNear:
		for i, k := range n.kids {
			if i == 0 {
				out = e.over(k)
			} else {
				out = intersect(out, e.over(k))
			}
		}
	case kindOr:
		out = docSet{}
		for _, k := range n.kids {
			for d := range e.over(k) {
				out[d] = struct{}{}
			}
		}
	case kindNot:
		out = docSet{}
		right := e.under(n.kids[1])
		for d := range e.over(n.kids[0]) {
			if _, ok := right[d]; !ok {
				out[d] = struct{}{}
			}
		}
	}
	e.sets[n] = out
	return out
}

// under returns documents where n surely matches (exactly those where it
// matches, for a node that is not positional).
func (e countEval) under(n *node) docSet {
	if !n.positional() {
		if s, ok := e.sets[n]; ok {
			return s
		}
		return e.over(n)
	}
	switch n.kind {
	case kindAnd:
		var out docSet
		for i, k := range n.kids {
			if i == 0 {
				out = e.under(k)
			} else {
				out = intersect(out, e.under(k))
			}
		}
		return out
	case kindOr:
		out := docSet{}
		for _, k := range n.kids {
			for d := range e.under(k) {
				out[d] = struct{}{}
			}
		}
		return out
	case kindNot:
		out := docSet{}
		right := e.over(n.kids[1])
		for d := range e.under(n.kids[0]) {
			if _, ok := right[d]; !ok {
				out[d] = struct{}{}
			}
		}
		return out
	}
	return docSet{} // a phrase of several words, a NEAR
}

// contrib appends the words whose occurrences are hits of n in document d
// (n not positional).
func (e countEval) contrib(n *node, d int, dst []string) []string {
	if _, ok := e.sets[n][d]; !ok {
		return dst
	}
	switch n.kind {
	case kindPhrase:
		for _, w := range e.leafWords(n.terms[0], n.prefix) {
			if e.c.Words[w][d] > 0 {
				dst = append(dst, w)
			}
		}
	case kindNot:
		dst = e.contrib(n.kids[0], d, dst)
	default:
		for _, k := range n.kids {
			dst = e.contrib(k, d, dst)
		}
	}
	return dst
}

// intersect returns the documents in both sets, reusing the smaller.
func intersect(a, b docSet) docSet {
	if len(a) > len(b) {
		a, b = b, a
	}
	out := make(docSet, len(a))
	for d := range a {
		if _, ok := b[d]; ok {
			out[d] = struct{}{}
		}
	}
	return out
}
