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
    proxy?: { principalName: string; powerOfAttorney: string };
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
  /** District-wide position as last known, and the day it was known; omitted when unknown. */
  queuePosition: { position: number; asOf: string } | null;
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
  child: { fullName: string; birthDate: string };
  ground: BiText;
  /** The executor's own words, printed as typed. */
  reason: string;
  executorName?: string;
  headName: string;
  issuedOn: string;
};

export type FormDataMap = {
  application: ApplicationFormData;
  receipt: ReceiptFormData;
  refusalToAccept: RefusalToAcceptFormData;
  notification: NotificationFormData;
  referral: ReferralFormData;
  refusal: RefusalFormData;
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
  | ({ table: { widths?: Array<number | string>; body: PdfContent[][]; headerRows?: number }; layout?: string } & PdfTextStyle);

export type DocDefinition = {
  pageSize: 'A4';
  pageOrientation: 'portrait';
  /** [left, top, right, bottom] in points. */
  pageMargins: [number, number, number, number];
  /** PDF /Lang, read aloud by screen readers. */
  language: string;
  info: { title: string; subject: string; creator: string };
  defaultStyle: { font: string; fontSize: number; lineHeight: number };
  styles: Record<string, PdfTextStyle>;
  content: PdfContent[];
};
