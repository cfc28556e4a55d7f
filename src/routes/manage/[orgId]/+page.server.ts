import { error, redirect } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { contactSchema, joinCodeScopeSchema, unitNameSchema, unitRefSchema, unitRenameSchema } from '$lib/schemas/manage';
import { m } from '$lib/paraglide/messages';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { userRoles, users } from '$lib/server/db/schema';
import { formFailure, parseForm } from '$lib/server/forms';
import { createUnit, deleteUnit, listUnits, renameUnit, UnitNameTakenError, updateOrganisationContact } from '$lib/server/orgs';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';
import { disableJoinCode, formatJoinCode, listJoinCodes, regenerateJoinCode } from '$lib/server/orgs/join-codes';
import { regionLabel } from '$lib/regions';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { org } = await requireManagedOrganisation(locals, params.orgId, url);
	const db = getDb();
	const managers = await db
		.select({ id: users.id, name: users.name, email: users.email })
		.from(userRoles)
		.innerJoin(users, eq(users.id, userRoles.userId))
		.where(and(eq(userRoles.role, 'org_manager'), eq(userRoles.organisationId, org.id)))
		.orderBy(users.name);
	const codes = await listJoinCodes(db, org.id);
	return {
		title: org.name,
		organisation: { ...org, region: regionLabel(org.regionAgs) },
		units: await listUnits(db, org.id),
		managers,
		codes: codes.map((c) => ({ ...c, display: formatJoinCode(c.code), url: `${config().origin}/join/${c.code}` })),
		confirm: url.searchParams.get('confirm'),
		confirmUnit: url.searchParams.get('unit') ?? '',
		saved: url.searchParams.get('saved')
	};
};

const back = (orgId: string, saved: string) => redirect(303, `/manage/${orgId}?saved=${saved}`);

export const actions: Actions = {
	contact: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, contactSchema);
		if (!parsed.ok) return parsed.failure;
		await getDb().transaction((tx) => updateOrganisationContact(tx, org.id, parsed.data, user.id));
		back(org.id, 'contact');
	},
	unitCreate: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, unitNameSchema);
		if (!parsed.ok) return parsed.failure;
		try {
			await getDb().transaction((tx) => createUnit(tx, org.id, parsed.data.name, user.id));
		} catch (err) {
			if (err instanceof UnitNameTakenError) return formFailure(parsed.values, { name: m.manage_unit_taken() });
			throw err;
		}
		back(org.id, 'unit');
	},
	unitRename: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, unitRenameSchema);
		if (!parsed.ok) return parsed.failure;
		try {
			const unit = await getDb().transaction((tx) => renameUnit(tx, org.id, parsed.data.unit, parsed.data.name, user.id));
			if (!unit) error(404, 'not found');
		} catch (err) {
			if (err instanceof UnitNameTakenError) return formFailure(parsed.values, { [`name-${parsed.data.unit}`]: m.manage_unit_taken() });
			throw err;
		}
		back(org.id, 'unit');
	},
	unitDelete: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, unitRefSchema);
		if (!parsed.ok) error(400, 'bad request');
		if (!(await getDb().transaction((tx) => deleteUnit(tx, org.id, parsed.data.unit, user.id)))) error(404, 'not found');
		back(org.id, 'unit-deleted');
	},
	codeGenerate: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, joinCodeScopeSchema);
		if (!parsed.ok) error(400, 'bad request');
		if (!(await getDb().transaction((tx) => regenerateJoinCode(tx, org.id, parsed.data.unit, user.id)))) error(404, 'not found');
		back(org.id, 'code');
	},
	codeDisable: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, joinCodeScopeSchema);
		if (!parsed.ok) error(400, 'bad request');
		await getDb().transaction((tx) => disableJoinCode(tx, org.id, parsed.data.unit, user.id));
		back(org.id, 'code-off');
	}
};
