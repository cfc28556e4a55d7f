import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { createUser } from '../users';
import { createOrganisation } from '../orgs';
import { getLiveCourse } from '../courses/cache';
import { importCourseFiles } from '../courses/import';
import { findEditableDraft, foreignCourseIds, mayViewCohort } from './access';
import { createDraft, draftFiles, duplicateDraft, hasUnpublishedChanges, listDrafts, saveDraftFile, setArchived, validateDraft } from './drafts';
import { listVersions, publishDraft, rollBack, versionFiles } from './publish';
import { diffFolders } from './diff';
import { listCatalogue } from '../learning/catalogue';

useTestDatabase();

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
let n = 0;

async function setup() {
	const db = getDb();
	const k = ++n;
	const org = await createOrganisation(db, { name: `IHK ${k}`, type: 'kammer', regionAgs: '09162' }, null);
	const other = await createOrganisation(db, { name: `HWK ${k}`, type: 'kammer', regionAgs: '09162' }, null);
	const mk = (who: string, orgId: string) =>
		createUser(db, { email: `${who}-${k}@example.org`, name: `${who} ${k}`, password: 'Lange-Passphrase-1', organisationId: orgId, roles: [{ role: 'trainer', organisationId: orgId }] }, null);
	const trainer = await mk('trainer', org.id);
	const colleague = await mk('colleague', org.id);
	const stranger = await mk('stranger', other.id);
	const editor = (u: { id: string; organisationId: string | null }) => ({ id: u.id, roles: [{ role: 'trainer' as const, organisationId: u.organisationId }] });
	return { db, org, trainer: editor(trainer), colleague: editor(colleague), stranger: editor(stranger), k };
}

