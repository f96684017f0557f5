/**
 * The shipped service catalog against the seeds: every service the domain brief
 * names is present, each entry is complete and coherent, and the facts the seeds
 * give (terms, step norms, documents, refusal grounds, the hearing rule) are the
 * ones the entries hold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  Catalog,
  builtInCatalog,
  defaultCatalog,
  isDocumentRequired,
  missingDocuments,
  type DocumentContext,
} from '../../shared/catalog/index';
import { ServiceEntrySchema, type Duration, type ServiceEntry } from '../../shared/catalog/schema';

const servicesDir = fileURLToPath(new URL('../../shared/catalog/services/', import.meta.url));
const files = readdirSync(servicesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const raw = (code: string) => JSON.parse(readFileSync(`${servicesDir}${code}.json`, 'utf8'));
const byCode = (code: string) => defaultCatalog.get(code);
const codes = (xs: Array<{ code: string }>) => xs.map((x) => x.code);

/**
 * Every service of DOMAIN.md, with a fragment of its Kazakh title as the seeds
 * print it (spelling slips of the source corrected: «ұйымдарына», «кері»).
 */
const DOMAIN_SERVICES: Array<[code: string, brief: string, kkFragment: string]> = [
  ['preschool-queue', '#1 preschool queue', 'балаларды кезекке қою'],
  ['school-certificate-duplicate', '#2 duplicates of school certificates', 'құжаттардың телнұсқаларын беру'],
  ['external-study-permission', '#3 external study permission', 'экстернат нысанында оқуға рұқсат беру'],
  ['pmpc-examination', '#4 PMPC examination', 'психологиялық-медициналық-педагогикалық консультациялық көмек'],
  ['rehabilitation', '#5 rehabilitation', 'оңалту және әлеуметтік бейімдеу'],
  ['family-consultation', '#6 family consultation', 'отбасыларға консультациялық көмек көрсету'],
  ['guardianship-certificate', '#7 guardianship certificate', 'қорғаншылық және қамқоршылық жөнінде анықтама'],
  ['camp-referral', '#14 camp referral', 'лагерьлерде демалуы үшін құжаттар қабылдау және жолдама беру'],
  [
    'minor-property-certificate',
    "certificates for disposing of minors' property",
    'кәмелетке толмағандардың мүлкіне иелік ету',
  ],
  ['guardianship-establishment', 'establishing guardianship', 'қамқоршылық немесе қорғаншылық белгілеу'],
  ['foster-family-placement', 'foster family placement and payments', 'қабылдаушы отбасына тәрбиелеуге беру'],
  ['patronat-placement', 'patronat placement and payments', 'патронаттық тәрбиелеуге беру'],
  ['parent-meeting-permission', 'meeting permission for parents deprived of rights', 'баламен кездесуіне рұқсат беру'],
  ['free-school-transport', 'free transport for children of remote villages', 'тегін тасымалдауды ұсыну'],
  ['school-meals', 'free and discounted school meals', 'тегін және жеңілдікпен тамақтандыруды ұсыну'],
  ['child-opinion-decision', 'decision considering the opinion of a child aged 10+', 'он жасқа толған баланың пікірін'],
  ['guardian-allowance', 'allowance to guardians', 'асырап-бағуға жәрдемақы тағайындау'],
  [
    'adopter-registration',
    'registration of prospective adopters',
    'бала асырап алуға тілек білдірген адамдарды есепке қою',
  ],
  ['adoption-payment', 'one-time adoption payment', 'біржолғы ақшалай төлемді тағайындау'],
  ['school-head-competition', 'school-head competition documents', 'басшылары лауазымдарына орналасу конкурсына'],
  [
    'kindergarten-admission',
    'kindergarten admission',
    'мектепке дейінгі білім беру ұйымдарына құжаттарды қабылдау және балаларды қабылдау',
  ],
  ['teacher-attestation', 'teacher attestation documents', 'біліктілік санаттарын беру (растау) үшін аттестаттаудан'],
  [
    'additional-education-admission',
    'additional-education admission',
    'қосымша білім беру ұйымдарына құжаттар қабылдау және оқуға қабылдау',
  ],
  ['home-schooling', 'home schooling', 'үйде жеке тегін оқытуды ұйымдастыру'],
  ['school-transfer', 'transfer between schools', 'оқу орындары арасында ауыстыру'],
  [
    'school-admission',
    'school admission',
    'ведомстволық бағыныстылығына қарамастан білім беру ұйымдарына құжаттар қабылдау',
  ],
];

