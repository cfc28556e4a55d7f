import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { exifSegment, jpegWith } from '../../../../tests/fixtures/media';
import { getDb } from '../db';
import { createUser } from '../users';
import { createOrganisation } from '../orgs';
import { findAsset } from '../courses/assets';
import { createDraft, draftFiles, readDraftFile, saveDraftFile } from './drafts';
import { publishDraft } from './publish';
import { inspectAsset, storeAsset } from './assets';

useTestDatabase();

const has = (bytes: Uint8Array, s: string) => Buffer.from(bytes).includes(Buffer.from(s, 'latin1'));

describe('draft assets', () => {
	it('stores an upload without metadata, refuses a second one of the same name unless replacing, and publishes it', async () => {
		const db = getDb();
		const org = await createOrganisation(db, { name: 'Medien-IHK', type: 'kammer', regionAgs: '09162' }, null);
		const u = await createUser(db, { email: 'medien@example.org', name: 'Medien', password: 'Lange-Passphrase-1', organisationId: org.id, roles: [{ role: 'trainer', organisationId: org.id }] }, null);
		const slug = 'medien-kurs';
		const id = await createDraft(db, { organisationId: org.id, slug, title: 'Medien', createdBy: u.id });

		const inspected = await inspectAsset(jpegWith(exifSegment()), 'urlaub.jpg');
		if (!inspected.ok) throw new Error('refused');
		expect(await storeAsset(db, id, 'assets/urlaub.jpg', inspected.bytes, u.id, false)).toBe('stored');
		expect(await storeAsset(db, id, 'assets/urlaub.jpg', inspected.bytes, u.id, false)).toBe('exists');
		expect(await storeAsset(db, id, 'assets/urlaub.jpg', inspected.bytes, u.id, true)).toBe('stored');
		expect((await readDraftFile(db, id, 'assets/urlaub.jpg'))!.revision).toBe(2);

		const lesson = new TextDecoder().decode((await draftFiles(db, id)).get('01-erste-lektion.md')!);
		await saveDraftFile(db, id, '01-erste-lektion.md', new TextEncoder().encode(`${lesson}\n![Ein Foto](./assets/urlaub.jpg)\n`), 1, u.id);
		expect(await publishDraft(db, { courseId: id, slug }, u.id, 'Mit Foto')).toMatchObject({ status: 'created' });
		const served = await findAsset(db, slug, 1, 'urlaub.jpg');
		expect(served?.contentType).toBe('image/jpeg');
		expect(has(new Uint8Array(served!.bytes), 'GeheimKamera')).toBe(false);
	});
});
