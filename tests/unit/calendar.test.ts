import { describe, expect, it } from 'vitest';
import {
  WorkCalendar,
  addWorkingDays,
  defaultCalendar,
  defaultCalendarData,
  isWorkingDay,
  weekday,
  type CalendarData,
} from '../../shared/calendar/calendar';

const kind = (date: string) => defaultCalendar.info(date).kind;

describe('weekday sanity (the test dates below rely on it)', () => {
  it.each([
    ['2025-03-08', 6],
    ['2025-07-06', 0],
    ['2025-08-30', 6],
    ['2025-10-25', 6],
    ['2024-03-23', 6],
    ['2024-07-06', 6],
    ['2026-03-21', 6],
    ['2026-03-22', 0],
    ['2026-03-23', 1],
    ['2024-01-07', 0],
    ['2024-06-16', 0],
    ['2024-05-04', 6],
    ['2025-01-05', 0],
    ['2026-08-30', 0],
  ])('%s is weekday %i', (date, wd) => expect(weekday(date)).toBe(wd));
});

describe('holidays on a weekend move to the next working day', () => {
  it.each([
    // [holiday on a weekend, the day off it gives, the last day off before work resumes]
    ['2025-03-08', '2025-03-10'], // Sat -> Mon
    ['2025-07-06', '2025-07-07'], // Sun -> Mon
    ['2025-08-30', '2025-09-01'], // Sat -> Mon (Constitution Day, still 30 Aug in 2025)
    ['2025-10-25', '2025-10-27'], // Sat -> Mon
    ['2024-03-23', '2024-03-25'], // Sat -> Mon (Nauryz 21-22 were Thu-Fri)
    ['2024-07-06', '2024-07-08'], // Sat -> Mon
    ['2026-03-08', '2026-03-09'], // Sun -> Mon
    ['2026-05-09', '2026-05-11'], // Sat -> Mon
  ])('%s gives %s off', (holiday, moved) => {
    expect(defaultCalendar.info(holiday)).toMatchObject({ working: false, kind: 'holiday' });
    expect(defaultCalendar.info(moved)).toMatchObject({ working: false, kind: 'moved' });
    // only one day moves: the day after the moved one is working again
    const next = new Date(Date.parse(`${moved}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(isWorkingDay(next)).toBe(true);
  });

  it('chains Nauryz 2026: 21-22 Sat-Sun, 23 Mon holiday, so 24 and 25 Mar are off, 26 Mar works', () => {
    expect(kind('2026-03-20')).toBe('working');
    expect(kind('2026-03-21')).toBe('holiday');
    expect(kind('2026-03-22')).toBe('holiday');
    expect(kind('2026-03-23')).toBe('holiday');
    expect(defaultCalendar.info('2026-03-24')).toMatchObject({ working: false, kind: 'moved', key: 'nauryz' });
    expect(defaultCalendar.info('2026-03-25')).toMatchObject({ working: false, kind: 'moved', key: 'nauryz' });
    expect(isWorkingDay('2026-03-26')).toBe(true);
  });

  it('moves 1 and 2 Jan 2027 (Fri, Sat): only 2 Jan gives a day, Mon 4 Jan', () => {
    expect(isWorkingDay('2027-01-01')).toBe(false);
    expect(kind('2027-01-04')).toBe('moved');
    expect(isWorkingDay('2027-01-05')).toBe(true);
  });

  it('moves a weekend holiday past a day off that is already there (custom Kurban Ait on the Monday)', () => {
    // Capital Day 2025 fell on Sunday 6 Jul; pretend Kurban Ait fell on the Monday after it.
    const data: CalendarData = { ...defaultCalendarData, datedDaysOff: [{ date: '2025-07-07', key: 'kurbanAit' }] };
    const cal = new WorkCalendar(data);
    expect(cal.info('2025-07-07')).toMatchObject({ working: false, kind: 'dayOff' });
    expect(cal.info('2025-07-08')).toMatchObject({ working: false, kind: 'moved', key: 'capitalDay' });
    expect(cal.isWorkingDay('2025-07-09')).toBe(true);
  });
});

describe('days off that do not move', () => {
  it('7 Jan 2024 (Sunday) stays a Sunday: Mon 8 Jan 2024 is working', () => {
    expect(kind('2024-01-07')).toBe('dayOff');
    expect(isWorkingDay('2024-01-08')).toBe(true);
  });

  it('7 Jan on a weekday is a day off (2025, Tuesday)', () => {
    expect(defaultCalendar.info('2025-01-07')).toMatchObject({
      working: false,
      kind: 'dayOff',
      key: 'orthodoxChristmas',
    });
  });

  it('Kurban Ait 2024-06-16 (Sunday) is not moved: Mon 17 Jun 2024 is working', () => {
    expect(kind('2024-06-16')).toBe('dayOff');
    expect(isWorkingDay('2024-06-17')).toBe(true);
  });

  it('Kurban Ait on weekdays: 2025-06-06 (Fri), 2026-05-27 (Wed)', () => {
    expect(isWorkingDay('2025-06-06')).toBe(false);
    expect(isWorkingDay('2026-05-27')).toBe(false);
  });

  it('7 Jan 2029 (Sunday, past the checked years) does not move either', () => {
    // 7 Jan 2029 is a Sunday (outside the shipped range; the rule is the same)
    expect(weekday('2029-01-07')).toBe(0);
    expect(isWorkingDay('2029-01-08')).toBe(true);
  });
});

describe('government transfers', () => {
  it('2024: Sat 4 May worked, Wed 8 May off', () => {
    expect(defaultCalendar.info('2024-05-04')).toMatchObject({ working: true, kind: 'transferWorked' });
    expect(defaultCalendar.info('2024-05-08')).toMatchObject({ working: false, kind: 'transferOff' });
    // 7 and 9 May are holidays themselves, so the whole 7-9 May stretch is off
    expect([7, 8, 9].map((d) => isWorkingDay(`2024-05-0${d}`))).toEqual([false, false, false]);
    expect(isWorkingDay('2024-05-10')).toBe(true);
  });

  it('2025: Sun 5 Jan worked, Fri 3 Jan off', () => {
    expect(isWorkingDay('2025-01-05')).toBe(true);
    expect(isWorkingDay('2025-01-03')).toBe(false);
    expect(isWorkingDay('2025-01-04')).toBe(false);
  });
});

describe('Constitution Day moved from 30 Aug to 15 Mar', () => {
  it('30 Aug is not a holiday in 2026 (a Sunday), so Mon 31 Aug 2026 works', () => {
    expect(kind('2026-08-30')).toBe('weekend');
    expect(isWorkingDay('2026-08-31')).toBe(true);
  });

  it('30 Aug 2027 (Monday) is working, 15 Mar 2027 (Monday) is a holiday', () => {
    expect(isWorkingDay('2027-08-30')).toBe(true);
    expect(defaultCalendar.info('2027-03-15')).toMatchObject({
      working: false,
      kind: 'holiday',
      key: 'constitutionDay',
    });
  });

  it('15 Mar is not a holiday before 2027', () => {
    expect(isWorkingDay('2026-03-16')).toBe(true); // Mon; 15 Mar 2026 is a Sunday and gives nothing
    expect(isWorkingDay('2025-03-14')).toBe(true);
  });
});

describe('the 2026 days-off table', () => {
  it('lists every special day of 2026 with its kind', () => {
    const got = defaultCalendar.daysOff(2026).map((d) => `${d.date.slice(5)} ${d.kind}`);
    expect(got).toEqual([
      '01-01 holiday',
      '01-02 holiday',
      '01-07 dayOff',
      '03-08 holiday',
      '03-09 moved',
      '03-21 holiday',
      '03-22 holiday',
      '03-23 holiday',
      '03-24 moved',
      '03-25 moved',
      '05-01 holiday',
      '05-07 holiday',
      '05-09 holiday',
      '05-11 moved',
      '05-27 dayOff',
      '07-06 holiday',
      '10-25 holiday',
      '10-26 moved',
      '12-16 holiday',
    ]);
  });
});

describe('addWorkingDays', () => {
  it('jumps over Nauryz 2026', () => {
    expect(addWorkingDays('2026-03-20', 1)).toBe('2026-03-26');
    expect(addWorkingDays('2026-03-20', 3)).toBe('2026-03-30');
  });

  it('does not count the start date, even when it is a working day', () => {
    expect(addWorkingDays('2026-03-10', 1)).toBe('2026-03-11');
    expect(addWorkingDays('2026-03-13', 1)).toBe('2026-03-16'); // Fri -> Mon
  });

  it('counts from a day off to the next working day', () => {
    expect(addWorkingDays('2026-03-14', 1)).toBe('2026-03-16'); // Sat -> Mon
    expect(addWorkingDays('2026-03-23', 1)).toBe('2026-03-26'); // holiday -> first working day
  });

  it('counts a transferred working Saturday', () => {
    expect(addWorkingDays('2024-05-03', 1)).toBe('2024-05-04');
    expect(addWorkingDays('2024-05-03', 2)).toBe('2024-05-06');
    expect(addWorkingDays('2024-05-06', 1)).toBe('2024-05-10');
  });

  it('returns the date itself for 0 days, even on a day off', () => {
    expect(addWorkingDays('2026-03-10', 0)).toBe('2026-03-10');
    expect(addWorkingDays('2026-03-23', 0)).toBe('2026-03-23');
  });

  it('crosses the new year', () => {
    // Thu 31 Dec 2026 -> Fri 1 Jan holiday, weekend 2-3 Jan (2 Jan Sat gives Mon 4 Jan) -> Tue 5 Jan
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-05');
  });

  it('counts 20 working days across a month with holidays (hand-counted)', () => {
    // From Fri 2026-04-24: Apr 27-30 (4), May 4-6 (3, 1 May Fri off), May 8 (1, 7 May off),
    // May 12-15 (4, 11 May moved off), May 18-22 (5), May 25-26 (2, 27 May Kurban Ait), May 28 (1) = 20
    expect(addWorkingDays('2026-04-24', 20)).toBe('2026-05-28');
  });

  it('throws on invalid dates and day counts', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-3-1', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('20.03.2026', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-20', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-20', 1.5)).toThrow(RangeError);
    expect(() => isWorkingDay('2025-02-29')).toThrow(RangeError);
    expect(() => isWorkingDay('')).toThrow(RangeError);
  });
});

describe('a custom calendar passed as the last argument', () => {
  it('honours a district Kurban Ait date for 2027 that the shipped table lacks', () => {
    const data: CalendarData = {
      ...defaultCalendarData,
      datedDaysOff: [...defaultCalendarData.datedDaysOff, { date: '2027-05-17', key: 'kurbanAit' }],
    };
    expect(isWorkingDay('2027-05-17')).toBe(true);
    expect(isWorkingDay('2027-05-17', data)).toBe(false);
    expect(addWorkingDays('2027-05-14', 1)).toBe('2027-05-17');
    expect(addWorkingDays('2027-05-14', 1, data)).toBe('2027-05-18');
  });

  it('accepts a WorkCalendar instance and a new transfer decree', () => {
    const cal = new WorkCalendar({ ...defaultCalendarData, transfers: [{ worked: '2026-01-03', off: '2026-01-05' }] });
    expect(isWorkingDay('2026-01-03', cal)).toBe(true);
    expect(isWorkingDay('2026-01-05', cal)).toBe(false);
    expect(addWorkingDays('2026-01-02', 1, cal)).toBe('2026-01-03');
    expect(isWorkingDay('2026-01-03')).toBe(false);
  });

  it("uses the table's weekend (a six-day week: only Sunday off)", () => {
    const data: CalendarData = { ...defaultCalendarData, weekend: [0] };
    expect(isWorkingDay('2026-03-14', data)).toBe(true);
    // Saturdays work; 8 Mar 2026 (Sunday) still gives Monday 9 Mar
    expect(isWorkingDay('2026-03-09', data)).toBe(false);
    expect(addWorkingDays('2026-03-13', 1, data)).toBe('2026-03-14');
  });

  it('moves a holiday across the new year when it falls on the last weekend of December', () => {
    // A district table with 31 Dec as a holiday. Sat 31 Dec 2022, Sun 1 Jan 2023, Mon 2 Jan 2023.
    // Art. 5: in date order each weekend holiday takes the next day that is neither weekend nor
    // already off: 31 Dec -> Tue 3 Jan (2 Jan is a holiday), 1 Jan -> Wed 4 Jan.
    const data: CalendarData = {
      ...defaultCalendarData,
      coveredYears: [2022, 2023],
      holidays: [
        { md: '01-01', key: 'newYear' },
        { md: '01-02', key: 'newYear' },
        { md: '12-31', key: 'newYearsEve' },
      ],
      unmovedDaysOff: [],
      datedDaysOff: [],
      transfers: [],
    };
    const cal = new WorkCalendar(data);
    expect(['2023-01-02', '2023-01-03', '2023-01-04', '2023-01-05'].map((d) => cal.isWorkingDay(d))).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});

describe('coverage of the shipped table', () => {
  it('covers 2024-2026 only: 2027 lacks its Kurban Ait until the authorities set it (K-03)', () => {
    expect(defaultCalendar.covers(2024)).toBe(true);
    expect(defaultCalendar.covers(2026)).toBe(true);
    expect(defaultCalendar.covers(2027)).toBe(false);
    expect(defaultCalendar.data.datedDaysOff.some((d) => d.date.startsWith('2027-'))).toBe(false);
    expect(defaultCalendar.covers(2028)).toBe(false);
  });
});