const KAZAKH_ONLY = /[әғқңөұүһі]/i;
const LATIN = /[a-z]/i;
/** Fields an `unknown` note may concern: the schema's own keys. */
const FIELDS = new Set(Object.keys(ServiceEntrySchema.shape));

const norms = (e: ServiceEntry) => e.steps.map((s) => s.norm);
const short = (d: Duration) => `${d.value}${{ minutes: 'm', workingDays: 'wd', calendarDays: 'cd' }[d.unit]}`;
const plain: DocumentContext = { hasPriority: false, isProxy: false };

describe('the shipped catalog', () => {
  it('registers every file, once, under its file name', () => {
    expect(files.map((f) => f.replace(/\.json$/, ''))).toEqual(codes(builtInCatalog).sort());
    expect(new Set(codes(builtInCatalog)).size).toBe(builtInCatalog.length);
  });

  it.each(files)('%s parses with the schema into the same entry the catalog holds', (file) => {
    const parsed = ServiceEntrySchema.safeParse(JSON.parse(readFileSync(servicesDir + file, 'utf8')));
    expect(parsed.success ? '' : JSON.stringify(parsed.error.issues, null, 1)).toBe('');
    if (parsed.success) expect(byCode(parsed.data.code)).toEqual(parsed.data);
  });

  it('holds exactly the services DOMAIN.md names', () => {
    expect(codes(builtInCatalog).sort()).toEqual(DOMAIN_SERVICES.map(([c]) => c).sort());
    expect(builtInCatalog).toHaveLength(26);
  });
});

describe.each(DOMAIN_SERVICES)('%s (%s)', (code, _brief, kkFragment) => {
  const e = byCode(code);

  it('is named in Kazakh and Russian, each in its own script', () => {
    expect(e.name.kk.toLowerCase()).toContain(kkFragment.toLowerCase());
    expect(e.name.kk).toMatch(KAZAKH_ONLY);
    expect(e.name.ru).not.toMatch(KAZAKH_ONLY);
    // OCR and copy-paste mix Latin look-alikes into Cyrillic: neither title may hold any
    expect(e.name.kk).not.toMatch(LATIN);
    expect(e.name.ru).not.toMatch(LATIN);
    for (const f of e.formerNames ?? []) {
      expect(f.kk).toMatch(KAZAKH_ONLY);
      expect(f.kk).not.toBe(e.name.kk);
    }
  });

  it('walks the five steps with the roles of seed 001 §7', () => {
    expect(e.steps.map((s) => `${s.step}:${s.role}`)).toEqual([
      'accept:clerk',
      'resolution:head',
      'decision:executor',
      'signature:head',
      'issue:clerk',
    ]);
  });

  it('has a positive term, and step norms that fit a working-day term', () => {
    expect(e.term.value).toBeGreaterThan(0);
    for (const n of norms(e)) expect(n.value).toBeGreaterThan(0);
    if (e.term.unit === 'workingDays') {
      const days = norms(e)
        .filter((n) => n.unit === 'workingDays')
        .reduce((a, n) => a + n.value, 0);
      expect(days).toBeLessThanOrEqual(e.term.value);
      expect(norms(e).some((n) => n.unit === 'calendarDays')).toBe(false);
    }
  });

  it('lists documents with unique codes, each condition stated and resolvable', () => {
    expect(new Set(codes(e.documents)).size).toBe(e.documents.length);
    expect(codes(e.documents)).toContain('application');
    const categories = [...e.priorityCategories, ...(e.statusCategories ?? [])].map((c) => c.code);
    for (const d of e.documents) {
      if (d.requirement === 'conditional') expect(d.when, d.code).toBeDefined();
      if (d.when?.kind === 'category') expect(categories).toEqual(expect.arrayContaining(d.when.categories));
      expect(d.name.kk).not.toBe(d.name.ru);
    }
  });

  it('has results with form ids, a refusal ground, and both languages everywhere', () => {
    expect(e.results.length).toBeGreaterThan(0);
    for (const r of e.results) {
      expect(r.form).toMatch(/^[a-z][a-zA-Z-]*$/);
      if (r.kind === 'refusal') expect(r.form).toBe('refusal');
    }
    expect(new Set(codes(e.refusalGrounds)).size).toBe(e.refusalGrounds.length);
    for (const g of e.refusalGrounds) expect(g.text.kk).not.toBe(g.text.ru);
    for (const f of Object.values(e.forms)) expect(f).toMatch(/^[a-z][a-zA-Z-]*$/);
  });

  it('says what the seeds leave open, and marks every placeholder', () => {
    for (const u of e.unknown) {
      const fields = u
        .split(':')[0]
        .split(',')
        .map((f) => f.trim());
      for (const f of fields) expect(FIELDS, `"${u}" names no schema field`).toContain(f);
    }
    const about = (field: string) =>
      e.unknown.some((u) =>
        u
          .split(':')[0]
          .split(',')
          .map((f) => f.trim())
          .includes(field),
      );
    if (e.term.provisional) expect(about('term')).toBe(true);
    if (e.steps.some((s) => s.norm.provisional)) expect(about('steps')).toBe(true);
    // an entry without a seed form for its result says so
    if (e.results.some((r) => r.form === 'generic-result') || e.forms.application === 'generic-application')
      expect(about('forms')).toBe(true);
  });
});

