package demo

import "strings"

// fillerTopic is a neutral subject of conversation: its answers carry
// nothing a coder would code. tags limits the topic (see matches), as a
// leading [..] does for one sentence.
type fillerTopic struct {
	name      string
	tags      string
	questions []string
	sentences []string
	// products are further sentences: every combination of one phrase from
	// each part, joined by spaces ("Le soir," "mon père" "lisait.").
	products [][][]string
}

// sentencesFor returns the topic's sentences that admit p, combinations
// of products included.
func (t *fillerTopic) sentencesFor(p *person) []string {
	out := usable(t.sentences, p)
	for _, parts := range t.products {
		combos := []string{""}
		for _, part := range parts {
			var next []string
			for _, c := range combos {
				for _, x := range part {
					next = append(next, strings.TrimSpace(c+" "+x))
				}
			}
			combos = next
		}
		out = append(out, combos...)
	}
	return out
}

// fillerTopics are in interview order; the transcript builder places each
// where it belongs and pads with more turns from the same topics.
var fillerTopics = []fillerTopic{
	{name: "childhood", questions: []string{
		"Tell me about where you grew up.",
		"What do you remember of your childhood?",
		"Can you describe your family when you were young?",
		"What was your neighbourhood like?",
	}, sentences: []string{
		"I grew up in {home}, in a neighbourhood near the {landmark}.",
		"We were {children} children at home, and I was the {birthorder}.",
		"My father worked as a {fjob}, and my mother looked after the house.",
		"In summer we went to my grandparents' village and played by the river.",
		"When I was small I played {sport} every evening with the children from our street.",
		"We moved house twice when I was young, both times within {home}.",
		"My grandmother lived with us, and she told us stories in the evening.",
		"I remember the smell of bread from the bakery downstairs.",
		"We had a small garden with a fig tree that my father was proud of.",
		"There was a park near our building where we spent most afternoons.",
		"On holidays the whole family came together at my uncle's house.",
		"I was a quiet child, I think. I liked drawing.",
		"My older cousins were like brothers and sisters to me.",
		"Honestly, I remember my childhood as normal, nothing special.",
		"My mother made {dish} every Friday, and the whole building could smell it.",
		"In {season} the streets were full of children until late.",
		"We had a television in the main room, and in the evenings everybody watched the same series.",
		"My father took us to the sea once a year, when he could.",
		"We had a cat that slept on the windowsill.",
		"My first memory is of a wedding in the family, with music until morning.",
		"I broke my arm falling from a wall when I was seven.",
		"My mother sang while she worked in the kitchen.",
		"I shared a room with {brother} until I was a teenager.",
		"We got our first computer when I was about twelve.",
		"My father read the newspaper every morning, from the first page to the last.",
		"Every spring we cleaned the whole house together.",
	}},
	{name: "family", questions: []string{
		"Tell me about your family.",
		"Do you have brothers and sisters?",
		"Who are the people closest to you in your family?",
	}, sentences: []string{
		"I have {siblings} brothers and sisters.",
		"My older sister works as a teacher now.",
		"My youngest brother is still at school.",
		"My grandparents on my mother's side lived in the countryside.",
		"My uncle had a shop, and we often went there after school.",
		"My mother is the one who holds the family together.",
		"We are a big family; at weddings there are hundreds of people.",
		"My cousins and I grew up almost in the same house.",
		"My father is a calm man; he does not talk much.",
		"My aunt lived abroad for many years and sent us presents.",
		"My grandfather told us about his own youth, about the old times.",
		"My sister and I used to cook together on holidays.",
	}},
	{name: "hometown", questions: []string{
		"What was {home} like?",
		"How would you describe your town?",
		"What do you miss about {home}?",
	}, sentences: []string{
		"{home} has changed a lot since I was small.",
		"In {home} everyone knows everyone in their own street.",
		"The old part of {home} has narrow streets and small shops.",
		"In summer people stay out late in {home}.",
		"Our neighbourhood had a bakery, a pharmacy and two cafés.",
		"There was a football ground near our street where everybody played.",
		"The bus to the centre took about twenty minutes.",
		"At weekends the park near the river was full of families.",
		"There were new buildings going up all the time at the edge of town.",
		"I still think {home} is beautiful in spring.",
		"I miss the food of {home} more than anything.",
	}},
	{name: "school", questions: []string{
		"What was school like for you?",
		"Did you enjoy school?",
		"Who were your friends at school?",
	}, sentences: []string{
		"I went to the public school near our house.",
		"My favourite subject was {subject}.",
		"I had a teacher of {subject} who encouraged me a lot.",
		"School was fine. I was not the best and not the worst.",
		"We walked to school together every morning, my brothers and sisters and I.",
		"I liked the breaks more than the lessons, to be honest.",
		"At the end of the year there was always a small celebration.",
		"I was good with numbers, less good with languages.",
		"Our school had a small library, and I read there when it rained.",
		"I remember the exams more than anything, the pressure of them.",
		"I was in a class of more than thirty pupils.",
		"After school I usually helped at home before doing my homework.",
		"I was often late, because I stopped to talk with friends on the way.",
		"In the last years of school I took extra lessons in {subject}.",
		"I was in the school football team for a while.",
		"One year we went on a school trip to a museum, and I still remember it.",
		"My handwriting was terrible; the teachers always complained.",
		"I liked the science experiments, even when they went wrong.",
	}},
	{name: "freetime", questions: []string{
		"What did you do in your free time back then?",
		"Who did you spend your time with?",
		"What did you like doing?",
	}, sentences: []string{
		"I played {sport} a lot, several times a week.",
		"We went for long walks along the river, talking about everything and nothing.",
		"I liked music; I listened to it all the time.",
		"At weekends we visited relatives or they visited us.",
		"I spent a lot of time on my phone, like everybody.",
		"I liked cooking, actually. I learned from my mother.",
		"Sometimes we went to the cinema in the centre.",
		"I liked football; I supported the local team.",
		"In the evenings we sat outside and drank tea with the neighbours.",
		"I had a bicycle, and I rode it everywhere.",
		"I played video games with my cousins for hours.",
		"I spent hours at a friend's house playing cards.",
		"I liked fixing things, radios and old phones.",
		"In summer we swam in the river or at the public pool.",
		"I watched a lot of football matches with my uncles.",
		"I liked taking photographs of the city.",
		"On Saturdays we walked in the centre and looked at the shops.",
	}},
	{name: "faith", questions: []string{
		"How was religion practised in your family?",
		"Did your family go to the mosque?",
	}, sentences: []string{
		"We prayed on Fridays, like most families.",
		"During Ramadan my mother cooked for the neighbours too.",
		"My grandfather was the most religious one in the family.",
		"Religion was part of life, but nobody talked about it much.",
		"For Eid we all wore new clothes and visited the relatives.",
		"My parents fasted, and we children tried to fast a little.",
		"[f]Religion was something private at home, something for the holidays.",
	}},
	{name: "travel", tags: "T", questions: []string{
		"How did you travel there?",
		"Tell me about the journey.",
		"What do you remember of the trip?",
	}, sentences: []string{
		"I flew to Istanbul first.",
		"From Istanbul I took a night bus to the south.",
		"I waited in {turkcity} for a few days in a small apartment.",
		"The journey was long. I remember the bus stations more than anything.",
		"We crossed at night, walking through fields.",
		"At the border there were many people going both ways.",
		"Someone met us at the bus station and took us to a house.",
		"I told my family I was going on a holiday.",
		"The first town on the other side was full of people from everywhere.",
		"They took our passports when we arrived and wrote down our names.",
		"We stayed in a guest house for new arrivals for about two weeks.",
	}},
	{name: "arrival", tags: "l", questions: []string{
		"What happened when they took control of your area?",
		"How did things change in the first weeks?",
	}, sentences: []string{
		"In the first days the streets were empty.",
		"People stayed inside and listened to the radio.",
		"The shops opened again after a week or so.",
		"They put up their flags on the government buildings.",
		"They announced their rules from the mosques.",
		"Many families left in the first days, and others came back later.",
		"For a while nobody knew what would happen.",
		"The schools were closed, and later they opened with new books.",
	}},
	{name: "daily", tags: "T|l", questions: []string{
		"What was an ordinary day like?",
		"Where did you live there?",
		"Who were your neighbours?",
		"How did you spend the evenings?",
	}, sentences: []string{
		"We lived in an apartment on the second floor of a building in {city}.",
		"Electricity came for a few hours a day, usually at night.",
		"I went to the market in the morning, before the heat.",
		"Our neighbours were a family from {nbr}, and we got along well.",
		"In the evenings there was nothing to do, so we slept early.",
		"The river was close, and in summer people went to sit by the water.",
		"We had a small radio, and we listened to it every night.",
		"The children played in the courtyard most of the day.",
		"We had a generator, shared with the building.",
		"I spent a lot of time reading.",
		"On Fridays the streets were full before the prayer.",
		"In winter it was very cold, and we heated one room only.",
		"I learned a little Arabic from the neighbours.",
		"I tried to keep the flat clean and tidy; it helped me feel normal.",
		"There was a small shop at the corner where we bought tea and sugar.",
		"Some evenings the neighbours came and we talked until late.",
		"We had no internet at home, only in a café nearby.",
		"The call to prayer marked the hours of the day.",
		"[w]I learned to cook new dishes from the women in our building.",
		"[m]I learned to make bread from a neighbour.",
	}},
	{name: "leaving", tags: "T|l", questions: []string{
		"How did it end for you there?",
		"[D|R]What happened when you reached the other side?",
		"Tell me about the day you left.",
	}, sentences: []string{
		"[D]We left at night with a smuggler.",
		"[D]The journey out took {num} days.",
		"[D|R]We walked most of the way.",
		"[D|R]When we arrived, the soldiers took our names and our phones.",
		"They checked our papers and asked many questions.",
		"[P]I was taken when the town fell.",
		"[P]After that I was held in several places before I came here.",
		"[R]After some months I was sent back home with other families.",
		"[R]At the airport the police were waiting for us.",
		"[D]In Turkey we stayed with people we knew for a while.",
		"It was the longest day of my life, I think.",
	}},
	{name: "now", questions: []string{
		"How are things for you now?",
		"What do you hope for the future?",
		"How is your family now?",
	}, sentences: []string{
		"[P]Here the days are all the same.",
		"[P]I am waiting for my trial. Nobody tells us anything.",
		"[P]I do some work in the kitchen here; it helps the time pass.",
		"[R]I report to the police every week.",
		"[R]Since I came back I meet a social worker every week.",
		"[D]I live in a small flat, and I do not go out much.",
		"[D]I am trying to find work, any work.",
		"I would like to finish my studies one day.",
		"My family calls me when they can.",
		"I think a lot about the future of the children in my family.",
		"I sleep badly, but it is getting better.",
		"I read a lot now. It keeps my mind busy.",
		"I hope one day to live a normal life, with a normal job.",
		"[P]We are allowed outside in the yard for an hour a day.",
		"[P]I share a room with many others, and we try to respect each other.",
		"[R]I have started a training course, to learn a trade.",
		"[R]My mother comes with me to the appointments.",
		"[D]I help a cousin in his shop sometimes.",
		"[D]I am waiting for papers, so I cannot plan anything.",
		"I write letters that I do not send.",
		"I would like to see my parents again.",
		"I try to pray and to keep calm.",
		"I think I have changed a lot in these years.",
	}},
}

// discourse sentences loosen the answers.
var discourse = []string{
	"That is how it was.",
	"It is hard to explain now.",
	"I remember it well.",
	"It feels like a long time ago.",
	"I do not know how else to say it.",
	"You have to understand the situation then.",
	"I think about that time a lot.",
}
