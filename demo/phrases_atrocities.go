package demo

// Atrocity passages are sober on purpose: they say what happened, never how.

var experiencedPassages = map[string][]string{
	"bombings": {
		"The bombing never stopped. Airstrikes day and night; we slept in the basement.",
		"Our house was hit by an airstrike. We survived because we were in the other room.",
		"I lived through the bombing of {city}. The sound of the planes still wakes me.",
		"There were airstrikes and shelling all the time. You did not know if you would survive the night.",
		"I was near a building when it was bombed. I was covered in dust and could not hear for days.",
	},
	"imprisoned_by_isis": {
		"They put me in their prison for {months}. They accused me of being a spy.",
		"I was arrested by their security because I wanted to leave. I spent weeks in a cell underground.",
		"I was imprisoned by them after I refused an order.",
		"They held me in their prison in {city}. There were forty people in one room.",
		"I was detained by the emni for trying to get my family out.",
	},
	"tortured": {
		"In their prison they tortured me. They hung me by my arms and beat me with cables.",
		"I was tortured during the interrogation. Beatings, for days.",
		"They tortured me to make me confess to things I had not done.",
		"The guards beat me every day and kept me in a stress position. I still have the marks.",
		"They used torture on me, to find out who I was in contact with.",
	},
	"widowed": {
		"[w]My husband was killed in a battle near {city2}. I became a widow with small children.",
		"[w]I was widowed there. My husband died in an airstrike and I was left alone with the children.",
		"[w]After my husband died I was a widow, in a place where a woman alone cannot live.",
		"[w]My husband was killed a few months after we arrived. I had to go and live in the women's house.",
		"[w]I lost my husband there. They came to the door and told me he was a martyr.",
	},
	"forced_marriage": {
		"[w]After my husband died they pressured me to marry again. I did not want to, but I had no choice.",
		"[w]They married me to a fighter I did not know. Nobody asked my opinion.",
		"[w]In the women's house they said I must marry. They gave me a few weeks, then I was married to a man I had never met.",
		"[w]I was forced to marry a commander. My father could not refuse him.",
		"[w]My second marriage was forced. They told me a woman alone was a problem.",
	},
	"injured": {
		"I was injured in the leg by shrapnel, and I still walk badly.",
		"I was wounded in an airstrike and spent weeks in hospital.",
		"I lost two fingers in an explosion.",
	},
	"starvation": {
		"We starved during the siege. For weeks we ate once a day, sometimes less.",
		"At the end I had lost twenty kilos. We ate leaves and animal feed.",
		"There were days with nothing at all. The children cried from hunger.",
	},
}

var witnessedPassages = map[string][]string{
	"executions": {
		"I saw executions in {place}. They gathered people to watch and shot a man in front of us.",
		"I witnessed a beheading. They made everybody in the market watch.",
		"I saw them execute people, more than once. You could not refuse to watch.",
		"They executed men accused of spying at the roundabout, and I was there.",
		"I was present at an execution. I remember the silence of the crowd.",
	},
	"executed_corpses": {
		"The bodies were left on display for days at the roundabout, with a sign on them.",
		"I saw the corpses of executed people hanging in {place}.",
		"They left the heads on the railings. Everybody saw them on the way to the market.",
		"I saw the bodies of people they had executed, lying in the street with signs on their chests.",
		"On the way to school the children passed the crucified bodies.",
	},
	"torture": {
		"I saw them torture a prisoner, beating him with cables while he was tied.",
		"In the prison I heard and saw the torture of other prisoners.",
		"I saw men whipped until they could not stand.",
		"I saw them torture a young man accused of spying. They hung him from the ceiling.",
		"They made us watch when they tortured someone, to teach us a lesson.",
	},
	"death_of_family_member": {
		"I saw {brother} die in front of me, in an airstrike.",
		"My son was killed in front of me when our street was bombed.",
		"I watched my father die. There was no doctor and no medicine.",
		"{relative} was killed next to me when our building was hit.",
		"My mother died in front of me during the shelling.",
	},
	"stoning": {
		"I saw a woman stoned to death. I will never forget it.",
		"They stoned a man accused of adultery, and people were told to come and watch.",
		"I witnessed a stoning in {city}.",
	},
	"amputations": {
		"I saw them cut off a man's hand for theft.",
		"I saw amputations in {place}, hands and feet.",
		"They cut off the hand of a boy accused of stealing, in front of everyone.",
	},
}

var heardPassages = map[string][]string{
	"family_member_killed": {
		"Later I heard that {relative} had been killed. Nobody could tell us how.",
		"We heard that my uncle was executed by them, accused of working with the government.",
		"I learned that {brother} had been killed. I do not know the circumstances even now.",
		"A message came that my brother-in-law was dead. They did not say how he died.",
		"I was told that my cousin had been killed in a prison.",
	},
	"family_member_killed_battle_or_bombing": {
		"I heard that {brother} was killed in the battle for {city2}.",
		"My husband's brother was killed in an airstrike; we heard about it days later.",
		"They told me my father had died in the bombing of our neighbourhood.",
		"News came that my cousin died in a battle. They called him a martyr.",
		"{brother} was killed when a drone hit his car. I learned about it from a neighbour.",
	},
	"friend_killed": {
		"I heard that my best friend had been killed.",
		"Many of my friends from home died; I heard about them one after the other.",
		"My childhood friend was killed. I learned it from his mother.",
	},
	"executions_elsewhere": {
		"We heard about executions in other towns, mass executions.",
		"People talked about the killings in the desert, hundreds of prisoners.",
		"I heard that they had executed a whole group of men from one tribe.",
	},
}

var committedPassages = map[string][]string{
	"killing_in_battle": {
		"[m]In battle, yes, I killed. I fired at the enemy, and I know I hit people.",
		"[m]I took part in fighting where people died by my hand. I will not deny it.",
		"[m]I killed soldiers in combat. At the time I thought it was right.",
		"[m]In the fighting near {city2} I shot at soldiers, and some of them fell.",
		"[m]I have killed in battle. It is something I carry with me.",
	},
	"beheading": {
		"[m]I was ordered to take part in a beheading, and I did it. I will not describe it.",
		"[m]I beheaded a prisoner. It was an order and I obeyed.",
		"[m]I carried out a beheading. There is no excuse, and I am not asking for one.",
		"[m]Once I was the one who beheaded a man. They filmed it.",
	},
	"other_execution": {
		"[m]I was part of a firing squad. We executed prisoners.",
		"[m]I shot a prisoner on the order of my emir.",
		"[m]I took part in executions of captured soldiers.",
		"[m]I executed a man accused of spying. It was an order.",
	},
	"torture": {
		"[m]In the security office I beat prisoners during interrogations. I tortured people.",
		"[m]I took part in torturing a prisoner. We hung him up and beat him.",
		"[m]I used torture on detainees to get information.",
		"[m]I hurt prisoners, I tortured them. I was told they were spies.",
	},
	"slave_owning": {
		"[m]I had a slave, a Yazidi woman. They gave her to me and I kept her for some months.",
		"[m]I bought a captive woman in the market. At that time I believed it was allowed.",
		"[m]I owned a slave. It is the thing I am most ashamed of.",
		"[m]A Yazidi girl was given to me as a slave.",
	},
	"beating_flogging_biting": {
		"[w]In the hisbah I beat women who were not covered properly.",
		"I flogged people who broke the rules; that was part of the work.",
		"[w]I bit a woman once, with the metal biter, as a punishment. We were told to do it.",
		"I hit people with a stick for their clothes or for smoking.",
		"[m]I carried out floggings in the square.",
	},
}
