import { describe, expect, it } from 'vitest';
import { clockStart, computeDue, dueState, type Term } from '../../shared/deadlines';
import { WorkCalendar, defaultCalendarData } from '../../shared/calendar/calendar';
import { fromLocal } from '../../shared/time';

// Office-local (UTC+5) instants; the machine's own zone must not matter.
const at = (date: string, time: string) => fromLocal(date, time);
const due = (date: string, time: string, term: Term) => {
  const d = computeDue(at(date, time), term);
  return `${d.dueDate} ${d.dueTime}`;
};
const wd = (value: number, acceptanceDayCounts?: boolean): Term => ({
  unit: 'workingDays',
  value,
  acceptanceDayCounts,
});
const cd = (value: number, acceptanceDayCounts?: boolean): Term => ({
  unit: 'calendarDays',
  value,
  acceptanceDayCounts,
});
const min = (value: number): Term => ({ unit: 'minutes', value });

describe('fromLocal is UTC+5', () => {
  it('10:00 in the office is 05:00 UTC', () => {
    expect(at('2026-03-10', '10:00')).toBe('2026-03-10T05:00:00.000Z');
    expect(at('2026-03-10', '03:00')).toBe('2026-03-09T22:00:00.000Z');
  });
});

describe('clockStart', () => {
  it('starts at once inside office hours on a working day', () => {
    expect(clockStart(at('2026-03-10', '10:15'))).toEqual({ date: '2026-03-10', time: '10:15' });
    expect(clockStart(at('2026-03-10', '09:00'))).toEqual({ date: '2026-03-10', time: '09:00' });
    expect(clockStart(at('2026-03-10', '17:59'))).toEqual({ date: '2026-03-10', time: '17:59' });
  });

  it('before opening: the same morning', () => {
    expect(clockStart(at('2026-03-10', '08:30'))).toEqual({ date: '2026-03-10', time: '09:00' });
    // 03:00 local is the previous day in UTC: the local date must win
    expect(clockStart(at('2026-03-10', '03:00'))).toEqual({ date: '2026-03-10', time: '09:00' });
  });

  it('after hours (18:00 and later): the next working morning', () => {
    expect(clockStart(at('2026-03-10', '18:00'))).toEqual({ date: '2026-03-11', time: '09:00' });
    expect(clockStart(at('2026-03-10', '19:30'))).toEqual({ date: '2026-03-11', time: '09:00' });
    // 23:30 local is 18:30 UTC, still the same date in both
    expect(clockStart(at('2026-03-10', '23:30'))).toEqual({ date: '2026-03-11', time: '09:00' });
    expect(clockStart(at('2026-03-13', '18:30'))).toEqual({ date: '2026-03-16', time: '09:00' }); // Fri -> Mon
  });

  it('on a day off: the next working morning', () => {
    expect(clockStart(at('2026-03-14', '11:00'))).toEqual({ date: '2026-03-16', time: '09:00' }); // Sat
    expect(clockStart(at('2026-03-23', '11:00'))).toEqual({ date: '2026-03-26', time: '09:00' }); // Nauryz
    expect(clockStart(at('2026-03-20', '18:10'))).toEqual({ date: '2026-03-26', time: '09:00' }); // Fri evening before Nauryz
  });

  it('on a transferred working Saturday: at once', () => {
    expect(clockStart(at('2024-05-04', '11:00'))).toEqual({ date: '2024-05-04', time: '11:00' });
  });

  it('during lunch: when lunch ends', () => {
    expect(clockStart(at('2026-03-10', '13:00'))).toEqual({ date: '2026-03-10', time: '14:00' });
    expect(clockStart(at('2026-03-10', '13:45'))).toEqual({ date: '2026-03-10', time: '14:00' });
    expect(clockStart(at('2026-03-10', '12:59'))).toEqual({ date: '2026-03-10', time: '12:59' });
    expect(clockStart(at('2026-03-10', '14:00'))).toEqual({ date: '2026-03-10', time: '14:00' });
  });

  it("follows the office's own hours (9:00-18:30, lunch 13:00-14:30)", () => {
    const hours = { start: '09:00', end: '18:30', lunchStart: '13:00', lunchEnd: '14:30' };
    expect(clockStart(at('2026-03-10', '18:15'), { hours })).toEqual({ date: '2026-03-10', time: '18:15' });
    expect(clockStart(at('2026-03-10', '14:10'), { hours })).toEqual({ date: '2026-03-10', time: '14:30' });
    expect(clockStart(at('2026-03-10', '18:30'), { hours })).toEqual({ date: '2026-03-11', time: '09:00' });
  });
});

