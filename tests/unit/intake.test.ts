import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeIntake, validateIntake, type FieldError, type IntakeInput } from '../../shared/intake/validate';
import { Catalog, defaultCatalog } from '../../shared/catalog/index';
import { parseIin } from '../../shared/iin';
import { fromLocal } from '../../shared/time';

const entry = defaultCatalog.get('preschool-queue');
const NOW = fromLocal('2026-03-10', '10:00');

// Valid IINs (check digits worked out as in iin.test.ts):
const APPLICANT = '920515400018'; // woman born 1992-05-15
const CHILD = '230615500013'; // boy born 2023-06-15: 23061550001 -> 2+6+24+5+30+35+11 = 113 mod 11 = 3
const SIX_TODAY = '200310500011'; // boy born 2020-03-10: six years old on 2026-03-10
const SIX_TOMORROW = '200311500015'; // boy born 2020-03-11: still five on 2026-03-10
const SEVEN_TODAY = '190310500015'; // born 2019-03-10
const SIX_AND_A_DAY = '190311500010'; // born 2019-03-11: six on 2026-03-10
const BORN_TODAY = '260310600017'; // girl born 2026-03-10
const BORN_TOMORROW = '260311600012'; // girl born 2026-03-11

const input = (
  patch: Partial<IntakeInput> = {},
  applicant: Partial<IntakeInput['applicant']> = {},
  child: Partial<IntakeInput['child']> = {},
): IntakeInput => ({
  serviceCode: 'preschool-queue',
  lang: 'kk',
  applicant: {
    kind: 'parent',
    iin: APPLICANT,
    lastName: 'Серікова',
    firstName: 'Гүлнәр',
    middleName: 'Асқарқызы',
    phone: '+7 701 234 56 78',
    address: 'Ақсай ауылы, Абай көшесі, 12',
    ...applicant,
  },
  child: { iin: CHILD, lastName: 'Серіков', firstName: 'Нұрасыл', ...child },
  priority: null,
  kindergartenIds: ['kg-1'],
  workplaces: { mother: 'Ақсай орта мектебі' },
  consent: true,
  documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
  ...patch,
});

const run = (i: IntakeInput, e = entry, now = NOW) => validateIntake(normalizeIntake(i), e, now);
const errorsOf = (i: IntakeInput, e = entry, now = NOW): FieldError[] => {
  const r = run(i, e, now);
  return r.ok ? [] : r.errors;
};
/** What an accepted intake owes: the reasoned refusals of refusalDue.ts (issue #15, R-01). */
const warningsOf = (i: IntakeInput, e = entry, now = NOW): FieldError[] => {
  const r = run(i, e, now);
  return r.ok ? r.warnings.map(({ field, code, params }) => ({ field, code, ...(params ? { params } : {}) })) : [];
};
/** The queue as an entry with no ground answering the age would have it: intake itself refuses the child. */
const strict = new Catalog(undefined, [
  { ...entry, refusalGrounds: entry.refusalGrounds.map(({ fact: _f, ...g }) => g) },
]).get('preschool-queue');
const OVER = (limit: number) => [{ field: 'child.iin', code: 'refusal.dueOverAge', params: { limit } }];

describe('IIN sanity for the fixtures', () => {
  it.each([APPLICANT, CHILD, SIX_TODAY, SIX_TOMORROW, SEVEN_TODAY, SIX_AND_A_DAY, BORN_TODAY, BORN_TOMORROW])(
    '%s is valid',
    (iin) => {
      expect(parseIin(iin).ok).toBe(true);
    },
  );
});

describe('a valid intake', () => {
  it("passes and takes the child's birth date and sex from the IIN", () => {
    const r = run(input());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.child!.birthDate).toBe('2023-06-15');
    expect(r.value.child!.sex).toBe('male');
    expect(r.value.child!.firstName).toBe('Нұрасыл');
  });

  it('a girl is a girl', () => {
    const r = run(input({}, {}, { iin: BORN_TODAY }));
    expect(r.ok && r.value.child).toMatchObject({ birthDate: '2026-03-10', sex: 'female' });
  });

  it('a proxy with a full power of attorney and a known priority pass', () => {
    const r = run(
      input(
        { priority: 'largeFamily', priorityDoc: 'Анықтама № 15' },
        { kind: 'proxy', powerOfAttorney: { number: '2026-114', date: '2026-02-01', notary: 'Жұмабаева Д.' } },
      ),
    );
    expect(r.ok).toBe(true);
  });

  it('a birth date typed in agreement with the IIN is fine', () => {
    expect(run(input({}, {}, { birthDate: '2023-06-15' })).ok).toBe(true);
  });
});

