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
import { ServiceEntrySchema, type DocumentSpec } from '../../shared/catalog/schema';
import { STEP_ORDER } from '../../shared/workflow/machine';

const servicesDir = fileURLToPath(new URL('../../shared/catalog/services/', import.meta.url));
const shipped = readdirSync(servicesDir).filter((f) => f.endsWith('.json'));
const entry = defaultCatalog.get('preschool-queue');
const codes = (docs: DocumentSpec[]) => docs.map((d) => d.code);

describe('shipped entries', () => {
  it.each(shipped)('%s parses with the schema and is in the built-in catalog', (file) => {
    const raw = JSON.parse(readFileSync(servicesDir + file, 'utf8'));
    const parsed = ServiceEntrySchema.safeParse(raw);
    expect(parsed.success ? '' : JSON.stringify(parsed.error.issues, null, 1)).toBe('');
    expect(defaultCatalog.has(raw.code)).toBe(true);
  });

  it.each(builtInCatalog.map((e) => [e.code, e] as const))(
    '%s: steps in workflow order, unique document codes, both languages',
    (_code, e) => {
      expect(e.steps.map((s) => s.step)).toEqual(STEP_ORDER);
      expect(new Set(codes(e.documents)).size).toBe(e.documents.length);
      for (const d of e.documents) {
        expect(d.name.kk.trim()).not.toBe('');
        expect(d.name.ru.trim()).not.toBe('');
        if (d.requirement === 'conditional') expect(d.when, `${d.code} is conditional but says not when`).toBeDefined();
      }
      // Kazakh texts must be Kazakh: the Russian text copied into the kk slot is a common slip
      expect(e.name.kk).not.toBe(e.name.ru);
    },
  );

  it('the preschool entry says what the standard says', () => {
    expect(entry.term).toMatchObject({ unit: 'workingDays', value: 3, acceptanceDayCounts: false });
    expect(entry.waitMinutes).toBe(30);
    expect(entry.serviceMinutes).toBe(30);
    expect(entry.childAgeLimitYears).toBe(6);
    expect(entry.referralValidityDays).toBe(5);
    expect(entry.priorityCategories.map((c) => c.code).sort()).toEqual([
      'disabledParent',
      'largeFamily',
      'noParentalCare',
      'orphan',
      'warVeteran',
    ]);
    expect(entry.results.map((r) => r.kind)).toEqual(['referral', 'notification', 'refusal']);
    expect(entry.free).toBe(true);
  });
});

describe('the schema refuses broken entries', () => {
  const raw = JSON.parse(readFileSync(servicesDir + 'preschool-queue.json', 'utf8'));

  it.each([
    ['four steps', { ...raw, steps: raw.steps.slice(0, 4) }],
    [
      'an unknown step',
      { ...raw, steps: raw.steps.map((s: object, i: number) => (i === 0 ? { ...s, step: 'stamp' } : s)) },
    ],
    ['a zero term', { ...raw, term: { unit: 'workingDays', value: 0 } }],
    ['an empty Kazakh name', { ...raw, name: { kk: ' ', ru: raw.name.ru } }],
    ['no documents', { ...raw, documents: [] }],
    ['an uppercase code', { ...raw, code: 'Preschool' }],
    [
      'a bad condition date',
      {
        ...raw,
        documents: [
          { ...raw.documents[0], requirement: 'conditional', when: { kind: 'childBornBefore', date: '13.08.2007' } },
        ],
      },
    ],
  ])('%s', (_label, bad) => {
    expect(ServiceEntrySchema.safeParse(bad).success).toBe(false);
  });

  it('overrides replace the shipped entry by code and are validated', () => {
    const cat = new Catalog(undefined, [{ ...raw, waitMinutes: 15 }]);
    expect(cat.get('preschool-queue').waitMinutes).toBe(15);
    expect(defaultCatalog.get('preschool-queue').waitMinutes).toBe(30);
    expect(() => new Catalog(undefined, [{ ...raw, steps: [] }])).toThrow();
    expect(() => cat.get('no-such-service')).toThrow(/no-such-service/);
    expect(cat.all()).toHaveLength(builtInCatalog.length);
  });
});

describe('required documents', () => {
  const plain: DocumentContext = { hasPriority: false, isProxy: false };
  const always = ['application', 'applicantId', 'birthCertificate', 'addressCertificate'];
  const all = [
    'application',
    'applicantId',
    'birthCertificate',
    'priorityProof',
    'addressCertificate',
    'powerOfAttorney',
  ];

  it('a parent without priority brings the four "always" documents', () => {
    expect(codes(entry.documents.filter((d) => isDocumentRequired(d, plain)))).toEqual(always);
    expect(missingDocuments(entry, always, plain)).toEqual([]);
  });

  it('a priority needs its proof; a proxy needs the power of attorney', () => {
    expect(codes(missingDocuments(entry, always, { hasPriority: true, isProxy: false }))).toEqual(['priorityProof']);
    expect(codes(missingDocuments(entry, always, { hasPriority: false, isProxy: true }))).toEqual(['powerOfAttorney']);
    expect(codes(missingDocuments(entry, always, { hasPriority: true, isProxy: true }))).toEqual([
      'priorityProof',
      'powerOfAttorney',
    ]);
    expect(missingDocuments(entry, all, { hasPriority: true, isProxy: true })).toEqual([]);
  });

  it('lists what is missing, in catalog order, ignoring unknown ticks', () => {
    expect(
      codes(missingDocuments(entry, ['addressCertificate', 'junk'], { hasPriority: true, isProxy: false })),
    ).toEqual(['application', 'applicantId', 'birthCertificate', 'priorityProof']);
  });

  it('evaluates every kind of condition', () => {
    const doc = (
      when: DocumentSpec['when'],
      requirement: DocumentSpec['requirement'] = 'conditional',
    ): DocumentSpec => ({ code: 'x', name: { kk: 'x', ru: 'x' }, requirement, when, originalForComparison: false });
    const bornBefore = doc({ kind: 'childBornBefore', date: '2007-08-13' });
    expect(isDocumentRequired(bornBefore, { ...plain, childBirthDate: '2007-08-12' })).toBe(true);
    expect(isDocumentRequired(bornBefore, { ...plain, childBirthDate: '2007-08-13' })).toBe(false);
    expect(isDocumentRequired(bornBefore, plain)).toBe(false);
    const cat = doc({ kind: 'category', categories: ['orphan', 'noParentalCare'] });
    expect(isDocumentRequired(cat, { ...plain, category: 'orphan' })).toBe(true);
    expect(isDocumentRequired(cat, { ...plain, category: 'largeFamily' })).toBe(false);
    const registry = doc({ kind: 'notInRegistry' });
    expect(isDocumentRequired(registry, { ...plain, inRegistry: false })).toBe(true);
    expect(isDocumentRequired(registry, { ...plain, inRegistry: true })).toBe(false);
    expect(isDocumentRequired(registry, plain)).toBe(false); // unknown: do not block intake
    expect(isDocumentRequired(doc({ kind: 'priority' }, 'optional'), { ...plain, hasPriority: true })).toBe(false);
    expect(isDocumentRequired(doc(undefined, 'always'), plain)).toBe(true);
    expect(isDocumentRequired(doc(undefined, 'conditional'), { hasPriority: true, isProxy: true })).toBe(false);
  });
});
