import { describe, expect, it } from 'vitest';
import {
  formatOfficialDate,
  formatOfficialDateTime,
  formatTableDate,
  formatTableDateTime,
  parseTableDate,
} from '../../shared/format/dates';
import { fromLocal } from '../../shared/time';

const KK = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];
const RU = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];
// Only Cyrillic letters (incl. Kazakh ones): a Latin look-alike in a month name would print and
// look right but break search and copy-paste into other systems.
const CYRILLIC_WORD = /^[\u0430-\u044f\u0451\u04d9\u0493\u049b\u04a3\u04e9\u04b1\u04af\u04bb\u0456]+$/;

describe('formatOfficialDate', () => {
  it('writes «15» қаңтар 2025 ж. and «15» января 2025 г.', () => {
    expect(formatOfficialDate('2025-01-15', 'kk')).toBe('«15» қаңтар 2025 ж.');
    expect(formatOfficialDate('2025-01-15', 'ru')).toBe('«15» января 2025 г.');
  });

  it.each(KK.map((kk, i) => [i + 1, kk, RU[i]]))('month %i: %s / %s', (month, kk, ru) => {
    const date = `2026-${String(month).padStart(2, '0')}-28`;
    expect(formatOfficialDate(date, 'kk')).toBe(`«28» ${kk} 2026 ж.`);
    expect(formatOfficialDate(date, 'ru')).toBe(`«28» ${ru} 2026 г.`);
  });

  it('month names are pure Cyrillic, with no Latin look-alikes', () => {
    for (const m of [...KK, ...RU]) expect(m).toMatch(CYRILLIC_WORD);
    for (let month = 1; month <= 12; month++) {
      for (const lang of ['kk', 'ru'] as const) {
        const word = formatOfficialDate(`2026-${String(month).padStart(2, '0')}-01`, lang).split(' ')[1];
        expect(word).toMatch(CYRILLIC_WORD);
      }
    }
  });

  it('keeps the day as two digits, like the «__» blank of the forms', () => {
    expect(formatOfficialDate('2026-03-05', 'kk')).toBe('«05» наурыз 2026 ж.');
  });

  it('ignores a time part and refuses a non-date', () => {
    expect(formatOfficialDate('2026-12-16T10:00:00Z', 'ru')).toBe('«16» декабря 2026 г.');
    expect(() => formatOfficialDate('16.12.2026', 'kk')).toThrow(RangeError);
  });
});

describe('formatOfficialDateTime', () => {
  it('uses office-local time (UTC+5), also when the UTC date differs', () => {
    // 20:30 UTC on 14 Jan is 01:30 on 15 Jan in the office
    expect(formatOfficialDateTime('2025-01-14T20:30:00.000Z', 'kk')).toBe('«15» қаңтар 2025 ж. 01:30');
    expect(formatOfficialDateTime(fromLocal('2025-01-15', '14:30'), 'ru')).toBe('«15» января 2025 г. 14:30');
  });
});

describe('table dates', () => {
  it('DD.MM.YYYY with a four-digit year', () => {
    expect(formatTableDate('2025-01-15')).toBe('15.01.2025');
    expect(formatTableDate('2026-12-05')).toBe('05.12.2026');
    expect(formatTableDate('2000-02-29')).toBe('29.02.2000');
    expect(formatTableDate('2009-03-01')).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  });

  it('date and time in office-local time', () => {
    expect(formatTableDateTime('2025-01-15T09:30:00.000Z')).toBe('15.01.2025 14:30');
    expect(formatTableDateTime('2025-12-31T19:00:00.000Z')).toBe('01.01.2026 00:00');
  });

  it('parses what a person types, rejecting impossible dates and short years', () => {
    expect(parseTableDate('15.01.2025')).toBe('2025-01-15');
    expect(parseTableDate(' 5.1.2025 ')).toBe('2025-01-05');
    expect(parseTableDate('29.02.2024')).toBe('2024-02-29');
    expect(parseTableDate('29.02.2025')).toBeNull();
    expect(parseTableDate('31.04.2025')).toBeNull();
    expect(parseTableDate('15.13.2025')).toBeNull();
    expect(parseTableDate('15.01.25')).toBeNull();
    expect(parseTableDate('2025-01-15')).toBeNull();
    expect(parseTableDate('')).toBeNull();
  });

  it('round-trips', () => {
    for (const d of ['2024-02-29', '2025-12-31', '2026-01-01']) expect(parseTableDate(formatTableDate(d))).toBe(d);
  });
});
