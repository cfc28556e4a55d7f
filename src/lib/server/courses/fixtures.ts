/**
 * A small valid course as a map of files, for tests (unit, database and browser) that need a course they can
 * break one file at a time.
 */
export const FIXTURE_ID = '5b0a8f0e-2f5e-4c38-9a11-0c7a4f6d2b01';

export const fixtureCourseMd = (extra = '') => `---
id: ${FIXTURE_ID}
slug: probekurs
version: 1
language: de
title: Probekurs
summary: Ein kleiner Kurs für Tests.
audience: [verwaltung]
workload_ue: 1
objectives:
  - Etwas lernen
competence: [knowledge]
passing_score: 0.5
certificate:
  kind: zertifikat
pre_post: vorher-nachher
glossary:
  - term: Ökologischer Fehlschluss
    definition: Vom Durchschnitt auf Einzelne schließen.
${extra}---
# Probekurs

Überblick.

\`\`\`survey
id: vorher-nachher
scale: [1, 5]
labels: { 1: gar nicht, 5: voll }
items:
  - id: s1
    text: Ich weiß Bescheid.
    dimension: knowledge
\`\`\`
`;

export const fixtureLesson1 = `---
id: erste
title: Erste Lektion
duration_min: 10
---
# Erste Lektion

## Einstieg

Der ökologische Fehlschluss ist keiner, aber der ökologischer Fehlschluss schon. Noch einmal: ökologischer Fehlschluss.

![Ein Bild](./assets/bild.svg)

\`\`\`callout tip Ein Tipp
Ein **Hinweis**.
\`\`\`

\`\`\`quiz
id: q1
type: single
prompt: Welche Antwort stimmt?
options:
  - id: a
    text: Diese
    correct: true
  - id: b
    text: Jene
\`\`\`
`;

export const fixtureLesson2 = `---
id: test
title: Abschlusstest
assessment: true
---
## Aufgaben

\`\`\`quiz
id: q2
type: true-false
prompt: Stimmt das?
answer: true
\`\`\`
`;

export const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

export function fixtureFiles(overrides: Record<string, string | Uint8Array | null> = {}): Map<string, Uint8Array> {
	const base: Record<string, string | Uint8Array | null> = {
		'course.md': fixtureCourseMd(),
		'01-erste.md': fixtureLesson1,
		'02-test.md': fixtureLesson2,
		'assets/bild.svg': SVG,
		...overrides
	};
	const files = new Map<string, Uint8Array>();
	for (const [name, content] of Object.entries(base)) {
		if (content === null) continue;
		files.set(name, typeof content === 'string' ? new TextEncoder().encode(content) : content);
	}
	return files;
}
