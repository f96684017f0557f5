/**
 * Form data of the services other than the preschool queue, from the explicit
 * inputs of inputs.ts plus what the context knows (office, catalog entry, who
 * prints, when). Like data.ts, everything the paper shows is decided here;
 * input mistakes the paper would hide (a bad date, an unknown refusal ground)
 * stop here with a FormDataError naming the field.
 */
import type { AcceptRefusal } from '../model/application';
import type { BiText } from '../model/common';
import type { ServiceEntry } from '../catalog/schema';
import { complaintTerms } from '../model/complaint';
import { OBJECTION_WORKING_DAYS } from '../workflow/hearing';
import { FormDataError } from './errors';
import type {
  ApplicantInput,
  ApplicationRefInput,
  CampApplicationInput,
  CampRefusalToAcceptExtra,
  CampReferralInput,
  ChildInput,
  ComplaintTicketInput,
  GenericApplicationInput,
  GenericResultInput,
  GuardianshipCertificateInput,
  HearingRecordInput,
  PreliminaryRefusalNoticeInput,
  TechnicalProblemProtocolInput,
} from './inputs';
import { bi, documentNames, nameOf, personName, same } from './records';
import type {
  CampApplicationFormData,
  CampRefusalToAcceptFormData,
  CampReferralFormData,
  ComplaintTicketFormData,
  FormApplicant,
  FormApplicationRef,
  FormChild,
  FormDataMap,
  FormDateTime,
  FormOffice,
  GenericApplicationFormData,
  GenericResultFormData,
  GuardianshipCertificateFormData,
  HearingRecordFormData,
  PreliminaryRefusalNoticeFormData,
  TechnicalProblemProtocolFormData,
} from './types';