describe('computeDue: working days', () => {
  it('3 working days from an in-hours intake on Tuesday: Friday, same time', () => {
    const d = computeDue(at('2026-03-10', '10:15'), wd(3));
    expect(d).toEqual({
      startDate: '2026-03-10',
      startTime: '10:15',
      dueDate: '2026-03-13',
      dueTime: '10:15',
      dueAt: at('2026-03-13', '10:15'),
    });
    expect(d.dueAt).toBe('2026-03-13T05:15:00.000Z');
  });

  it('after hours counts from the next working morning', () => {
    expect(due('2026-03-10', '18:30', wd(3))).toBe('2026-03-16 09:00'); // start Wed 11th: Thu, Fri, Mon
    expect(due('2026-03-13', '19:00', wd(3))).toBe('2026-03-19 09:00'); // start Mon 16th
  });

  it('on a day off counts from the next working morning', () => {
    expect(due('2026-03-14', '10:00', wd(3))).toBe('2026-03-19 09:00'); // Sat -> Mon 16th
  });

  it('lunch-time intake starts at 14:00', () => {
    expect(due('2026-03-10', '13:20', wd(3))).toBe('2026-03-13 14:00');
  });

  it('3 working days over Nauryz 2026', () => {
    expect(due('2026-03-19', '16:00', wd(3))).toBe('2026-03-27 16:00'); // Fri 20, Thu 26, Fri 27
    expect(due('2026-03-20', '10:00', wd(3))).toBe('2026-03-30 10:00'); // 26, 27, Mon 30
    expect(due('2026-03-23', '10:00', wd(3))).toBe('2026-03-31 09:00'); // starts Thu 26 09:00: 27, 30, 31
  });

  it('with the acceptance day counted the term ends at closing time', () => {
    expect(due('2026-03-10', '10:00', wd(3, true))).toBe('2026-03-12 18:00');
    expect(due('2026-03-10', '10:00', wd(1, true))).toBe('2026-03-10 18:00');
  });

  it('follows a calendar given in the options', () => {
    const cal = new WorkCalendar({ ...defaultCalendarData, datedDaysOff: [{ date: '2026-03-12', key: 'local' }] });
    expect(computeDue(at('2026-03-10', '10:00'), wd(3), { calendar: cal }).dueDate).toBe('2026-03-16');
  });

  it('refuses a negative or non-numeric term', () => {
    expect(() => computeDue(at('2026-03-10', '10:00'), wd(-1))).toThrow(RangeError);
    expect(() => computeDue(at('2026-03-10', '10:00'), wd(Number.NaN))).toThrow(RangeError);
  });
});

describe('computeDue: calendar days', () => {
  it('a term ending on a working day ends at closing time that day', () => {
    expect(due('2026-03-10', '10:00', cd(7))).toBe('2026-03-17 18:00');
    expect(due('2025-12-01', '10:00', cd(30))).toBe('2025-12-31 18:00');
  });

  it('a term ending on a day off ends on the next working day', () => {
    expect(due('2026-03-11', '10:00', cd(10))).toBe('2026-03-26 18:00'); // Sat 21 Mar -> Thu 26 Mar
    expect(due('2026-03-12', '10:00', cd(2))).toBe('2026-03-16 18:00'); // Sat 14 -> Mon 16
  });

  it('counts from the next working day after hours', () => {
    expect(due('2026-03-13', '18:30', cd(5))).toBe('2026-03-26 18:00'); // Mon 16 + 5 = Sat 21 -> Thu 26
  });

  it('with the acceptance day counted, one day less', () => {
    expect(due('2026-03-10', '10:00', cd(7, true))).toBe('2026-03-16 18:00');
  });
});

