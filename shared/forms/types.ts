/**
 * The data each printed form needs, and the small part of pdfmake's document
 * definition the builders produce. Form data holds no language: texts kept in
 * both languages stay BiText, people's names and numbers are as typed, dates
 * are office-local YYYY-MM-DD, so one record prints in kk or ru alike.
 */
import type { BiText } from '../model/common';

/** Office-local date (YYYY-MM-DD) and time (HH:mm). */
export type FormDateTime = { date: string; time: string };

/** How the office names itself on paper and how an applicant addresses it. */
export type FormOffice = {
  /** Issuing body, nominative: "Ақсу ауылдық округі әкімінің аппараты". */
  body: BiText;
  /** Addressee line of an application, dative: "Ақсу ауылдық округінің әкіміне". */
  addressee: BiText;
  /** The signing head's title: "Әкім" / "Аким". */
  headTitle: BiText;
  /** Whose specialist signs (Appendix 5: "(білім басқармасының маманы)"), by the office's kind: "(әкім аппаратының маманы)". */
  specialist: BiText;
  address: BiText;
  phone?: string;
};

export type ApplicationFormData = {
  office: FormOffice;
  service: BiText;
  journalNo: string;
  /** Date of acceptance (registration in the journal); also the date the applicant signs. */
  acceptedOn: string;
  applicant: {
    fullName: string;
    iin: string;
    address: string;
    phone: string;
    /** Set when a proxy applies on behalf of a parent. */
    proxy?: { principalName: string; powerOfAttorney: BiText };
  };
  child: { fullName: string; iin: string; birthDate: string };
  /** Preschool numbers the applicant asks for, in the order given. */
  kindergartenNumbers: string[];
  priority: { category: BiText; proof: BiText; document?: string } | null;
  workplaces: { mother?: string; father?: string };
  consent: boolean;
};

export type ReceiptFormData = {
  office: FormOffice;
  service: BiText;
  journalNo: string;
  acceptedAt: FormDateTime;
  /** Presented documents, in catalog order. */
  documents: BiText[];
  /** When and where the result is handed out. */
  issueAt: FormDateTime;
  issuePlace: BiText;
  acceptedBy: string;
  /** The person the service is for (the parent, also when a proxy brings the papers). */
  recipient: { fullName: string; phone?: string };
  representative: { fullName: string; phone?: string } | null;
};

export type RefusalToAcceptFormData = {
  office: FormOffice;
  service: BiText;
  /**
   * Which act lists the documents: the service standard (seed 000, the preschool queue) or, for a
   * service under rules with "requirements" (seed 003), those requirements (Annex 3's wording).
   */
  listedIn: 'standard' | 'requirements';
  at: FormDateTime;
  /** Exactly the required documents that were not presented. */
  missing: BiText[];
  applicant: { fullName: string; iin?: string; phone?: string };
  worker: string;
};

export type NotificationFormData = {
  office: FormOffice;
  service: BiText;
  parentName: string;
  child: { fullName: string; sex?: 'male' | 'female' };
  journalNo: string;
  /** Day the child was entered in the registration journal. */
  registeredOn: string;
  /**
   * The position as last known and the day it was known; omitted when unknown. `age`: the district
   * numbers each age apart (server/queue), so its position names the age; without it the office's own queue.
   */
  queuePosition: { position: number; asOf: string; age?: number } | null;
  issuedOn: string;
  specialistName: string;
};

export type ReferralFormData = {
  office: FormOffice;
  service: BiText;
  referralNo: string;
  kindergarten: { number: string; name: BiText; address: BiText };
  ageGroup?: BiText;
  child: { fullName: string; birthDate: string; homeAddress: string };
  issuedOn: string;
  validUntil: string;
  validityDays: number;
  headName: string;
};

export type RefusalFormData = {
  office: FormOffice;
  service: BiText;
  journalNo: string;
  applicationDate: string;
  applicant: { fullName: string; address: string };
  /** Absent for services about the applicant (teacher attestation, duplicates of one's own certificate). */
  child?: { fullName: string; birthDate: string };
  ground: BiText;
  /** The executor's own words, printed as typed. */
  reason: string;
  executorName?: string;
  headName: string;
  issuedOn: string;
  /** Set when the refusal follows a hearing on a preliminary decision (seed 003 Annex 11 §10). */
  hearing?: { heldOn: string; recordNo?: string };
  /** Working days to answer a complaint at the provider and at the quality-control authority (seed 003 §14: 5 and 15). */
  complaintDays: { provider: number; authority: number };
};

