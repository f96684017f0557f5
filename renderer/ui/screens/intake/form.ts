/**
 * The intake form's model, without React: what is typed (FormState), an empty
 * form for a service, a draft laid over it, and the IntakeInput the data layer
 * checks and registers. The field components and useIntakeForm share it.
 */
import {
  applicantKindsFor,
  arrivalRecordable,
  cleanIin,
  fromLocal,
  keepsQueue,
  parseIin,
  subjectOf,
  type AppChannel,
  type FieldError,
  type IntakeInput,
  type Lang,
  type ServiceEntry,
} from '../../../../shared';
import type { IntakeDraft } from '../../deskClient';
import { personName } from '../../format';

export type ApplicantKind = IntakeInput['applicant']['kind'];

export type FormState = {
  lang: Lang;
  applicant: {
    kind: ApplicantKind;
    iin: string;
    lastName: string;
    firstName: string;
    middleName: string;
    phone: string;
    address: string;
    poaNumber: string;
    poaDate: string;
    poaNotary: string;
    /** Whom a proxy represents (services about the applicant). */
    prIin: string;
    prLastName: string;
    prFirstName: string;
    prMiddleName: string;
  };
  child: { iin: string; lastName: string; firstName: string; middleName: string };
  priority: string;
  priorityDoc: string;
  kindergartenIds: string[];
  mother: string;
  father: string;
  consent: boolean;
  documents: string[];
  fields: Record<string, string>;
  statusCategory: string;
  statusDocument: string;
  notInRegistry: string[];
  /** How the application came; its default is the office's (ChannelDefault). */
  channel: AppChannel;
  /** The settlement, with the mobile channel only. */
  settlement: string;
  /** When the applicant arrived, HH:mm today (office-local); empty where not recorded. */
  arrivalTime: string;
  ticketNo: string;
};

/** The channel a fresh form starts with (defaultChannel): a mobile centre in a settlement takes applications there. */
export type ChannelDefault = { channel: AppChannel; settlement?: string };
const AT_OFFICE: ChannelDefault = { channel: 'office' };

/** Today at the office, for the arrival typed as a time of day. */
export type FormDay = { today: string; offsetMinutes: number };

/**
 * A change to the form: `fields` names the error fields it answers, so a
 * refusal shown under them goes away as soon as they are edited.
 */
export type Edit = (fields: string[], change: (f: FormState) => FormState) => void;

/** What every group of fields gets: the form, its errors (server's first, then hints) and how to change it. */
export type FieldsProps = {
  form: FormState;
  entry: ServiceEntry;
  uiLang: Lang;
  err: (field: string) => FieldError | undefined;
  /** What the field's value means for the decision without blocking intake: a reasoned refusal it owes. */
  warn?: (field: string) => FieldError | undefined;
  edit: Edit;
};

export const emptyForm = (lang: Lang, entry: ServiceEntry, channel: ChannelDefault = AT_OFFICE): FormState => ({
  lang,
  applicant: {
    kind: applicantKindsFor(entry)[0],
    iin: '',
    lastName: '',
    firstName: '',
    middleName: '',
    phone: '',
    address: '',
    poaNumber: '',
    poaDate: '',
    poaNotary: '',
    prIin: '',
    prLastName: '',
    prFirstName: '',
    prMiddleName: '',
  },
  child: { iin: '', lastName: '', firstName: '', middleName: '' },
  priority: '',
  priorityDoc: '',
  kindergartenIds: [],
  mother: '',
  father: '',
  consent: false,
  documents: [],
  fields: {},
  statusCategory: '',
  statusDocument: '',
  notInRegistry: [],
  channel: channel.channel,
  settlement: channel.settlement ?? '',
  arrivalTime: '',
  ticketNo: '',
});

