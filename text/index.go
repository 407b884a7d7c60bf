package text

import "encoding/binary"

// Indexed is what a full-text index keeps of a text: the same as
// Tokenize and NewMarks give, without a Token for every word.
type Indexed struct {
	// Tokens is the number of tokens (len(Tokenize(s))).
	Tokens int
	// Marks are NewMarks(s, Tokenize(s)); nil when there is no token.
	Marks Marks
	// Words are the distinct folded words, in the order of their first
	// token; Positions[i] are the positions of Words[i] (indexes into
	// Tokenize(s)), increasing.
	Words     []string
	Positions [][]int
}

// Index tokenises and folds s for an index. It folds each spelling once
// and looks each token up once, by its spelling; the positions of all the
// words share one array.
func Index(s string) Indexed {
	var out Indexed
	bySpelling := make(map[string]int32, 1024) // word number; -1: folds to nothing
	byNorm := make(map[string]int32, 1024)
	ids := make([]int32, 0, len(s)/6) // word number of each token
	var counts []int
	lastB, lastCP := 0, 0
	for b, cp := 0, 0; ; {
		startB, startCP, nextB, nextCP, ok := scanToken(s, b, cp)
		if !ok {
			break
		}
		b, cp = nextB, nextCP
		spelling := s[startB:nextB]
		k, seen := bySpelling[spelling]
		if !seen {
			k = -1
			if norm := Fold(spelling); norm != "" {
				var known bool
				if k, known = byNorm[norm]; !known {
					k = int32(len(out.Words))
					byNorm[norm] = k
					out.Words = append(out.Words, norm)
					counts = append(counts, 0)
				}
			}
			bySpelling[spelling] = k
		}
		if k < 0 {
			continue
		}
		if len(ids)%MarkEvery == 0 {
			out.Marks = binary.AppendUvarint(out.Marks, uint64(startB-lastB))
			out.Marks = binary.AppendUvarint(out.Marks, uint64(startCP-lastCP))
			lastB, lastCP = startB, startCP
		}
		ids = append(ids, k)
		counts[k]++
	}
	out.Tokens = len(ids)
	if len(ids) == 0 {
		return out
	}
	all := make([]int, len(ids))
	out.Positions = make([][]int, len(out.Words))
	at := 0
	for k, n := range counts {
		out.Positions[k] = all[at : at : at+n]
		at += n
	}
	for i, k := range ids {
		out.Positions[k] = append(out.Positions[k], i)
	}
	return out
}
