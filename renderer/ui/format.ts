/** Display helpers shared by the screens: dates as tables show them, bilingual names, durations. */
import type { TFunction } from 'i18next';
import {
  formatTableDate,
  formatTableDateTime,
  fullName,
  localParts,
  type BiText,
  type Lang,
  type Office,
  type PersonName,
} from '../../shared';

export const bi = (text: BiText | undefined, lang: Lang): string => (text ? text[lang] || text.kk || text.ru : '');

/** DD.MM.YYYY of an ISO date or instant, in office time for instants. */
export function tableDate(value: string | undefined, office?: Pick<Office, 'utcOffsetMinutes'>): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatTableDate(value);
  return formatTableDate(localParts(value, office?.utcOffsetMinutes ?? 300).date);
}

export function tableDateTime(instant: string | undefined, office?: Pick<Office, 'utcOffsetMinutes'>): string {
  return instant ? formatTableDateTime(instant, office?.utcOffsetMinutes ?? 300) : '';
}

export const personName = (p: PersonName | undefined): string => (p ? fullName(p) : '');

export const nowIso = (): string => new Date().toISOString();

export function todayLocal(office?: Pick<Office, 'utcOffsetMinutes'>): string {
  return localParts(nowIso(), office?.utcOffsetMinutes ?? 300).date;
}

export function durationLabel(
  t: TFunction,
  d: { unit: 'minutes' | 'workingDays' | 'calendarDays'; value: number },
): string {
  return t(`ui:units.${d.unit}`, { count: d.value });
}

/** Spaces in an IIN the way it is read aloud: 6 + 6. */
export const iinDisplay = (iin: string): string => (iin.length === 12 ? `${iin.slice(0, 6)} ${iin.slice(6)}` : iin);

/**
 * An age group as a clerk reads it: "Кіші топ (3 жас)" was printed as
 * "Кіші топ (3 жас) (3–3 жас)". The ages are added only when the name does not
 * already say them, and a single age is not written as a range (#16 item 10).
 */
export function ageGroupLabel(
  t: (k: string, o?: Record<string, unknown>) => string,
  name: string,
  minAge: number,
  maxAge: number,
): string {
  if (/\d\s*(жас|лет|год)/i.test(name)) return name;
  const ages = minAge === maxAge ? t('kg.age', { count: minAge }) : t('kg.ages', { min: minAge, max: maxAge });
  return `${name} (${ages})`;
}