/** A person's block on an application: name and IIN as typed, proxy details as they should print. */
export type FormApplicant = {
  fullName: string;
  iin: string;
  address: string;
  phone: string;
  proxy?: { principalName: string; powerOfAttorney: BiText };
};

export type FormChild = { fullName: string; birthDate: string; iin?: string };

/** The application a paper refers to, by journal number and office-local date. */
export type FormApplicationRef = { journalNo: string; date: string };

/** A signature line: the signer's title (both languages) and name. */
export type FormSigner = { title: BiText; name: string };

export type CampApplicationFormData = {
  office: FormOffice;
  service: BiText;
  journalNo?: string;
  acceptedOn: string;
  applicant: FormApplicant;
  child: FormChild & { iin: string };
  school: { number: string; classLetter: string; schoolYear: string };
  status: { category: BiText; proof: BiText; document?: string } | null;
  consent: boolean;
};

export type CampReferralFormData = {
  office: FormOffice;
  service: BiText;
  referralNo: string;
  issuedOn: string;
  application?: FormApplicationRef;
  parentName?: string;
  child: FormChild;
  school: { number: string; classLetter: string; schoolYear?: string };
  category?: BiText;
  camp: { name: BiText; address?: BiText; kind?: 'outOfTown' | 'school' };
  season?: BiText;
  period?: { from: string; to: string };
  validUntil?: string;
  headName: string;
};

export type CampRefusalToAcceptFormData = {
  office: FormOffice;
  service: BiText;
  at: FormDateTime;
  /** Who refuses: a State Corporation department (as in Annex 3) or the provider's office. */
  issuer:
    | { kind: 'stateCorporation'; branchNo: string; address: BiText }
    | { kind: 'provider'; body: BiText; address: BiText };
  missing: BiText[];
  applicantName: string;
  worker: string;
  executor: string;
};

export type PreliminaryRefusalNoticeFormData = {
  office: FormOffice;
  service: BiText;
  noticeNo?: string;
  issuedOn: string;
  application: FormApplicationRef;
  applicant: { fullName: string; address: string };
  child?: { fullName: string; birthDate?: string };
  grounds: BiText[];
  reason: string;
  hearing: { at: FormDateTime; place: BiText };
  /** Working days the applicant has to object after receiving the notice (АӘПК art. 73). */
  objectionWorkingDays: number;
  /** Working days within which the result or reasoned refusal follows the hearing. */
  resultWorkingDays: number;
  /** Name of the positive result ("camp referral") for the sentence on what follows the hearing. */
  result: BiText;
  termEndsOn?: string;
  executorName?: string;
  headName: string;
};

export type HearingRecordFormData = {
  office: FormOffice;
  service: BiText;
  recordNo?: string;
  date: string;
  startTime: string;
  endTime?: string;
  place: BiText;
  application: FormApplicationRef;
  notice?: { noticeNo?: string; issuedOn: string };
  chair: { name: string; position?: BiText };
  secretary?: { name: string; position?: BiText };
  applicant: { fullName: string; present: boolean; representative?: string };
  others: Array<{ name: string; role: BiText }>;
  grounds: BiText[];
  statements: Array<{ who: string; text: string }>;
  applicantPosition?: string;
  documentsSubmitted: string[];
  outcome: 'grant' | 'refuse';
  outcomeNote?: string;
  result: BiText;
  resultWorkingDays: number;
};

export type GuardianshipCertificateFormData = {
  office: FormOffice;
  service: BiText;
  /** The catalog's name of the result, printed under the title. */
  resultName: BiText;
  certificateNo: string;
  issuedAt: FormDateTime;
  presentTo?: BiText;
  guardian: { fullName: string; iin?: string; address?: string };
  role?: 'guardianship' | 'trusteeship';
  children: FormChild[];
  decision: { body: BiText; number: string; date: string };
  headName: string;
};

export type GenericApplicationFormData = {
  office: FormOffice;
  service: BiText;
  journalNo?: string;
  acceptedOn: string;
  applicant: FormApplicant;
  child?: FormChild;
  request?: string;
  /** The entry's extra application fields with their values, in catalog order. */
  fields: Array<{ name: BiText; value: string }>;
  documents: BiText[];
  consent: boolean;
};

export type GenericResultFormData = {
  office: FormOffice;
  service: BiText;
  kind: ServiceResultKind;
  resultName: BiText;
  documentNo: string;
  issuedOn: string;
  application?: FormApplicationRef;
  recipient: { fullName: string; address?: string };
  child?: FormChild;
  /** Paragraphs of the executor's text, printed as typed. */
  body: string[];
  validUntil?: string;
  executorName?: string;
  signatures: FormSigner[];
};