describe('normalizeIntake', () => {
  it('cleans IINs and names typed on a Russian layout', () => {
    const n = normalizeIntake(
      input(
        {},
        { iin: ' 920515 400018 ', lastName: ' С\u0259рсенова ', middleName: '  ' },
        { iin: '230615-5000-13', firstName: 'Сейiт' },
      ),
    );
    expect(n.applicant.iin).toBe(APPLICANT);
    expect(n.applicant.lastName).toBe('Сәрсенова');
    expect(n.applicant.middleName).toBeUndefined();
    expect(n.child!.iin).toBe(CHILD);
    expect(n.child!.firstName).toBe('Сейіт');
    expect(run(input({}, { iin: ' 920515 400018 ' }, { iin: '230615-5000-13' })).ok).toBe(true);
  });
});

describe('error codes', () => {
  it.each([
    ['', 'iin.empty'],
    ['92051540001', 'iin.length'],
    ['9205154OOO18', 'iin.digits'],
    ['920515400019', 'iin.checksum'],
    ['920515000018', 'iin.century'],
    ['920230400018', 'iin.date'],
  ])('applicant IIN %j -> %s', (iin, code) => {
    expect(errorsOf(input({}, { iin }))).toContainEqual({ field: 'applicant.iin', code });
  });

  it.each([
    ['', 'iin.empty'],
    ['23061550001', 'iin.length'],
    ['230615500012', 'iin.checksum'],
    ['250231500014', 'iin.date'],
  ])('child IIN %j -> %s', (iin, code) => {
    expect(errorsOf(input({}, {}, { iin }))).toContainEqual({ field: 'child.iin', code });
  });

  it('a child who turns six today is over the limit (it is "under 6"): taken in, owing the reasoned refusal', () => {
    expect(errorsOf(input({}, {}, { iin: SIX_TODAY }))).toEqual([]);
    expect(warningsOf(input({}, {}, { iin: SIX_TODAY }))).toEqual(OVER(6));
    // Where the entry answers the age with no ground, intake refuses the child itself.
    expect(errorsOf(input({}, {}, { iin: SIX_TODAY }), strict)).toEqual([
      { field: 'child.iin', code: 'child.overAge', params: { limit: 6 } },
    ]);
  });

  it('accepts a child who turns six tomorrow, owing nothing', () => {
    expect(run(input({}, {}, { iin: SIX_TOMORROW })).ok).toBe(true);
    expect(warningsOf(input({}, {}, { iin: SIX_TOMORROW }))).toEqual([]);
  });

  it('counts the age on the office-local date (00:30 local is still the previous day in UTC)', () => {
    const justAfterMidnight = fromLocal('2026-03-10', '00:30');
    expect(justAfterMidnight.slice(0, 10)).toBe('2026-03-09');
    expect(warningsOf(input({}, {}, { iin: SIX_TODAY }), entry, justAfterMidnight)).toEqual(OVER(6));
    expect(errorsOf(input({}, {}, { iin: SIX_TODAY }), strict, justAfterMidnight)).toContainEqual(
      expect.objectContaining({ code: 'child.overAge' }),
    );
  });

  it('the age limit is a catalog setting: with 7 a six-year-old owes nothing and a seven-year-old the refusal', () => {
    const seven = new Catalog(undefined, [{ ...entry, childAgeLimitYears: 7 }]).get('preschool-queue');
    expect(warningsOf(input({}, {}, { iin: SIX_TODAY }), seven)).toEqual([]);
    expect(warningsOf(input({}, {}, { iin: SIX_AND_A_DAY }), seven)).toEqual([]);
    expect(warningsOf(input({}, {}, { iin: SEVEN_TODAY }), seven)).toEqual(OVER(7));
    // and the shipped limit holds the same six-year-old to it
    expect(warningsOf(input({}, {}, { iin: SIX_AND_A_DAY }))).toEqual(OVER(6));
  });

  it('refuses a birth date in the future, accepts a child born today', () => {
    expect(errorsOf(input({}, {}, { iin: BORN_TOMORROW }))).toEqual([
      { field: 'child.iin', code: 'child.birthDateFuture' },
    ]);
    expect(run(input({}, {}, { iin: BORN_TODAY })).ok).toBe(true);
  });

  it('flags a typed birth date that disagrees with the IIN', () => {
    expect(errorsOf(input({}, {}, { birthDate: '2023-06-16' }))).toEqual([
      { field: 'child.birthDate', code: 'child.birthDateMismatch', params: { iinDate: '2023-06-15' } },
    ]);
  });

  it("refuses the applicant's own IIN as the child's", () => {
    expect(errorsOf(input({}, {}, { iin: APPLICANT }))).toContainEqual({
      field: 'child.iin',
      code: 'child.sameAsApplicant',
    });
  });

  it('requires names, address and phone; whitespace is not a value', () => {
    const errs = errorsOf(
      input({}, { lastName: ' ', firstName: '', address: '\u00a0', phone: '' }, { lastName: '', firstName: '  ' }),
    );
    expect(errs).toEqual(
      expect.arrayContaining([
        { field: 'applicant.lastName', code: 'required' },
        { field: 'applicant.firstName', code: 'required' },
        { field: 'applicant.address', code: 'required' },
        { field: 'applicant.phone', code: 'required' },
        { field: 'child.lastName', code: 'required' },
        { field: 'child.firstName', code: 'required' },
      ]),
    );
    expect(errs).toHaveLength(6);
  });

  it('does not require a middle name', () => {
    expect(run(input({}, { middleName: undefined }, { middleName: '' })).ok).toBe(true);
  });

  it('refuses a phone that is too short or has letters', () => {
    expect(errorsOf(input({}, { phone: '12-34-56' }))).toEqual([{ field: 'applicant.phone', code: 'phone.invalid' }]);
    expect(errorsOf(input({}, { phone: '8 701 abc 56 78' }))).toEqual([
      { field: 'applicant.phone', code: 'phone.invalid' },
    ]);
    expect(run(input({}, { phone: '8(71133)2-15-40' })).ok).toBe(true);
  });

  it('requires a power of attorney from a proxy, each part of it', () => {
    expect(errorsOf(input({}, { kind: 'proxy' }))).toEqual([
      { field: 'applicant.powerOfAttorney.number', code: 'required' },
      { field: 'applicant.powerOfAttorney.date', code: 'required' },
      { field: 'applicant.powerOfAttorney.notary', code: 'required' },
    ]);
    expect(errorsOf(input({}, { kind: 'proxy', powerOfAttorney: { number: '114', date: '2026-02-01' } }))).toEqual([
      { field: 'applicant.powerOfAttorney.notary', code: 'required' },
    ]);
    // a parent needs none
    expect(run(input({}, { kind: 'parent' })).ok).toBe(true);
  });

  it('requires consent (the preschool queue names no ground to refuse its absence: seed 000 has none)', () => {
    expect(errorsOf(input({ consent: false }))).toEqual([{ field: 'consent', code: 'consent.required' }]);
  });

  it('requires at least one kindergarten', () => {
    expect(errorsOf(input({ kindergartenIds: [] }))).toEqual([
      { field: 'kindergartenIds', code: 'kindergarten.required' },
    ]);
  });

  it('refuses a priority category the catalog does not know', () => {
    expect(errorsOf(input({ priority: 'vip' }))).toEqual([{ field: 'priority', code: 'priority.unknown' }]);
    for (const c of entry.priorityCategories) expect(run(input({ priority: c.code })).ok).toBe(true);
  });

  it('reports every problem at once', () => {
    const errs = errorsOf(input({ consent: false, kindergartenIds: [] }, { iin: '1' }, { iin: SIX_TODAY }), strict);
    expect(errs.map((e) => e.code).sort()).toEqual([
      'child.overAge',
      'consent.required',
      'iin.length',
      'kindergarten.required',
    ]);
  });
});

