package qdpx_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ownwords"
)

// syntheticPlan is the analysis plan of the synthetic study: it names the
// derived item and attributes of every type the report tabulates.
const syntheticPlan = `{
  "name": "synthetic",
  "sample": {"order_by": "interview_date", "first": 5},
  "groups": [
    {"name": "all", "filter": {}},
    {"name": "women", "filter": {"gender": "woman"}},
    {"name": "men", "filter": {"gender": "man"}}
  ],
  "sections": ["atrocities", "will", "influences"],
  "attributes": ["gender", "knew_destination"],
  "distinct": ["country"],
  "crosstabs": [
    {"rows": "gender", "cols": "influences/online_any"},
    {"rows": "knew_destination", "cols": "atrocities/revenge"}
  ],
  "quotes_per_item": 1
}`

// syntheticStudy builds, in st, a small study with what a round trip
// through another tool must keep: two codes named "Revenge" under
// different parents, a derived code, two coders and an adjudicator whose
// decisions are the consensus layer, attributes of every type (a date
// known only to the month among them), interview dates, places and
// languages, and an analysis plan. Nothing in it describes a real person.
func syntheticStudy(tb testing.TB, st ownwords.Store) *ownwords.Study {
	tb.Helper()
	ctx := context.Background()
	study := &ownwords.Study{Name: "Synthetic round trip", Settings: ownwords.StudySettings{DisclosureK: ownwords.DefaultDisclosureK, Languages: []string{"en", "fr"}}}
	fatal(tb, st.CreateStudy(ctx, study))
	users := map[string]*ownwords.User{}
	for _, u := range []struct {
		name string
		role ownwords.Role
	}{{"ada", ownwords.RoleOwner}, {"ben", ownwords.RoleCoder}, {"cleo", ownwords.RoleCoder}} {
		x := &ownwords.User{Name: u.name, PasswordHash: "unused"}
		fatal(tb, st.CreateUser(ctx, x))
		fatal(tb, st.SetRole(ctx, study.ID, x.ID, u.role))
		users[u.name] = x
	}
	for _, at := range []*ownwords.Attribute{
		{Slug: "gender", Label: "Gender", Type: ownwords.AttrCategory, Values: []string{"woman", "man"}, Tag: ownwords.TagQuasiIdentifier},
		{Slug: "age", Label: "Age at interview", Type: ownwords.AttrInteger},
		{Slug: "months_inside", Label: "Months inside", Type: ownwords.AttrNumber, Description: "time spent inside the group"},
		{Slug: "knew_destination", Label: "Knew the destination", Type: ownwords.AttrBoolean},
		{Slug: "interview_date", Label: "Interview date", Type: ownwords.AttrDate},
		{Slug: "joined", Label: "Joined", Type: ownwords.AttrDate},
		{Slug: "country", Type: ownwords.AttrCategory},
		{Slug: "background", Label: "Background", Type: ownwords.AttrText},
	} {
		at.StudyID = study.ID
		fatal(tb, st.CreateAttribute(ctx, at))
	}
	codes := map[string]*ownwords.Code{}
	for _, c := range []*ownwords.Code{
		{Slug: "atrocities", Label: "Atrocities admitted", Color: "#aa3300"},
		{Slug: "will", Label: "Will to fight"},
		{Slug: "influences", Label: "Influences on joining", Description: "who or what drew them in"},
		{Slug: "atrocities/torture", Label: "Torture", Inclusion: "any account of torturing a prisoner", Example: "we beat him"},
		{Slug: "atrocities/revenge", Label: "Revenge", Exclusion: "revenge as a motive"},
		{Slug: "will/revenge", Label: "Revenge", Description: "fought on to avenge someone"},
		{Slug: "will/tired", Label: "Tired of fighting", Deprecated: true},
		{Slug: "influences/friends", Label: "Friends", Published: true},
		{Slug: "influences/online_videos", Label: "Online videos (passive viewing)"},
		{Slug: "influences/internet_recruiter", Label: "Internet recruiter"},
		{Slug: "influences/online_any", Label: "Online (any)", Description: "influenced online in some way",
			Derived: &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: []string{"online_videos", "internet_recruiter"}}},
	} {
		parent, slug, _ := strings.Cut(c.Slug, "/")
		if slug != "" {
			c.ParentID, c.Slug = codes[parent].ID, slug
		}
		c.StudyID = study.ID
		fatal(tb, st.CreateCode(ctx, c))
		if slug != "" {
			codes[parent+"/"+slug] = c
		} else {
			codes[parent] = c
		}
	}
	// Each transcript has one sentence per code; coders code some of
	// them, the adjudicator decides.
	sentences := []struct{ code, text string }{
		{"atrocities/torture", "They made us watch while the guards beat a prisoner."},
		{"atrocities/revenge", "We burned the village to pay them back."},
		{"will/revenge", "I stayed because they had killed my brother."},
		{"will/tired", "By the end I was tired of the fighting."},
		{"influences/friends", "My friends from the mosque went first."},
		{"influences/online_videos", "I watched the videos every night on my phone."},
		{"influences/internet_recruiter", "A man on the internet promised me a house."},
	}
	type person struct {
		code, gender, date, joined, country, place, lang, background string
		age                                                          int
		months                                                       float64
		knew                                                         bool
	}
	people := []person{
		{"P-01", "woman", "2017-08-16", "2014-03", "France", "Erbil", "fr", "grew up near Lyon", 24, 18.5, true},
		{"P-02", "man", "2017-08-20", "2013-11", "Iraq", "Duhok", "en", "", 31, 30, false},
		{"P-03", "man", "2017-09-02", "2014", "Syria", "Erbil", "en", "worked as a driver\nthen as a guard", 27, 12, true},
		{"P-04", "woman", "2017-09-15", "2015-01", "Belgium", "Erbil", "fr", "", 19, 9.25, false},
		{"P-05", "man", "2017-10-01", "2014-06", "Iraq", "Sulaymaniyah", "en", "", 45, 40, true},
		{"P-06", "woman", "2017-10-03", "2014-08", "Tunisia", "Duhok", "en", "", 22, 20, true},
	}
	var segMemo *ownwords.Memo
	for i, pp := range people {
		vals := map[string]ownwords.Value{}
		for slug, s := range map[string]string{"gender": pp.gender, "interview_date": pp.date, "joined": pp.joined, "country": pp.country,
			"age": fmt.Sprint(pp.age), "months_inside": fmt.Sprint(pp.months), "knew_destination": fmt.Sprint(pp.knew), "background": pp.background} {
			if s == "" {
				continue
			}
			typ := map[string]ownwords.AttrType{"gender": ownwords.AttrCategory, "interview_date": ownwords.AttrDate, "joined": ownwords.AttrDate,
				"country": ownwords.AttrCategory, "age": ownwords.AttrInteger, "months_inside": ownwords.AttrNumber,
				"knew_destination": ownwords.AttrBoolean, "background": ownwords.AttrText}[slug]
			v, err := ownwords.ParseValue(typ, s)
			fatal(tb, err)
			vals[slug] = v
		}
		p := &ownwords.Participant{StudyID: study.ID, Code: pp.code, Values: vals}
		fatal(tb, st.CreateParticipant(ctx, p))
		var sb strings.Builder
		fmt.Fprintf(&sb, "Interview with %s.\n", pp.code)
		starts := map[string][2]int{}
		for j, s := range sentences {
			if (i+j)%4 == 3 {
				continue // not every participant says everything
			}
			start := len([]rune(sb.String()))
			sb.WriteString(s.text)
			starts[s.code] = [2]int{start, start + len([]rune(s.text))}
			sb.WriteString("\n")
		}
		d, err := ownwords.ParseDate(pp.date)
		fatal(tb, err)
		iv := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: pp.code + "_" + pp.date, Date: d,
			Place: pp.place, Language: pp.lang, Transcript: sb.String()}
		fatal(tb, st.CreateInterview(ctx, iv))
		if i == 0 {
			for _, m := range []*ownwords.Memo{
				{TargetType: ownwords.MemoStudy, TargetID: study.ID, Title: "Scope", Body: "Six invented interviews."},
				{TargetType: ownwords.MemoCode, TargetID: codes["will/revenge"].ID, Body: "Compare with atrocities/revenge."},
				{TargetType: ownwords.MemoParticipant, TargetID: p.ID, Title: "Contact", Body: "Asked to be called back in autumn."},
				{TargetType: ownwords.MemoInterview, TargetID: iv.ID, Body: "Noisy recording."},
			} {
				m.StudyID, m.AuthorID = study.ID, users["ada"].ID
				fatal(tb, st.CreateMemo(ctx, m))
			}
		}
		k := 0
		for _, s := range sentences {
			r, ok := starts[s.code]
			if !ok {
				continue
			}
			k++
			quote := []rune(iv.Transcript)[r[0]:r[1]]
			add := func(coder, layer string, start, end int, memo string) {
				seg := &ownwords.Segment{StudyID: study.ID, InterviewID: iv.ID, CodeID: codes[s.code].ID, CoderID: users[coder].ID,
					Layer: layer, Start: start, End: end, TextHash: ownwords.HashText(string([]rune(iv.Transcript)[start:end])), Memo: memo}
				fatal(tb, st.CreateSegment(ctx, seg))
				if i == 0 && layer == ownwords.LayerConsensus && segMemo == nil {
					// A memo on a consensus segment whose span and code a
					// coder's segment shares, and one anchored to it.
					segMemo = &ownwords.Memo{StudyID: study.ID, TargetType: ownwords.MemoSegment, TargetID: seg.ID, AuthorID: users["ada"].ID,
						Title: "Scope", Body: "Both coders read this as a turning point."}
					fatal(tb, st.CreateMemo(ctx, segMemo))
					fatal(tb, st.CreateMemo(ctx, &ownwords.Memo{StudyID: study.ID, TargetType: ownwords.MemoInterview, TargetID: iv.ID, AuthorID: users["cleo"].ID,
						Title: "Pause", Body: "Long silence before this answer.", Anchor: &ownwords.MemoAnchor{Start: start, End: end}}))
				}
			}
			if k%3 != 0 {
				add("ben", ownwords.LayerCoder, r[0], r[1], "")
			}
			if k%2 == 0 || k%3 == 0 {
				add("cleo", ownwords.LayerCoder, r[0], r[0]+len(quote)/2+1, "")
			}
			if k%4 != 1 {
				add("ada", ownwords.LayerConsensus, r[0], r[1], map[bool]string{true: "agreed after discussion"}[k%5 == 0])
			}
		}
	}
	fatal(tb, st.SavePlan(ctx, &ownwords.Plan{StudyID: study.ID, Name: "synthetic", Body: []byte(syntheticPlan)}))
	return study
}
