/** Small conversions from records and catalog entries to printable text, shared by every form's data. */
import type { Applicant } from '../model/application';
import type { ServiceEntry } from '../catalog/schema';
import { formatKkDate, formatOfficialDate, formatTableDate } from '../format/dates';
import type { BiText, Lang } from '../model/common';
import { BLANK, dict, fill } from './text';
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
 * A power of attorney as the application page lists it: "№ 1-234,
 * 10.01.2025, Нотариус …" (a table's style; papers word it in a sentence:
 * powerOfAttorneyWords). A date not stored as YYYY-MM-DD (an old record)
 * shows as it was typed.
 */
export function powerOfAttorneyText(poa: Applicant['powerOfAttorney']): string {
  if (!poa) return '';
  const date = poa.date && /^\d{4}-\d{2}-\d{2}$/.test(poa.date) ? formatTableDate(poa.date) : poa.date;
  return [poa.number ? `№ ${poa.number}` : '', date ?? '', poa.notary ?? ''].filter(Boolean).join(', ');
}

/**
 * A power of attorney as every paper words it inside the proxy's line (issue
 * #15, F-28), the same on every form of one applicant: "нотариус … куәландырған
 * 2025 жылғы 10 қаңтардағы № 1-234 сенімхат" / "от «10» января 2025 г. № 1-234,
 * удостоверенной: нотариус …". What was not recorded prints as a blank to fill by hand.
 */
export function powerOfAttorneyWords(poa: Applicant['powerOfAttorney']): BiText {
  const iso = poa?.date && /^\d{4}-\d{2}-\d{2}$/.test(poa.date) ? poa.date : undefined;
  const words = (lang: Lang): string => {
    const t = dict(lang).common.powerOfAttorney;
    if (!poa?.date?.trim() && !poa?.number?.trim()) return lang === 'kk' ? `${BLANK} сенімхат` : BLANK;
    const date = iso ? (lang === 'kk' ? formatKkDate(iso, 'locativeAttr') : formatOfficialDate(iso, lang)) : poa.date;
    const notary = poa.notary?.trim();
    return fill(notary ? t.full : t.noNotary, { date, no: poa.number?.trim() ? `№ ${poa.number.trim()}` : '', notary });
  };
  return { kk: words('kk'), ru: words('ru') };
}
