import { describe, expect, it } from 'vitest';
import {
  fullName,
  looseFold,
  nameBirthKey,
  nameTokens,
  normalizeText,
  patronymicKey,
  sameChildByName,
  searchFold,
} from '../../shared/text/normalize';
import { DEMO_CHILDREN, DEMO_PARENTS } from '../../renderer/services/demo-data';

// Written with escapes so an editor cannot "fix" the look-alikes: U+0259 Latin ə, U+0069 Latin i.
const LATIN_SCHWA = '\u0259';
const LATIN_CAP_SCHWA = '\u018f';
const KAZ_SCHWA = '\u04d9';
const KAZ_I = '\u0456';

describe('normalizeText', () => {
  it('turns Latin ə into Kazakh ә, lower and upper case', () => {
    expect(normalizeText(`${LATIN_SCHWA}лия`)).toBe(`${KAZ_SCHWA}лия`);
    expect(normalizeText(`${LATIN_CAP_SCHWA}лия`)).toBe('Әлия');
    expect(normalizeText(`Б${LATIN_SCHWA}йтерек`)).toBe('Бәйтерек');
  });

  it('turns Latin i inside Cyrillic words into Kazakh і', () => {
    const typed = 'бiлiм'; // Latin i twice
    expect(typed).not.toBe('білім');
    expect(normalizeText(typed)).toBe(`б${KAZ_I}л${KAZ_I}м`);
    expect(normalizeText('Сейiтова')).toBe('Сейітова');
    expect(normalizeText('Iзбасар')).toBe('Ізбасар');
  });

  it('turns other Latin look-alikes in Cyrillic words into Cyrillic (Latin a, o, e, c)', () => {
    const typed = 'Aсaнoвa Cәуле'; // Latin A, a, o, a, C
    expect(typed.match(/[A-Za-z]/g)).toEqual(['A', 'a', 'o', 'a', 'C']);
    const got = normalizeText(typed);
    expect(got).toBe('Асанова Сәуле');
    expect(/[A-Za-z]/.test(got)).toBe(false);
  });

  it('leaves pure Latin words untouched, also next to Cyrillic ones', () => {
    expect(normalizeText('Ivanov Alexei')).toBe('Ivanov Alexei');
    expect(normalizeText('ТОО Kazakhtelecom')).toBe('ТОО Kazakhtelecom');
    expect(normalizeText('John-Сәуле')).toBe('John-Сәуле');
  });

  it('keeps every Kazakh letter as it is', () => {
    const all = 'ӘәҒғҚқҢңӨөҰұҮүҺһІі';
    expect(normalizeText(all)).toBe(all);
    expect(searchFold(all)).toBe('әәғғққңңөөұұүүһһіі');
  });

  it('composes decomposed letters (NFC): й typed as и + breve', () => {
    expect(normalizeText('Саи\u0306ран')).toBe('Сайран');
  });

  it('collapses runs of spaces and no-break spaces and trims', () => {
    expect(normalizeText('  Сейітова \u00a0  Айгүл\t ')).toBe('Сейітова Айгүл');
    expect(normalizeText('')).toBe('');
  });
});

describe('searchFold', () => {
  it('is case-insensitive for Kazakh letters', () => {
    expect(searchFold('Әлия')).toBe(searchFold('әлия'));
    expect(searchFold('ӨМІРБЕКОВА ҰЛЖАН')).toBe('өмірбекова ұлжан');
    expect(searchFold('Ғалым Құдайберген')).toBe('ғалым құдайберген');
  });

  it('finds a Latin-typed name with the Cyrillic one', () => {
    expect(searchFold(`${LATIN_SCHWA}лия`)).toBe(searchFold('ӘЛИЯ'));
    expect(searchFold('Сейiтова')).toBe(searchFold('СЕЙІТОВА'));
  });

  it('folds ё to е', () => {
    expect(searchFold('Алёна Фёдорова')).toBe('алена федорова');
    expect(searchFold('АЛЁНА')).toBe('алена');
  });

  it('drops punctuation and splits hyphens', () => {
    expect(searchFold('Қасымова-Әлиева, Д.')).toBe('қасымова әлиева д');
  });
});

describe('nameTokens', () => {
  it('folds each word of each part once, skipping empty parts', () => {
    expect(nameTokens('Қасымова-Әлиева', 'ДӘУЛЕТ', undefined, 'Сәкенұлы')).toEqual([
      'қасымова',
      'әлиева',
      'дәулет',
      'сәкенұлы',
    ]);
    expect(nameTokens('Ахмет', 'Ахмет')).toEqual(['ахмет']);
    expect(nameTokens('', '  ')).toEqual([]);
  });
});

