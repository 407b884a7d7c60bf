package demo

var rolePassages = map[string][]string{
	"fighter": {
		"[m]I was a fighter. I fought on the front lines near {city2} for several months.",
		"[m]They sent me to a training camp and then to the front. I carried a rifle and took part in battles.",
		"[m]My work was fighting. I was in a battalion that moved from front to front.",
		"[m]I fought, I will not lie about that. I was at the front for {months} at a time.",
		"[m]After the training I was assigned to a fighting unit near {city2}.",
	},
	"ribat": {
		"[m]Mostly I did ribat, guarding the borders of the territory. Long nights at a post, watching.",
		"[m]I was on ribat, at the front line but guarding, not attacking. Shifts of a week at a time.",
		"[m]They put me on border duty at a post on the edge of the territory.",
		"[m]My duty was ribat. We sat at the posts and waited; it was boring and cold.",
		"[m]I did guard duty at the border posts for {months}.",
	},
	"engineer": {
		"Because I had studied engineering, they put me in the department that repaired the water network.",
		"I worked as an engineer at the power station. They needed people who understood the machines.",
		"I was an engineer, so they used me for construction, for bridges and roads.",
		"My work was technical, in engineering. I planned repairs for buildings damaged by the bombing.",
		"They found out I was an engineer and moved me to the services office, to keep the generators running.",
	},
	"mechanic": {
		"I was a mechanic. I repaired their vehicles in a garage in {city}.",
		"They knew I could fix cars, so I worked in the workshop, fixing trucks and pick-ups.",
		"My job was mechanics, engines mostly. Every day vehicles came back damaged.",
		"I worked as a mechanic for the transport section.",
		"In {city} I ran a small workshop for them, repairing motorbikes and cars.",
	},
	"medical": {
		"I worked in the hospital in {city}. I had some training as a nurse, so they put me there.",
		"I was a medic. I treated the wounded, mostly fighters but also civilians.",
		"[m]They needed doctors badly. I had studied medicine, so I worked in a field clinic.",
		"My role was medical. I helped in the emergency room and sometimes in surgery.",
		"I worked in a pharmacy and a small clinic, giving first aid and medicine.",
	},
	"wife_and_mother": {
		"[w]I was a wife and a mother, that is all. I stayed at home with the children and cooked.",
		"[w]My life was the house. I took care of my husband and the children; I did not go out much.",
		"[w]Women did not work, so I was at home. I had my second child there.",
		"[w]I raised my children and kept the house. That was what was expected of us.",
		"[w]I was married there and I became a mother. My days were the children, the cooking, the washing.",
	},
	"suicide_terrorist": {
		"I had put my name on the list for a martyrdom operation. I was waiting for my turn when everything changed.",
		"They prepared me for a suicide operation. In the end I was never sent.",
		"I had volunteered to be a suicide attacker. I was chosen, and then the operation was cancelled.",
		"I agreed to carry out a martyrdom operation. I wrote my will and waited; I was arrested before it happened.",
	},
	"recruiter": {
		"I recruited people, I admit it. I talked to young people in person and convinced them to come.",
		"My role was to bring others. I met people in cafés and at the mosque and spoke with them.",
		"I convinced {num} people to join. I sat with them face to face and answered their doubts.",
		"I was asked to find new members, and I did. I spoke with them in person; that was my job.",
	},
	"hisbah": {
		"I worked with the hisbah, the morality police. We patrolled the markets and checked that the shops closed for prayer.",
		"They put me in the Hisbah. We drove around {city} and stopped people who were smoking or whose clothes were wrong.",
		"I was in al-Hisbah for {months}. My job was to enforce the rules in the street: dress, prayer, tobacco.",
		"[w]I was in the women's hisbah. We checked that women were covered and walked with a guardian.",
		"My work was in the hisbah office, writing reports on people who broke the rules.",
	},
	"administration": {
		"I worked in an office, in the administration, registering property.",
		"My job was administrative. I kept the lists of members and their salaries.",
		"They put me in the office that handled marriages and documents.",
	},
	"media": {
		"I worked in the media office. I filmed events and edited videos.",
		"My role was in media, running a point where people came to watch their films.",
		"I translated their publications for the media office.",
	},
	"security_emni": {
		"[m]I was in the emni, the security service. We investigated people suspected of spying.",
		"[m]I worked in security, first at a checkpoint and then at the security office.",
		"[m]I was part of the security apparatus. We questioned people accused of working with the enemy.",
	},
	"teacher": {
		"I taught in a school they controlled: religion and Arabic for small children.",
		"I was a teacher. I taught the Quran to children in a mosque.",
		"My work was teaching, in one of their schools.",
	},
	"logistics": {
		"I worked in logistics, transporting food and fuel between the towns.",
		"[m]I was a driver, taking supplies to the front.",
		"I handled supplies in a warehouse.",
	},
}