/** What formDataFor hands over: the context, already turned into office-local terms. */
export type DataEnv = {
  formId: keyof FormDataMap;
  office: FormOffice;
  entry?: ServiceEntry;
  /** ISO instant -> office-local date and time. */
  local: (instant: string) => FormDateTime;
  /** Office-local day of printing. */
  today: string;
  now: string;
  staffName: string;
  headName: string;
  executorName?: string;
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(env: DataEnv, field: string, v: string): string {
  if (!ISO_DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
    throw new FormDataError(env.formId, `${field}: not a YYYY-MM-DD date: ${v}`);
  return v;
}
const optDate = (env: DataEnv, field: string, v: string | undefined) =>
  v === undefined ? undefined : checkDate(env, field, v);

function at(env: DataEnv, field: string, v: string): FormDateTime {
  if (Number.isNaN(Date.parse(v)) || !/T/.test(v))
    throw new FormDataError(env.formId, `${field}: not an ISO instant: ${v}`);
  return env.local(v);
}
const optAt = (env: DataEnv, field: string, v: string | undefined) => (v === undefined ? undefined : at(env, field, v));

function needEntry(env: DataEnv): ServiceEntry {
  if (!env.entry) throw new FormDataError(env.formId, 'needs the service entry (ctx.entry)');
  return env.entry;
}

const text = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

function applicant(a: ApplicantInput): FormApplicant {
  return {
    fullName: personName(a.name),
    iin: a.iin,
    address: a.address,
    phone: a.phone,
    proxy: a.proxy
      ? { principalName: personName(a.proxy.principal), powerOfAttorney: bi(a.proxy.powerOfAttorney ?? '') }
      : undefined,
  };
}

function child(env: DataEnv, field: string, c: ChildInput): FormChild {
  return {
    fullName: personName(c.name),
    birthDate: checkDate(env, `${field}.birthDate`, c.birthDate),
    iin: text(c.iin),
  };
}

const appRef = (env: DataEnv, r: ApplicationRefInput): FormApplicationRef => ({
  journalNo: r.journalNo,
  date: at(env, 'application.acceptedAt', r.acceptedAt).date,
});

function category(entry: ServiceEntry, code: string) {
  return [...(entry.statusCategories ?? []), ...entry.priorityCategories].find((c) => c.code === code);
}

/**
 * Refusal grounds by code. A notice or hearing needs grounds the entry knows;
 * where the entry says which grounds need a hearing (camp: §9, not the
 * incomplete set of §8), any other ground is refused outright, with no hearing.
 */
function hearingGrounds(env: DataEnv, codes: string[]): BiText[] {
  const entry = needEntry(env);
  if (codes.length === 0) throw new FormDataError(env.formId, 'grounds: at least one refusal ground is needed');
  return codes.map((code) => {
    const g = entry.refusalGrounds.find((r) => r.code === code);
    if (!g) throw new FormDataError(env.formId, `grounds: unknown refusal ground ${code}`);
    if (entry.hearing && !entry.hearing.grounds.includes(code))
      throw new FormDataError(env.formId, `grounds: ${code} is refused without a hearing`);
    return g.text;
  });
}

/** The result a favourable outcome gives (the camp referral): the first that is not a refusal. */
const positiveResult = (entry: ServiceEntry): BiText =>
  entry.results.find((r) => r.kind !== 'refusal')?.name ?? entry.name;

/** The office as a place on paper: its body and address (where a hearing is held, a result or an answer collected). */
export const officePlace = (office: FormOffice): BiText => ({
  kk: `${office.body.kk}, ${office.address.kk}`,
  ru: `${office.body.ru}, ${office.address.ru}`,
});

export function campApplicationData(env: DataEnv, d: CampApplicationInput): CampApplicationFormData {
  const entry = needEntry(env);
  const cat = d.statusCategory ? category(entry, d.statusCategory) : undefined;
  return {
    office: env.office,
    service: entry.name,
    journalNo: text(d.journalNo),
    acceptedOn: at(env, 'acceptedAt', d.acceptedAt).date,
    applicant: applicant(d.applicant),
    child: { ...child(env, 'child', d.child), iin: d.child.iin },
    school: { number: d.school.number, classLetter: d.school.classLetter, schoolYear: d.school.schoolYear },
    status: d.statusCategory
      ? {
          category: cat?.name ?? same(d.statusCategory),
          proof: cat?.proof ?? same(''),
          document: text(d.statusDocument),
        }
      : null,
    consent: d.consent,
  };
}

export function campReferralData(env: DataEnv, d: CampReferralInput): CampReferralFormData {
  const entry = needEntry(env);
  if (d.period && d.period.to < d.period.from) throw new FormDataError(env.formId, 'period: ends before it starts');
  return {
    office: env.office,
    service: entry.name,
    referralNo: d.referralNo,
    issuedOn: optDate(env, 'issuedOn', d.issuedOn) ?? env.today,
    application: d.application ? appRef(env, d.application) : undefined,
    parentName: d.parent ? personName(d.parent) : undefined,
    child: child(env, 'child', d.child),
    school: { number: d.school.number, classLetter: d.school.classLetter, schoolYear: text(d.school.schoolYear) },
    category: d.statusCategory ? (category(entry, d.statusCategory)?.name ?? same(d.statusCategory)) : undefined,
    camp: { name: bi(d.camp.name), address: d.camp.address ? bi(d.camp.address) : undefined, kind: d.camp.kind },
    season: d.season ? bi(d.season) : undefined,
    period: d.period
      ? { from: checkDate(env, 'period.from', d.period.from), to: checkDate(env, 'period.to', d.period.to) }
      : undefined,
    validUntil: optDate(env, 'validUntil', d.validUntil),
    headName: env.headName,
  };
}

export function campRefusalToAcceptData(
  env: DataEnv,
  r: AcceptRefusal,
  extra: CampRefusalToAcceptExtra = {},
): CampRefusalToAcceptFormData {
  const entry = needEntry(env);
  const worker = r.byName || env.staffName;
  const names = new Map(entry.documents.map((d) => [d.code, d.name]));
  return {
    office: env.office,
    service: entry.name,
    at: env.local(r.at),
    // Who refused is where the documents were brought (F-16): at a State Corporation counter its
    // department, as Annex 3 prints it (its No. and address by hand unless given); else the office itself.
    issuer:
      extra.stateCorporation || r.channel === 'stateCorporation'
        ? {
            kind: 'stateCorporation',
            branchNo: extra.stateCorporation?.branchNo ?? '',
            address: extra.stateCorporation ? bi(extra.stateCorporation.address) : { kk: '', ru: '' },
          }
        : { kind: 'provider', body: env.office.body, address: env.office.address },
    // In the order recorded, which is the checklist's; a code the catalog dropped still prints.
    missing: r.missingDocuments.map((code) => names.get(code) ?? same(code)),
    applicantName: nameOf(r.applicant),
    worker,
    // Annex 3 names the executor apart from the worker: a blank to fill by hand when none was named (F-15).
    executor: text(extra.executorName) ?? '',
  };
}

export function preliminaryRefusalNoticeData(
  env: DataEnv,
  d: PreliminaryRefusalNoticeInput,
): PreliminaryRefusalNoticeFormData {
  const entry = needEntry(env);
  const grounds = hearingGrounds(env, d.grounds);
  const issuedOn = optDate(env, 'issuedOn', d.issuedOn) ?? env.today;
  const hearingAt = at(env, 'hearing.at', d.hearing.at);
  if (hearingAt.date < issuedOn) throw new FormDataError(env.formId, 'hearing.at: the hearing is before the notice');
  return {
    office: env.office,
    service: entry.name,
    noticeNo: text(d.noticeNo),
    issuedOn,
    application: appRef(env, d.application),
    applicant: { fullName: personName(d.applicant.name), address: d.applicant.address },
    child: d.child
      ? { fullName: personName(d.child.name), birthDate: optDate(env, 'child.birthDate', d.child.birthDate) }
      : undefined,
    grounds,
    reason: d.reason,
    hearing: { at: hearingAt, place: d.hearing.place ? bi(d.hearing.place) : officePlace(env.office) },
    objectionWorkingDays: OBJECTION_WORKING_DAYS,
    resultWorkingDays: entry.hearing?.finalDecisionWorkingDays ?? 1,
    result: positiveResult(entry),
    termEndsOn: optDate(env, 'termEndsOn', d.termEndsOn),
    executorName: env.executorName,
    headName: env.headName,
  };
}

export function hearingRecordData(env: DataEnv, d: HearingRecordInput): HearingRecordFormData {
  const entry = needEntry(env);
  const start = at(env, 'startedAt', d.startedAt);
  const end = optAt(env, 'endedAt', d.endedAt);
  if (d.endedAt && Date.parse(d.endedAt) < Date.parse(d.startedAt))
    throw new FormDataError(env.formId, 'endedAt: before startedAt');
  return {
    office: env.office,
    service: entry.name,
    recordNo: text(d.recordNo),
    date: start.date,
    startTime: start.time,
    // A hearing past midnight keeps its end date out of the record; such a case is not expected at an akimat.
    endTime: end?.time,
    place: d.place ? bi(d.place) : officePlace(env.office),
    application: appRef(env, d.application),
    notice: d.notice
      ? { noticeNo: text(d.notice.noticeNo), issuedOn: checkDate(env, 'notice.issuedOn', d.notice.issuedOn) }
      : undefined,
    chair: { name: d.chair.name, position: d.chair.position ? bi(d.chair.position) : undefined },
    secretary: d.secretary
      ? { name: d.secretary.name, position: d.secretary.position ? bi(d.secretary.position) : undefined }
      : undefined,
    applicant: {
      fullName: personName(d.applicant.name),
      present: d.applicant.present,
      representative: text(d.applicant.representative),
    },
    others: (d.others ?? []).map((o) => ({ name: o.name, role: bi(o.role) })),
    grounds: hearingGrounds(env, d.grounds),
    statements: (d.statements ?? []).filter((s) => s.text.trim()),
    applicantPosition: d.applicant.present ? text(d.applicantPosition) : undefined,
    documentsSubmitted: (d.documentsSubmitted ?? []).map((s) => s.trim()).filter(Boolean),
    outcome: d.outcome,
    outcomeNote: text(d.outcomeNote),
    result: positiveResult(entry),
    resultWorkingDays: entry.hearing?.finalDecisionWorkingDays ?? 1,
  };
}

export function guardianshipCertificateData(
  env: DataEnv,
  d: GuardianshipCertificateInput,
): GuardianshipCertificateFormData {
  const entry = needEntry(env);
  if (d.children.length === 0) throw new FormDataError(env.formId, 'children: at least one child');
  const result =
    entry.results.find((r) => r.form === 'guardianship-certificate') ??
    entry.results.find((r) => r.kind === 'certificate');
  return {
    office: env.office,
    service: entry.name,
    resultName: result?.name ?? entry.name,
    certificateNo: d.certificateNo,
    issuedAt: d.issuedAt ? at(env, 'issuedAt', d.issuedAt) : env.local(env.now),
    presentTo: d.presentTo ? bi(d.presentTo) : undefined,
    guardian: { fullName: personName(d.guardian.name), iin: text(d.guardian.iin), address: text(d.guardian.address) },
    role: d.role,
    children: d.children.map((c, i) => child(env, `children[${i}]`, c)),
    decision: {
      body: bi(d.decision.body),
      number: d.decision.number,
      date: checkDate(env, 'decision.date', d.decision.date),
    },
    headName: env.headName,
  };
}

export function genericApplicationData(env: DataEnv, d: GenericApplicationInput): GenericApplicationFormData {
  const entry = needEntry(env);
  const values = d.fields ?? {};
  const known = (entry.applicationFields ?? []).map((f) => ({ name: f.name, value: values[f.code] }));
  const unknown = Object.keys(values)
    .filter((k) => !(entry.applicationFields ?? []).some((f) => f.code === k))
    .map((k) => ({ name: same(k), value: values[k] }));
  return {
    office: env.office,
    service: entry.name,
    journalNo: text(d.journalNo),
    acceptedOn: at(env, 'acceptedAt', d.acceptedAt).date,
    applicant: applicant(d.applicant),
    child: d.child ? child(env, 'child', d.child) : undefined,
    request: text(d.request),
    // A field left empty prints as a blank to fill by hand, so required fields are never silently dropped.
    fields: [...known, ...unknown].map((f) => ({ name: f.name, value: f.value === undefined ? '' : String(f.value) })),
    documents: documentNames(entry, d.documents),
    consent: d.consent,
  };
}

export function genericResultData(env: DataEnv, d: GenericResultInput): GenericResultFormData {
  const entry = needEntry(env);
  const result = d.resultKind
    ? (entry.results.find((r) => r.kind === d.resultKind && r.form === 'generic-result') ??
      entry.results.find((r) => r.kind === d.resultKind))
    : (entry.results.find((r) => r.form === 'generic-result') ?? entry.results.find((r) => r.kind !== 'refusal'));
  if (!result)
    throw new FormDataError(env.formId, `resultKind: ${d.resultKind ?? 'any'} is not a result of ${entry.code}`);
  const body = d.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (body.length === 0) throw new FormDataError(env.formId, 'body: the result has no text');
  return {
    office: env.office,
    service: entry.name,
    kind: result.kind,
    resultName: result.name,
    documentNo: d.documentNo,
    issuedOn: optDate(env, 'issuedOn', d.issuedOn) ?? env.today,
    application: d.application ? appRef(env, d.application) : undefined,
    recipient: { fullName: personName(d.recipient.name), address: text(d.recipient.address) },
    child: d.child ? child(env, 'child', d.child) : undefined,
    body,
    validUntil: optDate(env, 'validUntil', d.validUntil),
    executorName: env.executorName,
    signatures: d.signatures?.length
      ? d.signatures.map((s) => ({ title: bi(s.title), name: s.name }))
      : [{ title: env.office.headTitle, name: env.headName }],
  };
}

export function complaintTicketData(env: DataEnv, d: ComplaintTicketInput): ComplaintTicketFormData {
  const terms = complaintTerms(env.entry);
  if (!d.subject.trim()) throw new FormDataError(env.formId, 'subject: what the complaint is about must be stated');
  return {
    office: env.office,
    service: env.entry?.name,
    incomingNo: d.incomingNo,
    acceptedAt: at(env, 'acceptedAt', d.acceptedAt),
    receiverName: text(d.receiverName) ?? env.staffName,
    complainant: {
      fullName: personName(d.complainant.name),
      address: text(d.complainant.address),
      phone: text(d.complainant.phone),
    },
    subject: d.subject.trim(),
    against: text(d.against),
    answerWorkingDays: terms.providerWorkingDays,
    authorityWorkingDays: terms.authorityWorkingDays,
    answerBy: optDate(env, 'answerBy', d.answerBy),
    answerPlace: d.answerPlace ? bi(d.answerPlace) : undefined,
  };
}

export function technicalProblemProtocolData(
  env: DataEnv,
  d: TechnicalProblemProtocolInput,
): TechnicalProblemProtocolFormData {
  const since = at(env, 'since', d.since);
  if (d.restoredAt && Date.parse(d.restoredAt) < Date.parse(d.since))
    throw new FormDataError(env.formId, 'restoredAt: before the failure was found');
  return {
    office: env.office,
    service: env.entry?.name,
    protocolNo: d.protocolNo,
    drawnAt: d.drawnAt ? at(env, 'drawnAt', d.drawnAt) : env.local(env.now),
    system: bi(d.system),
    failure: d.failure,
    since,
    detectedBy: d.detectedBy,
    notifiedAt: optAt(env, 'notifiedAt', d.notifiedAt),
    affected: (d.affected ?? []).map((s) => s.trim()).filter(Boolean),
    measures: text(d.measures),
    restoredAt: optAt(env, 'restoredAt', d.restoredAt),
    recordedBy: { name: d.recordedBy.name, position: d.recordedBy.position ? bi(d.recordedBy.position) : undefined },
    signer: d.signer
      ? { name: d.signer.name, title: d.signer.title ? bi(d.signer.title) : env.office.headTitle }
      : { name: env.headName, title: env.office.headTitle },
  };
}
