/**
 * Dates of the preliminary decision and hearing before a refusal
 * (Administrative Procedure Code art. 73-74; camp referrals: seed 003
 * Annex 11 §10), of the completeness check (§8) and of uncollected results
 * (§12). One place for the desk and the server, so a notice the desk let out
 * too late is refused by the same rule everywhere.
 */
import type { ServiceEntry } from '../catalog/schema';
import { WorkCalendar, defaultCalendar, shiftIsoDate } from '../calendar/calendar';
import { computeDue, type DueOptions } from '../deadlines';
import { KZ_UTC_OFFSET_MINUTES, localParts } from '../time';

/** The working day `days` working days before `date` (the inverse of addWorkingDays for a working `date`). */
export function subtractWorkingDays(date: string, days: number, calendar: WorkCalendar = defaultCalendar): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number >= 0: ${days}`);
  let d = date;
  for (let left = days; left > 0;) {
    d = shiftIsoDate(d, -1);
    if (calendar.isWorkingDay(d)) left--;
  }
  return d;
}

/** Whether refusing on this ground first needs a preliminary decision and a hearing. */
export function needsHearing(entry: Pick<ServiceEntry, 'hearing'>, groundCode: string): boolean {
  return !!entry.hearing && entry.hearing.grounds.includes(groundCode);
}

export type NoticeWindow = {
  /** Office-local last day of the service term. */
  termEndsOn: string;
  /** The last day the notice of the preliminary refusal may go out. */
  latestNoticeOn: string;
};

/**
 * "No later than N working days before the term ends": counted back from the
 * term's last day over the working-day calendar, so holidays between them
 * move the latest notice day earlier.
 */
export function noticeWindow(dueAt: string, workingDaysBeforeEnd: number, opts: DueOptions = {}): NoticeWindow {
  const termEndsOn = localParts(dueAt, opts.offsetMinutes ?? KZ_UTC_OFFSET_MINUTES).date;
  return {
    termEndsOn,
    latestNoticeOn: subtractWorkingDays(termEndsOn, workingDaysBeforeEnd, opts.calendar ?? defaultCalendar),
  };
}

export type NoticeCheck =
  | { ok: true; span: NoticeWindow }
  | {
      ok: false;
      reason: 'hearing.notApplicable' | 'hearing.groundNotHeard' | 'hearing.noticeTooLate' | 'hearing.timeOutOfRange';
      span?: NoticeWindow;
    };

/**
 * Whether a notice sent `now` for a hearing at `hearingAt` keeps the rules:
 * every ground needs a hearing, the notice goes out by the latest day, and the
 * hearing falls after the notice and within the term.
 */
export function checkNotice(
  entry: Pick<ServiceEntry, 'hearing'>,
  dueAt: string,
  grounds: string[],
  now: string,
  hearingAt: string,
  opts: DueOptions = {},
): NoticeCheck {
  const h = entry.hearing;
  if (!h) return { ok: false, reason: 'hearing.notApplicable' };
  if (!grounds.length || grounds.some((g) => !h.grounds.includes(g)))
    return { ok: false, reason: 'hearing.groundNotHeard' };
  const span = noticeWindow(dueAt, h.noticeWorkingDaysBeforeEnd, opts);
  const off = opts.offsetMinutes ?? KZ_UTC_OFFSET_MINUTES;
  if (localParts(now, off).date > span.latestNoticeOn) return { ok: false, reason: 'hearing.noticeTooLate', span };
  if (
    Number.isNaN(Date.parse(hearingAt)) ||
    Date.parse(hearingAt) <= Date.parse(now) ||
    Date.parse(hearingAt) > Date.parse(dueAt)
  ) {
    return { ok: false, reason: 'hearing.timeOutOfRange', span };
  }
  return { ok: true, span };
}

/** When the final decision is due after the hearing (camp: 1 working day). */
export function finalDecisionDue(hearingEndedAt: string, workingDays: number, opts: DueOptions = {}): string {
  return computeDue(hearingEndedAt, { unit: 'workingDays', value: workingDays }, opts).dueAt;
}

/** When the provider must have checked that the documents are complete (camp: 1 working day, §8). */
export function completenessDue(acceptedAt: string, workingDays: number, opts: DueOptions = {}): string {
  return computeDue(acceptedAt, { unit: 'workingDays', value: workingDays }, opts).dueAt;
}

/** `date` plus whole months; the 31st becomes the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  const y = +date.slice(0, 4),
    m = +date.slice(5, 7) - 1 + months,
    d = +date.slice(8, 10);
  const ty = y + Math.floor(m / 12),
    tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return `${ty}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The first day an uncollected result may be handed back for storage: kept
 * `months` months from the day it was ready (signed), seed 003 Annex 11 §12.
 */
export function handBackFrom(readyAt: string, months: number, offsetMinutes = KZ_UTC_OFFSET_MINUTES): string {
  return addMonths(localParts(readyAt, offsetMinutes).date, months);
}
