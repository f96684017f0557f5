/**
 * Kazakh text that survives keyboards. Offices type on Russian layouts with
 * Kazakh letters bolted on, so Latin look-alikes slip into Cyrillic words
 * (Latin ə for ә, Latin i for і, Latin o/a/e/c for their Cyrillic twins).
 * Stored names are normalised once at input; search keys fold further.
 */
const SCHWA: Record<string, string> = { '\u0259': '\u04d9', '\u018f': '\u04d8' };
// Latin -> Cyrillic look-alikes, applied only inside words that already hold Cyrillic.
const LOOKALIKE: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  i: 'і',
  h: 'һ',
  k: 'к',
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
  I: 'І',
  // Latin letters people use for Kazakh ones when the layout lacks them.
  ö: 'ө',
  Ö: 'Ө',
  ü: 'ү',
  Ü: 'Ү',
  ğ: 'ғ',
  Ğ: 'Ғ',
  ñ: 'ң',
  Ñ: 'Ң',
};
const CYR = /[\u0400-\u04ff]/;

export function normalizeText(value: string): string {
  // Only words that already hold Cyrillic are touched: a Latin-script name stays as typed.
  return (value ?? '')
    .normalize('NFC')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .replace(/[^\s-]+/g, (word) =>
      CYR.test(word) ? word.replace(/[A-Za-z\u0259\u018föÖüÜğĞñÑ]/g, (c) => SCHWA[c] ?? LOOKALIKE[c] ?? c) : word,
    );
}

/** Case-folded key for search: normalised, lower case, ё folded to е, punctuation dropped. */
export function searchFold(value: string): string {
  return normalizeText(value)
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Search tokens of a name: each word folded, so a prefix of any word finds the person. */
export function nameTokens(...parts: Array<string | undefined>): string[] {
  const out = new Set<string>();
  for (const p of parts) for (const t of searchFold(p ?? '').split(' ')) if (t) out.add(t);
  return [...out];
}

export type PersonName = { lastName: string; firstName: string; middleName?: string };
export const fullName = (n: PersonName) => [n.lastName, n.firstName, n.middleName].filter(Boolean).join(' ');

/** Kazakh letters to the Russian letters they are written with on a Russian layout or in Russian papers. */
const KAZAKH_TO_RUSSIAN: Record<string, string> = {
  ә: 'а',
  і: 'и',
  ұ: 'у',
  ү: 'у',
  қ: 'к',
  ғ: 'г',
  ң: 'н',
  ө: 'о',
  һ: 'х',
};

/**
 * A looser key than searchFold, for telling whether two records may name one
 * person: searchFold, then each Kazakh letter folded to its Russian twin
 * (Әбілқасымова and Абилкасымова alike). Latin look-alikes inside Cyrillic
 * words are Cyrillic already (normalizeText).
 */
export function looseFold(value: string): string {
  return searchFold(value).replace(/[әіұүқғңөһ]/g, (c) => KAZAKH_TO_RUSSIAN[c]);
}

/**
 * The key two applications share when they may be about one child with two
 * IINs (a typo, a new IIN): last and first name folded loosely, and the birth
 * date. Null without both names and a date.
 */
export function nameBirthKey(p: { lastName?: string; firstName?: string; birthDate?: string }): string | null {
  const last = looseFold(p.lastName ?? '');
  const first = looseFold(p.firstName ?? '');
  if (!last || !first || !p.birthDate) return null;
  return `${last} ${first}|${p.birthDate}`;
}
