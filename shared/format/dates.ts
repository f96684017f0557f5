/**
 * Dates as official papers write them: «15» қаңтар 2025 ж. / «15» января 2025 г.,
 * and DD.MM.YYYY in tables. Written by hand on purpose: ICU gives Kazakh a
 * two-digit year and a different month form in some runtimes.
 */
import kk from '../../locales/kk/dates.json';
import ru from '../../locales/ru/dates.json';
import { kkCase } from '../text/kkCase';
import { KZ_UTC_OFFSET_MINUTES, localParts } from '../time';

import type { Lang } from '../model/common';
const DICT = { kk, ru } as const;

const parts = (date: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { y: m[1], m: +m[2], d: m[3] };
};

/** «15» қаңтар 2025 ж. */
export function formatOfficialDate(date: string, lang: Lang): string {
  const { y, m, d } = parts(date);
  const t = DICT[lang];
  return t.officialPattern
    .replace('{{day}}', d)
    .replace('{{month}}', t.months[m - 1])
    .replace('{{year}}', y)
    .replace('{{suffix}}', t.yearSuffix);
}

/** How a Kazakh date stands in a sentence: alone, "…-ға дейін", "…-нан бастап", "…-да", "…-дағы № …". */
export type KkDateForm = 'plain' | 'dative' | 'ablative' | 'locative' | 'locativeAttr';

const KK_DATE_FORMS: readonly KkDateForm[] = ['plain', 'dative', 'ablative', 'locative', 'locativeAttr'];

/**
 * A date inside a Kazakh sentence, as official Kazakh writes it (issue #15,
 * F-02): "2025 жылғы 16 наурыз", "2025 жылғы 16 наурызға (дейін)", "2025
 * жылғы 5 маусымнан (бастап)", "2025 жылғы 7 наурызда", "2025 жылғы 7
 * наурыздағы (№ … өтінішіңіз)". The «16» наурыз 2025 ж. style of
 * formatOfficialDate is for a date that stands alone (Күні, берілді).
 */
export function formatKkDate(date: string, form: KkDateForm): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (!m || !Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== date)
    throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  if (!KK_DATE_FORMS.includes(form)) throw new RangeError(`not a Kazakh date form: ${String(form)}`);
  const month = kk.months[+m[2] - 1];
  return `${m[1]} ${kk.yearAttr} ${+m[3]} ${form === 'plain' ? month : kkCase(month, form)}`;
}

/** 15.01.2025 */
export function formatTableDate(date: string): string {
  const { y, m, d } = parts(date);
  return `${d}.${String(m).padStart(2, '0')}.${y}`;
}

/** 15.01.2025 14:30, in office-local time. */
export function formatTableDateTime(instant: string, offsetMinutes = KZ_UTC_OFFSET_MINUTES): string {
  const p = localParts(instant, offsetMinutes);
  return `${formatTableDate(p.date)} ${p.time}`;
}

/** «15» қаңтар 2025 ж., 14:30 — for receipts that name a time. */
export function formatOfficialDateTime(instant: string, lang: Lang, offsetMinutes = KZ_UTC_OFFSET_MINUTES): string {
  const p = localParts(instant, offsetMinutes);
  return `${formatOfficialDate(p.date, lang)} ${p.time}`;
}

/** Parses DD.MM.YYYY typed by a person into YYYY-MM-DD, or null. */
export function parseTableDate(value: string): string | null {
  const m = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(value);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === iso ? iso : null;
}