describe('step norms and terms from the seeds', () => {
  it.each([
    ['preschool-queue', ['5m', '5m', '10m', '5m', '5m']],
    // 001 says "1 (бір) күн" here, a day, not a working day as for external study (issue #15, C-01).
    ['school-certificate-duplicate', ['15m', '1cd', '28cd', '1cd', '15m']],
    ['external-study-permission', ['15m', '1wd', '13wd', '1wd', '15m']],
    ['pmpc-examination', ['10m', '5m', '15cd', '5m', '5m']],
    ['rehabilitation', ['15m', '40m', '180cd', '5m', '15m']],
    ['family-consultation', ['10m', '5m', '30m', '5m', '10m']],
  ])('%s: seed 001 §5 norms %j, none of them a placeholder', (code, expected) => {
    const e = byCode(code);
    expect(norms(e).map(short)).toEqual(expected);
    expect(norms(e).some((n) => n.provisional)).toBe(false);
  });

  it.each([
    ['preschool-queue', '3wd', false],
    ['pmpc-examination', '15cd', false],
    ['rehabilitation', '180cd', false],
    ['guardianship-certificate', '5m', false],
    ['camp-referral', '5wd', false],
    ['school-certificate-duplicate', '30cd', true],
    ['external-study-permission', '15wd', true],
    ['family-consultation', '60m', true],
  ])('%s: term %s (derived from step norms: %s)', (code, term, provisional) => {
    const e = byCode(code);
    expect(short(e.term)).toBe(term);
    expect(!!e.term.provisional).toBe(provisional);
    expect(e.term.acceptanceDayCounts).toBe(false);
  });

  it('rehabilitation keeps the 90-180 day range', () => {
    const e = byCode('rehabilitation');
    expect(e.term.min).toBe(90);
    expect(e.steps[2].norm).toMatchObject({ unit: 'calendarDays', value: 180, min: 90 });
  });

  it('services the seeds only name carry placeholder terms, never silently', () => {
    const named = DOMAIN_SERVICES.slice(8).map(([c]) => byCode(c));
    for (const e of named) {
      expect(e.term.provisional, e.code).toBe(true);
      expect(
        e.steps.every((s) => s.norm.provisional),
        e.code,
      ).toBe(true);
      expect(e.unknown.length, e.code).toBeGreaterThan(0);
      expect(e.results.filter((r) => r.kind !== 'refusal').map((r) => r.form)).toEqual(['generic-result']);
    }
  });
});

describe('preschool queue (seeds 000, 001, 004)', () => {
  const e = byCode('preschool-queue');

  it('limits age to 6 and names the five priority categories of 000 §6', () => {
    expect(e.childAgeLimitYears).toBe(6);
    expect(e.name.kk).toContain('6 жасқа дейін');
    expect(codes(e.priorityCategories).sort()).toEqual([
      'disabledParent',
      'largeFamily',
      'noParentalCare',
      'orphan',
      'warVeteran',
    ]);
  });

  it('refers for 5 days, or notifies, or refuses on the grounds of 000 §16', () => {
    expect(e.referralValidityDays).toBe(5);
    expect(e.results.map((r) => `${r.kind}:${r.form}`)).toEqual([
      'referral:referral',
      'notification:notification',
      'refusal:refusal',
    ]);
    expect(codes(e.refusalGrounds)).toEqual(expect.arrayContaining(['incompleteDocuments', 'informatisationLaw40']));
  });

  it('waits and serves within 30 minutes at the office, 20 at the State Corporation (000 §7)', () => {
    expect([e.waitMinutes, e.serviceMinutes]).toEqual([30, 30]);
    expect(e.channelTimes?.stateCorporation).toEqual({ waitMinutes: 20, serviceMinutes: 20 });
  });

  it("asks at the akimat for the five documents of 000 §11 and the proxy's power of attorney", () => {
    expect(codes(e.documents)).toEqual([
      'application',
      'applicantId',
      'birthCertificate',
      'priorityProof',
      'addressCertificate',
      'powerOfAttorney',
    ]);
    expect(codes(missingDocuments(e, [], plain))).toEqual([
      'application',
      'applicantId',
      'birthCertificate',
      'addressCertificate',
    ]);
  });
});

