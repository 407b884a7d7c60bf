package demo

import (
	"fmt"
	"sync"
)

// The French bank covers the items its few participants can endorse;
// assignExtra keeps only those.
var frenchPassages = map[string][]string{
	"vulnerabilities/poverty":                      {"On était pauvres, il n'y a pas d'autre mot. Certains mois il n'y avait pas d'argent pour le loyer.", "Chez nous l'argent manquait toujours. Ma mère empruntait aux voisins pour finir le mois."},
	"vulnerabilities/unemployment":                 {"Après l'école, j'ai cherché du travail pendant deux ans. Personne ne m'a jamais rappelé.", "J'étais au chômage depuis longtemps et je me sentais inutile."},
	"vulnerabilities/discrimination":               {"Avec mon nom, on n'obtient pas d'entretien d'embauche. J'ai toujours été un citoyen de seconde zone.", "La police me contrôlait sans arrêt, juste à cause de mon apparence."},
	"vulnerabilities/criminal_history":             {"J'avais un casier judiciaire, des vols puis du trafic. J'ai fait de la prison avant tout ça."},
	"vulnerabilities/family_conflict":              {"À la maison, ça criait tout le temps. Mon père et moi ne nous parlions plus.", "Mes parents ont divorcé quand j'étais petit, et aucune des deux maisons n'était vraiment la mienne."},
	"vulnerabilities/identity_seeking":             {"Je ne savais pas qui j'étais. Je cherchais quelque chose qui me le dise."},
	"influences/friends":                           {"Tout a commencé avec mes amis. On allait à la même mosquée et on se poussait les uns les autres.", "Mes amis les plus proches en parlaient tous. Quand ils sont partis, je ne voulais pas rester seul."},
	"influences/face_to_face_recruiter":            {"Un homme de la mosquée s'est intéressé à moi. Il m'invitait à manger et, petit à petit, il m'a fait entrer."},
	"influences/online_videos_passive":             {"Je regardais leurs vidéos sur internet tous les soirs. Je ne parlais à personne, je regardais seulement."},
	"influences/internet_recruiter":                {"J'ai rencontré quelqu'un en ligne. On s'écrivait tous les jours et c'est lui qui a tout organisé."},
	"influences/spouse":                            {"[w]C'est mon mari qui a décidé de partir. Je l'ai suivi, comme je pensais qu'une épouse devait le faire."},
	"motivations/helping_syrians":                  {"Je suis parti pour aider le peuple syrien. Je voyais ce que le régime leur faisait et je ne pouvais pas rester chez moi.", "Au début, mon intention était humanitaire : aider les enfants et les femmes sous les bombes."},
	"motivations/islamic_identity":                 {"Je voulais vivre pleinement ma religion, sans avoir honte. Ici, je devais toujours cacher une partie de moi."},
	"motivations/family_ties":                      {"[w]J'ai suivi mon mari. S'il n'était pas parti, je ne serais jamais partie."},
	"motivations/caliphate_ideology":               {"Je croyais au califat. Je pensais qu'on reconstruisait l'État du Prophète."},
	"motivations/belonging":                        {"Là-bas, j'avais l'impression d'appartenir à quelque chose. Pour la première fois, on tenait à moi."},
	"motivations/adventure":                        {"J'étais jeune et je m'ennuyais. Ça ressemblait à une aventure."},
	"roles/fighter":                                {"[m]J'étais combattant. J'ai été au front près de {city} pendant plusieurs mois."},
	"roles/ribat":                                  {"[m]Je faisais surtout du ribat, la garde aux frontières du territoire. De longues nuits à un poste."},
	"roles/wife_and_mother":                        {"[w]J'étais épouse et mère, c'est tout. Je restais à la maison avec les enfants."},
	"roles/hisbah":                                 {"J'ai travaillé avec la hisbah, la police des mœurs. On contrôlait les marchés et les tenues."},
	"disillusionment/mistreatment_of_civilians":    {"Ce qui m'a brisé, c'est la façon dont ils traitaient les gens ordinaires. Ils ont frappé un homme au marché parce qu'il vendait des cigarettes."},
	"disillusionment/lack_of_food":                 {"À la fin, il n'y avait plus rien à manger, et les chefs avaient encore de la viande."},
	"disillusionment/mistreatment_of_women":        {"La façon dont ils traitaient les femmes me dégoûtait. Des femmes étaient frappées dans la rue pour un rien."},
	"disillusionment/attacks_outside_territory":    {"Quand ils ont frappé en Europe, je n'ai pas pu l'accepter. C'étaient des innocents, des gens comme mes voisins."},
	"experienced/bombings":                         {"Les bombardements ne s'arrêtaient jamais. On dormait à la cave."},
	"experienced/imprisoned_by_isis":               {"Ils m'ont mis dans leur prison pendant des semaines. Ils m'accusaient d'être un espion."},
	"experienced/widowed":                          {"[w]Mon mari a été tué quelques mois après notre arrivée. Je suis devenue veuve avec deux petits enfants."},
	"witnessed/executions":                         {"J'ai vu des exécutions sur la place. On ne pouvait pas refuser de regarder."},
	"witnessed/executed_corpses":                   {"Les corps restaient exposés pendant des jours au rond-point, avec une pancarte."},
	"witnessed/torture":                            {"J'ai vu des hommes fouettés jusqu'à ce qu'ils ne puissent plus se lever."},
	"heard/family_member_killed_battle_or_bombing": {"On m'a dit que mon cousin était mort dans une bataille. Ils l'appelaient un martyr."},
	"will_to_fight/fight_syrian_regime":            {"[m]Je me battais à cause du régime. Assad était l'ennemi, c'était clair pour moi."},
	"will_to_fight/true_believer":                  {"[m]Je me battais parce que je croyais. Je croyais au califat."},
	"will_to_fight/fear_of_punishment":             {"[m]Je me battais parce que je n'avais pas le choix. Ceux qui refusaient allaient en prison."},
}

