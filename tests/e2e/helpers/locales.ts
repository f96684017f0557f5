/**
 * The app's own wording, read from locales/, so a spec asserts "the translated
 * message for this code" rather than a copy that drifts. Missing keys throw:
 * a spec must never compare against a key name by accident.
 */
import kkUi from '../../../locales/kk/ui.json';
import ruUi from '../../../locales/ru/ui.json';
import kkErrors from '../../../locales/kk/errors.json';
import ruErrors from '../../../locales/ru/errors.json';
import kkForms from '../../../locales/kk/forms.json';
import ruForms from '../../../locales/ru/forms.json';

export type Lang = 'kk' | 'ru';
const FILES = {
  ui: { kk: kkUi, ru: ruUi },
  errors: { kk: kkErrors, ru: ruErrors },
  forms: { kk: kkForms, ru: ruForms },
} as const;

function lookup(tree: unknown, key: string): string {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !(part in node)) throw new Error(`no locale key ${key}`);
    node = (node as Record<string, unknown>)[part];
  }
  if (typeof node !== 'string') throw new Error(`locale key ${key} is not a string`);
  return node;
}

const fill = (s: string, params: Record<string, string | number>) =>
  s.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in params ? String(params[k]) : m));

export const ui = (lang: Lang, key: string, params: Record<string, string | number> = {}) =>
  fill(lookup(FILES.ui[lang], key), params);
export const err = (lang: Lang, key: string, params: Record<string, string | number> = {}) =>
  fill(lookup(FILES.errors[lang], key), params);
export const form = (lang: Lang, key: string, params: Record<string, string | number> = {}) =>
  fill(lookup(FILES.forms[lang], key), params);
