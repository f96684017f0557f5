/**
 * Kazakh dates inside a sentence (issue #15, F-02) and the referral's last day
 * (K-01), against words and days written out by hand: the endings of every
 * month in every case, and the referral's validity over the holiday edges of
 * 2024-2027.
 */
import { describe, expect, it } from 'vitest';
import {
  WorkCalendar,
  defaultCalendar,
  defaultCalendarData,
  formatKkDate,
  isReferralExpired,
  referralValidUntil,
  shiftIsoDate,
} from '../../shared';

// Every month in every case, typed from a Kazakh grammar, not from the code's rule.
const MONTHS: Array<[string, string, string, string, string]> = [
  // nominative, dative, ablative, locative, locative + -ғы/-гі
  ['қаңтар', 'қаңтарға', 'қаңтардан', 'қаңтарда', 'қаңтардағы'],
  ['ақпан', 'ақпанға', 'ақпаннан', 'ақпанда', 'ақпандағы'],
  ['наурыз', 'наурызға', 'наурыздан', 'наурызда', 'наурыздағы'],
  ['сәуір', 'сәуірге', 'сәуірден', 'сәуірде', 'сәуірдегі'],
  ['мамыр', 'мамырға', 'мамырдан', 'мамырда', 'мамырдағы'],
  ['маусым', 'маусымға', 'маусымнан', 'маусымда', 'маусымдағы'],
  ['шілде', 'шілдеге', 'шілдеден', 'шілдеде', 'шілдедегі'],
  ['тамыз', 'тамызға', 'тамыздан', 'тамызда', 'тамыздағы'],
  ['қыркүйек', 'қыркүйекке', 'қыркүйектен', 'қыркүйекте', 'қыркүйектегі'],
  ['қазан', 'қазанға', 'қазаннан', 'қазанда', 'қазандағы'],
  ['қараша', 'қарашаға', 'қарашадан', 'қарашада', 'қарашадағы'],
  ['желтоқсан', 'желтоқсанға', 'желтоқсаннан', 'желтоқсанда', 'желтоқсандағы'],
];

describe('formatKkDate (a date inside a Kazakh sentence)', () => {
  it('the examples of issue #15', () => {
    expect(formatKkDate('2025-03-16', 'plain')).toBe('2025 жылғы 16 наурыз');
    expect(formatKkDate('2025-03-16', 'dative')).toBe('2025 жылғы 16 наурызға');
    expect(formatKkDate('2025-06-05', 'ablative')).toBe('2025 жылғы 5 маусымнан');
    expect(formatKkDate('2025-03-07', 'locativeAttr')).toBe('2025 жылғы 7 наурыздағы');
  });

  it.each(MONTHS.map((m, i) => [i + 1, ...m] as const))(
    'month %i: %s / %s / %s / %s / %s',
    (month, plain, dative, ablative, locative, attr) => {
      const iso = `2026-${String(month).padStart(2, '0')}-09`;
      expect(formatKkDate(iso, 'plain')).toBe(`2026 жылғы 9 ${plain}`);
      expect(formatKkDate(iso, 'dative')).toBe(`2026 жылғы 9 ${dative}`);
      expect(formatKkDate(iso, 'ablative')).toBe(`2026 жылғы 9 ${ablative}`);
      expect(formatKkDate(iso, 'locative')).toBe(`2026 жылғы 9 ${locative}`);
      expect(formatKkDate(iso, 'locativeAttr')).toBe(`2026 жылғы 9 ${attr}`);
    },
  );

  it('the day has no leading zero; the first and last days of the year', () => {
    expect(formatKkDate('2024-01-01', 'dative')).toBe('2024 жылғы 1 қаңтарға');
    expect(formatKkDate('2027-12-31', 'ablative')).toBe('2027 жылғы 31 желтоқсаннан');
  });

  it('refuses what is not a date, and an unknown case', () => {
    expect(() => formatKkDate('16.03.2025', 'plain')).toThrow(RangeError);
    expect(() => formatKkDate('2025-02-30', 'plain')).toThrow(RangeError);
    expect(() => formatKkDate('2025-03-16', 'genitive' as never)).toThrow(RangeError);
  });
});

