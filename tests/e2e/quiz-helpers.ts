import path from 'node:path';
import type { Page } from '@playwright/test';
import { buildFolder } from '../../src/lib/server/courses/folder';
import type { Lesson, ScoredItem } from '../../src/lib/server/courses/model';

/** The answer key comes from the course files, as a trainer would have it — never from the page. */
export async function lessonOf(slug: string, lessonId: string, lang: 'de' | 'en' = 'de'): Promise<Lesson> {
	const built = await buildFolder(path.resolve('courses', slug));
	return built.content!.variants[lang]!.lessons.find((l) => l.id === lessonId)!;
}

export const itemsOf = (lesson: Lesson) => lesson.body.filter((b): b is ScoredItem => b.kind === 'quiz' || b.kind === 'incident');

const css = (id: string) => `[id="${id}"]`;

async function press(page: Page, id: string, key = 'Space') {
	await page.locator(css(id)).focus();
	await page.keyboard.press(key);
}

/** Chooses an option of a native select with the arrow keys only. */
async function selectByKeyboard(page: Page, selectId: string, value: string) {
	const select = page.locator(css(selectId));
	const target = await select.evaluate((el, v) => [...(el as HTMLSelectElement).options].findIndex((o) => o.value === v), value);
	await select.focus();
	await page.keyboard.press('Home');
	for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
}

/** Answers an item with the keyboard alone, right or deliberately wrong. */
export async function answerByKeyboard(page: Page, item: ScoredItem, right: boolean) {
	const id = item.id;
	if (item.kind === 'incident') {
		const best = item.options.find((o) => o.rating === item.points)!;
		const worst = [...item.options].sort((a, b) => a.rating - b.rating)[0]!;
		await press(page, `${id}-${right ? best.id : worst.id}`);
		if (item.rateEach) for (const o of item.options) await selectByKeyboard(page, `${id}-rate-${o.id}`, String(right ? o.rating : item.points - o.rating));
		return;
	}
	switch (item.type) {
		case 'single': {
			const o = item.options.find((x) => x.correct === right)!;
			await press(page, `${id}-${o.id}`);
			return;
		}
		case 'multiple':
			for (const o of item.options) if (o.correct === right) await press(page, `${id}-${o.id}`);
			return;
		case 'true-false':
			await press(page, `${id}-${String(right ? item.answer : !item.answer)}`);
			return;
		case 'matching':
			for (const [i, p] of item.pairs.entries()) {
				const other = item.pairs[(i + 1) % item.pairs.length]!;
				await selectByKeyboard(page, `${id}-${p.id}`, right ? p.id : other.id);
			}
			return;
		case 'ordering': {
			const want = right ? item.items.map((x) => x.id) : [...item.items.map((x) => x.id)].reverse();
			for (let pos = 0; pos < want.length; pos++) {
				const current = await page.locator(`input[name="${id}.order"]`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
				let at = current.indexOf(want[pos]!);
				while (at > pos) {
					await press(page, `${id}-${want[pos]}-up`, 'Enter');
					await page.waitForFunction(([name, v, p]) => (document.querySelectorAll(`input[name="${name}"]`)[p as number] as HTMLInputElement)?.value === v, [`${id}.order`, want[pos], at - 1]);
					at--;
				}
			}
			return;
		}
		case 'cloze':
			for (const [gap, accepted] of Object.entries(item.gaps)) {
				const input = page.locator(`input[name="${id}.${gap}"]`);
				await input.focus();
				await page.keyboard.type(right ? ` ${accepted[0]!.toUpperCase()} ` : 'falsch');
			}
			return;
	}
}

/** The same without JavaScript: plain form controls, the ordering moved by posting its buttons. */
export async function answerWithoutScript(page: Page, item: ScoredItem, right: boolean) {
	const id = item.id;
	if (item.kind === 'quiz' && item.type === 'ordering') {
		const want = right ? item.items.map((x) => x.id) : [...item.items.map((x) => x.id)].reverse();
		for (let pos = 0; pos < want.length; pos++) {
			for (;;) {
				const current = await page.locator(`input[name="${id}.order"]`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
				if (current.indexOf(want[pos]!) <= pos) break;
				await page.locator(css(`${id}-${want[pos]}-up`)).click();
				await page.waitForLoadState('load');
			}
		}
		return;
	}
	if (item.kind === 'quiz' && item.type === 'matching') {
		for (const [i, p] of item.pairs.entries()) await page.locator(css(`${id}-${p.id}`)).selectOption(right ? p.id : item.pairs[(i + 1) % item.pairs.length]!.id);
		return;
	}
	if (item.kind === 'quiz' && item.type === 'cloze') {
		for (const [gap, accepted] of Object.entries(item.gaps)) await page.locator(`input[name="${id}.${gap}"]`).fill(right ? accepted[0]! : 'falsch');
		return;
	}
	if (item.kind === 'incident' && item.rateEach) {
		for (const o of item.options) await page.locator(css(`${id}-rate-${o.id}`)).selectOption(String(right ? o.rating : item.points - o.rating));
	}
	// Radios and checkboxes: a click is what a mouse user does and the form is posted plainly afterwards.
	if (item.kind === 'incident') {
		const pick = right ? item.options.find((o) => o.rating === item.points)! : [...item.options].sort((a, b) => a.rating - b.rating)[0]!;
		await page.locator(css(`${id}-${pick.id}`)).check();
		return;
	}
	if (item.type === 'true-false') await page.locator(css(`${id}-${String(right ? item.answer : !item.answer)}`)).check();
	else if (item.type === 'single') await page.locator(css(`${id}-${item.options.find((o) => o.correct === right)!.id}`)).check();
	else if (item.type === 'multiple') for (const o of item.options) if (o.correct === right) await page.locator(css(`${id}-${o.id}`)).check();
}