export type ComplaintTicketFormData = {
  office: FormOffice;
  service?: BiText;
  incomingNo: string;
  acceptedAt: FormDateTime;
  receiverName: string;
  complainant: { fullName: string; address?: string; phone?: string };
  subject: string;
  against?: string;
  /** Working days to answer at the provider, and at the quality-control authority (seed 003 §14). */
  answerWorkingDays: number;
  authorityWorkingDays: number;
  answerBy?: string;
  answerPlace?: BiText;
};

export type TechnicalProblemProtocolFormData = {
  office: FormOffice;
  service?: BiText;
  protocolNo: string;
  drawnAt: FormDateTime;
  system: BiText;
  failure: string;
  since: FormDateTime;
  detectedBy: string;
  notifiedAt?: FormDateTime;
  affected: string[];
  measures?: string;
  restoredAt?: FormDateTime;
  recordedBy: { name: string; position?: BiText };
  signer: FormSigner;
};

/** Result kinds of the catalog (ResultSchema.kind), repeated so types.ts stays free of zod. */
export type ServiceResultKind =
  | 'referral'
  | 'notification'
  | 'certificate'
  | 'conclusion'
  | 'order'
  | 'decision'
  | 'duplicate'
  | 'permission'
  | 'recommendation'
  | 'refusal'
  | 'admission'
  | 'registration'
  | 'other';

export type FormDataMap = {
  application: ApplicationFormData;
  receipt: ReceiptFormData;
  refusalToAccept: RefusalToAcceptFormData;
  notification: NotificationFormData;
  referral: ReferralFormData;
  refusal: RefusalFormData;
  'camp-application': CampApplicationFormData;
  'camp-referral': CampReferralFormData;
  'camp-refusal-to-accept': CampRefusalToAcceptFormData;
  'preliminary-refusal-notice': PreliminaryRefusalNoticeFormData;
  'hearing-record': HearingRecordFormData;
  'guardianship-certificate': GuardianshipCertificateFormData;
  'generic-application': GenericApplicationFormData;
  'generic-result': GenericResultFormData;
  'complaint-ticket': ComplaintTicketFormData;
  'technical-problem-protocol': TechnicalProblemProtocolFormData;
};

// The subset of pdfmake's document definition we emit. Kept here, not imported
// from pdfmake, because shared/ must not depend on it.
export type PdfInline = string | ({ text: string | PdfInline[] } & PdfTextStyle);
export type PdfTextStyle = {
  style?: string | string[];
  bold?: boolean;
  italics?: boolean;
  fontSize?: number;
  alignment?: 'left' | 'right' | 'center' | 'justify';
  margin?: number | [number, number] | [number, number, number, number];
  decoration?: 'underline';
  lineHeight?: number;
  preserveLeadingSpaces?: boolean;
};
export type PdfContent =
  | string
  | ({ text: string | PdfInline[] } & PdfTextStyle & { pageBreak?: 'before' | 'after' })
  | ({ stack: PdfContent[] } & PdfTextStyle & { pageBreak?: 'before' | 'after'; unbreakable?: boolean })
  | ({ columns: Array<Exclude<PdfContent, string> & { width?: number | string }>; columnGap?: number } & PdfTextStyle)
  | ({ ol: PdfContent[]; type?: 'decimal' } & PdfTextStyle)
  | ({
      table: { widths?: Array<number | string>; body: PdfContent[][]; headerRows?: number; dontBreakRows?: boolean };
      layout?: string;
    } & PdfTextStyle)
  /** An SVG picture (a report's chart), scaled to the width and height given. */
  | ({ svg: string; width?: number; height?: number } & PdfTextStyle);

export type DocDefinition = {
  pageSize: 'A4';
  /** Forms are portrait; wide lists (the district queue) landscape. */
  pageOrientation: 'portrait' | 'landscape';
  /** [left, top, right, bottom] in points. */
  pageMargins: [number, number, number, number];
  /** PDF /Lang, read aloud by screen readers. */
  language: string;
  /**
   * creationDate: set by documents that must print byte for byte the same twice (a report of a
   * closed period); pdfkit stamps the time of rendering otherwise, and derives the file id from it.
   */
  info: { title: string; subject: string; creator: string; creationDate?: Date };
  defaultStyle: { font: string; fontSize: number; lineHeight: number };
  styles: Record<string, PdfTextStyle>;
  content: PdfContent[];
  /**
   * "n / m" at the foot of each page when the paper runs over one page (issue #15, F-25). A
   * flag, not pdfmake's footer function, so the definition stays plain data: forPdfmake makes
   * the footer when a renderer takes the definition.
   */
  pageNumbers?: boolean;
};
