import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { zipSync, type Zippable } from 'fflate';
import { EXE, exifSegment, jpegWith } from '../../../../tests/fixtures/media';
import { buildFolder } from '../courses/folder';
import { templateFiles } from './template';
import { courseZip, readCourseZip, unsafePath, ZIP_LIMITS } from './zip';
import { prepareZipImport } from './import-zip';

const ID = '6f1c2d0e-6b1a-4d8e-9a51-2b7c1e0f4a10';
const course = () => templateFiles({ id: ID, slug: 'zip-kurs', title: 'Zip-Kurs' });
const enc = (s: string) => new TextEncoder().encode(s);
const zipOf = (files: Record<string, Uint8Array>) => zipSync(files as Zippable);
const withCourse = (extra: Record<string, Uint8Array>) => zipOf({ ...Object.fromEntries([...course()].map(([k, v]) => [`zip-kurs/${k}`, v])), ...extra });

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('courseZip', () => {
	it('exports a folder that the courses:check function accepts once unzipped', async () => {
		const files = course();
		files.set('assets/foto.jpg', jpegWith());
		const read = readCourseZip(courseZip('zip-kurs', files));
		expect(read.ok && read.folder).toBe('zip-kurs');
		if (!read.ok) return;
		const root = mkdtempSync(path.join(tmpdir(), 'zip-export-'));
		dirs.push(root);
		for (const [name, bytes] of read.files) {
			const target = path.join(root, read.folder!, name);
			mkdirSync(path.dirname(target), { recursive: true });
			writeFileSync(target, bytes);
		}
		const built = await buildFolder(path.join(root, 'zip-kurs'));
		expect(built.problems).toEqual([]);
		expect([...built.files.keys()].sort()).toEqual([...files.keys()].sort());
		expect(Buffer.from(built.files.get('assets/foto.jpg')!).equals(Buffer.from(files.get('assets/foto.jpg')!))).toBe(true);
	});
});

describe('readCourseZip refuses bad archives before anything is kept', () => {
	it('a zip bomb stops while inflating, after a few megabytes', async () => {
		const bomb = zipOf({ 'zip-kurs/course.md': enc('x'), 'zip-kurs/assets/film.mp4': new Uint8Array(40 * 1024 * 1024) });
		expect(bomb.length).toBeLessThan(100_000);
		expect(readCourseZip(bomb)).toEqual({ ok: false, refusal: { reason: 'bomb' } });
	});

	it('too many entries', async () => {
		const many: Record<string, Uint8Array> = { 'course.md': enc('x') };
		for (let i = 0; i <= ZIP_LIMITS.entries; i++) many[`assets/d${i}.vtt`] = enc('WEBVTT\n');
		expect(readCourseZip(zipOf(many))).toEqual({ ok: false, refusal: { reason: 'entries', max: ZIP_LIMITS.entries } });
	});

	it('more bytes in total than a course may hold', async () => {
		const saved = ZIP_LIMITS.totalBytes;
		ZIP_LIMITS.totalBytes = 10_000;
		try {
			const r = readCourseZip(zipOf({ 'course.md': enc('x'), 'a.md': enc(randomBytes(6000).toString('base64')), 'b.md': enc(randomBytes(6000).toString('base64')) }));
			expect(r).toEqual({ ok: false, refusal: { reason: 'total', max: 10_000 } });
		} finally {
			ZIP_LIMITS.totalBytes = saved;
		}
	});

	it('an oversize entry, named', async () => {
		const big = enc(randomBytes(1_600_000).toString('base64'));
		expect(readCourseZip(withCourse({ 'zip-kurs/02-riesig.md': big }))).toEqual({ ok: false, refusal: { reason: 'entry_size', file: 'zip-kurs/02-riesig.md', max: ZIP_LIMITS.textBytes } });
	});

	it('path traversal, absolute paths and backslashes', async () => {
		for (const bad of ['../../etc/cron.d/x', 'zip-kurs/../../x.md', '/etc/passwd', 'zip-kurs\\..\\x.md', 'C:/Windows/x.md', 'zip-kurs//x.md', 'zip-kurs/./x.md']) {
			expect(unsafePath(bad), bad).toBe(true);
			expect(readCourseZip(withCourse({ [bad]: enc('x') })), bad).toMatchObject({ ok: false, refusal: { reason: 'path' } });
		}
		expect(unsafePath('zip-kurs/assets/bild.png')).toBe(false);
	});

	it('not a zip, or a zip without a course', async () => {
		expect(readCourseZip(EXE)).toEqual({ ok: false, refusal: { reason: 'not_zip' } });
		expect(readCourseZip(zipOf({ 'a/x.md': enc('x'), 'b/course.md': enc('y') }))).toEqual({ ok: false, refusal: { reason: 'no_course' } });
	});

	it('ignores what operating systems add', async () => {
		const r = readCourseZip(withCourse({ '__MACOSX/zip-kurs/._course.md': enc('x'), 'zip-kurs/.DS_Store': enc('x') }));
		expect(r.ok && [...r.files.keys()].some((k) => k.includes('DS_Store') || k.includes('MACOSX'))).toBe(false);
	});
});

describe('prepareZipImport', () => {
	const target = { courseId: '00000000-0000-4000-8000-00000000abcd', slug: 'neuer-kurs' };

	it('takes a valid course under the target id and slug, pictures without metadata', async () => {
		const r = await prepareZipImport(withCourse({ 'zip-kurs/assets/foto.jpg': jpegWith(exifSegment()) }), target);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const md = new TextDecoder().decode(r.files.get('course.md'));
		expect(md).toMatch(/^id: 00000000-0000-4000-8000-00000000abcd$/m);
		expect(md).toMatch(/^slug: neuer-kurs$/m);
		expect(Buffer.from(r.files.get('assets/foto.jpg')!).includes('GeheimKamera')).toBe(false);
	});

	it('refuses Markdown that is not UTF-8, naming the file', async () => {
		const latin1 = new Uint8Array([...enc('---\nid: zwei\ntitle: Gr'), 0xfc, 0xdf, 0x65, ...enc('\n---\nText\n')]);
		expect(await prepareZipImport(withCourse({ 'zip-kurs/02-zwei.md': latin1 }), target)).toEqual({ ok: false, messages: [expect.stringContaining('02-zwei.md')] });
	});

	it('refuses a renamed program among the assets, and a course with problems, listing them', async () => {
		const exe = await prepareZipImport(withCourse({ 'zip-kurs/assets/bild.png': EXE }), target);
		expect(exe.ok || exe.messages.join()).toContain('assets/bild.png');
		const broken = new Map(course());
		broken.set('01-erste-lektion.md', enc('---\ntitle: ohne id\n---\n'));
		const r = await prepareZipImport(courseZip('zip-kurs', broken), target);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.messages.some((m) => m.startsWith('01-erste-lektion.md:'))).toBe(true);
	});
});
