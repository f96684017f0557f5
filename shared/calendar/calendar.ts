/**
 * Working-day calendar. The holiday table is data (kz.json, replaceable by the
 * district); the rules that turn it into days off are code, because they come
 * from laws that change far less often than the table.
 */
import kz from './kz.json';

export type MonthDay = { md: string; key: string; from?: number; to?: number };
export type DatedDay = { date: string; key: string };
export type Transfer = { worked: string; off: string; source?: string };
export type CalendarData = {
  id: string;
  version: string;
  weekend: number[];
  coveredYears: [number, number];
  holidays: MonthDay[];
  unmovedDaysOff: MonthDay[];
  datedDaysOff: DatedDay[];
  transfers: Transfer[];
  notes?: string[];
  description?: string;
};

export type DayKind = 'working' | 'weekend' | 'holiday' | 'moved' | 'dayOff' | 'transferOff' | 'transferWorked';
export type DayInfo = { date: string; working: boolean; kind: DayKind; key?: string };

export const defaultCalendarData = kz as CalendarData;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY = 86_400_000;

export function assertIsoDate(date: string): void {
  const m = ISO.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if (toIso(t) !== date) throw new RangeError(`no such date: ${date}`);
}
const toMs = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const shiftIsoDate = (date: string, days: number) => toIso(toMs(date) + days * DAY);
export const weekday = (date: string) => new Date(toMs(date)).getUTCDay();

const inYear = (h: MonthDay, year: number) =>
  (h.from === undefined || year >= h.from) && (h.to === undefined || year <= h.to);

/** A calendar compiled year by year on first use; immutable afterwards. */
export class WorkCalendar {
  private years = new Map<number, Map<string, DayInfo>>();
  constructor(readonly data: CalendarData) {}

  /** Whether a year lies in the range the table was checked for (Kurban Ait, transfers known). */
  covers(year: number): boolean {
    return year >= this.data.coveredYears[0] && year <= this.data.coveredYears[1];
  }

  /**
   * The first year from `from` to `to` (YYYY-MM-DD, either order) the table
   * does not cover, or null: a date computed there is the rules' guess without
   * that year's Kurban Ait and transfers (K-03), and whoever computed it says so.
   */
  uncoveredYear(from: string, to: string): number | null {
    const [a, b] = from <= to ? [from, to] : [to, from];
    for (let y = +a.slice(0, 4); y <= +b.slice(0, 4); y++) if (!this.covers(y)) return y;
    return null;
  }

  /**
   * Days off of one year. Moves are worked out over the year before as well,
   * because a holiday on the last weekend of December moves into January and
   * must see January's own holidays to pick its day.
   */
  private compile(year: number): Map<string, DayInfo> {
    const out = new Map<string, DayInfo>();
    const weekend = new Set(this.data.weekend);
    const isWeekend = (d: string) => weekend.has(weekday(d));
    const years = [year - 1, year];
    const holidays = years
      .flatMap((y) => this.data.holidays.filter((h) => inYear(h, y)).map((h) => ({ date: `${y}-${h.md}`, key: h.key })))
      .sort((a, b) => a.date.localeCompare(b.date));
    for (const h of holidays) out.set(h.date, { date: h.date, working: false, kind: 'holiday', key: h.key });
    for (const y of years) {
      for (const h of this.data.unmovedDaysOff.filter((x) => inYear(x, y))) {
        const date = `${y}-${h.md}`;
        if (!out.has(date)) out.set(date, { date, working: false, kind: 'dayOff', key: h.key });
      }
      for (const h of this.data.datedDaysOff.filter((x) => x.date.startsWith(`${y}-`))) {
        if (!out.has(h.date)) out.set(h.date, { date: h.date, working: false, kind: 'dayOff', key: h.key });
      }
    }
    // Law on Holidays art. 5: each holiday on a weekend gives the next day that is
    // neither a weekend nor already a day off. Chronological order makes a
    // weekend run of holidays (Nauryz 2026) take consecutive days.
    for (const h of holidays) {
      if (!isWeekend(h.date)) continue;
      let d = shiftIsoDate(h.date, 1);
      while (isWeekend(d) || out.has(d)) d = shiftIsoDate(d, 1);
      out.set(d, { date: d, working: false, kind: 'moved', key: h.key });
    }
    for (const t of this.data.transfers) {
      out.set(t.worked, { date: t.worked, working: true, kind: 'transferWorked' });
      out.set(t.off, { date: t.off, working: false, kind: 'transferOff' });
    }
    for (const d of [...out.keys()]) if (!d.startsWith(`${year}-`)) out.delete(d);
    return out;
  }

