package demo

var influencePassages = map[string][]string{
	"friends": {
		"It started with my friends. A group of us from the neighbourhood began going to the same mosque and we pushed each other.",
		"[m]{friend} went first. He called me from there and said: come, it is not what they show you on television.",
		"My closest friends were all talking about it. When they decided to go, I did not want to be the one left behind.",
		"I joined because my friends joined. We were a group of five, and by the end of that summer three of us were inside.",
		"We were a circle of friends who studied together. Slowly the talk changed from religion to Syria, and then to joining.",
		"[l]Most of the young men from my street joined in the first months. My friends were already with them, so it felt natural.",
		"[w]My best friend was the one who brought me in. We had been like sisters since school, and she spoke about it every day.",
	},
	"face_to_face_recruiter": {
		"There was a man at the mosque who took an interest in me. He gave me his time, invited me to eat, and little by little he brought me in.",
		"A recruiter came to our area. He sat with the young people in the café and explained that the State needed people like us.",
		"I met a brother in person, at a gym, who talked to me for weeks. He was patient, he answered every question.",
		"[l]In our town they had an office. A man there wrote down my name and talked to me about the duty to join.",
		"Someone I met at a study circle was the one who organised everything. He spoke to me face to face, never on the phone.",
		"The person who recruited me was older and respected. He came to our house, he even spoke to my father.",
	},
	"online_videos_passive": {
		"I watched their videos on the internet every night. The nasheeds, the images of the children in Syria; I watched them again and again.",
		"It was the videos. I never spoke to anybody online, I only watched what they put on {platform}.",
		"I spent hours watching videos about the war and about the caliphate. Nobody sent them to me, I found them myself.",
		"I saw the propaganda videos like everyone. The well-made ones, with music, showing a perfect life there.",
		"I followed their channels but I never wrote anything. I just watched and read, and it changed how I saw things.",
	},
	"internet_recruiter": {
		"[m]I met someone on {platform} who became like a brother to me. We wrote every day, and he told me what to do and whom to contact.",
		"[w]A sister contacted me online. She was already there; she told me about the life, answered everything and arranged things.",
		"The person who recruited me I never met. We spoke on {platform} for months, and he organised my journey step by step.",
		"Online, someone started sending me messages. At first about religion, then about hijra, then about how to get there.",
		"I was in a chat group and one of the administrators wrote to me privately. He became my guide, always online.",
		"[w]A man I met online said he wanted to marry me. He talked to me every night for months, and in the end he convinced me to come.",
	},
	"social_media_active": {
		"I was very active on {platform}. I shared their posts, I argued with people, I had several accounts.",
		"I ran a page where I posted news from Syria. The more I posted, the more I believed it.",
		"I was in many groups online and I wrote a lot. It became my whole world: the comments, the likes, the arguments.",
	},
	"spouse": {
		"[w]My husband decided we would go. I followed him, because that is what I believed a wife should do.",
		"[w]It was my husband's idea. He had talked about it for months, and one day he said the tickets were bought.",
		"I went because of my {spouse}. The decision was taken by my {spouse}, and I did not oppose it.",
		"[w]My husband was already there. He sent messages every day asking me to come with the children.",
		"My {spouse} influenced me a lot. We had become religious together, but it was my {spouse} who wanted to go.",
	},
	"parents": {
		"My father was the one who brought us. He decided the whole family would move to the caliphate.",
		"My parents supported them from the beginning. At home it was normal to talk about the State as the true state.",
		"My mother pushed me, in a way. She said it was our duty, and she was proud when I agreed.",
		"I was young and I followed my parents. When my father said we were going, we went.",
		"My parents had become very strict and they influenced me. Everything I knew about religion came from them.",
	},
	"siblings": {
		"{brother} was the first in the family. After he went, he kept calling me.",
		"My sister had married a fighter, and she told me about the life there.",
		"My brothers had all joined already, so for me there was no question.",
	},
	"religious_teacher": {
		"Our imam gave lessons on Friday that were very political. He spoke about jihad as a personal duty.",
		"I had a teacher of religion who influenced me a lot. He taught us that the rulers were apostates.",
		"A sheikh in a study circle shaped my thinking. I listened to him for two years before I made the decision.",
	},
}
