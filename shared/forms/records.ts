/** Small conversions from records and catalog entries to printable text, shared by every form's data. */
import type { BiText } from '../model/common';
import type { Applicant } from '../model/application';
import type { ServiceEntry } from '../catalog/schema';
import { formatTableDate } from '../format/dates';
import { fullName } from '../text/normalize';
import type { PersonNameInput, TextInput } from './inputs';

/** A text that reads the same in both languages (a code, a name as typed). */
export const same = (s: string): BiText => ({ kk: s, ru: s });

export const bi = (t: TextInput): BiText => (typeof t === 'string' ? same(t) : t);

type Person = { lastName?: string; firstName?: string; middleName?: string };
export const nameOf = (p: Person | undefined) =>
  p?.lastName && p.firstName
    ? fullName({ lastName: p.lastName, firstName: p.firstName, middleName: p.middleName })
    : '';

export const personName = (p: PersonNameInput): string => (typeof p === 'string' ? p.trim() : nameOf(p));

/** Catalog order first (as the checklist shows them), then any codes the catalog no longer knows. */
export function documentNames(entry: ServiceEntry, codes: string[]): BiText[] {
  const known = entry.documents.filter((d) => codes.includes(d.code)).map((d) => d.name);
  const unknown = codes.filter((c) => !entry.documents.some((d) => d.code === c)).map(same);
  return [...known, ...unknown];
}

/**
 * A power of attorney as every paper and the application page write it:
 * "№ 1-234, 10.01.2025, Нотариус …". The date in the table style the
 * preschool application (Appendix 6) already used, so one applicant's power of
 * attorney reads the same on every form; a date not stored as YYYY-MM-DD (an
 * old record) prints as it was typed.
 */
export function powerOfAttorneyText(poa: Applicant['powerOfAttorney']): string {
  if (!poa) return '';
  const date = poa.date && /^\d{4}-\d{2}-\d{2}$/.test(poa.date) ? formatTableDate(poa.date) : poa.date;
  return [poa.number ? `№ ${poa.number}` : '', date ?? '', poa.notary ?? ''].filter(Boolean).join(', ');
}