describe('fullName', () => {
  it('joins last, first and middle name, without a middle name when absent', () => {
    expect(fullName({ lastName: 'Сейітова', firstName: 'Айгүл', middleName: 'Маратқызы' })).toBe(
      'Сейітова Айгүл Маратқызы',
    );
    expect(fullName({ lastName: 'Сейітова', firstName: 'Айгүл' })).toBe('Сейітова Айгүл');
  });
});

describe('looseFold: one key for Kazakh, Russian and Latin spellings of a name', () => {
  /** Each row: one name as a Kazakh, a Russian, a passport (ICAO) and a Kazakh Latin (2018 acute, 2021) clerk spells it. */
  const SAME: string[][] = [
    ['Сейітов', 'Сеитов', 'Seitov', 'Seiitov', 'Seytov', 'SEITOV'],
    ['Әлихан', 'Алихан', 'Alikhan', 'Alihan', 'Álıhan', 'ALIKHAN'],
    ['Сейітқызы', 'Сеиткызы', 'Seitkyzy', 'Seıitqyzy', 'Seiitqızı'],
    ['Гүлнұр', 'Гулнур', 'Gulnur', 'Gúlnur', 'Gülnūr'],
    ['Жанар', 'Zhanar', 'Janar'],
    ['Шұғыла', 'Шугыла', 'Shugyla', 'Shuǵyla', 'Şuğıla'],
    ['Нұрлыбек', 'Нурлыбек', 'Nurlybek', 'Nūrlıbek'],
    ['Ерлан', 'Erlan', 'Yerlan'],
    ['Әйгерім', 'Айгерим', 'Aigerim', 'Aygerim', 'Áıgerim', 'Äigerım'],
    ['Өмірзақова', 'Омирзакова', 'Omirzakova', 'Ómirzaqova', 'Ömirzaqova'],
    ['Қуаныш', 'Куаныш', 'Kuanysh', 'Qýanysh', 'Quanyş'],
    ['Ғалым', 'Галым', 'Galym', 'Ǵalym', 'Ğalım'],
    ['Ұлжан', 'Улжан', 'Ulzhan', 'Uljan', 'Ūljan'],
    ['Әлия', 'Алия', 'Aliya', 'Aliia', 'Álııa'],
    ['Һафиза', 'Хафиза', 'Khafiza', 'Hafiza'],
    ['Асель', 'Әсел', 'Assel', 'Asel'],
    ['Ильяс', 'Ilyas', 'Iliyas'],
    ['Алиева', 'Aliyeva', 'Alieva'],
    ['Юлия', 'Yulia', 'Yuliya', 'Iuliia'],
    ['Шамшырақ', 'Shamshyraq', 'Shamshyrak', 'Şamşıraq'],
    ['Ақжол', 'Akzhol', 'Aqjol'],
    ['Алексей', 'Aleksei', 'Alexey'],
    ['Цой', 'Tsoi', 'Tsoy'],
  ];

  it.each(SAME)('folds %s and its other spellings to one key', (...spellings) => {
    const keys = new Set(spellings.map(looseFold));
    expect([...keys], spellings.join(', ')).toHaveLength(1);
  });

  it('still folds each Kazakh letter as a Russian layout writes it, and look-alikes typed inside Cyrillic words', () => {
    for (const [kk, ru] of [
      ['ә', 'а'],
      ['і', 'и'],
      ['ұ', 'у'],
      ['ү', 'у'],
      ['қ', 'к'],
      ['ғ', 'г'],
      ['ң', 'н'],
      ['ө', 'о'],
      ['һ', 'х'],
    ])
      expect(looseFold(`Ба${kk.toUpperCase()}${kk}т`)).toBe(looseFold(`ба${ru}${ru}т`));
    expect(looseFold('Әбілқасымова')).toBe(looseFold('АБИЛКАСЫМОВА'));
    expect(looseFold(`Сейiтова`)).toBe(looseFold('Сейитова')); // a Latin i typed in a Cyrillic word
  });

  it('keeps words apart (a hyphen splits one) and drops punctuation', () => {
    expect(looseFold('Ғабдуллина-Ким').split(' ')).toEqual([looseFold('Габдуллина'), looseFold('Kim')]);
    expect(looseFold('  Сейітов,  Әлихан ')).toBe(looseFold('Seitov Alikhan'));
    expect(looseFold('')).toBe('');
  });

  it('keeps a prefix of a word a prefix of the word’s key, in either script (the district queue searches by prefix)', () => {
    for (const [typed, name] of [
      ['Али', 'Алиева'],
      ['Alik', 'Әлихан'],
      ['Алих', 'Alihan'],
      ['Сеи', 'Сейітов'],
      ['Seit', 'Сейітов'],
      ['Z', 'Жанар'],
      ['Zh', 'Жанар'],
      ['Ал', 'Алла'],
      ['Yer', 'Ерлан'],
      ['Гүл', 'Gülnūr'],
    ])
      expect(looseFold(name).startsWith(looseFold(typed)), `${typed} → ${name}`).toBe(true);
  });

  it('keeps the demo data’s different names different (no false matches among them)', () => {
    const names = new Set<string>();
    for (const [lastM, firstM, middle, lastF, firstF] of DEMO_PARENTS)
      names.add(lastM).add(firstM).add(middle).add(lastF).add(firstF);
    for (const [first] of DEMO_CHILDREN) names.add(first);
    const byKey = new Map<string, string[]>();
    for (const n of names) byKey.set(looseFold(n), [...(byKey.get(looseFold(n)) ?? []), n]);
    expect([...byKey.values()].filter((v) => v.length > 1)).toEqual([]);
    // And names a Russian layout makes alike but that are not one name stay apart.
    for (const [a, b] of [
      ['Сұлтанова', 'Султанбекова'],
      ['Дана', 'Дина'],
      ['Алия', 'Алина'],
      ['Нұрлан', 'Нұрлы'],
      ['Данияр', 'Даниял'],
      ['Жансая', 'Жанна'],
      ['Ким', 'Kin'],
    ])
      expect(looseFold(a), `${a} / ${b}`).not.toBe(looseFold(b));
  });
});

