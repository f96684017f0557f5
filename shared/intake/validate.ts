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
  /** Values of the entry's applicationFields by code (services other than the preschool queue). */
  fields?: Record<string, string>;
  /** One of the entry's statusCategories where it has them (camp referrals), and its proof as typed. */
  statusCategory?: string | null;
  statusDocument?: string;
  /** Registry-backed documents (birth, marriage certificates) whose data the registry lacks. */
  notInRegistry?: string[];
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
    ...(input.fields ? { fields: Object.fromEntries(Object.entries(input.fields).map(([k, v]) => [k, normalizeText(v ?? '')]).filter(([, v]) => v)) } : {}),
    ...(input.statusDocument !== undefined ? { statusDocument: n(input.statusDocument) || undefined } : {}),
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
  errors.push(...serviceFieldErrors(input, entry));
  if (ci.ok && entry.childMinAgeYears !== undefined && ci.birthDate <= today && ageInYears(ci.birthDate, today) < entry.childMinAgeYears) {
    errors.push({ field: 'child.iin', code: 'service.underAge', params: { limit: entry.childMinAgeYears } });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { ...input, child: { ...input.child, birthDate: birthDate!, sex: sex! } } };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The entry's own application fields and status category (camp referrals: seed 003 Annex 11, Annex 1). */
export function serviceFieldErrors(input: Pick<IntakeInput, 'fields' | 'statusCategory'>, entry: ServiceEntry): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of entry.applicationFields ?? []) {
    const v = input.fields?.[f.code]?.trim() ?? '';
    const field = `fields.${f.code}`;
    if (!v) { if (f.required) errors.push({ field, code: 'required' }); continue; }
    if (f.type === 'integer' && !/^\d+$/.test(v)) errors.push({ field, code: 'service.fieldInteger' });
    if (f.type === 'date' && (!ISO_DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) errors.push({ field, code: 'service.fieldDate' });
  }
  if (entry.statusCategories) {
    if (!input.statusCategory) errors.push({ field: 'statusCategory', code: 'service.statusRequired' });
    else if (!entry.statusCategories.some((c) => c.code === input.statusCategory)) errors.push({ field: 'statusCategory', code: 'service.statusUnknown' });
  } else if (input.statusCategory) errors.push({ field: 'statusCategory', code: 'service.statusUnknown' });
  return errors;
}
