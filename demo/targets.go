package demo

// Cell sizes of the sample: 89 local men, 93 foreign men, 9 local women,
// 13 foreign women from Western Europe, 16 other foreign women. Men 182,
// women 38; foreign men 93 of 182 (51.1%), foreign women 29 of 38 (76.3%).
var cellSize = counts{89, 93, 9, 13, 16}

// target fixes how many members of each cell endorse an item.
type target struct {
	item string
	n    counts
	// prefer: members holding any of these items are drawn first; "@home"
	// names the foreign members who never travelled.
	prefer []string
	// joint: exactly jointN[c] of the item's holders in cell c also hold
	// joint (used to make two vulnerabilities co-occur above chance).
	joint  string
	jointN counts
}

// cover fixes a union: exactly support[c] members of cell c hold at least
// one of the items, and item i is held by n[i][c] of them.
type cover struct {
	items   []string
	n       []counts
	support counts
}

func c5(a, b, c, d, e int) counts { return counts{a, b, c, d, e} }

// The per-cell counts below are designed against published.json: every
// ranking is strict (each listed item above the next, the last above the
// rest), e.g. vulnerabilities for all: poverty 78 > unemployment 67 >
// underemployment 64 > criminal_history 62; for men criminal_history 60 >
// poverty 58. Comments give the group totals the checks look at.

// onlineCover: online_any = 30+65+1+9+11 = 116 of 220 (52.7%).
var onlineCover = cover{
	items: []string{"influences/online_videos_passive", "influences/internet_recruiter", "influences/social_media_active"},
	n: []counts{
		c5(20, 35, 1, 4, 3), // men 55 (third), women 8
		c5(8, 32, 0, 7, 7),  // women 14 (second)
		c5(10, 25, 0, 4, 2),
	},
	support: c5(30, 65, 1, 9, 11),
}

// onlineOnly: members of the online support with no offline influence:
// 38 of 220 (17.3%) have online_only_recruitment.
var onlineOnly = c5(5, 25, 0, 4, 4)

// offlineInfluences go to every member who is not online-only (a cover
// whose support is the rest of the cell).
var offlineInfluences = []target{
	{item: "influences/friends", n: c5(45, 35, 2, 3, 2)},                // men 80 (first)
	{item: "influences/face_to_face_recruiter", n: c5(40, 25, 1, 1, 2)}, // men 65 (second)
	{item: "influences/spouse", n: c5(0, 3, 6, 6, 8)},                   // women 20 (first)
	{item: "influences/parents", n: c5(5, 3, 4, 2, 3)},                  // women 9 (third)
	{item: "influences/siblings", n: c5(12, 8, 2, 1, 2)},                // women 5
	{item: "influences/religious_teacher", n: c5(15, 10, 1, 1, 1)},      // men 25
}

// motivations: everyone holds at least one. Local men and women: the top
// three are employment, basic_needs and safety; foreign men: helping_syrians
// 45 > caliphate_ideology 32; foreign women: islamic_identity 18 >
// family_ties 14; Western European women: islamic_identity 10 > family_ties 8.
var motivations = []target{
	{item: "motivations/helping_syrians", n: c5(5, 45, 0, 6, 6)},
	{item: "motivations/islamic_identity", n: c5(8, 30, 1, 10, 8)},
	{item: "motivations/family_ties", n: c5(4, 5, 3, 8, 6)},
	{item: "motivations/employment", n: c5(40, 8, 4, 0, 1)},
	{item: "motivations/basic_needs", n: c5(35, 3, 5, 0, 1)},
	{item: "motivations/safety", n: c5(30, 4, 6, 0, 2)},
	{item: "motivations/caliphate_ideology", n: c5(20, 32, 1, 4, 5)},
	{item: "motivations/material_promises", n: c5(12, 10, 1, 1, 2)},
	{item: "motivations/adventure", n: c5(3, 20, 0, 1, 1)},
	{item: "motivations/revenge", n: c5(15, 12, 0, 0, 1)},
	{item: "motivations/belonging", n: c5(10, 22, 0, 5, 2)},
}

// fighterCover: fighter_or_ribat = 50 + 44 = 94 of 182 men (51.6%).
var fighterCover = cover{
	items:   []string{"roles/fighter", "roles/ribat"},
	n:       []counts{c5(42, 38, 0, 0, 0), c5(18, 12, 0, 0, 0)},
	support: c5(50, 44, 0, 0, 0),
}

