/**
 * Intake checks shared by the desk and the server. Errors are locale keys
 * (errors.json) with parameters, so each side shows them translated.
 */
import { cleanIin, parseIin } from '../iin';
import type { ServiceEntry } from '../catalog/schema';
import { ageInYears, localParts } from '../time';
import { normalizeText } from '../text/normalize';
import { TEXT_LIMITS, textProblem } from '../records/bounds';
import { IsoDateSchema } from '../model/common';
import type { DocumentContext } from '../catalog/index';
import { keepsQueue } from '../catalog/properties';
import type { OfficeType } from '../model/office';

import type { FieldError } from './fieldError';
import { channelErrors, type ChannelInput } from './channel';
import { groundForFact, refusalFacts, type DueRefusal } from './refusalDue';

export type { FieldError };

export type IntakeInput = {
  serviceCode: string;
  lang: 'kk' | 'ru';
  applicant: {
    kind: 'parent' | 'legalRep' | 'proxy' | 'self';
    iin: string;
    lastName: string;
    firstName: string;
    middleName?: string;
    phone: string;
    address: string;
    powerOfAttorney?: { number?: string; date?: string; notary?: string };
    /** Whom a proxy represents, where that person is the subject (services about the applicant). */
    principal?: { iin?: string; lastName?: string; firstName?: string; middleName?: string };
  };
  /** The child the service concerns; absent (or left empty) where the entry's subject is the applicant. */
  child?: {
    iin: string;
    lastName: string;
    firstName: string;
    middleName?: string;
    birthDate?: string;
    sex?: 'male' | 'female';
  };
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
  /** How the application came (the desk fills in its default: see defaultChannel in channel.ts). */
  channel?: ChannelInput['channel'];
  /** The settlement a mobile centre took it in: with the mobile channel only. */
  settlement?: string;
  /** When the applicant arrived or took a ticket (an instant), where the office records it. */
  arrivalAt?: string;
  ticketNo?: string;
};

const PHONE = /^\+?[0-9()\-\s]{10,18}$/;

/** Acts of the Republic of Kazakhstan (its notaries' powers of attorney) date from its independence. */
const EARLIEST_ACT = '1991-12-16';

/**
 * What was typed that a paper could not carry as typed: too long for its
 * field, invisible or direction-changing characters, emoji (the record
 * kernel's bounds, shared/records/bounds.ts, which the server applies too).
 */
export function textErrors(
  input: Pick<IntakeInput, 'applicant' | 'child' | 'priorityDoc' | 'workplaces' | 'fields' | 'statusDocument'>,
): FieldError[] {
  const { name, line } = TEXT_LIMITS;
  const a = input.applicant;
  const typed: Array<[string, string | undefined, number]> = [
    ['applicant.lastName', a.lastName, name],
    ['applicant.firstName', a.firstName, name],
    ['applicant.middleName', a.middleName, name],
    ['applicant.address', a.address, line],
    ['applicant.principal.lastName', a.principal?.lastName, name],
    ['applicant.principal.firstName', a.principal?.firstName, name],
    ['applicant.principal.middleName', a.principal?.middleName, name],
    ['applicant.powerOfAttorney.number', a.powerOfAttorney?.number, line],
    ['applicant.powerOfAttorney.notary', a.powerOfAttorney?.notary, line],
    ['child.lastName', input.child?.lastName, name],
    ['child.firstName', input.child?.firstName, name],
    ['child.middleName', input.child?.middleName, name],
    ['priorityDoc', input.priorityDoc, line],
    ['workplaces.mother', input.workplaces?.mother, line],
    ['workplaces.father', input.workplaces?.father, line],
    ['statusDocument', input.statusDocument, line],
    ...Object.entries(input.fields ?? {}).map(([k, v]) => [`fields.${k}`, v, line] as [string, string, number]),
  ];
  return typedTextErrors(typed);
}

/** [field, value, max length] → the errors of those values a paper could not carry as typed. */
export function typedTextErrors(fields: ReadonlyArray<readonly [string, string | undefined, number]>): FieldError[] {
  return fields.flatMap(([field, value, max]) => {
    const p = value ? textProblem(value, max) : null;
    return p ? [{ field, code: p, ...(p === 'text.tooLong' ? { params: { max } } : {}) }] : [];
  });
}

/** normalizeText that lets an absent value through absent. */
function normalizeOptional(s: string): string;
function normalizeOptional(s: string | undefined): string | undefined;
function normalizeOptional(s: string | undefined): string | undefined {
  return s === undefined ? undefined : normalizeText(s);
}

