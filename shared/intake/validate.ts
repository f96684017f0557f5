/**
 * Intake checks shared by the desk and the server. Errors are locale keys
 * (errors.json) with parameters, so each side shows them translated.
 */
import { cleanIin, parseIin } from '../iin';
import type { ServiceEntry } from '../catalog/schema';
import { ageInYears, localParts } from '../time';
import { normalizeText } from '../text/normalize';

export type FieldError = { field: string; code: string; params?: Record<string, string | number> };

export type IntakeInput = {
  serviceCode: string;
  lang: 'kk' | 'ru';
  applicant: {
    kind: 'parent' | 'legalRep' | 'proxy';
    iin: string; lastName: string; firstName: string; middleName?: string;
    phone: string; address: string;
    powerOfAttorney?: { number?: string; date?: string; notary?: string };
  };
  child: { iin: string; lastName: string; firstName: string; middleName?: string; birthDate?: string; sex?: 'male' | 'female' };
  priority: string | null;
  priorityDoc?: string;
  kindergartenIds: string[];
  workplaces: { mother?: string; father?: string };
  consent: boolean;
  documents: string[];
};

const PHONE = /^\+?[0-9()\-\s]{10,18}$/;

export function normalizeIntake(input: IntakeInput): IntakeInput {
  const n = (s?: string) => (s === undefined ? undefined : normalizeText(s));
  const poa = input.applicant.powerOfAttorney;
  return {
    ...input,
    applicant: {
      ...input.applicant,
      iin: cleanIin(input.applicant.iin),
      lastName: n(input.applicant.lastName)!, firstName: n(input.applicant.firstName)!, middleName: n(input.applicant.middleName) || undefined,
      phone: input.applicant.phone.trim(), address: n(input.applicant.address)!,
      powerOfAttorney: poa ? { number: n(poa.number), date: poa.date, notary: n(poa.notary) } : undefined,
    },
    child: {
      ...input.child,
      iin: cleanIin(input.child.iin),
      lastName: n(input.child.lastName)!, firstName: n(input.child.firstName)!, middleName: n(input.child.middleName) || undefined,
    },
    priorityDoc: n(input.priorityDoc) || undefined,
    workplaces: { mother: n(input.workplaces.mother) || undefined, father: n(input.workplaces.father) || undefined },
  };
}

/** Validates a normalised intake; fills the child's birth date and sex from the IIN. */
export function validateIntake(input: IntakeInput, entry: ServiceEntry, now: string, offsetMinutes = 300):
  { ok: true; value: IntakeInput & { child: { birthDate: string; sex: 'male' | 'female' } } } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const req = (field: string, v: string | undefined) => { if (!v || !v.trim()) errors.push({ field, code: 'required' }); };
  const a = input.applicant;
  const ai = parseIin(a.iin);
  if (!ai.ok) errors.push({ field: 'applicant.iin', code: ai.reason });
  req('applicant.lastName', a.lastName);
  req('applicant.firstName', a.firstName);
  req('applicant.address', a.address);
  if (!a.phone?.trim()) errors.push({ field: 'applicant.phone', code: 'required' });
  else if (!PHONE.test(a.phone) || a.phone.replace(/\D/g, '').length < 10) errors.push({ field: 'applicant.phone', code: 'phone.invalid' });
  if (a.kind === 'proxy') {
    req('applicant.powerOfAttorney.number', a.powerOfAttorney?.number);
    req('applicant.powerOfAttorney.date', a.powerOfAttorney?.date);
    req('applicant.powerOfAttorney.notary', a.powerOfAttorney?.notary);
  }
  const c = input.child;
  req('child.lastName', c.lastName);
  req('child.firstName', c.firstName);
  const ci = parseIin(c.iin);
  const today = localParts(now, offsetMinutes).date;
  let birthDate = c.birthDate;
  let sex = c.sex;
  if (!ci.ok) errors.push({ field: 'child.iin', code: ci.reason });
  else {
    if (c.birthDate && c.birthDate !== ci.birthDate) errors.push({ field: 'child.birthDate', code: 'child.birthDateMismatch', params: { iinDate: ci.birthDate } });
    birthDate = ci.birthDate;
    sex = ci.sex;
    if (ci.birthDate > today) errors.push({ field: 'child.iin', code: 'child.birthDateFuture' });
    else if (entry.childAgeLimitYears !== undefined && ageInYears(ci.birthDate, today) >= entry.childAgeLimitYears) {
      errors.push({ field: 'child.iin', code: 'child.overAge', params: { limit: entry.childAgeLimitYears } });
    }
    if (ai.ok && a.iin === c.iin) errors.push({ field: 'child.iin', code: 'child.sameAsApplicant' });
  }
  if (input.priority && !entry.priorityCategories.some((p) => p.code === input.priority)) errors.push({ field: 'priority', code: 'priority.unknown' });
  if (entry.subject === 'child' && entry.code === 'preschool-queue' && input.kindergartenIds.length === 0) errors.push({ field: 'kindergartenIds', code: 'kindergarten.required' });
  if (!input.consent) errors.push({ field: 'consent', code: 'consent.required' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { ...input, child: { ...input.child, birthDate: birthDate!, sex: sex! } } };
}
