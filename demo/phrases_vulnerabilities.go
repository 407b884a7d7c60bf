package demo

// Passage templates: each expresses one item and nothing else a coder would
// code. A leading tag limits a template to men [m], women [w], locals [l]
// or foreigners [f] (tags combine: [fw]); {slots} are filled per
// participant or at random (see expand.go).

var vulnerabilityPassages = map[string][]string{
	"poverty": {
		"We were poor, there is no other word for it. Some months there was no money for the rent, and we lived on bread and tea for days.",
		"My father's income was never enough for {children} children. I left school early to bring something home, because we were always short of money.",
		"Money was the problem in our house. My mother borrowed from the neighbours and we were always behind with the bills.",
		"We lived in two rooms in {home}, the whole family. I remember being ashamed of my shoes, because we could not afford new ones.",
		"When you grow up poor you learn to count everything. We could not pay for medicine when {relative} was sick.",
		"There were weeks with nothing in the kitchen. My family got by on what the mosque handed out and on small loans from relatives.",
	},
	"unemployment": {
		"After school I looked for work for almost two years. I sent applications everywhere and nobody called me back.",
		"[m]I had no job. I spent my days in {home} sitting in cafés with other young men who had no job either.",
		"The place where I worked closed and I lost my job. After that there was nothing; I stayed at home and my father gave me pocket money like a child.",
		"There was simply no work. For a year and a half I was unemployed, and I felt useless.",
		"I was out of work for a long time. Every month I told myself it would change, and it did not.",
		"[w]I wanted to work, I had looked for a job for a long time, but nobody would take me. I stayed at home without any work at all.",
	},
	"underemployment": {
		"I worked, but only day jobs {job}. Some weeks I had three days of work, some weeks none.",
		"I had a diploma, but the only work I found was {job}. The pay did not cover my rent.",
		"I was always on short contracts, a few weeks here and there. Nothing stable, nothing I could build on.",
		"I had a job {job}, but it was part-time and badly paid, far below what I had studied for.",
		"The work I found was irregular. They would call me in for a night shift and then I would not hear anything for a week.",
	},
	"criminal_history": {
		"I had been in trouble with the police since I was sixteen. Theft at first, then dealing, and I spent {months} in prison.",
		"Before religion I was a criminal, I will say it plainly. I sold drugs and I was arrested more than once.",
		"I did time in prison for robbery. In prison I met people who talked about religion in a way I had never heard.",
		"I was known to the police in {home}. Fights, stolen cars, small things that became bigger things.",
		"My record was long. I had a conviction for assault and another one for burglary before I was twenty.",
		"[w]I had a criminal record, for shoplifting and then for fraud. I was on probation when I met the people who took me there.",
	},
	"substance_abuse": {
		"I was smoking hashish every day, from the morning on. It was how I got through the day.",
		"I drank a lot in those years, and I took pills when I could get them. I was not in control of my life.",
		"Drugs were a big part of my life then. I used cocaine at weekends, and then more than at weekends.",
		"I had a problem with alcohol. My family knew, everybody knew, and nobody knew what to do with me.",
		"I was using {drug} heavily. Some days from that time I do not remember at all.",
	},
	"family_conflict": {
		"At home there was always shouting. My father and I did not speak for months at a time.",
		"My parents divorced when I was small and I moved between them. Neither house felt like mine.",
		"My father was violent with us. I left home at seventeen to get away from him.",
		"I had a bad relationship with my family. They did not accept the way I lived, and in the end they told me to leave.",
		"There was a lot of conflict with my stepfather. My mother always took his side and I felt alone in that house.",
	},
	"prior_trauma": {
		"When I was a child I saw my uncle killed in front of our house. I still dream about it.",
		"I lost my mother when I was eleven. After that something in me closed.",
		"[l]Our house was shelled in the first year of the war. We pulled the neighbours' children out of the rubble with our hands.",
		"I was abused as a child by someone close to the family. I never told anyone until much later.",
		"I was in a car accident in which my best friend died. I was the one driving, and I never forgave myself.",
		"[l]Before all this I was detained and beaten by the security services for weeks. It changed me.",
	},
	"discrimination": {
		"[f]In {country} I always felt like a second-class citizen. With a name like mine, you do not get the job interview.",
		"[f]People looked at my {garment} in the street and said things. At work they made jokes about Muslims and I was supposed to laugh.",
		"[f]The police stopped me again and again, just because of how I looked. My friends who were not Muslims were never stopped.",
		"[f]As the child of immigrants you are never from here. At school the teachers expected nothing from us.",
		"[f]After the attacks everything became worse. People treated every Muslim as a suspect, and I felt it every day.",
		"[l]As Sunnis we were treated as suspects by the government. At the checkpoints they insulted us and took young men away.",
		"[l]The government treated people from our area like enemies. Jobs went to others, and if you complained you were called a terrorist.",
	},
	"marginalization": {
		"[f]I felt that I did not belong anywhere, not in my parents' country and not in the one where I was born.",
		"Nobody listened to people like us. We were on the edge of everything: the town, the politics, the future.",
		"Our neighbourhood was forgotten. No services, no investment; nobody from outside ever came except the police.",
	},
	"identity_seeking": {
		"I did not know who I was. I was looking for something that would tell me.",
		"I wanted to be someone, to have an identity that meant something. Religion gave me a name for myself.",
		"At that age I was lost. I changed friends, changed clothes, changed ideas, looking for where I fit.",
	},
	"mental_health": {
		"I was depressed for a long time before. I did not leave my room for weeks.",
		"I had anxiety attacks and I saw a psychologist for a while, but I stopped going.",
		"Looking back, I was not well in my head. I had dark thoughts and nobody around me noticed.",
	},
}