describe('drafts, publish and versions', () => {
	it('creates a course from the template that validates, publishes it, and edits never reach learners until published', async () => {
		const { db, org, trainer, k } = await setup();
		const slug = `vorlage-${k}`;
		const id = await createDraft(db, { organisationId: org.id, slug, title: 'Mein: "Kurs"', createdBy: trainer.id });
		expect((await validateDraft(db, id, slug)).problems).toEqual([]);
		expect((await listDrafts(db, trainer)).find((d) => d.courseId === id)).toMatchObject({ status: 'draft', title: 'Mein: "Kurs"' });
		expect(await getLiveCourse(db, slug)).toBeUndefined();

		const first = await publishDraft(db, { courseId: id, slug }, trainer.id, 'Erste Fassung');
		expect(first).toMatchObject({ status: 'created', versionNumber: 1 });
		expect((await getLiveCourse(db, slug))!.live.number).toBe(1);
		expect(await hasUnpublishedChanges(db, id)).toBe(false);

		const lesson = dec((await draftFiles(db, id)).get('01-erste-lektion.md')!);
		const saved = await saveDraftFile(db, id, '01-erste-lektion.md', enc(lesson.replace('## Einstieg', '## Neuer Einstieg')), 1, trainer.id);
		expect(saved).toEqual({ ok: true, revision: 2 });
		expect(await hasUnpublishedChanges(db, id)).toBe(true);
		const live = (await getLiveCourse(db, slug))!;
		expect(live.live.number).toBe(1);
		expect(live.live.content.variants.de!.lessons[0]!.body.some((s) => s.kind === 'markdown' && s.text.includes('Neuer Einstieg'))).toBe(false);

		expect(await publishDraft(db, { courseId: id, slug }, trainer.id, 'Einstieg umbenannt')).toMatchObject({ status: 'new_version', versionNumber: 2 });
		const versions = await listVersions(db, id);
		expect(versions.map((v) => [v.number, v.note, v.publishedBy, v.live])).toEqual([
			[2, 'Einstieg umbenannt', `trainer ${k}`, true],
			[1, 'Erste Fassung', `trainer ${k}`, false]
		]);
		const diff = diffFolders((await versionFiles(db, id, 1))!, (await versionFiles(db, id, 2))!);
		expect(diff.map((d) => d.path)).toEqual(['01-erste-lektion.md']);
		expect(diff[0]!.lines!.filter((l) => l.op !== 'same').map((l) => `${l.op} ${l.text}`)).toEqual(['add ## Neuer Einstieg', 'del ## Einstieg']);
	});

	it('refuses to publish a draft with problems and leaves the live version as it was', async () => {
		const { db, org, trainer, k } = await setup();
		const slug = `kaputt-${k}`;
		const id = await createDraft(db, { organisationId: org.id, slug, title: 'Kaputt', createdBy: trainer.id });
		await publishDraft(db, { courseId: id, slug }, trainer.id, 'v1');
		const lesson = dec((await draftFiles(db, id)).get('01-erste-lektion.md')!);
		await saveDraftFile(db, id, '01-erste-lektion.md', enc(lesson.replace('    correct: true\n', '')), 1, trainer.id);
		const { problems } = await validateDraft(db, id, slug);
		expect(problems[0]).toMatchObject({ file: '01-erste-lektion.md' });
		const outcome = await publishDraft(db, { courseId: id, slug }, trainer.id, 'kaputt');
		expect(outcome.status).toBe('invalid');
		expect((await listVersions(db, id)).map((v) => v.number)).toEqual([1]);
	});

	it('rolls back by republishing an older version as a new one and making it the draft again', async () => {
		const { db, org, trainer, k } = await setup();
		const slug = `zurueck-${k}`;
		const id = await createDraft(db, { organisationId: org.id, slug, title: 'Zurück', createdBy: trainer.id });
		await publishDraft(db, { courseId: id, slug }, trainer.id, 'v1');
		const v1 = (await versionFiles(db, id, 1))!;
		await saveDraftFile(db, id, 'course.md', enc(dec(v1.get('course.md')!).replace('Überblicksseite', 'Geänderte Überblicksseite')), 1, trainer.id);
		await publishDraft(db, { courseId: id, slug }, trainer.id, 'v2');
		const outcome = await rollBack(db, { courseId: id, slug }, 1, trainer.id, 'zurück auf 1');
		expect(outcome).toMatchObject({ status: 'new_version', versionNumber: 3 });
		expect(diffFolders(v1, (await versionFiles(db, id, 3))!)).toEqual([]);
		expect(diffFolders(v1, await draftFiles(db, id))).toEqual([]);
		expect((await getLiveCourse(db, slug))!.live.number).toBe(3);
	});

	it('keeps drafts of one organisation from trainers of another, and lets colleagues and co-authors in', async () => {
		const { db, org, trainer, colleague, stranger, k } = await setup();
		const id = await createDraft(db, { organisationId: org.id, slug: `geheim-${k}`, title: 'Geheim', createdBy: trainer.id });
		expect(await findEditableDraft(db, stranger, id)).toBeUndefined();
		expect((await listDrafts(db, stranger)).map((d) => d.courseId)).not.toContain(id);
		expect(await findEditableDraft(db, colleague, id)).toBeDefined();
		const { addCoauthor } = await import('./drafts');
		expect(await addCoauthor(db, id, `stranger-${k}@example.org`, trainer.id)).toBe('added');
		expect(await findEditableDraft(db, stranger, id)).toBeDefined();
		expect((await listDrafts(db, stranger)).map((d) => d.courseId)).toContain(id);
	});

	it('shows a browser-written course\'s cohort figures only to its organisation and co-authors, repository courses to every trainer', async () => {
		const { db, org, trainer, colleague, stranger, k } = await setup();
		const id = await createDraft(db, { organisationId: org.id, slug: `kohorte-${k}`, title: 'Kohorte', createdBy: trainer.id });
		expect(await mayViewCohort(db, colleague, id)).toBe(true);
		expect(await mayViewCohort(db, stranger, id)).toBe(false);
		expect(await foreignCourseIds(db, stranger)).toContain(id);
		expect(await foreignCourseIds(db, colleague)).not.toContain(id);
		// A course with no draft came from courses/ in the repository.
		expect(await mayViewCohort(db, stranger, crypto.randomUUID())).toBe(true);
	});

	it('detects two people saving the same file and keeps both texts', async () => {
		const { db, org, trainer, colleague, k } = await setup();
		const id = await createDraft(db, { organisationId: org.id, slug: `konflikt-${k}`, title: 'Konflikt', createdBy: trainer.id });
		expect(await saveDraftFile(db, id, 'course.md', enc('von A'), 1, trainer.id)).toEqual({ ok: true, revision: 2 });
		const second = await saveDraftFile(db, id, 'course.md', enc('von B'), 1, colleague.id);
		expect(second).toEqual({ ok: false, conflict: { text: 'von A', revision: 2, by: `trainer ${k}` } });
		expect(dec((await draftFiles(db, id)).get('course.md')!)).toBe('von A');
	});

	it('duplicates a course under a new id and slug that validates, and archiving hides it from the catalogue', async () => {
		const { db, org, trainer, k } = await setup();
		const id = await createDraft(db, { organisationId: org.id, slug: `original-${k}`, title: 'Original', createdBy: trainer.id });
		const copy = await duplicateDraft(db, { courseId: id, organisationId: org.id }, { slug: `kopie-${k}`, title: 'Kopie', createdBy: trainer.id });
		expect(copy).not.toBe(id);
		expect((await validateDraft(db, copy, `kopie-${k}`)).problems).toEqual([]);
		await publishDraft(db, { courseId: copy, slug: `kopie-${k}` }, trainer.id, 'v1');
		expect((await listCatalogue(db, 'de')).map((c) => c.slug)).toContain(`kopie-${k}`);
		await setArchived(db, copy, true, trainer.id);
		expect((await listCatalogue(db, 'de')).map((c) => c.slug)).not.toContain(`kopie-${k}`);
		expect((await listDrafts(db, trainer)).find((d) => d.courseId === copy)?.status).toBe('archived');
	});

	it('an unchanged courses/ folder does not undo a version published in the editor', async () => {
		const { db, org, trainer, k } = await setup();
		const slug = `ordner-${k}`;
		const id = await createDraft(db, { organisationId: org.id, slug, title: 'Ordner', createdBy: trainer.id });
		const folderFiles = await draftFiles(db, id);
		expect(await importCourseFiles(db, { folder: slug, files: folderFiles, origin: 'folder' })).toMatchObject({ status: 'created', versionNumber: 1 });
		await saveDraftFile(db, id, 'course.md', enc(dec(folderFiles.get('course.md')!).replace('Überblicksseite', 'Neu')), 1, trainer.id);
		await publishDraft(db, { courseId: id, slug }, trainer.id, 'im Editor');
		expect(await importCourseFiles(db, { folder: slug, files: folderFiles, origin: 'folder' })).toMatchObject({ status: 'unchanged', versionNumber: 1 });
		expect((await getLiveCourse(db, slug))!.live.number).toBe(2);
	});
});
