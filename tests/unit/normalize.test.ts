import { describe, expect, it } from 'vitest';
import { fullName, looseFold, nameBirthKey, nameTokens, normalizeText, searchFold } from '../../shared/text/normalize';

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

describe('looseFold and nameBirthKey (possible duplicates with two IINs)', () => {
  it('folds each Kazakh letter to its Russian twin, after searchFold', () => {
    expect(looseFold('ӘәІіҰұҮүҚқҒғҢңӨөҺһ')).toBe('ааииууууккггнноохх');
    expect(looseFold('Әбілқасымова')).toBe(looseFold('АБИЛКАСЫМОВА'));
    expect(looseFold('Өмірзақова Ұлжан')).toBe('омирзакова улжан');
    // Latin look-alikes typed inside Cyrillic words fold with them.
    expect(looseFold(`Сейiтова`)).toBe(looseFold('Сейитова'));
    expect(looseFold('Ғабдуллина-Ким')).toBe('габдуллина ким');
  });

  it('keys a child by folded last and first name and birth date; none without them', () => {
    const k = nameBirthKey({ lastName: 'Әбілқасымова', firstName: 'Әлия', birthDate: '2022-03-01' });
    expect(k).toBe('абилкасымова алия|2022-03-01');
    expect(nameBirthKey({ lastName: 'Абилкасымова', firstName: 'Алия', birthDate: '2022-03-01' })).toBe(k);
    expect(nameBirthKey({ lastName: 'Абилкасымова', firstName: 'Алия', birthDate: '2022-03-02' })).not.toBe(k);
    expect(nameBirthKey({ lastName: 'Абилкасымова', firstName: '', birthDate: '2022-03-01' })).toBeNull();
    expect(nameBirthKey({ lastName: 'Абилкасымова', firstName: 'Алия' })).toBeNull();
  });
});
