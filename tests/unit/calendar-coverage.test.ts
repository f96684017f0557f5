/**
 * K-03 (issue #15): a date computed beyond the years the calendar covers is
 * the rules' guess (no Kurban Ait, no transfers), so the computation says so,
 * and the desk and the district console warn when the year in force, or from
 * December next year, is missing (calendarGap).
 */
import { describe, expect, it } from 'vitest';
import {
  CALENDAR_NEXT_YEAR_FROM_MONTH,
  WorkCalendar,
  calendarGap,
  computeDue,
  defaultCalendar,
  defaultCalendarData,
  fromLocal,
} from '../../shared';

describe('calendarGap (what the desk and the console warn of)', () => {
  const years = [2024, 2026] as const;
  it('nothing within the covered years before December', () => {
    expect(calendarGap(years, '2024-01-01')).toBeNull();
    expect(calendarGap(years, '2026-11-30')).toBeNull();
    expect(calendarGap([2024, 2027], '2026-12-05')).toBeNull();
  });
  it('from December, the next year when it is missing', () => {
    expect(CALENDAR_NEXT_YEAR_FROM_MONTH).toBe(12);
    expect(calendarGap(years, '2026-12-01')).toEqual({ year: 2027, kind: 'nextYear' });
    expect(calendarGap(years, '2026-12-31')).toEqual({ year: 2027, kind: 'nextYear' });
  });
  it('the year in force when it is missing', () => {
    expect(calendarGap(years, '2027-01-04')).toEqual({ year: 2027, kind: 'thisYear' });
    expect(calendarGap(years, '2023-06-01')).toEqual({ year: 2023, kind: 'thisYear' });
  });
  it('the shipped calendar warns now: Kurban Ait 2027 is not in it', () => {
    expect(calendarGap(defaultCalendarData.coveredYears, '2026-12-05')).toEqual({ year: 2027, kind: 'nextYear' });
  });
});

describe('computations beyond the covered years say so', () => {
  it('a term inside the covered years carries no mark', () => {
    const due = computeDue(fromLocal('2026-03-02', '10:00'), { unit: 'workingDays', value: 3 });
    expect(due.dueDate).toBe('2026-03-05');
    expect(due.uncoveredYear).toBeUndefined();
  });
  it('a term that runs into an uncovered year names it, the dates still computed by the rules', () => {
    const due = computeDue(fromLocal('2026-12-21', '10:00'), { unit: 'calendarDays', value: 30 });
    expect(due.dueDate).toBe('2027-01-20');
    expect(due.uncoveredYear).toBe(2027);
    const rehab = computeDue(fromLocal('2026-08-03', '10:00'), { unit: 'calendarDays', value: 180 });
    expect(rehab.uncoveredYear).toBe(2027);
    expect(computeDue(fromLocal('2028-02-01', '10:00'), { unit: 'minutes', value: 30 }).uncoveredYear).toBe(2028);
  });
  it('WorkCalendar.uncoveredYear: the first year of a span the table lacks', () => {
    expect(defaultCalendar.uncoveredYear('2024-01-01', '2026-12-31')).toBeNull();
    expect(defaultCalendar.uncoveredYear('2026-12-31', '2025-01-01')).toBeNull();
    expect(defaultCalendar.uncoveredYear('2023-12-30', '2024-01-02')).toBe(2023);
    expect(defaultCalendar.uncoveredYear('2026-12-30', '2028-01-02')).toBe(2027);
    const wide = new WorkCalendar({ ...defaultCalendarData, coveredYears: [2024, 2030] });
    expect(wide.uncoveredYear('2026-12-30', '2028-01-02')).toBeNull();
  });
});
