package demo

// sectionQuestions open the part of the interview that may yield a
// section's items; followUps ask for more within it.
var sectionQuestions = map[string][]string{
	"vulnerabilities": {
		"How were things for you before all this, at home and with work?",
		"What was going on in your life in the year before you joined?",
		"Were there difficulties in your life at that time?",
		"Can you describe your situation before you became involved?",
	},
	"influences": {
		"Who or what influenced you to join?",
		"How did you first come into contact with the group?",
		"Was anyone else involved in your decision?",
		"How did the idea of joining come to you?",
	},
	"motivations": {
		"Why did you decide to join?",
		"What did you hope to find there?",
		"What was your main reason, looking back?",
		"What made you take the decision in the end?",
	},
	"roles": {
		"What did you do inside the group?",
		"What was your work there?",
		"What were your duties, day to day?",
	},
	"experienced": {
		"What happened to you personally during that time?",
		"Did you suffer harm while you were there?",
		"What was the hardest thing that happened to you there?",
	},
	"witnessed": {
		"What did you see while you were there?",
		"Did you witness violence?",
		"Were you present when punishments were carried out?",
	},
	"heard": {
		"Did you receive news about people close to you?",
		"Did you hear of things happening elsewhere?",
		"What news reached you from outside your town?",
	},
	"committed": {
		"I have to ask this: did you yourself take part in violence?",
		"Is there something you did there that you regret?",
		"Were you ever ordered to hurt someone?",
	},
	"will_to_fight": {
		"What made you fight, or stay and fight?",
		"What kept you going at the front?",
		"Why did you keep fighting?",
	},
	"disillusionment": {
		"When did you start to have doubts?",
		"What made you question the group?",
		"Was there a moment when things changed for you?",
		"What was it that turned you against them?",
	},
}

var followUps = []string{
	"Was there anything else?",
	"And apart from that?",
	"What else do you remember?",
	"Were there other things?",
	"Was that the only thing?",
	"Anything else?",
}

// noneAnswers answer a section's question with nothing a coder would code.
var noneAnswers = map[string][]string{
	"experienced": {"Nothing happened to me personally, thank God. Others had it worse.", "I was lucky, I think. I was not hurt."},
	"witnessed":   {"I did not see such things myself. I stayed away from the squares.", "No. I heard people talk, but I did not see it with my own eyes."},
	"heard":       {"Not really. We had little news from outside.", "No, my family was far away and we had no contact."},
	"committed":   {"No. I never hurt anyone myself.", "No, nothing like that. I was never asked to do it.", "No. My work was far from that."},
	"disillusionment": {
		"It is difficult to say. It came slowly, and I cannot point to one thing.",
		"I do not know exactly. One day I simply wanted to go home.",
	},
}

var lookingBack = []string{
	"Looking back now, what stays with you from that time?",
	"You mentioned some things earlier. Is there anything you want to come back to?",
	"When you think about it today, what comes to mind first?",
}

var openings = []string{
	"Thank you for agreeing to speak with us. As we discussed, you can stop at any time, and nothing you say will be published with your name. Is that clear?",
	"Before we start: you can refuse any question, and we can stop whenever you want. Your name will not appear anywhere. Are you ready?",
	"Thank you for your time. This conversation is confidential, and you may stop at any moment. Shall we begin?",
}

var openingReplies = []string{
	"Yes, it is clear.",
	"Yes. I understand. We can start.",
	"Yes, I am ready.",
	"Yes. Ask what you want.",
}

var closings = []string{
	"Is there anything you would like to add?",
	"We are near the end. Is there something I did not ask that you want to say?",
}

var closingReplies = []string{
	"No. I think I said what I wanted to say.",
	"Only that I hope people understand how it happened, so that others do not make the same mistake.",
	"No, thank you for listening.",
	"I want young people to think twice before they believe anyone. That is all.",
}

var farewells = []string{
	"Thank you. We will stop the recording here.",
	"Thank you very much. That is the end of the interview.",
}
