/**
 * What the forms of the other services take from the caller. Their records
 * (camp and generic applications, complaints, hearings, technical protocols)
 * are not in shared/model yet, so each form states here exactly what it needs;
 * whoever owns the record maps it onto one of these. Codes (documents,
 * categories, refusal grounds, result kinds) are the catalog entry's, resolved
 * to both languages by formDataFor as the preschool forms do.
 *
 * Conventions: `...At` is an ISO instant (printed in office-local time),
 * `...On` and other dates are office-local YYYY-MM-DD; a TextInput typed once
 * (a camp's name, a staff member's position) prints the same in kk and ru.
 */
import type { BiText } from '../model/common';
import type { ServiceEntry } from '../catalog/schema';

/** A full name as typed, or in parts as the model keeps people. */
export type PersonNameInput = string | { lastName: string; firstName: string; middleName?: string };
/** Free text typed once, or kept in both languages. */
export type TextInput = string | BiText;
export type ResultKind = ServiceEntry['results'][number]['kind'];

/** The application a paper refers to ("your application of 15 Jan 2025 No. …"). */
export type ApplicationRefInput = { journalNo: string; acceptedAt: string };

export type ApplicantInput = {
  name: PersonNameInput;
  iin: string;
  address: string;
  phone: string;
  /** Set when a proxy applies: the person represented and the power of attorney as it should print. */
  proxy?: { principal: PersonNameInput; powerOfAttorney?: TextInput };
};

export type ChildInput = { name: PersonNameInput; birthDate: string; iin?: string };

/** Camp referrals, seed 003 Annex 11 Annex 1. */
export type CampApplicationInput = {
  journalNo?: string;
  acceptedAt: string;
  applicant: ApplicantInput;
  child: ChildInput & { iin: string };
  /** The entry's applicationFields schoolNumber, classLetter ("3 «Ә»"), schoolYear ("2024-2025"). */
  school: { number: string; classLetter: string; schoolYear: string };
  /** Code among the entry's statusCategories. */
  statusCategory: string | null;
  /** Number and date of the status document as typed ("анықтама № 45, 10.01.2025"). */
  statusDocument?: string;
  consent: boolean;
};

/** The camp referral (the result); the seeds give no template. */
export type CampReferralInput = {
  referralNo: string;
  /** Defaults to the day of printing. */
  issuedOn?: string;
  application?: ApplicationRefInput;
  parent?: PersonNameInput;
  child: ChildInput;
  school: { number: string; classLetter: string; schoolYear?: string };
  statusCategory?: string;
  camp: { name: TextInput; address?: TextInput; kind?: 'outOfTown' | 'school' };
  /** "2025 жылғы жаз, 2-ауысым" as the district names it. */
  season?: TextInput;
  period?: { from: string; to: string };
  validUntil?: string;
};

/**
 * Annex 3 is the State Corporation's receipt: a refusal recorded by the
 * State Corporation channel names its branch department as in the form
 * (`stateCorporation` gives its No. and address, blanks to fill by hand
 * otherwise) and its worker; any other the office itself and the provider's
 * worker (issue #15, F-16). The rest comes from the recorded AcceptRefusal (ctx.app).
 */
export type CampRefusalToAcceptExtra = {
  stateCorporation?: { branchNo: string; address: TextInput };
  /** "Орындаушы" of the form; a blank to fill by hand when none is named. */
  executorName?: string;
};

/** Optional additions to the reasoned refusal (camp referrals: after a hearing, seed 003 Annex 11 §10). */
export type RefusalExtra = { hearing?: { heldOn: string; recordNo?: string } };

/** Notice of the preliminary refusal and of the hearing (seed 003 Annex 11 §10; АӘПК art. 73). */
export type PreliminaryRefusalNoticeInput = {
  noticeNo?: string;
  /** Defaults to the day of printing. */
  issuedOn?: string;
  application: ApplicationRefInput;
  applicant: { name: PersonNameInput; address: string };
  child?: { name: PersonNameInput; birthDate?: string };
  /** Codes among the entry's refusalGrounds, in the order to print. */
  grounds: string[];
  /** The facts established, in the executor's words. */
  reason: string;
  /** Where: defaults to the office's name and address. */
  hearing: { at: string; place?: TextInput };
  /** Last day of the service term, printed so the applicant sees the 3-working-day rule was kept. */
  termEndsOn?: string;
};

