import { m } from '$lib/paraglide/messages';

/** Why a quiz submission was refused, in the learner's language. */
export function quizErrorMessage(code: string): string {
	switch (code) {
		case 'closed':
			return m.quiz_error_closed();
		case 'already_answered':
			return m.quiz_error_already_answered();
		case 'limit':
			return m.quiz_error_limit();
		case 'open_attempt':
			return m.quiz_error_open_attempt();
		case 'unknown_attempt':
			return m.quiz_error_unknown_attempt();
		default:
			return m.quiz_error_tampered();
	}
}
