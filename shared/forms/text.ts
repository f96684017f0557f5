/**
 * Form wording lives in locales/{kk,ru}/forms.json so translators and the
 * district edit words, not code. Builders fill {{placeholders}} themselves:
 * shared/ cannot depend on i18next, and a missing value must print as a blank
 * line to fill by hand, never as "{{name}}" or "undefined".
 */
import kk from '../../locales/kk/forms.json';
import ruJson from '../../locales/ru/forms.json';
import type { BiText, Lang } from '../model/common';
import type { PdfInline } from './types';

export type FormsDict = typeof kk;
// Assigning through the Kazakh type makes tsc fail when the Russian file lacks a key.
const ru: FormsDict = ruJson;
const DICT: Record<Lang, FormsDict> = { kk, ru };

export const dict = (lang: Lang): FormsDict => DICT[lang];

/** A blank the size of a handwritten field. */
export const BLANK = '____________________';

export const pick = (text: BiText, lang: Lang): string => text[lang];

type Value = string | number | PdfInline | null | undefined;
const isEmpty = (v: Value) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Fills a template into plain text; empty values become blanks. */
export function fill(template: string, params: Record<string, Value> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const v = params[key];
    if (isEmpty(v)) return BLANK;
    if (typeof v === 'object') throw new TypeError(`inline value for ${key} in a plain-text template`);
    return String(v);
  });
}

/** Fills a template into pdfmake inlines, so a value may carry its own style (captions). */
export function fillInline(template: string, params: Record<string, Value> = {}): PdfInline[] {
  const out: PdfInline[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{\{(\w+)\}\}/g)) {
    if (m.index > last) out.push(template.slice(last, m.index));
    const v = params[m[1]];
    out.push(isEmpty(v) ? BLANK : typeof v === 'object' ? (v as PdfInline) : String(v));
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}

/** Russian "в течение 1 дня / 5 дней"; Kazakh does not inflect after numbers. */
export function plural<T>(forms: { one: T; other: T }, n: number, lang: Lang): T {
  return new Intl.PluralRules(lang === 'ru' ? 'ru' : 'kk').select(n) === 'one' ? forms.one : forms.other;
}