describe('patronymicKey: the father’s name in a patronymic, whatever its form', () => {
  it('is one key for the Kazakh and the Russian forms, in either script', () => {
    for (const same of [
      ['Маратұлы', 'Маратулы', 'Маратович', 'Maratuly', 'Maratovich'],
      ['Маратқызы', 'Маратовна', 'Maratkyzy', 'Maratqyzy', 'Maratovna', 'Маратұлы'],
      ['Сәкенұлы', 'Сакенович', 'Sakenuly'],
      ['Әлиұлы', 'Алиевич', 'Alievich'],
      ['Ержанұлы', 'Ержанович', 'Yerzhanuly'],
      ['Марат ұлы', 'Марат-ұлы', 'Маратұлы'],
    ])
      expect(new Set(same.map(patronymicKey)).size, same.join(', ')).toBe(1);
  });

  it('keeps different fathers apart, and is null without a patronymic', () => {
    expect(patronymicKey('Маратұлы')).not.toBe(patronymicKey('Қайратұлы'));
    expect(patronymicKey('Ерланұлы')).not.toBe(patronymicKey('Ержанұлы'));
    expect(patronymicKey('Сергеевна')).not.toBe(patronymicKey('Петровна'));
    expect(patronymicKey(undefined)).toBeNull();
    expect(patronymicKey('  ')).toBeNull();
    expect(patronymicKey('-')).toBeNull();
  });
});

describe('nameBirthKey and sameChildByName (possible duplicates with two IINs)', () => {
  const child = (lastName: string, firstName: string, birthDate = '2022-03-01', middleName?: string) => ({
    lastName,
    firstName,
    birthDate,
    ...(middleName ? { middleName } : {}),
  });

  it('keys a child by folded last and first name and birth date; none without them', () => {
    const k = nameBirthKey(child('Әбілқасымова', 'Әлия'));
    expect(k).toBe(`${looseFold('Әбілқасымова')} ${looseFold('Әлия')}|2022-03-01`);
    expect(nameBirthKey(child('Абилкасымова', 'Алия'))).toBe(k);
    expect(nameBirthKey(child('Abilkasymova', 'Aliya'))).toBe(k);
    expect(nameBirthKey(child('Абилкасымова', 'Алия', '2022-03-02'))).not.toBe(k);
    expect(nameBirthKey(child('Абилкасымова', ''))).toBeNull();
    expect(nameBirthKey({ lastName: 'Абилкасымова', firstName: 'Алия' })).toBeNull();
  });

  it('pairs a Latin passport spelling with the Cyrillic one born the same day', () => {
    expect(sameChildByName(child('Seitov', 'Alikhan'), child('Сейітов', 'Әлихан'))).toBe(true);
    expect(sameChildByName(child('Seitov', 'Alikhan'), child('Сейітов', 'Әлихан', '2022-03-02'))).toBe(false);
    expect(sameChildByName(child('Seitov', 'Alikhan'), child('Сейітов', 'Әлібек'))).toBe(false);
  });

  it('lets a missing patronymic match, not two different ones', () => {
    const a = child('Сейітов', 'Әлихан', '2022-03-01', 'Маратұлы');
    expect(sameChildByName(a, child('Seitov', 'Alikhan'))).toBe(true);
    expect(sameChildByName(a, child('Сеитов', 'Алихан', '2022-03-01', 'Маратович'))).toBe(true);
    expect(sameChildByName(a, child('Сейітов', 'Әлихан', '2022-03-01', 'Қайратұлы'))).toBe(false);
  });
});
