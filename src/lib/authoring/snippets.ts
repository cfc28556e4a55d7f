/**
 * Blocks the editor's toolbar inserts. Each is valid course format as inserted (the placeholder texts say
 * what to write), with an id not yet used in the file, so inserting never produces a problem by itself.
 */
export function freeId(text: string, prefix: string): string {
	for (let n = 1; ; n++) {
		const id = `${prefix}-${n}`;
		if (!new RegExp(`^id:\\s*${id}\\s*$`, 'm').test(text)) return id;
	}
}

const fence = (kind: string, body: string) => '```' + kind + '\n' + body.trimEnd() + '\n```\n';

export function quizSnippet(text: string) {
	return fence(
		'quiz',
		`id: ${freeId(text, 'quiz')}
type: single
prompt: Frage
options:
  - id: a
    text: Richtige Antwort
    correct: true
  - id: b
    text: Falsche Antwort
feedback:
  correct: Richtig.
  incorrect: Noch nicht.`
	);
}

export function incidentSnippet(text: string) {
	return fence(
		'incident',
		`id: ${freeId(text, 'vorfall')}
points: 2
situation: |
  Beschreibung der Situation.
question: Wie reagieren Sie?
options:
  - id: a
    text: Erste Reaktion
    rating: 0
    feedback: Warum sie wenig hilft.
  - id: b
    text: Zweite Reaktion
    rating: 1
    feedback: Was ihr fehlt.
  - id: c
    text: Dritte Reaktion
    rating: 2
    feedback: Warum sie hilft.`
	);
}

export function surveySnippet(text: string) {
	return fence(
		'survey',
		`id: ${freeId(text, 'umfrage')}
scale: [1, 5]
labels: { 1: trifft gar nicht zu, 5: trifft voll zu }
items:
  - id: s1
    text: Aussage zur Selbsteinschätzung.`
	);
}

export function calloutSnippet(kind: 'info' | 'warning' | 'tip', title: string) {
	return fence(`callout ${kind}${title.trim() ? ' ' + title.trim() : ''}`, 'Text des Hinweises.');
}

/** Alt text is required by the format; brackets would end the Markdown image syntax early. */
export function imageSnippet(alt: string, file: string) {
	return `![${alt.replace(/[[\]\n]/g, ' ').trim()}](./${file})\n`;
}

const yamlString = (s: string) => JSON.stringify(s.replace(/\s+/g, ' ').trim());

export function videoSnippet(v: { src: string; captions: string; title: string; transcript: string }) {
	const transcript = v.transcript.trim() || 'Transkript des Videos.';
	return fence(
		'video',
		`src: ./${v.src}
captions: ./${v.captions}
title: ${yamlString(v.title || 'Video')}
transcript: |
${transcript
	.split('\n')
	.map((l) => '  ' + l)
	.join('\n')}`
	);
}
