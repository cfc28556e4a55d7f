/**
 * The variables of every export file, described in German and English. Kept here rather than in
 * messages/*.json: the codebook is a research document in the export's language, generated with its data,
 * and its wording belongs next to the columns it explains.
 */
export type Text = { de: string; en: string };

export interface Variable {
	data: 'tables' | 'statements';
	file: string;
	name: string;
	description: Text;
	values?: Text;
}

const WITHHELD: Text = { de: 'leer = weniger als k Lernende oder daraus errechenbar (unterdrückt)', en: 'empty = fewer than k learners or computable from such a cell (withheld)' };
const t = (de: string, en: string): Text => ({ de, en });

const table = (file: string, name: string, description: Text, values?: Text): Variable => ({ data: 'tables', file, name, description, values });
const row = (name: string, description: Text, values?: Text): Variable => ({ data: 'statements', file: 'statements', name, description, values });

export const VARIABLES: Variable[] = [
	table('funnel', 'step', t('Schritt: eingeschrieben, begonnen, abgeschlossen, bestanden', 'Step: enrolled, started, completed, passed'), t('enrolled, started, completed, passed', 'enrolled, started, completed, passed')),
	table('funnel', 'n', t('Einschreibungen in diesem Schritt', 'Enrolments at this step'), WITHHELD),
	table('timeline', 'month', t('Kalendermonat (UTC), „total“ = Summe', 'Calendar month (UTC), "total" = sum'), t('JJJJ-MM', 'YYYY-MM')),
	table('timeline', 'enrolled', t('Einschreibungen im Monat', 'Enrolments in the month'), WITHHELD),
	table('timeline', 'completed', t('Abschlüsse im Monat', 'Completions in the month'), WITHHELD),
	table('orgtype_land', 'org_type', t('Art der Organisation der Lernenden („total“ = Spaltensumme)', "Learner's organisation type (\"total\" = column sum)")),
	table('orgtype_land', 'land', t('Bundesland der Organisation („total“ = Zeilensumme, „none“ = ohne)', 'Federal state of the organisation ("total" = row sum, "none" = none)')),
	table('orgtype_land', 'enrolled', t('Einschreibungen', 'Enrolments'), WITHHELD),
	table('orgtype_land', 'completed', t('Abschlüsse', 'Completions'), WITHHELD),
	table('orgtype_land', 'completion_rate', t('Abschlussquote 0–1, nur wo beide Zahlen gezeigt werden', 'Completion rate 0–1, only where both counts are shown')),
	table('prepost', 'scale', t('Skala (Dimension der Fragen) oder „all“', 'Scale (item dimension) or "all"')),
	table('prepost', 'items', t('Fragen in der Skala', 'Items in the scale')),
	table('prepost', 'n', t('Lernende mit Antworten vorher und nachher (gepaart)', 'Learners with answers before and after (paired)'), WITHHELD),
	table('prepost', 'pre_mean', t('Mittelwert vorher (Skalenwert = Mittel der beantworteten Fragen)', 'Mean before (scale score = mean of the items answered)')),
	table('prepost', 'pre_sd', t('Standardabweichung vorher', 'SD before')),
	table('prepost', 'post_mean', t('Mittelwert nachher', 'Mean after')),
	table('prepost', 'post_sd', t('Standardabweichung nachher', 'SD after')),
	table('prepost', 'diff_mean', t('Mittlere Differenz nachher − vorher', 'Mean difference after − before')),
	table('prepost', 'diff_sd', t('SD der Differenzen', 'SD of the differences')),
	table('prepost', 'diff_ci_low', t('95-%-KI der mittleren Differenz, untere Grenze', '95 % CI of the mean difference, lower')),
	table('prepost', 'diff_ci_high', t('95-%-KI der mittleren Differenz, obere Grenze', '95 % CI of the mean difference, upper')),
	table('prepost', 't', t('t-Wert des gepaarten t-Tests', 'Paired t statistic')),
	table('prepost', 'd_z', t("Cohens d_z = mittlere Differenz / SD der Differenzen", "Cohen's d_z = mean difference / SD of the differences")),
	table('prepost', 'd_z_ci_low', t('95-%-KI von d_z (nichtzentrale t-Verteilung), untere Grenze', '95 % CI of d_z (noncentral t), lower')),
	table('prepost', 'd_z_ci_high', t('95-%-KI von d_z, obere Grenze', '95 % CI of d_z, upper')),
	table('prepost', 'alpha_pre', t('Cronbachs α vorher (vollständige Bögen)', "Cronbach's α before (complete forms)")),
	table('prepost', 'alpha_post', t('Cronbachs α nachher', "Cronbach's α after")),
	table('items', 'lesson', t('Lektion (stabile Kennung aus der Kursdatei)', 'Lesson (stable id from the course file)')),
	table('items', 'item', t('Aufgabe (stabile Kennung)', 'Item (stable id)')),
	table('items', 'kind', t('quiz oder incident (kritischer Vorfall)', 'quiz or incident (critical incident)')),
	table('items', 'type', t('Aufgabentyp', 'Item type'), t('single, multiple, true-false, matching, ordering, cloze, incident', 'single, multiple, true-false, matching, ordering, cloze, incident')),
	table('items', 'n', t('Lernende mit erstem abgegebenem Versuch', 'Learners with a first submitted attempt'), WITHHELD),
	table('items', 'p', t('Schwierigkeit: mittlerer Anteil erreichter Punkte (0–1)', 'Difficulty: mean share of points (0–1)')),
	table('items', 'r_it', t('Trennschärfe: korrigierte Item-Total-Korrelation', 'Discrimination: corrected item-total correlation')),
	table('items', 'mean_expert_rating', t('Vorfälle: mittlere Expertenwertung der gewählten Optionen', 'Incidents: mean expert rating of the options chosen')),
	table('items', 'prompt', t('Aufgabentext, gekürzt', 'Item text, shortened')),
	table('options', 'option', t('Antwortoption (Kennung)', 'Option (id)')),
	table('options', 'correct', t('1 = richtige Option, 0 = Distraktor, leer = nicht bewertet', '1 = key, 0 = distractor, empty = not keyed')),
	table('options', 'expert_rating', t('Vorfälle: Expertenwertung der Option', 'Incidents: expert rating of the option')),
	table('options', 'chosen', t('Wie oft gewählt', 'Times chosen'), WITHHELD),
	table('options', 'chosen_upper', t('Gewählt in der oberen Gruppe (27 % nach Gesamtpunkten)', 'Chosen in the upper group (27 % by total score)'), WITHHELD),
	table('options', 'chosen_lower', t('Gewählt in der unteren Gruppe', 'Chosen in the lower group'), WITHHELD),
	table('options', 'label', t('Optionstext, gekürzt', 'Option text, shortened')),
	table('lessons', 'reached', t('Einschreibungen, die die Lektion geöffnet haben', 'Enrolments that opened the lesson'), WITHHELD),
	table('lessons', 'completed', t('Einschreibungen, die die Lektion abgeschlossen haben', 'Enrolments that completed the lesson'), WITHHELD),
	table('lessons', 'minutes_n', t('Abschlüsse, auf denen die Zeiten beruhen', 'Completions the times rest on')),
	table('lessons', 'minutes_median', t('Minuten vom ersten Öffnen bis zum Abschluss, Median (Obergrenze der aktiven Zeit)', 'Minutes from first opening to completion, median (upper bound of active time)')),
	table('lessons', 'minutes_q1', t('… 1. Quartil', '… first quartile')),
	table('lessons', 'minutes_q3', t('… 3. Quartil', '… third quartile')),
	table('lessons', 'title', t('Titel der Lektion', 'Lesson title')),
	row('person', t('Pseudonym der lernenden Person, nur innerhalb dieses Exports gleich', 'Pseudonym of the learner, stable within this export only'), t('p_ + 20 Hex-Ziffern', 'p_ + 20 hex digits')),
	row('course', t('Kurs (Kurzname)', 'Course (slug)')),
	row('course_version', t('Kursversion der Einschreibung', 'Course version of the enrolment')),
	row('org_type', t('Art der Organisation; leer, wenn die Kombination mit dem Land weniger als k Lernende hat', 'Organisation type; empty where its combination with the state has fewer than k learners')),
	row('land', t('Bundesland der Organisation; leer wie org_type', 'Federal state of the organisation; empty like org_type')),
	row('timestamp', t('Zeitpunkt der Aussage (UTC, ISO 8601)', 'Time of the statement (UTC, ISO 8601)')),
	row('verb', t('xAPI-Verb (Kurzname, siehe Verben)', 'xAPI verb (short name, see verbs)')),
	row('activity_type', t('Art der Aktivität', 'Kind of activity'), t('course, lesson, assessment, question, incident, survey', 'course, lesson, assessment, question, incident, survey')),
	row('activity', t('Kennung der Aktivität im Kurs (Lektion, Aufgabe, Fragebogen/Frage)', 'Activity id within the course (lesson, item, survey/item)')),
	row('success', t('1 = richtig/bestanden, 0 = falsch/nicht bestanden', '1 = correct/passed, 0 = incorrect/failed')),
	row('completion', t('1 = abgeschlossen', '1 = completed')),
	row('score_raw', t('Erreichte Punkte', 'Points scored')),
	row('score_max', t('Höchstpunktzahl', 'Maximum points')),
	row('score_scaled', t('Punkte / Höchstpunkte (0–1)', 'Points / maximum (0–1)')),
	row('response', t('Antwort in xAPI-Schreibweise; bei Selbsteinschätzung die Stufe', "Response in xAPI notation; the scale point for self-assessment")),
	row('duration_s', t('Dauer in Sekunden (aus result.duration)', 'Duration in seconds (from result.duration)')),
	row('progress', t('Fortschritt im Kurs in Prozent (progressed)', 'Course progress in percent (progressed)')),
	row('survey_phase', t('Selbsteinschätzung: pre = vorher, post = nachher', 'Self-assessment: pre = before, post = after'))
];

export const STATEMENT_COLUMNS = VARIABLES.filter((v) => v.data === 'statements').map((v) => v.name);

/** The pseudonym columns' descriptions in an export made for a study (the defaults above say "this export only"). */
export const PSEUDONYM_IN_STUDY: Record<string, Text> = {
	person: t(
		'Pseudonym der lernenden Person, gleich in allen Exporten dieser Studie mit demselben Studienschlüssel',
		'Pseudonym of the learner, the same in every export of this study made with the same study key'
	)
};
