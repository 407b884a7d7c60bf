package web

import (
	"ownwords"
	"ownwords/disclosure"
)

// attributionWords are the attributes a quote's attribution may name, in
// priority order (the first is dropped last), and where each word goes:
// "a foreign woman, returnee".
var attributionWords = []struct {
	slug string
	role disclosure.Role
}{
	{"gender", disclosure.Noun},
	{"origin", disclosure.Adjective},
	{"status", disclosure.Apposition},
}

// attributor returns a function describing a participant coarsely enough
// that at least k participants of the study fit the description. Values
// are named by their own text; attributes the study lacks are skipped.
func attributor(k int, attrs []*ownwords.Attribute, ps []*ownwords.Participant) (func(*ownwords.Participant) string, error) {
	has := map[string]bool{}
	for _, a := range attrs {
		if a.Type == ownwords.AttrCategory {
			has[a.Slug] = true
		}
	}
	sample := make([]map[string]string, len(ps))
	for i, p := range ps {
		sample[i] = disclosure.ParticipantValues(p)
	}
	var words []disclosure.Wording
	for _, aw := range attributionWords {
		if !has[aw.slug] {
			continue
		}
		w := disclosure.Wording{Attribute: aw.slug, Role: aw.role, Words: map[string]string{}}
		for _, values := range sample {
			if v := values[aw.slug]; v != "" {
				w.Words[v] = v
			}
		}
		words = append(words, w)
	}
	at, err := disclosure.NewAttributor(k, words, sample)
	if err != nil {
		return nil, err
	}
	return func(p *ownwords.Participant) string { return at.Attribution(disclosure.ParticipantValues(p)) }, nil
}