describe('referralValidUntil (K-01: the last day moves off a day off)', () => {
  it('the review\u2019s four cases', () => {
    // Sat 8 Mar 2025 is Women's Day, moved to Mon 10 Mar: the kindergarten opens Tue 11 Mar.
    expect(referralValidUntil('2025-03-03')).toBe('2025-03-11');
    // Sun 16 Mar 2025.
    expect(referralValidUntil('2025-03-11')).toBe('2025-03-17');
    // Sat 3 Jan 2026, after the New Year days.
    expect(referralValidUntil('2025-12-29')).toBe('2026-01-05');
    // Tue 24 Mar 2026, a Nauryz day moved from the weekend, and 25 Mar too.
    expect(referralValidUntil('2026-03-19')).toBe('2026-03-26');
  });

  it('five days later when that day is a working day', () => {
    expect(referralValidUntil('2025-01-15')).toBe('2025-01-20');
    expect(referralValidUntil('2026-03-10')).toBe('2026-03-16'); // Sun 15 Mar 2026 → Mon 16
  });

  it('over every month of 2024-2027: a working day, never before issue + 5, and no working day skipped', () => {
    for (let d = '2024-01-01'; d <= '2027-12-31'; d = shiftIsoDate(d, 1)) {
      const last = referralValidUntil(d);
      const raw = shiftIsoDate(d, 5);
      expect(defaultCalendar.isWorkingDay(last), `${d} → ${last}`).toBe(true);
      expect(last >= raw, d).toBe(true);
      for (let x = raw; x < last; x = shiftIsoDate(x, 1))
        expect(defaultCalendar.isWorkingDay(x), `${d}: ${x}`).toBe(false);
    }
  });

  it('holiday edges 2024-2027, computed by hand', () => {
    const cases: Array<[string, string]> = [
      ['2023-12-27', '2024-01-03'], // Mon 1 and Tue 2 Jan 2024, New Year
      ['2024-01-02', '2024-01-08'], // Sun 7 Jan 2024, Orthodox Christmas, is not moved: Mon 8 Jan works
      ['2024-05-03', '2024-05-10'], // Wed 8 May 2024 off by transfer, Thu 9 May Victory Day
      ['2024-06-11', '2024-06-17'], // Sun 16 Jun 2024, Kurban Ait, is not moved
      ['2024-08-25', '2024-09-02'], // Fri 30 Aug 2024, Constitution Day, then the weekend
      ['2025-06-01', '2025-06-09'], // Fri 6 Jun 2025, Kurban Ait, then the weekend
      ['2025-07-01', '2025-07-08'], // Sun 6 Jul 2025, Capital Day, moved to Mon 7 Jul
      ['2025-12-11', '2025-12-17'], // Tue 16 Dec 2025, Independence Day
      ['2026-05-22', '2026-05-28'], // Wed 27 May 2026, Kurban Ait
      ['2026-08-25', '2026-08-31'], // Sun 30 Aug 2026: no Constitution Day any more, Mon 31 Aug works
      ['2027-03-10', '2027-03-16'], // Mon 15 Mar 2027, Constitution Day
      ['2027-03-18', '2027-03-25'], // Tue 23 Mar 2027, Nauryz; Sun 21 Mar moved to Wed 24 Mar
      ['2027-12-26', '2027-12-31'], // Fri 31 Dec 2027 works
    ];
    for (const [issued, last] of cases) expect(referralValidUntil(issued), issued).toBe(last);
  });

  it('takes the entry\u2019s own number of days, and another calendar as its last argument', () => {
    expect(referralValidUntil('2025-01-15', 3)).toBe('2025-01-20'); // Sat 18 → Mon 20
    const noHolidays = new WorkCalendar({
      ...defaultCalendarData,
      holidays: [],
      unmovedDaysOff: [],
      datedDaysOff: [],
      transfers: [],
    });
    expect(referralValidUntil('2025-03-03', noHolidays)).toBe('2025-03-10');
    expect(referralValidUntil('2025-03-03', 5, noHolidays)).toBe('2025-03-10');
  });

  it('a referral is expired only after its last day, moved off a day off for records stored before the fix', () => {
    const d = {
      kind: 'referral',
      kindergartenId: 'kg',
      ageGroupId: 'g',
      referralNo: 'Ж-1',
      validUntil: '2025-03-08',
    } as const;
    expect(isReferralExpired(d, '2025-03-10')).toBe(false);
    expect(isReferralExpired(d, '2025-03-11')).toBe(false);
    expect(isReferralExpired(d, '2025-03-12')).toBe(true);
  });
});
