package demo

var disillusionmentPassages = map[string][]string{
	"mistreatment_of_civilians": {
		"What broke me was how they treated ordinary people. They beat a man in the market because he sold cigarettes.",
		"They were harsh with the civilians, for nothing. Fines, prison, beatings; people lived in fear.",
		"I saw them take a man's house because he had a relative in the army. The family was thrown into the street.",
		"The way they treated the people was the opposite of Islam. They humiliated old men in front of their families.",
		"Civilians were punished collectively. When someone ran away, they punished his whole family.",
		"I started to doubt when I saw the hisbah beat an old man in the street for smoking.",
	},
	"lack_of_food": {
		"By the end there was no food. We ate boiled wheat, and the leaders still had meat.",
		"Food became the big problem. The prices went up ten times and the children were hungry.",
		"In the last months we did not have enough to eat. I could not feed my family, and I started asking why we were there.",
		"There was not enough to eat. They promised a good life, and we were queuing for bread.",
		"Hunger made me doubt. When you are hungry every day, you start to see things clearly.",
	},
	"mistreatment_of_women": {
		"The way they treated women disgusted me. Women were beaten in the street for showing their eyes.",
		"The women of the Hisbah were cruel. They punished a woman in the market because her gloves were the wrong colour.",
		"They sold Yazidi women like goods. I could not accept that this was Islam.",
		"Women had no rights at all. Widows were married off again after a few weeks, against their will.",
		"I saw how the men treated their wives, locking them in, beating them. Nobody could complain.",
		"[w]A woman could not go to the doctor without a guardian. I saw a woman stopped by the hisbah while she was taking her sick child to the clinic.",
	},
	"mistreatment_of_members": {
		"They treated their own members badly. If you complained, they put you in prison.",
		"Foreigners were treated better than locals, and locals were sent to die first.",
		"They executed some of their own fighters for small things. Nobody was safe, even inside.",
		"[m]My emir insulted us and kept our pay. When I asked why, I was punished.",
		"They used the young fighters like tools, sending them to the front without training.",
	},
	"attacks_outside_territory": {
		"[f]When they attacked in Europe I could not accept it. Those were innocent people, people like my neighbours.",
		"The attacks abroad made me doubt. Killing people at concerts and in cafés is not jihad.",
		"[f]When I heard about the attack in {country}, I thought of my family there. That was the moment.",
		"They celebrated the bombings abroad. I felt sick, because I knew people who could have been there.",
		"Attacks on civilians outside Syria were something I could never accept. They had nothing to do with defending anyone.",
	},
	"corruption_hypocrisy": {
		"The emirs lived in big houses with cars while we had nothing. They were hypocrites.",
		"There was corruption everywhere. With money or connections you could get anything.",
		"They preached one thing and did another. The leaders took what they wanted.",
	},
	"brutality_of_punishments": {
		"The punishments were too brutal. Hands cut off for small thefts, whipping for cigarettes.",
		"I could not accept the punishments. They crucified people and left them there for days.",
		"The cruelty of the punishments made me question everything.",
	},
	"unislamic_conduct": {
		"What they did was not Islam. They ignored the rules of religion whenever it suited them.",
		"I had studied enough to know that they went against the Sharia in many things.",
		"There was nothing Islamic in their behaviour: lies, theft, cruelty.",
	},
	"military_losses": {
		"When we started losing towns, I understood it was finished.",
		"After the defeat at {city2}, many of us started to think about leaving.",
		"The losses were enormous. Every week we lost ground and the territory shrank.",
	},
}