var fighters = []string{"roles/fighter", "roles/ribat"}

// targets are assigned in order, so an item's prefer and joint items come
// before it.
var targets = []target{
	// vulnerabilities: all poverty 78 > unemployment 67 > underemployment 64
	// > criminal_history 62; men criminal_history 60 > poverty 58; women
	// poverty 20 > family_conflict 15 > prior_trauma 12 > unemployment 10.
	// Local > foreign: poverty 45/98 vs 33/122, unemployment 42/98 vs 25/122.
	{item: "vulnerabilities/poverty", n: c5(40, 18, 5, 5, 10)},
	{item: "vulnerabilities/unemployment", n: c5(38, 19, 4, 2, 4)},
	{item: "vulnerabilities/underemployment", n: c5(30, 25, 3, 2, 4)},
	{item: "vulnerabilities/criminal_history", n: c5(12, 48, 0, 1, 1)},
	// foreign: 17 of 25 substance users have a record (lift 1.66)
	{item: "vulnerabilities/substance_abuse", n: c5(6, 22, 0, 2, 1),
		joint: "vulnerabilities/criminal_history", jointN: c5(3, 16, 0, 1, 0)},
	{item: "vulnerabilities/family_conflict", n: c5(15, 25, 3, 6, 6)},
	{item: "vulnerabilities/prior_trauma", n: c5(20, 22, 4, 4, 4)},
	// foreign: 14 of 38 who felt discriminated were unemployed (lift 1.80)
	{item: "vulnerabilities/discrimination", n: c5(5, 30, 0, 5, 3),
		joint: "vulnerabilities/unemployment", jointN: c5(2, 12, 0, 1, 1)},
	{item: "vulnerabilities/marginalization", n: c5(18, 20, 2, 3, 3)},
	{item: "vulnerabilities/identity_seeking", n: c5(3, 30, 0, 6, 3)},
	{item: "vulnerabilities/mental_health", n: c5(5, 10, 1, 2, 2)},

	// roles besides fighter and ribat: men engineer 20 > mechanic 18 >
	// medical 16 > administration 14; women wife_and_mother 37, medical 1,
	// suicide_terrorist 1, recruiter 1, hisbah 2.
	{item: "roles/engineer", n: c5(8, 12, 0, 0, 0)},
	{item: "roles/mechanic", n: c5(11, 7, 0, 0, 0)},
	{item: "roles/medical", n: c5(6, 10, 0, 0, 1)},
	{item: "roles/wife_and_mother", n: c5(0, 0, 9, 13, 15)},
	{item: "roles/suicide_terrorist", n: c5(0, 2, 0, 0, 1)},
	{item: "roles/recruiter", n: c5(2, 3, 0, 1, 0), prefer: []string{"@home"}},
	{item: "roles/hisbah", n: c5(6, 3, 0, 1, 1)},
	{item: "roles/administration", n: c5(9, 5, 0, 0, 0)},
	{item: "roles/media", n: c5(2, 6, 0, 1, 0)},
	{item: "roles/security_emni", n: c5(5, 5, 0, 0, 0)},
	{item: "roles/teacher", n: c5(4, 2, 1, 1, 1)},
	{item: "roles/logistics", n: c5(8, 5, 0, 0, 0)},

	// disillusionment: men civilians 90 > food 75 > women 60 > corruption
	// 55; women: women 25 > food 20 > attacks outside 12 > civilians 11.
	{item: "disillusionment/mistreatment_of_civilians", n: c5(48, 42, 4, 3, 4)},
	{item: "disillusionment/lack_of_food", n: c5(40, 35, 6, 6, 8)},
	{item: "disillusionment/mistreatment_of_women", n: c5(28, 32, 6, 9, 10)},
	{item: "disillusionment/mistreatment_of_members", n: c5(22, 28, 1, 2, 2)},
	{item: "disillusionment/attacks_outside_territory", n: c5(2, 13, 0, 8, 4)},
	{item: "disillusionment/corruption_hypocrisy", n: c5(30, 25, 3, 3, 4)},
	{item: "disillusionment/brutality_of_punishments", n: c5(25, 20, 3, 3, 3)},
	{item: "disillusionment/unislamic_conduct", n: c5(15, 25, 1, 2, 3)},
	{item: "disillusionment/military_losses", n: c5(18, 12, 1, 1, 1)},

	// experienced: men bombings 100 > imprisoned 50 > tortured 35 > injured
	// 30; women bombings 28 > widowed 18 > forced_marriage 10 > starvation 7.
	{item: "experienced/bombings", n: c5(52, 48, 7, 10, 11)},
	{item: "experienced/imprisoned_by_isis", n: c5(22, 28, 1, 2, 2)},
	{item: "experienced/tortured", n: c5(16, 19, 0, 1, 1), prefer: []string{"experienced/imprisoned_by_isis"}},
	{item: "experienced/widowed", n: c5(0, 0, 3, 7, 8), prefer: []string{"roles/wife_and_mother"}},
	{item: "experienced/forced_marriage", n: c5(0, 0, 3, 3, 4), prefer: []string{"experienced/widowed"}},
	{item: "experienced/injured", n: c5(17, 13, 1, 1, 2)},
	{item: "experienced/starvation", n: c5(12, 8, 2, 2, 3)},

	// witnessed: men executions 110 > corpses 95 > torture 60 > amputations
	// 45; women corpses 24 > torture 15 > death of family 12 > executions 10.
	{item: "witnessed/executions", n: c5(60, 50, 3, 3, 4)},
	{item: "witnessed/executed_corpses", n: c5(50, 45, 6, 8, 10)},
	{item: "witnessed/torture", n: c5(30, 30, 3, 6, 6)},
	{item: "witnessed/death_of_family_member", n: c5(25, 15, 4, 4, 4)},
	{item: "witnessed/stoning", n: c5(12, 13, 1, 2, 2)},
	{item: "witnessed/amputations", n: c5(25, 20, 2, 2, 2)},

	// heard: men family_member_killed 45 > battle_or_bombing 40; women
	// battle_or_bombing 16 > family_member_killed 8.
	{item: "heard/family_member_killed", n: c5(28, 17, 3, 2, 3)},
	{item: "heard/family_member_killed_battle_or_bombing", n: c5(22, 18, 4, 6, 6), prefer: []string{"experienced/widowed"}},
	{item: "heard/friend_killed", n: c5(18, 20, 1, 1, 2)},
	{item: "heard/executions_elsewhere", n: c5(10, 10, 1, 1, 1)},

	// committed: each published act admitted at least once by men, slave
	// owning by exactly one man, beating/flogging/biting by one woman.
	{item: "committed/killing_in_battle", n: c5(14, 11, 0, 0, 0), prefer: []string{"roles/fighter"}},
	{item: "committed/beheading", n: c5(1, 1, 0, 0, 0), prefer: []string{"roles/security_emni", "roles/fighter"}},
	{item: "committed/other_execution", n: c5(2, 1, 0, 0, 0), prefer: []string{"roles/security_emni", "roles/fighter"}},
	{item: "committed/torture", n: c5(3, 1, 0, 0, 0), prefer: []string{"roles/security_emni", "roles/hisbah"}},
	{item: "committed/slave_owning", n: c5(0, 1, 0, 0, 0), prefer: []string{"roles/fighter"}},
	{item: "committed/beating_flogging_biting", n: c5(3, 2, 0, 1, 0), prefer: []string{"roles/hisbah"}},

	// will to fight (fighters): all fight_syrian_regime 70 > true_believer
	// 60 > fear_of_punishment 50 > defend_family 40.
	{item: "will_to_fight/fight_syrian_regime", n: c5(32, 38, 0, 0, 0), prefer: fighters},
	{item: "will_to_fight/true_believer", n: c5(27, 33, 0, 0, 0), prefer: fighters},
	{item: "will_to_fight/fear_of_punishment", n: c5(30, 20, 0, 0, 0), prefer: fighters},
	{item: "will_to_fight/defend_family", n: c5(30, 10, 0, 0, 0), prefer: fighters},
	{item: "will_to_fight/revenge", n: c5(13, 7, 0, 0, 0), prefer: fighters},
	{item: "will_to_fight/pay", n: c5(23, 7, 0, 0, 0), prefer: fighters},
}

// territorial reports whether an item can only be lived inside the
// group's territory, and so never by a member who did not travel.
func territorial(item string) bool {
	switch item {
	case "roles/recruiter", "roles/media",
		"disillusionment/attacks_outside_territory", "disillusionment/unislamic_conduct":
		return false
	}
	switch sectionOf(item) {
	case "roles", "disillusionment", "experienced", "witnessed", "committed", "will_to_fight":
		return true
	}
	return false
}
