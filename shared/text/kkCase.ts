/**
 * Kazakh case endings by the two rules that decide them, so no word (a month,
 * a person's last name, an office's name) needs its forms typed by hand:
 * vowel harmony picks the vowel (the last vowel of the word, back а о ұ ы я or
 * front ә ө ү і е э; у and и take either, so they are looked past), and the
 * last sound of the word picks the consonant:
 *
 * | case          | after a vowel | after р л й у и | after м н ң | after з ж | after a voiceless sound (and б в г д) |
 * | dative        | ға/ге         | ға/ге           | ға/ге       | ға/ге     | қа/ке                                  |
 * | ablative      | дан/ден       | дан/ден         | нан/нен     | дан/ден   | тан/тен                                |
 * | locative      | да/де         | да/де           | да/де       | да/де     | та/те                                  |
 * | genitive      | ның/нің       | дың/дің         | дың/дің     | дың/дің   | тың/тің                                |
 *
 * The attributive locative (-дағы/-дегі: "7 наурыздағы № …") adds ғы/гі to the
 * locative. Only the last word of a phrase takes the ending.
 */
export type KkCase = 'dative' | 'ablative' | 'locative' | 'locativeAttr' | 'genitive';

const BACK_VOWELS = 'аоұыя';
const FRONT_VOWELS = 'әөүіеэ';
const VOWELS = 'аәоөұүыіеэяюё';
/** Word-final letters after which a suffix starts with a voiceless consonant; б в г д are devoiced at the end of a word. */
const VOICELESS = 'кқпстшщфхцчһбвгд';
const NASALS = 'мнң';

function isFront(word: string): boolean {
  for (let i = word.length - 1; i >= 0; i--) {
    if (FRONT_VOWELS.includes(word[i])) return true;
    if (BACK_VOWELS.includes(word[i])) return false;
  }
  return false;
}

/** `word` (or the last word of a phrase) with the Kazakh ending of `form`. */
export function kkCase(word: string, form: KkCase): string {
  const trimmed = word.trimEnd();
  const lower = trimmed.toLowerCase();
  const last = lower[lower.length - 1] ?? '';
  const v = (back: string, front: string) => (isFront(lower) ? front : back);
  const voiceless = VOICELESS.includes(last);
  switch (form) {
    case 'dative':
      return trimmed + (voiceless ? v('қа', 'ке') : v('ға', 'ге'));
    case 'ablative':
      return trimmed + (voiceless ? v('тан', 'тен') : NASALS.includes(last) ? v('нан', 'нен') : v('дан', 'ден'));
    case 'locative':
      return trimmed + (voiceless ? v('та', 'те') : v('да', 'де'));
    case 'locativeAttr':
      return trimmed + (voiceless ? v('та', 'те') : v('да', 'де')) + v('ғы', 'гі');
    case 'genitive':
      return trimmed + (voiceless ? v('тың', 'тің') : VOWELS.includes(last) ? v('ның', 'нің') : v('дың', 'дің'));
  }
}