var frenchTopics = []fillerTopic{
	{name: "childhood", questions: []string{"Parlez-moi de l'endroit où vous avez grandi.", "Quels souvenirs gardez-vous de votre enfance ?"}, sentences: []string{
		"J'ai grandi à {home}, dans un quartier près de la gare.", "Nous étions quatre enfants à la maison.",
		"Mon père était chauffeur de taxi et ma mère s'occupait de la maison.", "L'été, on allait chez mes grands-parents.",
		"Je jouais au football tous les soirs avec les enfants de la rue.", "Ma grand-mère nous racontait des histoires le soir.",
		"On avait un petit jardin avec un figuier.", "Le dimanche, toute la famille se retrouvait chez mon oncle.",
		"J'étais un enfant calme, je crois. J'aimais dessiner.", "Honnêtement, mon enfance était normale, rien de spécial.",
	},
		products: [][][]string{{
			{"À cette époque,", "Le soir,", "Le vendredi,", "L'été,", "L'hiver,", "Parfois,", "D'habitude,", "Pendant les vacances,"},
			{"mon père", "ma mère", "mon oncle", "ma tante", "mon grand-père", "ma grand-mère"},
			{"préparait le thé.", "lisait le journal.", "écoutait la radio.", "nous emmenait au marché.",
				"racontait des histoires.", "travaillait tard.", "rendait visite aux voisins.", "regardait les informations."},
		}},
	},
	{name: "school", questions: []string{"Comment ça se passait à l'école ?", "Vous aimiez l'école ?"}, sentences: []string{
		"J'allais à l'école publique à côté de chez nous.", "Ma matière préférée, c'était l'histoire.",
		"Je n'étais ni le meilleur ni le pire.", "Je préférais les récréations aux cours, pour être honnête.",
		"J'avais un professeur de mathématiques qui m'encourageait beaucoup.", "On allait à l'école à pied tous les matins.",
		"Je me souviens surtout des examens, de la pression.", "Après l'école, j'aidais à la maison avant les devoirs.",
	}},
	{name: "freetime", questions: []string{"Que faisiez-vous de votre temps libre ?", "Avec qui passiez-vous vos journées ?"}, sentences: []string{
		"Je faisais beaucoup de sport, plusieurs fois par semaine.", "J'écoutais de la musique tout le temps.",
		"Le week-end, on rendait visite à la famille.", "J'aimais cuisiner, j'avais appris avec ma mère.",
		"Parfois on allait au cinéma en centre-ville.", "Le soir, on buvait du thé avec les voisins.",
		"J'avais un vélo et j'allais partout avec.", "Je jouais aux jeux vidéo avec mes cousins pendant des heures.",
	}},
	{name: "travel", tags: "T", questions: []string{"Comment avez-vous passé la frontière ?", "Racontez-moi le voyage jusqu'à la frontière."}, sentences: []string{
		"J'ai d'abord pris l'avion pour Istanbul.", "D'Istanbul, j'ai pris un bus de nuit vers le sud.",
		"J'ai attendu quelques jours dans un petit appartement.", "Nous avons passé la frontière la nuit, à pied, à travers les champs.",
		"À la frontière, il y avait beaucoup de monde dans les deux sens.", "J'avais dit à ma famille que je partais en vacances.",
		"La première ville de l'autre côté de la frontière était pleine de gens venus de partout.", "Ils ont pris nos passeports à l'arrivée.",
	}},
	{name: "daily", tags: "T|l", questions: []string{"À quoi ressemblait une journée ordinaire ?", "Où viviez-vous là-bas ?"}, sentences: []string{
		"Nous vivions dans un appartement au deuxième étage, à {city}.", "L'électricité venait quelques heures par jour.",
		"J'allais au marché le matin, avant la chaleur.", "Le soir, il n'y avait rien à faire, alors on dormait tôt.",
		"Les enfants jouaient dans la cour presque toute la journée.", "On avait un générateur pour tout l'immeuble.",
		"Je lisais beaucoup.", "En hiver, il faisait très froid et on ne chauffait qu'une pièce.",
	},
		products: [][][]string{{
			{"Le matin,", "Le soir,", "Le vendredi,", "Parfois,", "D'habitude,", "En hiver,", "En été,"},
			{"la voisine", "le voisin d'en face", "la famille du dessus", "le vieil homme du rez-de-chaussée"},
			{"allait au marché.", "attendait l'électricité.", "faisait la lessive.", "préparait le repas.",
				"lisait près de la fenêtre.", "rendait visite à ses cousins.", "restait à la maison.", "arrosait les plantes."},
		}},
	},
	{name: "leaving", tags: "T|l", questions: []string{"Comment cela s'est-il terminé pour vous ?", "Racontez-moi le jour de votre départ."}, sentences: []string{
		"[D]Nous sommes partis la nuit avec un passeur.", "[D|R]Nous avons marché presque tout le chemin.",
		"Ils ont vérifié nos papiers et posé beaucoup de questions.", "[P]J'ai été arrêté quand la ville est tombée.",
		"[R]À l'aéroport, la police nous attendait.", "C'était le jour le plus long de ma vie, je crois.",
		"[D]De l'autre côté de la frontière, des soldats nous ont arrêtés.",
	}},
	{name: "now", questions: []string{"Comment allez-vous aujourd'hui ?", "Qu'espérez-vous pour l'avenir ?"}, sentences: []string{
		"[P]Ici, les jours se ressemblent tous.", "[R]Je vois un éducateur chaque semaine.",
		"[D]Je vis dans un petit appartement et je sors peu.", "J'aimerais reprendre mes études un jour.",
		"Ma famille m'appelle quand elle peut.", "Je dors mal, mais ça va mieux.",
		"Je lis beaucoup maintenant, ça m'occupe l'esprit.", "J'espère vivre un jour une vie normale.",
	}},
}