describe('guardianship certificate (seed 002)', () => {
  const e = byCode('guardianship-certificate');

  it('is issued in 5 minutes, with at most 15 minutes of waiting', () => {
    expect(e.term).toMatchObject({ unit: 'minutes', value: 5 });
    expect(e.waitMinutes).toBe(15);
    expect(e.serviceMinutes).toBe(5);
    expect(e.results.map((r) => `${r.kind}:${r.form}`)).toEqual(['certificate:guardianship-certificate']);
  });

  it('asks for the birth certificate only for a child born before 13 August 2007', () => {
    const birth = e.documents.find((d) => d.code === 'birthCertificate')!;
    expect(birth.when).toEqual({ kind: 'childBornBefore', date: '2007-08-13' });
    expect(isDocumentRequired(birth, { ...plain, childBirthDate: '2007-08-12' })).toBe(true);
    expect(isDocumentRequired(birth, { ...plain, childBirthDate: '2007-08-13' })).toBe(false);
    expect(isDocumentRequired(birth, { ...plain, childBirthDate: '2015-03-01' })).toBe(false);
    expect(
      codes(missingDocuments(e, ['application', 'applicantId'], { ...plain, childBirthDate: '2006-01-20' })),
    ).toEqual(['birthCertificate']);
    expect(missingDocuments(e, ['application', 'applicantId'], { ...plain, childBirthDate: '2012-05-05' })).toEqual([]);
  });
});

describe('camp referral (seed 003, Annex 11)', () => {
  const e = byCode('camp-referral');
  const base = ['application', 'applicantId', 'medicalCertificate'];

  it('takes 5 working days, checks completeness within 1, the courier 1', () => {
    expect(e.term).toMatchObject({ unit: 'workingDays', value: 5, acceptanceDayCounts: false });
    expect(e.completenessCheckWorkingDays).toBe(1);
    expect(e.courierWorkingDays).toBe(1);
    expect([e.waitMinutes, e.serviceMinutes]).toEqual([15, 30]);
    expect(e.channelTimes?.stateCorporation?.serviceMinutes).toBe(15);
    expect(e.uncollectedKeptMonths).toBe(1);
  });

  it('refuses on the three grounds of Annex 2 §9 and for an incomplete set (§8)', () => {
    expect(codes(e.refusalGrounds).sort()).toEqual([
      'decree64Mismatch',
      'incompleteDocuments',
      'noConsent',
      'unreliableDocuments',
    ]);
    expect(e.refusalGrounds.find((g) => g.code === 'decree64Mismatch')!.text.kk).toContain(
      '2008 жылғы 25 қаңтардағы № 64',
    );
    expect(e.refusalGrounds.find((g) => g.code === 'noConsent')!.text.ru).toContain('согласия');
  });

  it('hears the applicant before a §9 refusal: notice 3 working days before the end, decision 1 day after', () => {
    expect(e.hearing).toMatchObject({
      noticeWorkingDaysBeforeEnd: 3,
      finalDecisionWorkingDays: 1,
      noticeForm: 'preliminary-refusal-notice',
      recordForm: 'hearing-record',
    });
    expect([...e.hearing!.grounds].sort()).toEqual(['decree64Mismatch', 'noConsent', 'unreliableDocuments']);
    expect(e.hearing!.grounds).not.toContain('incompleteDocuments');
    expect(e.interimForms?.map((f) => f.id)).toEqual([
      'preliminary-refusal-notice',
      'hearing-record',
      'technical-problem-protocol',
    ]);
  });

  it('prints its own application, referral and refusal-to-accept forms', () => {
    expect(e.forms).toEqual({
      application: 'camp-application',
      receipt: 'receipt',
      refusalToAccept: 'camp-refusal-to-accept',
    });
    expect(e.results.map((r) => `${r.kind}:${r.form}`)).toEqual(['referral:camp-referral', 'refusal:refusal']);
    expect(e.applicationFields?.map((f) => f.code)).toEqual(['schoolNumber', 'classLetter', 'schoolYear']);
  });

  it.each([
    ['targetedSocialAssistance', 'tsaCertificate'],
    ['lowIncome', 'incomeDocuments'],
    ['orphanOrNoParentalCare', 'guardianshipDecision'],
    ['emergency', 'collegialBodyDecision'],
  ])('a %s applicant proves it with %s and nothing else', (category, proof) => {
    expect(e.statusCategories?.find((c) => c.code === category)?.document).toBe(proof);
    expect(codes(missingDocuments(e, base, { ...plain, category, inRegistry: true }))).toEqual([proof]);
    expect(missingDocuments(e, [...base, proof], { ...plain, category, inRegistry: true })).toEqual([]);
  });

  it('asks for birth and marriage certificates only when the civil registry lacks them', () => {
    const ctx = { ...plain, category: 'lowIncome' };
    const presented = [...base, 'incomeDocuments'];
    expect(missingDocuments(e, presented, { ...ctx, inRegistry: true })).toEqual([]);
    expect(codes(missingDocuments(e, presented, { ...ctx, inRegistry: false }))).toEqual([
      'birthCertificate',
      'marriageCertificate',
    ]);
    expect(codes(missingDocuments(e, presented, { ...ctx, notInRegistry: ['marriageCertificate'] }))).toEqual([
      'marriageCertificate',
    ]);
    // the finer list wins over the coarse flag
    expect(missingDocuments(e, presented, { ...ctx, inRegistry: false, notInRegistry: [] })).toEqual([]);
    expect(codes(missingDocuments(e, base, { ...plain, isProxy: true, inRegistry: true }))).toEqual([
      'powerOfAttorney',
    ]);
  });
});

