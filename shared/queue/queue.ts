/**
 * The office's preschool queue: waiting children, first-turn categories first
 * (seed 000 §6 gives them equal rank), then by registration time.
 */
import type { Application, Decision } from '../model/application';
import type { AgeGroup, Kindergarten } from '../model/office';
import { ageInYears } from '../time';
import { type WorkCalendar, assertIsoDate, defaultCalendar, shiftIsoDate } from '../calendar/calendar';
import type { ServiceEntry } from '../catalog/schema';

type Queued = Pick<Application, 'priority' | 'acceptedAt' | 'journalSeq' | 'id'>;

export function compareQueue(a: Queued, b: Queued): number {
  const pa = a.priority ? 0 : 1;
  const pb = b.priority ? 0 : 1;
  if (pa !== pb) return pa - pb;
  // Instants may carry offsets or omit milliseconds: compare them as times, not strings.
  const ta = Date.parse(a.acceptedAt),
    tb = Date.parse(b.acceptedAt);
  if (ta !== tb) return ta - tb;
  if (a.journalSeq !== b.journalSeq) return a.journalSeq - b.journalSeq;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function orderQueue<T extends Queued & Pick<Application, 'queueState'>>(apps: T[]): T[] {
  return apps.filter((a) => a.queueState === 'waiting').sort(compareQueue);
}

/** 1-based position of an application among waiting ones, or null when not waiting. */
export function queuePosition<T extends Queued & Pick<Application, 'queueState'>>(
  apps: T[],
  id: string,
): number | null {
  const i = orderQueue(apps).findIndex((a) => a.id === id);
  return i < 0 ? null : i + 1;
}

export function ageGroupFor(kg: Kindergarten, birthDate: string, onDate: string): AgeGroup | undefined {
  const age = ageInYears(birthDate, onDate);
  return kg.ageGroups.find((g) => age >= g.minAge && age <= g.maxAge);
}

export type Suggestion = { kind: 'referral'; kindergartenId: string; ageGroupId: string } | { kind: 'notification' };

type Waiting = Pick<Application, 'id' | 'kindergartenIds' | 'child' | 'priority' | 'acceptedAt' | 'journalSeq'>;
/** The child being decided; a child not yet registered has no place in the queue and stands last. */
type Candidate = Pick<Application, 'kindergartenIds' | 'child'> &
  Partial<Pick<Application, 'id' | 'priority' | 'acceptedAt' | 'journalSeq'>>;

/**
 * Referral to the first desired kindergarten with a free place in the child's
 * age group that is not owed to a child ahead in the queue (first-turn
 * categories, then registration time) who wants the same group; otherwise a
 * notification. `waiting` is the office queue; without it, places alone decide.
 */
export function suggestDecision(
  app: Candidate,
  kindergartens: Kindergarten[],
  onDate: string,
  waiting: Waiting[] = [],
): Suggestion {
  const me = {
    id: app.id ?? '',
    priority: app.priority ?? null,
    acceptedAt: app.acceptedAt ?? '9999-12-31T00:00:00.000Z',
    journalSeq: app.journalSeq ?? Number.MAX_SAFE_INTEGER,
  };
  // Only a child has an age group: a record without one (a service about the applicant) is never referred.
  const birth = app.child?.birthDate;
  if (!birth) return { kind: 'notification' };
  for (const id of app.kindergartenIds) {
    const kg = kindergartens.find((k) => k.id === id && k.active !== false);
    if (!kg) continue;
    const g = ageGroupFor(kg, birth, onDate);
    if (!g || g.freePlaces <= 0) continue;
    const ahead = waiting.filter(
      (w) =>
        w.id !== me.id &&
        compareQueue(w, me) < 0 &&
        w.kindergartenIds.includes(kg.id) &&
        !!w.child &&
        ageGroupFor(kg, w.child.birthDate, onDate)?.id === g.id,
    ).length;
    if (ahead < g.freePlaces) return { kind: 'referral', kindergartenId: kg.id, ageGroupId: g.id };
  }
  return { kind: 'notification' };
}

/** Seed 000 App. 4: the referral must reach the kindergarten within 5 days of issue. */
export const DEFAULT_REFERRAL_VALIDITY_DAYS = 5;

/** Days a referral of this entry stays valid: the entry's own, else the seed's five. Issuing and printing both read this. */
export const referralValidityDays = (entry: Pick<ServiceEntry, 'referralValidityDays'>): number =>
  entry.referralValidityDays ?? DEFAULT_REFERRAL_VALIDITY_DAYS;

/**
 * The last day a referral issued on `issuedOn` may be handed in at the
 * kindergarten: the entry's days (seed 000 App. 4: 5) after the issue, and
 * when that day is a day off, the next working day, as every term counted in
 * calendar days ends (Civil Code art. 171; computeDue does the same): the
 * kindergarten is closed on a day off, and a referral must not lapse while it
 * cannot be handed in (issue #15, K-01). The calendar is the shipped one
 * unless another is passed last.
 */
export function referralValidUntil(issuedOn: string, calendar?: WorkCalendar): string;
export function referralValidUntil(issuedOn: string, days: number, calendar?: WorkCalendar): string;
export function referralValidUntil(issuedOn: string, a?: number | WorkCalendar, b?: WorkCalendar): string {
  assertIsoDate(issuedOn);
  const days = typeof a === 'number' ? a : DEFAULT_REFERRAL_VALIDITY_DAYS;
  const cal = (typeof a === 'number' ? b : a) ?? defaultCalendar;
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number >= 0: ${days}`);
  return cal.nextWorkingDayFrom(shiftIsoDate(issuedOn, days));
}

/**
 * Whether a referral has lapsed on `today`: after its last day. A last day
 * stored before K-01 was fixed may be a day off; it still lasts to the next
 * working day.
 */
export function isReferralExpired(decision: Decision | undefined, today: string, calendar?: WorkCalendar): boolean {
  if (decision?.kind !== 'referral' || !decision.validUntil) return false;
  return today > (calendar ?? defaultCalendar).nextWorkingDayFrom(decision.validUntil);
}