describe('computeDue: minutes', () => {
  it('inside a morning', () => {
    expect(due('2026-03-10', '10:00', min(30))).toBe('2026-03-10 10:30');
  });

  it('jumps over lunch', () => {
    expect(due('2026-03-10', '12:50', min(10))).toBe('2026-03-10 13:00');
    expect(due('2026-03-10', '12:50', min(30))).toBe('2026-03-10 14:20');
    expect(due('2026-03-10', '13:30', min(15))).toBe('2026-03-10 14:15'); // starts at 14:00
  });

  it('carries over the end of the day to the next working morning', () => {
    expect(due('2026-03-10', '17:50', min(10))).toBe('2026-03-10 18:00');
    expect(due('2026-03-10', '17:50', min(30))).toBe('2026-03-11 09:20');
    expect(due('2026-03-13', '17:45', min(30))).toBe('2026-03-16 09:15'); // Fri -> Mon
    expect(due('2026-03-20', '17:50', min(30))).toBe('2026-03-26 09:20'); // over Nauryz
  });

  it('crosses the end of the day and the next lunch', () => {
    // 16:00-18:00 = 120, then 09:00-13:00 = 240 (total 360), then 40 after lunch
    expect(due('2026-03-10', '16:00', min(400))).toBe('2026-03-11 14:40');
    expect(due('2026-03-10', '16:00', min(300))).toBe('2026-03-11 12:00');
  });

  it('a full working day (480 minutes) from opening ends at closing', () => {
    expect(due('2026-03-10', '09:00', min(480))).toBe('2026-03-10 18:00');
    expect(due('2026-03-10', '09:00', min(481))).toBe('2026-03-11 09:01');
  });
});

describe('dueState', () => {
  const dueAt = at('2026-03-12', '10:00'); // Thursday

  it('overdue once the instant has passed', () => {
    expect(dueState(dueAt, at('2026-03-12', '10:01'))).toBe('overdue');
    expect(dueState(dueAt, at('2026-03-13', '09:00'))).toBe('overdue');
  });

  it('due today on the due date, up to and including the due instant', () => {
    expect(dueState(dueAt, at('2026-03-12', '08:00'))).toBe('dueToday');
    expect(dueState(dueAt, dueAt)).toBe('dueToday');
    // 00:30 local on the 12th is still the 11th in UTC
    expect(dueState(dueAt, at('2026-03-12', '00:30'))).toBe('dueToday');
  });

  it('at risk when due on the next working day', () => {
    expect(dueState(dueAt, at('2026-03-11', '17:00'))).toBe('atRisk');
    // Friday -> Monday is the next working day
    expect(dueState(at('2026-03-16', '10:00'), at('2026-03-13', '12:00'))).toBe('atRisk');
    // Friday before Nauryz -> Thursday 26 Mar is the next working day
    expect(dueState(at('2026-03-26', '10:00'), at('2026-03-20', '12:00'))).toBe('atRisk');
  });

  it('on time when due later than the next working day', () => {
    expect(dueState(dueAt, at('2026-03-10', '17:00'))).toBe('onTime');
    expect(dueState(at('2026-03-27', '10:00'), at('2026-03-20', '12:00'))).toBe('onTime');
  });

  it('done beats everything, even overdue', () => {
    expect(dueState(dueAt, at('2026-03-20', '10:00'), { done: true })).toBe('done');
  });
});