export function normalizeIntake(input: IntakeInput): IntakeInput {
  const n = normalizeOptional;
  const poa = input.applicant.powerOfAttorney;
  const pr = input.applicant.principal;
  return {
    ...input,
    applicant: {
      ...input.applicant,
      iin: cleanIin(input.applicant.iin),
      lastName: n(input.applicant.lastName),
      firstName: n(input.applicant.firstName),
      middleName: n(input.applicant.middleName) || undefined,
      phone: input.applicant.phone.trim(),
      address: n(input.applicant.address),
      powerOfAttorney: poa ? { number: n(poa.number), date: poa.date, notary: n(poa.notary) } : undefined,
      principal: pr
        ? {
            iin: cleanIin(pr.iin ?? ''),
            lastName: n(pr.lastName) ?? '',
            firstName: n(pr.firstName) ?? '',
            middleName: n(pr.middleName) || undefined,
          }
        : undefined,
    },
    child: input.child
      ? {
          ...input.child,
          iin: cleanIin(input.child.iin),
          lastName: n(input.child.lastName),
          firstName: n(input.child.firstName),
          middleName: n(input.child.middleName) || undefined,
        }
      : undefined,
    priorityDoc: n(input.priorityDoc) || undefined,
    ...(input.fields
      ? {
          fields: Object.fromEntries(
            Object.entries(input.fields)
              .map(([k, v]) => [k, normalizeText(v ?? '')])
              .filter(([, v]) => v),
          ),
        }
      : {}),
    ...(input.statusDocument !== undefined ? { statusDocument: n(input.statusDocument) || undefined } : {}),
    // Kept empty when given empty: the desk fills in the open visit's settlement only where none was given.
    ...(input.settlement !== undefined ? { settlement: n(input.settlement) } : {}),
    ...(input.ticketNo !== undefined ? { ticketNo: n(input.ticketNo) || undefined } : {}),
    ...(input.arrivalAt !== undefined ? { arrivalAt: input.arrivalAt.trim() || undefined } : {}),
    workplaces: { mother: n(input.workplaces.mother) || undefined, father: n(input.workplaces.father) || undefined },
  };
}

/** Applicant kinds each subject admits: nobody is the parent of a teacher being attested, nor "self" for a child. */
const KINDS_FOR: Record<ServiceEntry['subject'], ReadonlyArray<IntakeInput['applicant']['kind']>> = {
  child: ['parent', 'legalRep', 'proxy'],
  applicant: ['self', 'legalRep', 'proxy'],
};

/** The applicant kinds an entry's intake offers, the usual one first. */
export function applicantKindsFor(
  entry: Pick<ServiceEntry, 'subject'>,
): ReadonlyArray<IntakeInput['applicant']['kind']> {
  return KINDS_FOR[entry.subject];
}

/** Whether the intake carries any child data (an empty child block counts as none). */
export function hasChildData(child: IntakeInput['child']): boolean {
  return !!child && [child.iin, child.lastName, child.firstName, child.middleName].some((v) => !!v?.trim());
}

/**
 * What the entry's subject asks of an intake: a child for services about a
 * child, none for services about the applicant (whose proxy names the person
 * represented, the subject then).
 */
export function subjectErrors(input: Pick<IntakeInput, 'applicant' | 'child'>, entry: ServiceEntry): FieldError[] {
  const errors: FieldError[] = [];
  if (!KINDS_FOR[entry.subject].includes(input.applicant.kind))
    errors.push({ field: 'applicant.kind', code: 'applicant.kindNotForService' });
  if (entry.subject === 'applicant') {
    if (hasChildData(input.child)) errors.push({ field: 'child', code: 'child.notForService' });
    if (input.applicant.kind === 'proxy') {
      const p = input.applicant.principal;
      const principalIin = p?.iin ?? '';
      const pi = parseIin(principalIin);
      if (!pi.ok) errors.push({ field: 'applicant.principal.iin', code: pi.reason });
      else if (cleanIin(principalIin) === cleanIin(input.applicant.iin))
        errors.push({ field: 'applicant.principal.iin', code: 'applicant.principalSame' });
      if (!p?.lastName?.trim()) errors.push({ field: 'applicant.principal.lastName', code: 'required' });
      if (!p?.firstName?.trim()) errors.push({ field: 'applicant.principal.firstName', code: 'required' });
    }
  }
  return errors;
}

/**
 * The same rules for a stored record (a create op reaching the server, an
 * import): the schema lets `child` be absent, the catalog entry decides
 * whether it must be.
 */
export function applicationSubjectErrors(
  app: Pick<IntakeInput, 'applicant' | 'child'>,
  entry: ServiceEntry,
): FieldError[] {
  const errors = subjectErrors(app, entry);
  if (entry.subject === 'child' && !app.child) errors.push({ field: 'child', code: 'required' });
  return errors;
}