/** Record of the hearing (АӘПК art. 74: place, date, start and end, who, the matter, what was said). */
export type HearingRecordInput = {
  recordNo?: string;
  startedAt: string;
  endedAt?: string;
  place?: TextInput;
  application: ApplicationRefInput;
  notice?: { noticeNo?: string; issuedOn: string };
  chair: { name: string; position?: TextInput };
  secretary?: { name: string; position?: TextInput };
  applicant: { name: PersonNameInput; present: boolean; representative?: string };
  others?: Array<{ name: string; role: TextInput }>;
  grounds: string[];
  /** Explanations, questions and answers, speeches, in order. */
  statements?: Array<{ who: string; text: string }>;
  /** The applicant's position on the preliminary decision; ignored when absent from the hearing. */
  applicantPosition?: string;
  documentsSubmitted?: string[];
  /** grant: the preliminary decision is dropped and the result issued; refuse: a reasoned refusal follows. */
  outcome: 'grant' | 'refuse';
  outcomeNote?: string;
};

/** Certificate on guardianship and trusteeship (seed 002 §4), printed at once. */
export type GuardianshipCertificateInput = {
  certificateNo: string;
  /** Defaults to the moment of printing. */
  issuedAt?: string;
  /** Where it is to be presented; defaults to "at the place of demand". */
  presentTo?: TextInput;
  guardian: { name: PersonNameInput; iin?: string; address?: string };
  /** guardianship: a child under 14; trusteeship: 14 to 18; absent prints both words. */
  role?: 'guardianship' | 'trusteeship';
  children: ChildInput[];
  decision: { body: TextInput; number: string; date: string };
};

/** Application of a service whose seeds give no form. */
export type GenericApplicationInput = {
  journalNo?: string;
  acceptedAt: string;
  applicant: ApplicantInput;
  child?: ChildInput;
  /** What exactly is asked, in the applicant's words, when the service name is not enough. */
  request?: string;
  /** Values of the entry's applicationFields by code. */
  fields?: Record<string, string | number>;
  /** Codes of the presented documents. */
  documents: string[];
  consent: boolean;
};

/** Result of a service whose seeds give no template (certificate, conclusion, order, permission...). */
export type GenericResultInput = {
  /** Which of the entry's results; defaults to its first result printed on generic-result. */
  resultKind?: ResultKind;
  documentNo: string;
  issuedOn?: string;
  application?: ApplicationRefInput;
  recipient: { name: PersonNameInput; address?: string };
  child?: ChildInput;
  /** The text of the result; blank lines separate paragraphs. */
  body: string;
  validUntil?: string;
  /** Who signs; defaults to the head (ctx.headName with the office's head title). */
  signatures?: Array<{ title: TextInput; name: string }>;
};

/** Ticket (талон) given on accepting a complaint (seed 000 §25, seed 002). */
export type ComplaintTicketInput = {
  incomingNo: string;
  acceptedAt: string;
  /** Defaults to ctx.staffName. */
  receiverName?: string;
  complainant: { name: PersonNameInput; address?: string; phone?: string };
  /** What the complaint is about. */
  subject: string;
  /** Whose decision, action or inaction it concerns (name and position, or the body). */
  against?: string;
  /** Last day of the answer term, computed by the caller with the working-day calendar. */
  answerBy?: string;
  /** Where the answer is received; the answer goes by post in any case (seed 000 §25). */
  answerPlace?: TextInput;
};

/** Protocol of a technical problem when the information system fails (seed 003 Annex 11 §13-1). */
export type TechnicalProblemProtocolInput = {
  protocolNo: string;
  /** Defaults to the moment of printing. */
  drawnAt?: string;
  system: TextInput;
  failure: string;
  /** When the failure was found. */
  since: string;
  detectedBy: string;
  /** When the ICT worker was told. */
  notifiedAt?: string;
  /** Journal numbers of applications whose stage could not be entered. */
  affected?: string[];
  measures?: string;
  restoredAt?: string;
  /** The worker responsible for the ICT infrastructure who draws the protocol up. */
  recordedBy: { name: string; position?: TextInput };
  /** Signs for the provider; defaults to the head. */
  signer?: { name: string; title?: TextInput };
};

/** Forms whose data come only from the input (ctx.extra). */
export type FormInputMap = {
  'camp-application': CampApplicationInput;
  'camp-referral': CampReferralInput;
  'preliminary-refusal-notice': PreliminaryRefusalNoticeInput;
  'hearing-record': HearingRecordInput;
  'guardianship-certificate': GuardianshipCertificateInput;
  'generic-application': GenericApplicationInput;
  'generic-result': GenericResultInput;
  'complaint-ticket': ComplaintTicketInput;
  'technical-problem-protocol': TechnicalProblemProtocolInput;
};

/** Record-based forms that take optional additions in ctx.extra. */
export type FormExtraMap = {
  refusal: RefusalExtra;
  'camp-refusal-to-accept': CampRefusalToAcceptExtra;
};