  info(date: string): DayInfo {
    assertIsoDate(date);
    const year = +date.slice(0, 4);
    let y = this.years.get(year);
    if (!y) {
      y = this.compile(year);
      this.years.set(year, y);
    }
    const special = y.get(date);
    if (special) return special;
    const wk = new Set(this.data.weekend).has(weekday(date));
    return { date, working: !wk, kind: wk ? 'weekend' : 'working' };
  }

  isWorkingDay(date: string): boolean {
    return this.info(date).working;
  }

  /** The day `days` working days after `date`; `date` itself is not counted. */
  addWorkingDays(date: string, days: number): string {
    assertIsoDate(date);
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number >= 0: ${days}`);
    let d = date;
    let left = days;
    while (left > 0) {
      d = shiftIsoDate(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** The first working day on or after `date`. */
  nextWorkingDayFrom(date: string): string {
    let d = date;
    while (!this.isWorkingDay(d)) d = shiftIsoDate(d, 1);
    return d;
  }

  /** Working days strictly after `from` up to and including `to` (0 when to <= from). */
  workingDaysBetween(from: string, to: string): number {
    let n = 0;
    for (let d = shiftIsoDate(from, 1); d <= to; d = shiftIsoDate(d, 1)) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** Days off in a year, for the calendar screen and the district's review. */
  daysOff(year: number): DayInfo[] {
    const res: DayInfo[] = [];
    for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = shiftIsoDate(d, 1)) {
      const i = this.info(d);
      if (i.kind !== 'working' && i.kind !== 'weekend') res.push(i);
    }
    return res;
  }
}

export const defaultCalendar = new WorkCalendar(defaultCalendarData);

const pick = (c?: WorkCalendar | CalendarData) =>
  !c ? defaultCalendar : c instanceof WorkCalendar ? c : new WorkCalendar(c);

export function isWorkingDay(date: string, calendar?: WorkCalendar | CalendarData): boolean {
  return pick(calendar).isWorkingDay(date);
}

export function addWorkingDays(date: string, days: number, calendar?: WorkCalendar | CalendarData): string {
  return pick(calendar).addWorkingDays(date, days);
}

/** From this month on, the desk and the console ask for next year's calendar when the table lacks it. */
export const CALENDAR_NEXT_YEAR_FROM_MONTH = 12;

/** A year the calendar lacks, as the desk and the console warn of it: the current one, or (from December) the next. */
export type CalendarGap = { year: number; kind: 'thisYear' | 'nextYear' };

/**
 * What the desk and the district console say about the calendar on `today`
 * (issue #15, K-03): the year in force is not covered (deadlines are being
 * guessed), or it is December and next year is not (terms run into it within
 * weeks). The district adds the year's Kurban Ait and transfers to the
 * calendar document (kz.json) and widens coveredYears.
 */
export function calendarGap(coveredYears: readonly [number, number], today: string): CalendarGap | null {
  assertIsoDate(today);
  const year = +today.slice(0, 4);
  const covers = (y: number) => y >= coveredYears[0] && y <= coveredYears[1];
  if (!covers(year)) return { year, kind: 'thisYear' };
  if (+today.slice(5, 7) >= CALENDAR_NEXT_YEAR_FROM_MONTH && !covers(year + 1))
    return { year: year + 1, kind: 'nextYear' };
  return null;
}
