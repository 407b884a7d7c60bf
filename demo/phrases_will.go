package demo

var willPassages = map[string][]string{
	"fight_syrian_regime": {
		"[m]I fought because of the regime. Assad was the enemy; that was clear to me.",
		"[m]My reason to fight was the army of Bashar. Against the regime I was ready to fight.",
		"[m]What kept me at the front was the fight against the Syrian regime.",
		"[m]I was ready to fight Assad's forces. Against the others I had no real will.",
		"[m]I only wanted to fight the regime, because of what it did to the people.",
	},
	"true_believer": {
		"[m]I fought because I believed. I believed in the caliphate and in what we were building.",
		"[m]I was a true believer then. I thought I was fighting for God.",
		"[m]I believed completely. If I died, I thought I would be a martyr.",
		"[m]Faith made me fight. I believed the state was the right path.",
		"[m]I fought with conviction. I really believed in their project.",
	},
	"fear_of_punishment": {
		"[m]I fought because I had no choice. If you refused, they would put you in prison or kill you.",
		"[m]Fear kept me fighting. Deserters were executed.",
		"[m]If I had refused to go to the front, they would have punished me and my family.",
		"[m]You fought because you were afraid. Everyone knew what happened to those who refused.",
		"[m]I stayed at the front out of fear of the punishment.",
	},
	"defend_family": {
		"[m]I fought to protect my family. If the town fell, I thought they would be harmed.",
		"[m]For me it was defending my home and my family.",
		"[m]I fought for my family, nothing else.",
	},
	"revenge": {
		"[m]I fought for revenge, for the people I had lost.",
		"[m]Revenge kept me going, for what had been done to my town.",
		"[m]I wanted to avenge my family. That was why I fought.",
	},
	"pay": {
		"[m]I fought for the salary. It was the only income my family had.",
		"[m]Honestly, I fought for the pay. Without the money I would have left.",
		"[m]The money kept me there. A fighter got paid, and I needed it.",
	},
}