/** A draft's form over an empty one: a field the saving version did not have keeps its default. */
export function fromDraft(empty: FormState, saved: unknown): FormState {
  if (!saved || typeof saved !== 'object') return empty;
  const d = saved as Partial<FormState>;
  return {
    ...empty,
    ...d,
    applicant: { ...empty.applicant, ...d.applicant },
    child: { ...empty.child, ...d.child },
    fields: { ...empty.fields, ...d.fields },
  };
}

/** Nothing typed yet (the paper language aside): no draft is kept of such a form. */
export const isEmptyForm = (f: FormState, entry: ServiceEntry, channel: ChannelDefault = AT_OFFICE) =>
  JSON.stringify({ ...f, lang: '' }) === JSON.stringify({ ...emptyForm(f.lang, entry, channel), lang: '' });

/** Who a draft is about, for the offer to take it up again. */
export function draftPeople(d: IntakeDraft): string {
  const f = (d.form ?? {}) as Partial<FormState>;
  return [f.child, f.applicant]
    .map((p) =>
      p
        ? personName({
            lastName: p.lastName ?? '',
            firstName: p.firstName ?? '',
            middleName: p.middleName || undefined,
          }).trim()
        : '',
    )
    .filter(Boolean)
    .join('; ');
}

/**
 * The arrival typed as HH:mm today, as an instant; a value that is no time of
 * day goes as typed, for the desk to refuse by its field.
 */
function arrivalInstant(time: string, day: FormDay): string | undefined {
  const t = time.trim();
  if (!t) return undefined;
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(t) ? fromLocal(day.today, t, day.offsetMinutes) : t;
}

export function toInput(f: FormState, entry: ServiceEntry, day: FormDay): IntakeInput {
  const a = f.applicant;
  // Only what the channel takes: a settlement with the mobile one, no arrival by the portal.
  const inPerson = arrivalRecordable(f.channel);
  const arrivalAt = inPerson ? arrivalInstant(f.arrivalTime, day) : undefined;
  const queue = keepsQueue(entry);
  const aboutChild = entry.subject === 'child';
  return {
    serviceCode: entry.code,
    lang: f.lang,
    applicant: {
      kind: a.kind,
      iin: a.iin,
      lastName: a.lastName,
      firstName: a.firstName,
      middleName: a.middleName || undefined,
      phone: a.phone,
      address: a.address,
      ...(a.kind === 'proxy' ? { powerOfAttorney: { number: a.poaNumber, date: a.poaDate, notary: a.poaNotary } } : {}),
      ...(a.kind === 'proxy' && !aboutChild
        ? {
            principal: {
              iin: a.prIin,
              lastName: a.prLastName,
              firstName: a.prFirstName,
              middleName: a.prMiddleName || undefined,
            },
          }
        : {}),
    },
    ...(aboutChild
      ? {
          child: {
            iin: f.child.iin,
            lastName: f.child.lastName,
            firstName: f.child.firstName,
            middleName: f.child.middleName || undefined,
          },
        }
      : {}),
    priority: f.priority || null,
    ...(f.priority && f.priorityDoc.trim() ? { priorityDoc: f.priorityDoc } : {}),
    kindergartenIds: queue ? f.kindergartenIds : [],
    workplaces: queue ? { mother: f.mother || undefined, father: f.father || undefined } : {},
    consent: f.consent,
    documents: f.documents,
    ...(queue
      ? {}
      : {
          fields: f.fields,
          statusCategory: f.statusCategory || null,
          ...(f.statusCategory && f.statusDocument.trim() ? { statusDocument: f.statusDocument } : {}),
          notInRegistry: f.notInRegistry,
        }),
    channel: f.channel,
    ...(f.channel === 'mobile' ? { settlement: f.settlement } : {}),
    ...(arrivalAt ? { arrivalAt } : {}),
    ...(inPerson && f.ticketNo.trim() ? { ticketNo: f.ticketNo } : {}),
  };
}

/** The IIN open applications are looked up by (the subject's), once it is a valid one. */
export function subjectIin(input: IntakeInput): string | null {
  const iin = cleanIin(subjectOf(input).iin);
  return parseIin(iin).ok ? iin : null;
}
