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
import { formatTableDate, formatTableDateTime } from '../format/dates';
import type { FieldError } from '../intake/fieldError';
import { dueNoticeErrors } from '../intake/refusalDue';
import type { Application } from '../model/application';
import { KZ_UTC_OFFSET_MINUTES, fromLocal, localParts } from '../time';

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

/**
 * Days the applicant has to object to a preliminary decision after receiving
 * the notice (Administrative Procedure Code art. 73: "not later than two
 * working days"). A law, not a service setting, so not in the catalog.
 */
export const OBJECTION_WORKING_DAYS = 2;

export type HearingWindow = {
  /** The first day the hearing may be held: the last day of the applicant's time to object (they may object at the hearing itself). */
  earliestOn: string;
  /** The latest start of the hearing that leaves the final decision (finalDecisionWorkingDays after it) within the term. */
  latestAt: string;
  /** Office-local last day of the service term. */
  termEndsOn: string;
};

/**
 * When the hearing of a notice sent at `noticeAt` may be held (issue #15,
 * K-02): not before the applicant's 2 working days to object have come to
 * their last day, and early enough that the final decision, due the entry's
 * working days after the hearing (camp: 1, seed 003 Annex 11 §10), still
 * falls within the service's term (§13: 5 working days in all).
 */
export function hearingWindow(
  entry: Pick<ServiceEntry, 'hearing'>,
  dueAt: string,
  noticeAt: string,
  opts: DueOptions = {},
): HearingWindow {
  const cal = opts.calendar ?? defaultCalendar;
  const off = opts.offsetMinutes ?? KZ_UTC_OFFSET_MINUTES;
  const due = localParts(dueAt, off);
  const days = entry.hearing?.finalDecisionWorkingDays ?? 1;
  return {
    earliestOn: cal.addWorkingDays(localParts(noticeAt, off).date, OBJECTION_WORKING_DAYS),
    latestAt: fromLocal(subtractWorkingDays(due.date, days, cal), due.time, off),
    termEndsOn: due.date,
  };
}

export type HearingTimeProblem =
  'hearing.timeOutOfRange' | 'hearing.beforeObjection' | 'hearing.dayOff' | 'hearing.afterTerm';

/**
 * What is wrong with a hearing at `hearingAt` for a notice sent at
 * `noticeAt`, or null: after the notice; on a working day; not before the
 * time to object has run to its last day; the final decision within the term
 * (computed as the desk computes it when the hearing is recorded).
 */
export function hearingTimeProblem(
  entry: Pick<ServiceEntry, 'hearing'>,
  dueAt: string,
  noticeAt: string,
  hearingAt: string,
  opts: DueOptions = {},
): { reason: HearingTimeProblem; window: HearingWindow } | null {
  const allowed = hearingWindow(entry, dueAt, noticeAt, opts);
  const at = Date.parse(hearingAt);
  if (Number.isNaN(at) || at <= Date.parse(noticeAt)) return { reason: 'hearing.timeOutOfRange', window: allowed };
  const day = localParts(hearingAt, opts.offsetMinutes ?? KZ_UTC_OFFSET_MINUTES).date;
  if (day < allowed.earliestOn) return { reason: 'hearing.beforeObjection', window: allowed };
  if (!(opts.calendar ?? defaultCalendar).isWorkingDay(day)) return { reason: 'hearing.dayOff', window: allowed };
  const decisionDue = finalDecisionDue(hearingAt, entry.hearing?.finalDecisionWorkingDays ?? 1, opts);
  if (at > Date.parse(dueAt) || Date.parse(decisionDue) > Date.parse(dueAt))
    return { reason: 'hearing.afterTerm', window: allowed };
  return null;
}

export type NoticeCheck =
  | { ok: true; span: NoticeWindow; window: HearingWindow }
  | {
      ok: false;
      reason: 'hearing.notApplicable' | 'hearing.groundNotHeard' | 'hearing.noticeTooLate' | HearingTimeProblem;
      span?: NoticeWindow;
      window?: HearingWindow;
    };

/**
 * Whether a notice sent `now` for a hearing at `hearingAt` keeps the rules:
 * every ground needs a hearing, the notice goes out by the latest day, and the
 * hearing falls in its window (hearingTimeProblem).
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
  const problem = hearingTimeProblem(entry, dueAt, now, hearingAt, opts);
  if (problem) return { ok: false, reason: problem.reason, span, window: problem.window };
  return { ok: true, span, window: hearingWindow(entry, dueAt, now, opts) };
}

/**
 * The same rules over an application as a laptop sent it (the server runs
 * them on every record that carries a notice, so a desk that skipped them
 * cannot slip a hearing past the term): the notice by its latest day and the
 * hearing in its window, both as of the notice's own time, and naming the
 * ground of a refusal the application owes (dueNoticeErrors). Codes are the
 * desk's (errors.json), with the days that explain them.
 */
export function hearingNoticeErrors(
  app: Pick<Application, 'dueAt' | 'hearing' | 'child' | 'consent' | 'acceptedAt'>,
  entry: Pick<ServiceEntry, 'hearing' | 'refusalGrounds' | 'childAgeLimitYears'>,
  opts: DueOptions = {},
): FieldError[] {
  const h = app.hearing;
  if (!h) return [];
  const rule = entry.hearing;
  if (!rule) return [{ field: 'hearing', code: 'hearing.notApplicable' }];
  const errors: FieldError[] = [];
  if (!h.grounds.length || h.grounds.some((g) => !rule.grounds.includes(g)))
    errors.push({ field: 'hearing.grounds', code: 'hearing.groundNotHeard' });
  const off = opts.offsetMinutes ?? KZ_UTC_OFFSET_MINUTES;
  errors.push(...dueNoticeErrors(app, h.grounds, entry, off));
  const span = noticeWindow(app.dueAt, rule.noticeWorkingDaysBeforeEnd, opts);
  // The message's own parameters (errors.json hearing.*), in the table style the desk shows them in.
  const termEnds = formatTableDate(span.termEndsOn);
  if (localParts(h.noticeAt, off).date > span.latestNoticeOn)
    errors.push({
      field: 'hearing.noticeAt',
      code: 'hearing.noticeTooLate',
      params: { latest: formatTableDate(span.latestNoticeOn), termEnds },
    });
  const problem = hearingTimeProblem(entry, app.dueAt, h.noticeAt, h.hearingAt, opts);
  if (problem)
    errors.push({
      field: 'hearing.hearingAt',
      code: problem.reason,
      ...(problem.reason === 'hearing.beforeObjection'
        ? { params: { earliest: formatTableDate(problem.window.earliestOn) } }
        : problem.reason === 'hearing.afterTerm'
          ? { params: { latestAt: formatTableDateTime(problem.window.latestAt, off), termEnds } }
          : {}),
    });
  return errors;
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
