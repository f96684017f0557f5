/**
 * Report periods and their close (issue #14). The district closes a month or a
 * year: the events of each closed month are stored as they stood, so its
 * figures never change again. An event that arrives later for a closed month
 * (a laptop that was offline) is counted in the next open month as a late
 * arrival, never silently added to the closed one.
 */
import { z } from 'zod';
import { eventKey, type ReportEvent } from './events';

/** 'YYYY' (a year) or 'YYYY-MM' (a month). */
export const PeriodSchema = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/);
export type Period = z.infer<typeof PeriodSchema>;

export function monthsOf(period: string): string[] {
  if (!PeriodSchema.safeParse(period).success) throw new RangeError(`not a period: ${period}`);
  if (period.length === 7) return [period];
  return Array.from({ length: 12 }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
}

/** Months from `from` to `to` inclusive ('YYYY-MM'); at most 120. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  while (out.length < 120) {
    const cur = `${y}-${String(m).padStart(2, '0')}`;
    if (cur > to) break;
    out.push(cur);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The first month after `month` that is not closed: where a late arrival is counted. */
export function nextOpenMonth(month: string, closed: ReadonlySet<string>): string {
  let m = nextMonth(month);
  for (let i = 0; i < 1200 && closed.has(m); i++) m = nextMonth(m);
  return m;
}

/** The last instant of a local month (UTC+5), as the state of a period is taken at its end. */
export function monthEndInstant(month: string): string {
  const next = nextMonth(month);
  return new Date(Date.parse(`${next}-01T00:00:00.000Z`) - 5 * 3_600_000 - 1).toISOString();
}

/**
 * The events a report over `months` counts: the stored events of closed months
 * (as they were at the close), the live events of open months, and live events
 * of closed months that no close holds, moved to the next open month and marked
 * late. An event any close holds is never counted again (a late arrival stored
 * with the month it was counted in stays there). `overdue` is a state taken at
 * each close and again now: live ones are never late and never skipped.
 */
export function periodEvents(
  live: readonly ReportEvent[],
  stored: readonly ReportEvent[],
  months: readonly string[],
  closedMonths: ReadonlySet<string> = new Set(stored.map((e) => e.month)),
  /** Keys of the events every close holds (eventKey), where `stored` holds only those of some months. */
  heldKeys?: ReadonlySet<string>,
): ReportEvent[] {
  const inRange = new Set(months);
  const held = heldKeys ?? new Set(stored.filter((e) => e.kind !== 'overdue').map(eventKey));
  const out: ReportEvent[] = stored.filter((e) => inRange.has(e.month));
  for (const e of live) {
    const isState = e.kind === 'overdue';
    if (!isState && held.has(eventKey(e))) continue;
    if (!closedMonths.has(e.month)) {
      if (inRange.has(e.month)) out.push(e);
      continue;
    }
    if (isState) continue;
    const month = nextOpenMonth(e.month, closedMonths);
    if (inRange.has(month)) out.push({ ...e, month, lateFrom: e.month });
  }
  return out;
}
