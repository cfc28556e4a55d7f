import { describe, expect, it } from 'vitest';
import { berlinToday, daysBetween, isOverdue, isoWeek } from './dates';

describe('assignment dates', () => {
	it('takes today in German time, not UTC', () => {
		expect(berlinToday(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
		expect(berlinToday(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
		expect(berlinToday(new Date('2026-07-01T22:01:00Z'))).toBe('2026-07-02');
	});
	it('counts days across month ends and the clock change', () => {
		expect(daysBetween('2026-10-20', '2026-10-27')).toBe(7);
		expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
		expect(daysBetween('2026-12-02', '2026-12-01')).toBe(-1);
	});
	it('is overdue only after the due day and while not completed', () => {
		expect(isOverdue('2026-12-01', false, '2026-12-01')).toBe(false);
		expect(isOverdue('2026-12-01', false, '2026-12-02')).toBe(true);
		expect(isOverdue('2026-12-01', true, '2026-12-02')).toBe(false);
		expect(isOverdue(null, false, '2026-12-02')).toBe(false);
	});
	it('names ISO weeks, including the ones that belong to the neighbouring year', () => {
		expect(isoWeek('2026-11-25')).toBe('2026-W48');
		expect(isoWeek('2027-01-01')).toBe('2026-W53');
		expect(isoWeek('2025-12-29')).toBe('2026-W01');
	});
});
