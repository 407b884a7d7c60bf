package demo

var motivationPassages = map[string][]string{
	"helping_syrians": {
		"I went to help the Syrian people. I saw what the regime was doing to them and I could not sit at home.",
		"At first my intention was humanitarian. I wanted to help the children and the women who were being bombed.",
		"I wanted to defend the Syrians. Nobody else was helping them; the world was watching and doing nothing.",
		"The pictures of the barrel bombs made me go. I thought: these are my brothers and sisters, I have to do something.",
		"My reason was to protect the Syrian people from the regime. I did not go for the caliphate, I went for Syria.",
		"I wanted to work in aid, to hand out food, to help. I thought I would be useful there.",
	},
	"islamic_identity": {
		"[w]At home I could not live as a Muslim. I wanted to wear the niqab without being insulted in the street.",
		"[f]I wanted to live under Islam, fully. In {country} I always had to hide part of who I was.",
		"They said there was a place where you could practise your religion without shame. For me that was the most important thing.",
		"[f]I felt that my identity as a Muslim was impossible to live in {country}. I wanted to be among people who believed like me.",
		"It was about my faith. I wanted my children to grow up among Muslims, not where they would be mocked for it.",
		"[l]I wanted to live as a Muslim the way I understood it then, openly, with the law of God over everything.",
	},
	"family_ties": {
		"[w]I followed my husband. If he had not gone, I would never have gone.",
		"My family was going, my parents and my brothers. I could not stay behind alone.",
		"[w]I went to be with my husband, who was already there. I missed him, and he said everything was ready for us.",
		"[w]I went because my parents went. I was the daughter; I did what the family decided.",
		"[m]My father took the whole family. As the eldest son I went with them.",
		"Family was the reason. My {spouse}'s family was there, and we wanted to be together with them.",
	},
	"employment": {
		"I joined for the salary, honestly. They paid regularly, and there was no other work.",
		"It was a job. I had a family to feed, and they were the only employer left in the town.",
		"[l]When they took {home}, the only way to earn money was to work with them. So I registered.",
		"[m]They offered work and a monthly payment. For a young man without work that was enough.",
		"I needed work. Some of my relatives had joined, and they found me a position.",
	},
	"basic_needs": {
		"We had nothing to eat. With them you received food and fuel, things you could not get otherwise.",
		"I joined to get food and gas for my family. Without that we would not have survived the winter.",
		"Members got bread and heating oil. My children were hungry; that was my reason.",
		"They controlled everything: food, medicine, electricity. To live you needed to be with them.",
		"It was about survival. Basic things like flour and medicine went to their people first.",
	},
	"safety": {
		"I joined to protect my family. If you were with them, they left your family alone.",
		"It was for safety. Those who did not join were suspected, and some were taken away.",
		"I was afraid of being arrested if I did not join. Inside, at least, I was protected.",
		"[l]The militias were killing Sunni men. I joined because I thought it was the only protection we had.",
		"My family was in danger from every side. Being a member meant that nobody touched our house.",
	},
	"caliphate_ideology": {
		"I believed in the caliphate. I thought we were building the state of the Prophet again.",
		"For me it was the ideology: a state ruled by God's law. I believed it was a duty to be part of it.",
		"I wanted to live in the caliphate, and I believed it would last. That was my dream then.",
	},
	"material_promises": {
		"They promised a house, a salary, even a car. They said everything would be provided.",
		"[m]I was told I would get a wife and a house for free. For a young man with nothing, that is a lot.",
		"They promised free housing, free electricity and an allowance for the children.",
		"The recruiter promised a good job in my profession and a furnished flat. I believed him.",
		"They said we would have everything: a house, money, even a servant. I was naive.",
	},
	"adventure": {
		"I was young and bored. It looked like an adventure, something exciting.",
		"Part of it was adventure. I wanted to see war, to do something bigger than my life.",
		"To be honest I was looking for excitement. The weapons, the cars, it looked like a film.",
	},
	"revenge": {
		"[l]The army killed my cousin. I joined to take revenge.",
		"[l]After what the militias did to our family, I wanted revenge.",
		"I wanted to take revenge for everything that was being done to Muslims.",
	},
	"belonging": {
		"They made me feel I belonged. For the first time I had people who cared about me.",
		"I wanted to be part of something. In the group everyone was equal, and I felt at home.",
		"What attracted me was the community. I had never had that before.",
	},
}
