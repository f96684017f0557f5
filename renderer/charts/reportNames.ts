/** How report views name things: offices by id and services by code (as charts and tables label them), files, the language. */
import type { BiText, Lang, NameOf, ReportContext } from '../../shared';

export function namesOf(ctx: ReportContext | undefined | null): { office: NameOf; service: NameOf } {
  const offices = new Map<string, BiText>((ctx?.offices ?? []).map((o) => [o.id, o.name]));
  const services = new Map<string, BiText>((ctx?.services ?? []).map((s) => [s.code, s.name]));
  return { office: (id) => offices.get(id), service: (code) => services.get(code) };
}

export const langOf = (language: string): Lang => (language === 'ru' ? 'ru' : 'kk');

/** A file name with the period and language, never a person's name. */
export const fileName = (what: string, period: string, lang: Lang, ext: string) => `${what}-${period}-${lang}.${ext}`;