var frenchPlaces = map[string]string{
	"Belgium": "Belgique", "Tunisia": "Tunisie", "Turkey": "Turquie", "Syria": "Syrie", "Iraq": "Irak",
	"Brussels": "Bruxelles", "Antwerp": "Anvers", "Mosul": "Mossoul", "Tal Afar": "Tall Afar",
}

var frenchBank = sync.OnceValue(func() *bank {
	return &bank{
		lang: "fr", interviewer: "Enquêteur", participant: "Participant",
		passages: frenchPassages,
		questions: map[string][]string{
			"vulnerabilities": {"Comment était votre vie avant tout ça ?"}, "influences": {"Qui vous a influencé ?"},
			"motivations": {"Pourquoi avez-vous décidé de partir ?"}, "roles": {"Que faisiez-vous là-bas ?"},
			"experienced": {"Que vous est-il arrivé personnellement ?"}, "witnessed": {"Qu'avez-vous vu là-bas ?"},
			"heard": {"Avez-vous eu des nouvelles de vos proches ?"}, "committed": {"Avez-vous vous-même participé à des violences ?"},
			"will_to_fight": {"Qu'est-ce qui vous faisait combattre ?"}, "disillusionment": {"Quand avez-vous commencé à douter ?"},
		},
		followUps:   []string{"Et à part ça ?", "Pouvez-vous m'en dire plus ?", "Y avait-il autre chose ?"},
		none:        map[string][]string{"committed": {"Non. Je n'ai jamais fait de mal à personne."}, "witnessed": {"Non, je n'ai pas vu ça de mes propres yeux."}},
		lookingBack: []string{"Avec le recul, qu'est-ce qui vous reste de cette période ?"},
		topics:      frenchTopics,
		discourse:   []string{"C'était comme ça.", "C'est difficile à expliquer.", "Je m'en souviens bien.", "Ça paraît loin maintenant."},
		open:        [2][]string{{"Merci d'avoir accepté de nous parler. Vous pouvez arrêter à tout moment. C'est clair ?"}, {"Oui, c'est clair.", "Oui, on peut commencer."}},
		close: [3][]string{{"Voulez-vous ajouter quelque chose ?"}, {"Non, je crois que j'ai tout dit.", "Non, merci de m'avoir écouté."},
			{"Merci. Nous arrêtons l'enregistrement ici."}},
		header: func(p *person) string {
			return fmt.Sprintf("Entretien avec %s\nDate : %s. Lieu : %s, %s.\nLangue de l'entretien : français.\n\n",
				p.code, p.interview, translated(frenchPlaces, p.ivPlace), translated(frenchPlaces, p.ivCountry))
		},
		words:  [2]int{2050, 2400},
		places: frenchPlaces,
	}
})

func translated(m map[string]string, s string) string {
	if t, ok := m[s]; ok {
		return t
	}
	return s
}