const root = fileURLToPath(new URL('../../', import.meta.url));
const errorsFile = (lang: string) => `${root}locales/${lang}/errors.json`;
const hasErrorLocales = existsSync(errorsFile('kk')) && existsSync(errorsFile('ru'));

describe('error codes are translated', () => {
  const lookup = (dict: Record<string, unknown>, key: string): unknown =>
    key in dict
      ? dict[key]
      : key
          .split('.')
          .reduce<unknown>(
            (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
            dict,
          );

  // locales/*/errors.json belongs to the UI work; until it exists there is nothing to check.
  it.skipIf(!hasErrorLocales)('every code validateIntake can give has a text in kk and ru', () => {
    const codes = [
      'required',
      'phone.invalid',
      'consent.required',
      'kindergarten.required',
      'priority.unknown',
      'child.overAge',
      'refusal.dueOverAge',
      'refusal.dueNoConsent',
      'child.birthDateFuture',
      'child.birthDateMismatch',
      'child.sameAsApplicant',
      'iin.empty',
      'iin.length',
      'iin.digits',
      'iin.century',
      'iin.date',
      'iin.checksum',
    ];
    for (const lang of ['kk', 'ru']) {
      const dict = JSON.parse(readFileSync(errorsFile(lang), 'utf8')) as Record<string, unknown>;
      for (const code of codes) expect(typeof lookup(dict, code), `${lang}: ${code}`).toBe('string');
    }
  });
});

describe("typed text a paper could not carry (the record kernel's bounds, on desk and server alike)", () => {
  it('refuses emoji, invisible and direction-changing characters and over-long names, naming the field', () => {
    expect(errorsOf(input({}, {}, { firstName: '👶 Айгүл' }))).toEqual([
      { field: 'child.firstName', code: 'text.emoji' },
    ]);
    expect(errorsOf(input({}, { lastName: 'Серік\u202Eова' }))).toEqual([
      { field: 'applicant.lastName', code: 'text.invalidCharacters' },
    ]);
    expect(errorsOf(input({}, { firstName: 'Гүл\u200Bнәр' }))).toEqual([
      { field: 'applicant.firstName', code: 'text.invalidCharacters' },
    ]);
    expect(errorsOf(input({}, {}, { lastName: 'Ә'.repeat(5000) }))).toEqual([
      { field: 'child.lastName', code: 'text.tooLong', params: { max: 100 } },
    ]);
    expect(errorsOf(input({ workplaces: { mother: 'Мектеп 🏫' } }))).toEqual([
      { field: 'workplaces.mother', code: 'text.emoji' },
    ]);
    // Every Kazakh letter, hyphens and apostrophes are names.
    expect(
      errorsOf(
        input(
          {},
          { lastName: 'Әбілқасымова-Ғұсманова', firstName: 'Ұлжан' },
          { firstName: 'Іңкәр', middleName: "Өмір'жанқызы" },
        ),
      ),
    ).toEqual([]);
  });

  it('a power of attorney is dated between independence and today', () => {
    const proxy = (date: string) =>
      input(
        {},
        {
          kind: 'proxy',
          powerOfAttorney: { number: '1-234', date, notary: 'Нотариус Әлиева' },
        },
      );
    expect(errorsOf(proxy('2026-03-01'))).toEqual([]);
    expect(errorsOf(proxy('2031-01-10'))).toEqual([{ field: 'applicant.powerOfAttorney.date', code: 'poa.dateRange' }]);
    expect(errorsOf(proxy('1899-12-31'))).toEqual([{ field: 'applicant.powerOfAttorney.date', code: 'poa.dateRange' }]);
    expect(errorsOf(proxy('2026-02-30'))).toEqual([{ field: 'applicant.powerOfAttorney.date', code: 'poa.dateRange' }]);
  });

  it("the server's schema refuses what the desk refuses", async () => {
    const { ApplicantSchema, ChildSchema } = await import('../../shared');
    const applicant = {
      kind: 'parent',
      iin: APPLICANT,
      lastName: 'Серікова',
      firstName: 'Гүлнәр',
      phone: '+7 701 234 56 78',
      address: 'Ақсай',
    };
    expect(ApplicantSchema.safeParse(applicant).success).toBe(true);
    expect(ApplicantSchema.safeParse({ ...applicant, lastName: 'Серік\u202Eова' }).success).toBe(false);
    expect(
      ChildSchema.safeParse({ iin: CHILD, lastName: 'Серіков', firstName: '👶', birthDate: '2023-06-15', sex: 'male' })
        .success,
    ).toBe(false);
    expect(
      ChildSchema.safeParse({
        iin: CHILD,
        lastName: 'Ә'.repeat(101),
        firstName: 'Нұрасыл',
        birthDate: '2023-06-15',
        sex: 'male',
      }).success,
    ).toBe(false);
  });
});