/**
 * What a child's IIN says against the entry on `day` (office-local): its check
 * digits, a birth date or sex recorded otherwise, a birth in the future, an
 * age at or over the entry's limit (where the entry has no reasoned refusal
 * for it: refusalDue.ts) or under its minimum, the applicant's own IIN. One
 * rule for the intake form's hints, intake itself and a record reaching the
 * server (applicationRuleErrors).
 */
export function childIinErrors(
  child: { iin: string; birthDate?: string; sex?: 'male' | 'female' },
  applicantIin: string | null,
  entry: Pick<ServiceEntry, 'childAgeLimitYears' | 'childMinAgeYears' | 'refusalGrounds'>,
  day: string,
): FieldError[] {
  const ci = parseIin(child.iin);
  if (!ci.ok) return [{ field: 'child.iin', code: ci.reason }];
  const errors: FieldError[] = [];
  if (child.birthDate && child.birthDate !== ci.birthDate)
    errors.push({ field: 'child.birthDate', code: 'child.birthDateMismatch', params: { iinDate: ci.birthDate } });
  if (child.sex && child.sex !== ci.sex) errors.push({ field: 'child.sex', code: 'child.sexMismatch' });
  if (ci.birthDate > day) errors.push({ field: 'child.iin', code: 'child.birthDateFuture' });
  else {
    const age = ageInYears(ci.birthDate, day);
    // An entry that answers the age with a reasoned refusal takes the application in: a warning, not this.
    if (entry.childAgeLimitYears !== undefined && age >= entry.childAgeLimitYears && !groundForFact(entry, 'overAge'))
      errors.push({ field: 'child.iin', code: 'child.overAge', params: { limit: entry.childAgeLimitYears } });
    if (entry.childMinAgeYears !== undefined && age < entry.childMinAgeYears)
      errors.push({ field: 'child.iin', code: 'service.underAge', params: { limit: entry.childMinAgeYears } });
  }
  if (applicantIin !== null && cleanIin(applicantIin) === cleanIin(child.iin))
    errors.push({ field: 'child.iin', code: 'child.sameAsApplicant' });
  return errors;
}

/**
 * The early hints of the intake form, shown next to their fields while it is
 * typed: those of the rules here that can be told from what is typed so far,
 * with the same codes, so a hint never says other than "Register" would. An
 * IIN is judged once it is complete, or once its field was left (`touched`)
 * with something in it.
 */
export function intakeHints(
  input: Pick<IntakeInput, 'applicant' | 'child'>,
  entry: ServiceEntry,
  today: string,
  touched: (field: string) => boolean = () => false,
): FieldError[] {
  const hints: FieldError[] = [];
  const iin = (field: string, raw: string | undefined) => {
    const digits = cleanIin(raw ?? '');
    const r = parseIin(digits);
    if (!r.ok && (digits.length >= 12 || (touched(field) && digits.length > 0))) hints.push({ field, code: r.reason });
    return r;
  };
  const a = input.applicant;
  const ai = iin('applicant.iin', a.iin);
  if (entry.subject === 'child') {
    const child = input.child?.iin ?? '';
    if (iin('child.iin', child).ok) hints.push(...childIinErrors({ iin: child }, ai.ok ? a.iin : null, entry, today));
  } else if (a.kind === 'proxy') {
    const pi = iin('applicant.principal.iin', a.principal?.iin);
    if (pi.ok && ai.ok && cleanIin(a.principal?.iin ?? '') === cleanIin(a.iin))
      hints.push({ field: 'applicant.principal.iin', code: 'applicant.principalSame' });
  }
  return hints;
}

/**
 * What an intake tells the catalog's document conditions (isDocumentRequired).
 * The form's checklist, registration and a refusal to accept all read this,
 * so a receipt lists exactly what the checklist showed missing. The child's
 * birth date comes from its IIN until intake has filled it in.
 */
export function documentContext(
  input: Pick<IntakeInput, 'applicant' | 'child' | 'priority' | 'statusCategory' | 'notInRegistry'>,
): DocumentContext {
  const iin = input.child && !input.child.birthDate ? parseIin(input.child.iin) : null;
  return {
    hasPriority: !!input.priority,
    isProxy: input.applicant.kind === 'proxy',
    childBirthDate: input.child?.birthDate ?? (iin?.ok ? iin.birthDate : undefined),
    category: input.statusCategory || input.priority || undefined,
    ...(input.notInRegistry ? { notInRegistry: input.notInRegistry } : {}),
  };
}

type ValidIntake = IntakeInput & {
  child?: {
    iin: string;
    lastName: string;
    firstName: string;
    middleName?: string;
    birthDate: string;
    sex: 'male' | 'female';
  };
};

/**
 * Validates a normalised intake; fills the child's birth date and sex from the
 * IIN. The value carries a child exactly when the entry's subject is a child.
 * `warnings` are the facts it is registered with that its decision must
 * answer with a reasoned refusal (refusalDue.ts).
 */
