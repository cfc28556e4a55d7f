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
