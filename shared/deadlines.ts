/**
 * Service terms to due instants. Terms come from the catalog (working days,
 * calendar days or minutes); office hours and the calendar decide when the
 * clock runs. Rule (seed 003 Annex 2 §7): an application received after hours
 * or on a day off counts from the next working day.
 */
import { WorkCalendar, defaultCalendar, shiftIsoDate } from './calendar/calendar';
import { KZ_UTC_OFFSET_MINUTES, fromLocal, fromMinutes, hm, localParts } from './time';

export type TermUnit = 'workingDays' | 'calendarDays' | 'minutes';
export type Term = { unit: TermUnit; value: number; acceptanceDayCounts?: boolean };
export type OfficeHours = { start: string; end: string; lunchStart?: string; lunchEnd?: string };
export const DEFAULT_HOURS: OfficeHours = { start: '09:00', end: '18:00', lunchStart: '13:00', lunchEnd: '14:00' };

export type DueOptions = { calendar?: WorkCalendar; hours?: OfficeHours; offsetMinutes?: number };
export type Due = {
  /** The local date and time the clock started (next working morning for after-hours intake). */
  startDate: string;
  startTime: string;
  dueDate: string;
  dueTime: string;
  dueAt: string;
  /**
   * Set when the clock runs through a year the calendar does not cover
   * (K-03): the first such year. The dates are then the rules' guess without
   * that year's Kurban Ait and transfers, and the caller must say so.
   */
  uncoveredYear?: number;
};

/** Where the clock starts: the moment itself when inside office hours, else the next opening. */
export function clockStart(instant: string, opts: DueOptions = {}): { date: string; time: string } {
  const cal = opts.calendar ?? defaultCalendar;
  const h = opts.hours ?? DEFAULT_HOURS;
  const { date, minutes } = localParts(instant, opts.offsetMinutes ?? KZ_UTC_OFFSET_MINUTES);
  if (cal.isWorkingDay(date) && minutes >= hm(h.start) && minutes < hm(h.end)) {
    if (h.lunchStart && h.lunchEnd && minutes >= hm(h.lunchStart) && minutes < hm(h.lunchEnd))
      return { date, time: h.lunchEnd };
    return { date, time: fromMinutes(minutes) };
  }
  const from = cal.isWorkingDay(date) && minutes < hm(h.start) ? date : shiftIsoDate(date, 1);
  return { date: cal.nextWorkingDayFrom(from), time: h.start };
}

/** Working minutes from a local time to the end of that day's office hours, lunch excluded. */
function workingMinutesLeft(time: number, h: OfficeHours): number {
  const end = hm(h.end);
  let left = Math.max(0, end - time);
  if (h.lunchStart && h.lunchEnd) {
    const ls = hm(h.lunchStart),
      le = hm(h.lunchEnd);
    left -= Math.max(0, Math.min(end, le) - Math.max(time, ls));
  }
  return left;
}

function addWorkingMinutes(date: string, time: string, minutes: number, cal: WorkCalendar, h: OfficeHours) {
  let d = date;
  let t = hm(time);
  let left = minutes;
  for (;;) {
    const avail = workingMinutesLeft(t, h);
    if (left <= avail) {
      // Walk within the day, jumping over lunch.
      let cur = t;
      let rest = left;
      if (h.lunchStart && h.lunchEnd && cur < hm(h.lunchStart)) {
        const beforeLunch = hm(h.lunchStart) - cur;
        if (rest > beforeLunch) {
          rest -= beforeLunch;
          cur = hm(h.lunchEnd);
        }
      }
      return { date: d, time: fromMinutes(cur + rest) };
    }
    left -= avail;
    d = cal.nextWorkingDayFrom(shiftIsoDate(d, 1));
    t = hm(h.start);
  }
}

export function computeDue(acceptedAt: string, term: Term, opts: DueOptions = {}): Due {
  const cal = opts.calendar ?? defaultCalendar;
  const h = opts.hours ?? DEFAULT_HOURS;
  const off = opts.offsetMinutes ?? KZ_UTC_OFFSET_MINUTES;
  if (!Number.isFinite(term.value) || term.value < 0) throw new RangeError(`bad term: ${term.value}`);
  const start = clockStart(acceptedAt, opts);
  let dueDate: string;
  let dueTime: string;
  switch (term.unit) {
    case 'workingDays': {
      if (term.acceptanceDayCounts) {
        dueDate = cal.addWorkingDays(start.date, Math.max(0, term.value - 1));
        dueTime = h.end;
      } else {
        dueDate = cal.addWorkingDays(start.date, term.value);
        dueTime = start.time;
      }
      break;
    }
    case 'calendarDays': {
      // Civil Code art. 171: a term ending on a day off ends on the next working day.
      const raw = shiftIsoDate(start.date, term.acceptanceDayCounts ? Math.max(0, term.value - 1) : term.value);
      dueDate = cal.nextWorkingDayFrom(raw);
      dueTime = h.end;
      break;
    }
    case 'minutes': {
      const r = addWorkingMinutes(start.date, start.time, term.value, cal, h);
      dueDate = r.date;
      dueTime = r.time;
      break;
    }
  }
  const uncoveredYear = cal.uncoveredYear(localParts(acceptedAt, off).date, dueDate);
  return {
    startDate: start.date,
    startTime: start.time,
    dueDate,
    dueTime,
    dueAt: fromLocal(dueDate, dueTime, off),
    ...(uncoveredYear !== null ? { uncoveredYear } : {}),
  };
}

export type DueState = 'overdue' | 'dueToday' | 'atRisk' | 'onTime' | 'done';

/** Today / at risk (due next working day) / overdue, as the lists on the desk show them. */
export function dueState(dueAt: string, now: string, opts: DueOptions & { done?: boolean } = {}): DueState {
  if (opts.done) return 'done';
  const cal = opts.calendar ?? defaultCalendar;
  const off = opts.offsetMinutes ?? KZ_UTC_OFFSET_MINUTES;
  if (Date.parse(now) > Date.parse(dueAt)) return 'overdue';
  const today = localParts(now, off).date;
  const due = localParts(dueAt, off).date;
  if (due === today) return 'dueToday';
  if (due <= cal.addWorkingDays(today, 1)) return 'atRisk';
  return 'onTime';
}
