package text

// parser is a recursive-descent parser over the lexemes of one query.
type parser struct {
	toks  []lexeme
	i     int
	depth int
}

func (p *parser) peek() lexeme { return p.toks[p.i] }

// peek2 returns the lexeme after the next one (the end marker repeats).
func (p *parser) peek2() lexeme { return p.toks[min(p.i+1, len(p.toks)-1)] }

func (p *parser) next() lexeme {
	t := p.toks[p.i]
	if t.kind != lexEOF {
		p.i++
	}
	return t
}

func (p *parser) unexpected(t lexeme) error {
	return errAt(t.pos, "unexpected %s", t)
}

// parseOr parses: and { OR and }.
func (p *parser) parseOr() (*node, error) {
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == lexOr {
		p.next()
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		left = join(kindOr, left, right)
	}
	return left, nil
}

// parseAnd parses: not { AND not }.
func (p *parser) parseAnd() (*node, error) {
	left, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == lexAnd {
		p.next()
		right, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		left = join(kindAnd, left, right)
	}
	return left, nil
}

// parseNot parses: seq { (NOT | AND NOT) seq }.
func (p *parser) parseNot() (*node, error) {
	left, err := p.parseSeq()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.peek().kind == lexNot:
			p.next()
		case p.peek().kind == lexAnd && p.peek2().kind == lexNot:
			p.next()
			p.next()
		default:
			return left, nil
		}
		right, err := p.parseSeq()
		if err != nil {
			return nil, err
		}
		left = &node{kind: kindNot, kids: []*node{left, right}}
	}
}

// parseSeq parses one or more primaries in a row, joined by implicit AND.
func (p *parser) parseSeq() (*node, error) {
	var n *node
	for {
		switch p.peek().kind {
		case lexPhrase, lexLParen, lexNearGroup:
		case lexComma: // outside NEAR(…), a comma is a separator like a space
			p.next()
			continue
		default:
			if n == nil {
				return nil, p.misplaced()
			}
			return n, nil
		}
		prim, err := p.parsePrimary()
		if err != nil {
			return nil, err
		}
		if n == nil {
			n = prim
		} else {
			n = join(kindAnd, n, prim)
		}
	}
}

// misplaced explains why the next lexeme cannot stand where it does.
func (p *parser) misplaced() error {
	t := p.peek()
	switch t.kind {
	case lexNot:
		return errAt(t.pos, "NOT needs a word or phrase before it")
	case lexNear:
		return errAt(t.pos, "%s needs a word or phrase on each side", t.raw)
	}
	return p.unexpected(t)
}

// parsePrimary parses a phrase (with any NEAR/N chain), a NEAR group or a
// parenthesised query.
func (p *parser) parsePrimary() (*node, error) {
	switch t := p.next(); t.kind {
	case lexPhrase:
		return p.parseNearChain(phraseNode(t))
	case lexNearGroup:
		return p.parseNearGroup(t)
	default: // lexLParen
		if p.depth++; p.depth > maxDepth {
			return nil, errAt(t.pos, "more than %d nested parentheses", maxDepth)
		}
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != lexRParen {
			if p.peek().kind == lexEOF {
				return nil, errAt(t.pos, "missing ')' for '('")
			}
			return nil, p.unexpected(p.peek())
		}
		p.next()
		p.depth--
		return n, nil
	}
}

// parseNearChain parses "a NEAR/N b NEAR/N c" after its first phrase.
func (p *parser) parseNearChain(first *node) (*node, error) {
	if p.peek().kind != lexNear {
		return first, nil
	}
	near := &node{kind: kindNear, kids: []*node{first}, dist: p.peek().dist}
	for p.peek().kind == lexNear {
		op := p.next()
		if op.dist != near.dist {
			return nil, errAt(op.pos, "%s after NEAR/%d: write NEAR(a b c, N) for one distance", op.raw, near.dist)
		}
		t := p.peek()
		if t.kind != lexPhrase {
			return nil, errAt(op.pos, "%s needs a word or phrase on each side", op.raw)
		}
		p.next()
		near.kids = append(near.kids, phraseNode(t))
	}
	return near, nil
}

// parseNearGroup parses "NEAR(a b …[, N])" after NEAR.
func (p *parser) parseNearGroup(op lexeme) (*node, error) {
	p.next() // "(", which the lexer saw after NEAR
	near := &node{kind: kindNear, dist: DefaultNearDistance}
	for p.peek().kind == lexPhrase {
		near.kids = append(near.kids, phraseNode(p.next()))
	}
	if len(near.kids) == 0 {
		return nil, errAt(p.peek().pos, "NEAR( needs words or phrases before %s", p.peek())
	}
	if p.peek().kind == lexComma {
		p.next()
		t := p.next()
		if t.kind != lexPhrase || t.quoted || t.prefix {
			return nil, errAt(t.pos, "NEAR distance %s is not a number", t)
		}
		d, err := nearDistance(t.raw, t.pos)
		if err != nil {
			return nil, err
		}
		near.dist = d
	}
	switch t := p.next(); t.kind {
	case lexRParen:
	case lexEOF:
		return nil, errAt(op.pos, "missing ')' for 'NEAR('")
	default:
		return nil, errAt(t.pos, "unexpected %s in NEAR(", t)
	}
	if len(near.kids) == 1 {
		return near.kids[0], nil
	}
	return near, nil
}

// phraseNode returns the query node of a phrase lexeme.
func phraseNode(t lexeme) *node {
	return &node{kind: kindPhrase, terms: t.terms, prefix: t.prefix}
}

// join combines two nodes with AND or OR, flattening runs of the same
// operator.
func join(k kind, a, b *node) *node {
	n := &node{kind: k}
	for _, x := range []*node{a, b} {
		if x.kind == k {
			n.kids = append(n.kids, x.kids...)
		} else {
			n.kids = append(n.kids, x)
		}
	}
	return n
}
