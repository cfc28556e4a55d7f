/**
 * The files of a new course: one lesson that uses every block type (quiz, incident, callout, image, video)
 * and a pre/post survey in course.md (surveys live there), so a trainer starts from something that already
 * validates and shows the syntax of each block. Placeholder texts say that they are placeholders.
 */
export interface TemplateInput {
	id: string;
	slug: string;
	title: string;
}

const enc = (s: string) => new TextEncoder().encode(s);

/** YAML-safe single-line string: titles come from a form and may hold colons or quotes. */
export const yamlString = (s: string) => JSON.stringify(s.replace(/\s+/g, ' ').trim());

export function templateFiles(input: TemplateInput): Map<string, Uint8Array> {
	const courseMd = `---
id: ${input.id}
slug: ${input.slug}
version: 1
language: de
title: ${yamlString(input.title)}
summary: Kurzbeschreibung des Kurses (höchstens 300 Zeichen).
audience: [verwaltung]
workload_ue: 1
objectives:
  - Lernziel 1 – beschreiben Sie, was Teilnehmende danach können
competence: [knowledge]
certificate:
  kind: teilnahmebescheinigung
pre_post: selbsteinschaetzung
---
# ${input.title.replace(/\s+/g, ' ').trim()}

Überblicksseite: Worum geht es, für wen ist der Kurs, wie lange dauert er?

\`\`\`survey
id: selbsteinschaetzung
scale: [1, 5]
labels: { 1: trifft gar nicht zu, 5: trifft voll zu }
items:
  - id: s1
    text: Ich kenne die Grundbegriffe dieses Kurses.
    dimension: knowledge
\`\`\`
`;
	const lesson = `---
id: erste-lektion
title: Erste Lektion
duration_min: 15
---
# Erste Lektion

## Einstieg

Schreiben Sie hier den Text der Lektion in Markdown.

![Beschreibung des Bildes für Menschen, die es nicht sehen](./assets/beispiel.svg)

\`\`\`callout tip Ein Hinweis
Hinweise, Tipps und Warnungen stehen in einem callout-Block (info, warning oder tip).
\`\`\`

\`\`\`video
src: ./assets/beispiel.webm
captions: ./assets/beispiel.vtt
title: Platzhalter-Video
transcript: |
  Ersetzen Sie beispiel.webm und beispiel.vtt durch Ihr Video und seine Untertitel; hier steht das Transkript.
\`\`\`

\`\`\`quiz
id: quiz-1
type: single
prompt: Welche Antwort ist richtig?
options:
  - id: a
    text: Diese Antwort
    correct: true
  - id: b
    text: Jene Antwort
feedback:
  correct: Richtig.
  incorrect: Noch nicht – lesen Sie den Abschnitt oben noch einmal.
\`\`\`

\`\`\`incident
id: vorfall-1
points: 2
situation: |
  Beschreiben Sie eine Situation aus dem Arbeitsalltag, in der ein Missverständnis entsteht.
question: Wie reagieren Sie?
options:
  - id: a
    text: Eine wenig hilfreiche Reaktion.
    rating: 0
    feedback: Erklären Sie, warum diese Reaktion wenig hilft.
  - id: b
    text: Eine teilweise hilfreiche Reaktion.
    rating: 1
    feedback: Erklären Sie, was hier fehlt.
  - id: c
    text: Eine hilfreiche Reaktion.
    rating: 2
    feedback: Erklären Sie die Sicht der anderen Person.
\`\`\`
`;
	return new Map([
		['course.md', enc(courseMd)],
		['01-erste-lektion.md', enc(lesson)],
		['assets/beispiel.svg', enc(PLACEHOLDER_SVG)],
		['assets/beispiel.vtt', enc('WEBVTT\n\n00:00.000 --> 00:01.000\nPlatzhalter: Untertitel Ihres Videos\n')],
		['assets/beispiel.webm', placeholderWebm()]
	]);
}

const PLACEHOLDER_SVG =
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 90" role="img"><rect width="160" height="90" fill="#e8eef5"/><text x="80" y="50" font-family="sans-serif" font-size="12" text-anchor="middle" fill="#1d3557">Platzhalter-Bild</text></svg>\n';

/**
 * A WebM container with one 16×16 VP8 video track and no frames: a real file of the right type that holds
 * nothing, so the template's video block validates until the trainer uploads the actual video.
 */
export function placeholderWebm(): Uint8Array {
	const el = (id: number[], ...children: Uint8Array[]) => {
		const body = concat(children);
		return concat([new Uint8Array(id), size(body.length), body]);
	};
	const uint = (id: number[], n: number) => el(id, new Uint8Array([n]));
	const str = (id: number[], s: string) => el(id, enc(s));
	const header = el([0x1a, 0x45, 0xdf, 0xa3], uint([0x42, 0x86], 1), uint([0x42, 0xf7], 1), uint([0x42, 0xf2], 4), uint([0x42, 0xf3], 8), str([0x42, 0x82], 'webm'), uint([0x42, 0x87], 2), uint([0x42, 0x85], 2));
	const info = el([0x15, 0x49, 0xa9, 0x66], el([0x2a, 0xd7, 0xb1], new Uint8Array([0x0f, 0x42, 0x40])), str([0x4d, 0x80], 'Lernbruecke'), str([0x57, 0x41], 'Lernbruecke'));
	const video = el([0xe0], uint([0xb0], 16), uint([0xba], 16));
	const track = el([0xae], uint([0xd7], 1), uint([0x73, 0xc5], 1), uint([0x83], 1), str([0x86], 'V_VP8'), video);
	const segment = el([0x18, 0x53, 0x80, 0x67], info, el([0x16, 0x54, 0xae, 0x6b], track));
	return concat([header, segment]);
}

/** EBML variable-length size, 1–2 bytes are enough for this file. */
function size(n: number): Uint8Array {
	if (n < 0x7f) return new Uint8Array([0x80 | n]);
	return new Uint8Array([0x40 | (n >> 8), n & 0xff]);
}

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}
