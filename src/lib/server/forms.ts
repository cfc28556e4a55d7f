import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';

export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;
export type FormFailureData = { values: FormValues; errors: FieldErrors };

/** Fields never echoed back to the browser after a failed submit. */
const SECRET = /password|secret|token/i;

export function formToObject(form: FormData): FormValues {
	const out: FormValues = {};
	for (const [key, raw] of form.entries()) {
		if (typeof raw !== 'string') continue;
		const prev = out[key];
		if (prev === undefined) out[key] = raw;
		else out[key] = Array.isArray(prev) ? [...prev, raw] : [prev, raw];
	}
	return out;
}

export function echoValues(values: FormValues): FormValues {
	return Object.fromEntries(Object.entries(values).filter(([k]) => !SECRET.test(k)));
}

export function fieldErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? String(issue.path[0]) : '_form';
		errors[key] ??= issue.message;
	}
	return errors;
}

/**
 * Parses a submitted form with its zod schema. On failure returns the `fail(400)` an action should return:
 * the typed values (minus secrets) and one message per field, already in the user's language.
 */
export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<
	| { ok: true; data: z.output<S>; values: FormValues }
	| { ok: false; failure: ActionFailure<FormFailureData> }
> {
	let values: FormValues;
	try {
		values = formToObject(await request.formData());
	} catch {
		return { ok: false, failure: formFailure({}, { _form: 'invalid form body' }) };
	}
	const parsed = schema.safeParse(values);
	if (parsed.success) return { ok: true, data: parsed.data, values };
	return {
		ok: false,
		failure: fail(400, { values: echoValues(values), errors: fieldErrors(parsed.error) })
	};
}

export function formFailure(values: FormValues, errors: FieldErrors, status = 400): ActionFailure<FormFailureData> {
	return fail(status, { values: echoValues(values), errors });
}
