import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { accessibilityStatementFormSchema, legalTextSchema } from '$lib/schemas/legal';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { getSetting, setSetting, type SettingKey } from '$lib/server/settings';
import { writeAudit } from '$lib/server/audit';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const db = getDb();
	return {
		title: m.admin_legal_title(),
		impressum: await getSetting(db, 'legal_impressum'),
		datenschutz: await getSetting(db, 'legal_datenschutz'),
		statement: await getSetting(db, 'accessibility_statement'),
		saved: url.searchParams.get('saved')
	};
};

async function saveText(locals: App.Locals, request: Request, key: Extract<SettingKey, `legal_${string}`>) {
	const admin = requireAdmin(locals);
	const parsed = await parseForm(request, legalTextSchema);
	if (!parsed.ok) return parsed.failure;
	await getDb().transaction(async (tx) => {
		await setSetting(tx, key, parsed.data, admin.id);
		await writeAudit(tx, {
			actorId: admin.id,
			action: 'settings.update',
			targetType: 'settings',
			targetId: key,
			// The texts themselves are public on the site; the audit says who changed what and how much.
			details: { deLength: parsed.data.de.length, enLength: parsed.data.en.length }
		});
	});
	redirect(303, `/admin/legal?saved=${key}`);
}

export const actions: Actions = {
	impressum: ({ locals, request }) => saveText(locals, request, 'legal_impressum'),
	datenschutz: ({ locals, request }) => saveText(locals, request, 'legal_datenschutz'),
	accessibility: async ({ locals, request }) => {
		const admin = requireAdmin(locals);
		const parsed = await parseForm(request, accessibilityStatementFormSchema);
		if (!parsed.ok) return parsed.failure;
		const d = parsed.data;
		const value = {
			status: d.status,
			preparedOn: d.preparedOn,
			method: d.method,
			knownIssues: { de: d.knownIssues_de, en: d.knownIssues_en },
			enforcement: { de: d.enforcement_de, en: d.enforcement_en }
		};
		await getDb().transaction(async (tx) => {
			await setSetting(tx, 'accessibility_statement', value, admin.id);
			await writeAudit(tx, {
				actorId: admin.id,
				action: 'settings.update',
				targetType: 'settings',
				targetId: 'accessibility_statement',
				details: { status: d.status, preparedOn: d.preparedOn, method: d.method }
			});
		});
		redirect(303, '/admin/legal?saved=accessibility_statement');
	}
};
