/**
 * Facts learnt at intake that the law answers with a reasoned refusal of the
 * service rather than with no paper at all (issue #15, R-01): a child at or
 * over the entry's age limit (seed 000 §5: the result is a referral, a
 * notification or a reasoned refusal; §16 lists only two grounds for refusing
 * the documents), and no consent to the use of personal data (seed 003
 * Annex 2 §9 3): a ground of refusal, which goes through the preliminary
 * decision and the hearing first).
 *
 * Where the entry's catalog names a refusal ground for the fact (its `fact`),
 * intake registers the application with a warning, and its decision can only
 * be the reasoned refusal on that ground (a hearing that did not uphold a
 * heard ground answers the fact). Where it names none, intake refuses as
 * before (child.overAge, consent.required). One rule for the intake form, the
 * desk's data layer and the server.
 */
import { cleanIin, parseIin } from '../iin';
import type { IntakeFact, ServiceEntry } from '../catalog/schema';
import type { Application } from '../model/application';
import { KZ_UTC_OFFSET_MINUTES, ageInYears, localParts } from '../time';
import type { FieldError } from './fieldError';

type Grounds = Pick<ServiceEntry, 'refusalGrounds'>;

/** A fact that calls for a refusal: its warning (a locale key of errors.json, on the field it concerns) and the ground. */
export type DueRefusal = FieldError & { fact: IntakeFact; groundCode: string };

/** The entry's ground for a fact, if it answers the fact with a refusal. */
export function groundForFact(entry: Grounds, fact: IntakeFact): ServiceEntry['refusalGrounds'][number] | undefined {
  return entry.refusalGrounds.find((g) => g.fact === fact);
}

/** Whether a child born on `birthDate` is at or over the entry's age limit on `day` (office-local dates). */
export function isOverAge(entry: Pick<ServiceEntry, 'childAgeLimitYears'>, birthDate: string, day: string): boolean {
  return (
    entry.childAgeLimitYears !== undefined && birthDate <= day && ageInYears(birthDate, day) >= entry.childAgeLimitYears
  );
}

/** The facts holding for a child born on `childBirthDate` (if any) and the consent given, on `day`, that the entry answers with a refusal. */
export function refusalFacts(
  facts: { childBirthDate?: string; consent: boolean },
  entry: Pick<ServiceEntry, 'childAgeLimitYears' | 'refusalGrounds'>,
  day: string,
): DueRefusal[] {
  const out: DueRefusal[] = [];
  const overAge = groundForFact(entry, 'overAge');
  const limit = entry.childAgeLimitYears;
  if (overAge && limit !== undefined && facts.childBirthDate && isOverAge(entry, facts.childBirthDate, day))
    out.push({
      field: 'child.iin',
      code: 'refusal.dueOverAge',
      params: { limit },
      fact: 'overAge',
      groundCode: overAge.code,
    });
  const noConsent = groundForFact(entry, 'noConsent');
  if (noConsent && !facts.consent)
    out.push({ field: 'consent', code: 'refusal.dueNoConsent', fact: 'noConsent', groundCode: noConsent.code });
  return out;
}

/** The same facts of an intake as typed: the child's birth date from a valid IIN (services about a child only). */
export function intakeRefusalFacts(
  input: { child?: { iin: string }; consent: boolean },
  entry: Pick<ServiceEntry, 'subject' | 'childAgeLimitYears' | 'refusalGrounds'>,
  day: string,
): DueRefusal[] {
  const iin = entry.subject === 'child' && input.child ? parseIin(cleanIin(input.child.iin)) : null;
  return refusalFacts({ childBirthDate: iin?.ok ? iin.birthDate : undefined, consent: input.consent }, entry, day);
}

/**
 * The refusals a registered application owes: its intake facts on the day it
 * was accepted, less a fact whose ground was heard at a hearing that did not
 * uphold the preliminary decision (the applicant answered it there).
 */
export function refusalsDue(
  app: Pick<Application, 'child' | 'consent' | 'acceptedAt' | 'hearing'>,
  entry: Pick<ServiceEntry, 'childAgeLimitYears' | 'refusalGrounds' | 'hearing'>,
  offsetMinutes = KZ_UTC_OFFSET_MINUTES,
): DueRefusal[] {
  const day = localParts(app.acceptedAt, offsetMinutes).date;
  const h = app.hearing;
  const answered = (code: string) =>
    h?.record?.outcome === 'grant' && h.grounds.includes(code) && !!entry.hearing?.grounds.includes(code);
  return refusalFacts({ childBirthDate: app.child?.birthDate, consent: app.consent }, entry, day).filter(
    (r) => !answered(r.groundCode),
  );
}

/**
 * What is wrong with a decision on an application that owes a refusal:
 * anything but the reasoned refusal on a ground it owes. The desk refuses
 * such a decision; the server refuses the op that brings it.
 */
export function dueRefusalErrors(
  app: Pick<Application, 'child' | 'consent' | 'acceptedAt' | 'hearing'>,
  d: { kind: string; groundCode?: string } | undefined,
  entry: Pick<ServiceEntry, 'childAgeLimitYears' | 'refusalGrounds' | 'hearing'>,
  offsetMinutes = KZ_UTC_OFFSET_MINUTES,
): FieldError[] {
  if (!d) return [];
  const due = refusalsDue(app, entry, offsetMinutes);
  if (!due.length || (d.kind === 'refusal' && due.some((r) => r.groundCode === d.groundCode))) return [];
  return due.map((r) => ({ field: 'decision', code: r.code, ...(r.params ? { params: r.params } : {}) }));
}

/**
 * A preliminary decision on an application that owes a refusal on a ground
 * heard first (camp: no consent) must name that ground: the final refusal may
 * only be on a ground the hearing heard (seed 003 Annex 11 §10).
 */
export function dueNoticeErrors(
  app: Pick<Application, 'child' | 'consent' | 'acceptedAt'>,
  grounds: readonly string[],
  entry: Pick<ServiceEntry, 'childAgeLimitYears' | 'refusalGrounds' | 'hearing'>,
  offsetMinutes = KZ_UTC_OFFSET_MINUTES,
): FieldError[] {
  return refusalsDue(app, entry, offsetMinutes)
    .filter((r) => !!entry.hearing?.grounds.includes(r.groundCode) && !grounds.includes(r.groundCode))
    .map((r) => ({ field: 'hearing.grounds', code: r.code, ...(r.params ? { params: r.params } : {}) }));
}
