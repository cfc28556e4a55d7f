import type { SubmitFunction } from '@sveltejs/kit';

function clearPasswords(form: HTMLFormElement) {
	for (const input of form.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = '';
}

/**
 * `use:enhance` for forms that should keep what the user typed after a failed submit — except passwords,
 * which are never shown back (the same as the server-rendered form without JavaScript).
 */
export const keepValues: SubmitFunction = ({ formElement }) => {
	return async ({ update }) => {
		await update({ reset: false });
		clearPasswords(formElement);
	};
};

/**
 * For forms that create something: a failed submit keeps what the user typed (as `keepValues`), a successful
 * one empties the form, as the server-rendered page does without JavaScript — kept values would invite a
 * second click that creates the same thing twice. A submit while one is still on its way is dropped for the
 * same reason. A success that redirects back to the same page counts as a success, too.
 */
export const clearOnSuccess: SubmitFunction = ({ formElement, cancel }) => {
	if (formElement.getAttribute('aria-busy') === 'true') {
		cancel();
		return;
	}
	formElement.setAttribute('aria-busy', 'true');
	return async ({ result, update }) => {
		try {
			// `update` resets the form only after a success; the reset also clears the fields' dirty flags,
			// so they follow the (now empty) values the page renders.
			await update();
			// After a redirect `update` navigates but never resets; when the target is this same page the form
			// is still mounted and would keep the typed values (the fields are dirty, so new defaults do not
			// reach them). Not `formElement.reset()`: a field named "reset" would shadow it.
			if (result.type === 'redirect' && formElement.isConnected) HTMLFormElement.prototype.reset.call(formElement);
		} finally {
			formElement.removeAttribute('aria-busy');
			clearPasswords(formElement);
		}
	};
};

/**
 * Like `keepValues`, but a successful submit that redirects loads the next page in full. For forms that can
 * change the interface language (login, profile): `<html lang>` and every message must follow at once.
 */
export const keepValuesReloadOnSuccess: SubmitFunction = ({ formElement }) => {
	return async ({ result, update }) => {
		if (result.type === 'redirect') {
			window.location.assign(result.location);
			return;
		}
		await update({ reset: false });
		clearPasswords(formElement);
	};
};