export function validateIntake(
  input: IntakeInput,
  entry: ServiceEntry,
  now: string,
  offsetMinutes = 300,
  place: { officeType?: OfficeType; settlements?: readonly string[] } = {},
): { ok: true; value: ValidIntake; warnings: DueRefusal[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const req = (field: string, v: string | undefined) => {
    if (!v || !v.trim()) errors.push({ field, code: 'required' });
  };
  const a = input.applicant;
  const ai = parseIin(a.iin);
  if (!ai.ok) errors.push({ field: 'applicant.iin', code: ai.reason });
  req('applicant.lastName', a.lastName);
  req('applicant.firstName', a.firstName);
  req('applicant.address', a.address);
  if (!a.phone?.trim()) errors.push({ field: 'applicant.phone', code: 'required' });
  else if (!PHONE.test(a.phone) || a.phone.replace(/\D/g, '').length < 10)
    errors.push({ field: 'applicant.phone', code: 'phone.invalid' });
  if (a.kind === 'proxy') {
    req('applicant.powerOfAttorney.number', a.powerOfAttorney?.number);
    req('applicant.powerOfAttorney.date', a.powerOfAttorney?.date);
    req('applicant.powerOfAttorney.notary', a.powerOfAttorney?.notary);
    // A power of attorney is made before it is presented, and by a notary of the Republic.
    const d = a.powerOfAttorney?.date;
    if (d && (!IsoDateSchema.safeParse(d).success || d > localParts(now, offsetMinutes).date || d < EARLIEST_ACT)) {
      errors.push({ field: 'applicant.powerOfAttorney.date', code: 'poa.dateRange' });
    }
  }
  errors.push(...textErrors(input));
  errors.push(...subjectErrors(input, entry));
  const today = localParts(now, offsetMinutes).date;
  let child: ValidIntake['child'];
  if (entry.subject === 'child') {
    const c = input.child ?? { iin: '', lastName: '', firstName: '' };
    req('child.lastName', c.lastName);
    req('child.firstName', c.firstName);
    // The birth date and sex are the IIN's: one typed otherwise is refused, none typed is filled in.
    errors.push(...childIinErrors({ iin: c.iin, birthDate: c.birthDate }, ai.ok ? a.iin : null, entry, today));
    const ci = parseIin(c.iin);
    if (ci.ok) child = { ...c, birthDate: ci.birthDate, sex: ci.sex };
  }
  if (input.priority && !entry.priorityCategories.some((p) => p.code === input.priority))
    errors.push({ field: 'priority', code: 'priority.unknown' });
  // A queue places the child in one of the kindergartens named.
  if (keepsQueue(entry) && input.kindergartenIds.length === 0)
    errors.push({ field: 'kindergartenIds', code: 'kindergarten.required' });
  if (!input.consent && !groundForFact(entry, 'noConsent')) errors.push({ field: 'consent', code: 'consent.required' });
  errors.push(...serviceFieldErrors(input, entry));
  // Accepted now: the arrival is checked against this moment, on the office's day.
  errors.push(...channelErrors(input, now, { offsetMinutes, ...place }));
  if (errors.length) return { ok: false, errors };
  // The value carries a child exactly when the subject is one; the principal only where it names the subject.
  const { child: _given, ...rest } = input;
  const principal = entry.subject === 'applicant' && a.kind === 'proxy' ? a.principal : undefined;
  return {
    ok: true,
    value: { ...rest, applicant: { ...a, principal }, ...(child ? { child } : {}) },
    warnings: refusalFacts({ childBirthDate: child?.birthDate, consent: input.consent }, entry, today),
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The entry's own application fields and status category (camp referrals: seed 003 Annex 11, Annex 1). */
export function serviceFieldErrors(
  input: Pick<IntakeInput, 'fields' | 'statusCategory'>,
  entry: ServiceEntry,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of entry.applicationFields ?? []) {
    const v = input.fields?.[f.code]?.trim() ?? '';
    const field = `fields.${f.code}`;
    if (!v) {
      if (f.required) errors.push({ field, code: 'required' });
      continue;
    }
    if (f.type === 'integer' && !/^\d+$/.test(v)) errors.push({ field, code: 'service.fieldInteger' });
    if (f.type === 'date' && (!ISO_DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))))
      errors.push({ field, code: 'service.fieldDate' });
  }
  if (entry.statusCategories) {
    if (!input.statusCategory) errors.push({ field: 'statusCategory', code: 'service.statusRequired' });
    else if (!entry.statusCategories.some((c) => c.code === input.statusCategory))
      errors.push({ field: 'statusCategory', code: 'service.statusUnknown' });
  } else if (input.statusCategory) errors.push({ field: 'statusCategory', code: 'service.statusUnknown' });
  return errors;
}