describe('other facts the seeds give', () => {
  it('the opinion of a child who has reached ten', () => {
    expect(byCode('child-opinion-decision').childMinAgeYears).toBe(10);
  });

  it('PMPC: the head sets the examination date; consultation within an hour', () => {
    const e = byCode('pmpc-examination');
    expect(e.steps[1].note?.kk).toContain('күні мен уақытын');
    expect(e.term.note?.ru).toContain('1 часа');
    expect(e.results.map((r) => r.kind)).toEqual(['conclusion', 'recommendation', 'refusal']);
  });
});

describe('the schema guards district overrides', () => {
  const camp = raw('camp-referral');
  const generic = raw('school-meals');

  it('accepts a district that sets a placeholder term, and keeps the rest shipped', () => {
    const override = {
      ...generic,
      term: { unit: 'workingDays', value: 3 },
      unknown: generic.unknown.filter((u: string) => !u.startsWith('term')),
    };
    const cat = new Catalog(undefined, [override]);
    expect(cat.get('school-meals').term).toEqual({ unit: 'workingDays', value: 3, acceptanceDayCounts: false });
    expect(cat.get('camp-referral')).toEqual(byCode('camp-referral'));
  });

  const swap = <T>(xs: T[], i: number, j: number) => xs.map((x, k) => (k === i ? xs[j] : k === j ? xs[i] : x));
  it.each([
    ['steps out of order', { ...camp, steps: swap(camp.steps, 1, 2) }],
    ['a duplicate document code', { ...camp, documents: [...camp.documents, camp.documents[0]] }],
    [
      'a conditional document without a condition',
      {
        ...camp,
        documents: camp.documents.map((d: { code: string }) =>
          d.code === 'tsaCertificate' ? { ...d, when: undefined } : d,
        ),
      },
    ],
    [
      'a category condition naming no category',
      {
        ...camp,
        documents: camp.documents.map((d: { code: string }) =>
          d.code === 'tsaCertificate' ? { ...d, when: { kind: 'category', categories: ['rich'] } } : d,
        ),
      },
    ],
    [
      'a category proved by a missing document',
      {
        ...camp,
        statusCategories: camp.statusCategories.map((c: object, i: number) =>
          i === 0 ? { ...c, document: 'nothing' } : c,
        ),
      },
    ],
    ['a hearing on an unknown ground', { ...camp, hearing: { ...camp.hearing, grounds: ['whim'] } }],
    ['a hearing form that is not an interim form', { ...camp, hearing: { ...camp.hearing, noticeForm: 'letter' } }],
    ['a duplicate refusal ground', { ...camp, refusalGrounds: [...camp.refusalGrounds, camp.refusalGrounds[0]] }],
    ['a range whose lower end exceeds the upper', { ...camp, term: { ...camp.term, min: 6 } }],
    ['a provider the schema does not know', { ...camp, providers: ['ministry'] }],
  ])('refuses %s', (_label, bad) => {
    expect(ServiceEntrySchema.safeParse(bad).success).toBe(false);
    expect(() => new Catalog(undefined, [bad])).toThrow();
  });
});
