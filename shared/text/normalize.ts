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

/**
 * Latin spellings of a letter in more than one Latin letter, read before the
 * single letters: passport (ICAO) and Russian-style transliteration (zh, kh,
 * sh, ch, shch; ye for е as in Yerlan, Aliyeva), and the 2018 Kazakh Latin
 * alphabet (sh, ch).
 */
const LATIN_DIGRAPHS: Record<string, string> = { shch: 'щ', sh: 'ш', ch: 'ч', zh: 'ж', kh: 'х', ye: 'е' };
const LATIN_DIGRAPH = /shch|sh|ch|zh|kh|ye/g;

/**
 * Every letter to its key, Cyrillic and Latin alike, in plain Latin letters.
 * Kazakh letters become their Russian-layout twins first (ә as а, і as и, ұ
 * and ү as у, қ as к, ғ as г, ң as н, ө as о, һ as х), as Russian papers and
 * Russian keyboards write them; then Cyrillic is written as Kazakh passports
 * transliterate it (ж zh, х kh, ш sh, ц ts, ю iu, я ia). Latin letters of
 * the Kazakh Latin alphabets (2018: á ǵ ń ó ú ý ı, j for ж, q for қ, h for
 * х; 2021: ä ğ ñ ö ü ū ş ç ı) meet their Cyrillic letters. The vowels the
 * scripts disagree on are one key: и, й, і, ы and Latin i, ı, y are "i"
 * (ICAO writes ы and й as y, 2018 writes и as ı and ы as y, 2021 ы as ı). A
 * letter a key lacks (a foreign one) stays as it is.
 */
const LETTER_KEY: Record<string, string> = {
  а: 'a',
  ә: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ғ: 'g',
  д: 'd',
  е: 'e',
  э: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  і: 'i',
  ы: 'i',
  к: 'k',
  қ: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  ң: 'n',
  о: 'o',
  ө: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ұ: 'u',
  ү: 'u',
  ф: 'f',
  х: 'kh',
  һ: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ь: '',
  ю: 'iu',
  я: 'ia',
  á: 'a',
  ä: 'a',
  ə: 'a',
  c: 'k',
  ç: 'ch',
  é: 'e',
  ǵ: 'g',
  ğ: 'g',
  h: 'kh',
  ı: 'i',
  y: 'i',
  j: 'zh',
  ń: 'n',
  ñ: 'n',
  ó: 'o',
  ö: 'o',
  q: 'k',
  ş: 'sh',
  ú: 'u',
  ü: 'u',
  ū: 'u',
  ý: 'u',
  w: 'v',
  x: 'ks',
};

/** One word's key: Latin digraphs read as their letters, each letter keyed, doubled letters once (Жаннат, Zhanat). */
function foldWord(word: string): string {
  return [...word.replace(LATIN_DIGRAPH, (d) => LATIN_DIGRAPHS[d])]
    .map((c) => LETTER_KEY[c] ?? c)
    .join('')
    .replace(/(.)\1+/g, '$1');
}

/**
 * The key two spellings of one name share (issue #14: possible duplicates;
 * issue #16: search that forgives the keyboard): searchFold, then each word
 * folded to plain Latin letters, so that Сейітов, Сеитов, Seitov and Seiitov,
 * or Әлихан, Алихан, Alikhan and Álıhan, are one key. Words stay apart. The
 * fold works letter by letter (a digraph only where the Latin spelling writes
 * one), so a prefix of a word folds to a prefix of the word's key: "Али"
 * still finds Алиева, "Alik" Әлихан, "Z" Жанар. Loose on purpose: names a
 * Russian layout writes alike are one (Сейтов and Сейітов); names that
 * differ in a letter stay apart (Дана, Дина).
 */
export function looseFold(value: string): string {
  return searchFold(value).split(' ').map(foldWord).filter(Boolean).join(' ');
}

/**
 * The loose search tokens of a name (issue #16): each word of nameTokens
 * folded by looseFold, so the desk's blind name index and its query fold
 * alike (a prefix of a word folds to a prefix of its key).
 */
export function looseNameTokens(...parts: Array<string | undefined>): string[] {
  const keys = nameTokens(...parts).map(foldWord);
  return [...new Set(keys.filter(Boolean))];
}

/** The sex marker of a patronymic (Kazakh ұлы/қызы, Russian -ович/-евич/-овна/-евна/-ич/-ична), as keyed. */
const PATRONYMIC_ENDING = /(ovich|evich|ovna|evna|ichna|ich|uli|kizi)$/;

/**
 * Whose child a patronymic says: the father's name, folded (looseFold) and
 * without its ending, so Маратұлы, Маратқызы, Маратович and Maratuly are one
 * father (the child's sex is the first name's and the IIN's to tell). Null
 * without a patronymic.
 */
export function patronymicKey(middleName: string | undefined): string | null {
  const whole = looseFold(middleName ?? '').replace(/ /g, '');
  if (!whole) return null;
  return whole.replace(PATRONYMIC_ENDING, '') || whole;
}

/**
 * The version of the name keys (looseFold, nameBirthKey, patronymicKey): the
 * server stores them with each application and keys its records again, and
 * looks for the pairs the new keys make, once, at its first start after a
 * change (server/store/records.ts rekeyApplications). Raise it with any
 * change of the fold.
 */
export const NAME_KEY_VERSION = 2;

type ChildName = { lastName?: string; firstName?: string; middleName?: string; birthDate?: string };

/**
 * The key two applications share when they may be about one child with two
 * IINs (a typo, a new IIN): last and first name folded loosely, and the birth
 * date. Null without both names and a date. The patronymic is not part of it:
 * it is often missing on one side (Russian papers and Latin passports leave it
 * out, a clerk skips it), and a key must be equal to pair; see sameChildByName.
 */
export function nameBirthKey(p: ChildName): string | null {
  const last = looseFold(p.lastName ?? '');
  const first = looseFold(p.firstName ?? '');
  if (!last || !first || !p.birthDate) return null;
  return `${last} ${first}|${p.birthDate}`;
}

/**
 * Whether two records may be about one child by name: one nameBirthKey, and
 * patronymics that agree where both are given (one missing does not keep
 * them apart; two fathers do). The server's pairing (flagDuplicates) is this
 * rule over the stored name_key and middle_key columns.
 */
export function sameChildByName(a: ChildName, b: ChildName): boolean {
  const key = nameBirthKey(a);
  if (key === null || key !== nameBirthKey(b)) return false;
  const [pa, pb] = [patronymicKey(a.middleName), patronymicKey(b.middleName)];
  return pa === null || pb === null || pa === pb;
}
