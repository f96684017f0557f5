/**
 * Rules the desk and the server share, each written once in shared/: the
 * journal number, when an application is open, how many numbers a laptop
 * leases, the referral's validity, the catalog properties that decide what a
 * service does, and the intake form's early hints.
 */
import { describe, expect, it } from 'vitest';
import {
  Catalog,
  DEFAULT_REFERRAL_VALIDITY_DAYS,
  FINAL_STATUS,
  OPEN_QUEUE_STATES,
  QueueStateSchema,
  REFERRAL_JOURNAL,
  SYNC_LIMITS,
  StatusSchema,
  applicationRuleErrors,
  builtInCatalog,
  checkCatalogEntry,
  defaultCatalog,
  documentContext,
  formatJournalNo,
  intakeHints,
  intakeRefusalFacts,
  isDocumentRequired,
  isOpenApplication,
  keepsQueue,
  leaseSizeFor,
  makeIin,
  normalizeIntake,
  parseJournalNo,
  powerOfAttorneyText,
  queueEntries,
  referralValidityDays,
  validateIntake,
  withShippedDefaults,
  type IntakeInput,
  type ServiceEntry,
} from '../../shared';

const shipped = (code: string): ServiceEntry => structuredClone(defaultCatalog.get(code));
const without = (e: ServiceEntry, ...keys: Array<keyof ServiceEntry>) =>
  Object.fromEntries(Object.entries(e).filter(([k]) => !keys.includes(k as keyof ServiceEntry))) as ServiceEntry;

describe('journal numbers (ҚРҚ-2026-0042)', () => {
  it('print the office code, the year and at least four digits', () => {
    expect(formatJournalNo('ҚРҚ', 2026, 42)).toBe('ҚРҚ-2026-0042');
    expect(formatJournalNo('ҚРҚ-Ш', 2026, 7)).toBe('ҚРҚ-Ш-2026-0007');
    expect(formatJournalNo('ҚРҚ', 2026, 123_456)).toBe('ҚРҚ-2026-123456');
  });

  it.each([
    ['ҚРҚ', 2026, 42],
    ['ӘҒҚҢӨҰҮҺІ', 2025, 1],
    ['әғқңөұүһі', 2030, 9999],
    ['ҚРҚ-Ш', 2026, 10_000],
    ['ҚРҚ-ТП', 2027, 5],
    ['Ақ су', 2026, 3],
    ['A1', 2000, 9_999_999],
  ] as const)('read back what they print: %s, %i, %i', (prefix, year, seq) => {
    const no = formatJournalNo(prefix, year, seq);
    expect(parseJournalNo(no)).toEqual({ prefix, year, seq });
    const p = parseJournalNo(no)!;
    expect(formatJournalNo(p.prefix, p.year, p.seq)).toBe(no);
  });

  it('read a number typed without its zeros or with spaces around, and nothing that is not one', () => {
    expect(parseJournalNo(' қрқ-2026-42 ')).toEqual({ prefix: 'қрқ', year: 2026, seq: 42 });
    for (const v of [
      '',
      'ҚРҚ',
      'ҚРҚ-26-0042',
      'ҚРҚ-2026-',
      '-2026-0042',
      '2026-0042',
      'ҚРҚ-2026-0000',
      'ҚРҚ-2026-00x2',
      'Сәрсенбаев Жәңгір',
    ]) {
      expect(parseJournalNo(v), v).toBeNull();
    }
  });
});

describe('an application is open', () => {
  it('while its paperwork runs, or while its child waits for or holds a place, unless withdrawn', () => {
    expect(FINAL_STATUS).toBe('issued');
    for (const status of StatusSchema.options) {
      for (const queueState of QueueStateSchema.options) {
        // Withdrawn by the district (two applications of one child): closed whatever its paperwork.
        const open =
          queueState !== 'withdrawn' && (status !== 'issued' || queueState === 'waiting' || queueState === 'referred');
        expect(isOpenApplication({ status, queueState }), `${status}/${queueState}`).toBe(open);
      }
    }
    expect([...OPEN_QUEUE_STATES]).toEqual(['waiting', 'referred']);
  });
});

describe('catalog properties decide what a service does, not its code', () => {
  it('the shipped preschool queue keeps a queue and leases big blocks; no other shipped entry keeps one', () => {
    expect(queueEntries(builtInCatalog).map((e) => e.code)).toEqual(['preschool-queue']);
    expect(defaultCatalog.get('preschool-queue')).toMatchObject({ queue: true, numbering: { leaseSize: 200 } });
    expect(keepsQueue(defaultCatalog.get('camp-referral'))).toBe(false);
  });

  it('the schema checks them and names a bad value', () => {
    const e = shipped('school-meals') as unknown as Record<string, unknown>;
    expect(checkCatalogEntry({ ...e, queue: true, numbering: { leaseSize: 80 } })).toMatchObject({
      ok: true,
      entry: { queue: true, numbering: { leaseSize: 80 } },
    });
    const bad = checkCatalogEntry({ ...e, queue: 'yes', numbering: { leaseSize: 0 } });
    expect(bad.ok ? [] : bad.errors).toEqual(
      expect.arrayContaining([
        { field: 'queue', code: 'catalog.schema.type.boolean' },
        { field: 'numbering.leaseSize', code: 'catalog.schema.numberAbove', params: { min: 0 } },
      ]),
    );
  });

  it('an entry saved before they existed takes them from the shipped entry of its code; one that says otherwise keeps its word', () => {
    const old = without(shipped('preschool-queue'), 'queue', 'numbering');
    old.childAgeLimitYears = 7;
    // As a device loads an office's or the district's overrides, and as the server loads the district's document.
    for (const catalog of [new Catalog(builtInCatalog, [old]), new Catalog([old, ...builtInCatalog.slice(1)])]) {
      expect(catalog.get('preschool-queue')).toMatchObject({
        childAgeLimitYears: 7,
        queue: true,
        numbering: { leaseSize: 200 },
      });
    }
    const notAQueue = new Catalog(builtInCatalog, [{ ...old, queue: false }]).get('preschool-queue');
    expect(notAQueue.queue).toBe(false);
    expect(notAQueue.numbering).toEqual({ leaseSize: 200 });
    // A service of the district's own has nothing shipped to inherit.
    expect(withShippedDefaults({ ...old, code: 'village-queue' }, undefined).queue).toBeUndefined();
  });

  it('intake asks a queue for kindergartens, whatever its code', () => {
    const iin = (birth: string, sex: 'male' | 'female', from: number) => {
      for (let s = from; ; s++) {
        const v = makeIin(birth, sex, s);
        if (v) return v;
      }
    };
    const input = (serviceCode: string): IntakeInput => ({
      serviceCode,
      lang: 'kk',
      applicant: {
        kind: 'parent',
        iin: iin('1990-05-04', 'female', 300),
        lastName: 'Әбілқасымова',
        firstName: 'Ұлжан',
        phone: '+7 701 123 45 67',
        address: 'Ақсу, Абай к. 5',
      },
      child: { iin: iin('2023-02-11', 'male', 10), lastName: 'Әбілқасымов', firstName: 'Нұрсұлтан' },
      priority: null,
      kindergartenIds: [],
      workplaces: {},
      consent: true,
      documents: [],
    });
    const codes = (entry: ServiceEntry) => {
      const r = validateIntake(normalizeIntake(input(entry.code)), entry, '2026-03-20T05:00:00.000Z');
      return r.ok ? [] : r.errors.map((e) => e.code);
    };
    const village = { ...shipped('preschool-queue'), code: 'village-queue' };
    expect(codes(village)).toContain('kindergarten.required');
    expect(codes({ ...shipped('preschool-queue'), queue: false })).not.toContain('kindergarten.required');
  });
});

describe('numbers leased per block', () => {
  it('as the entry says for its journal, as the busiest queue for referrals, else the default; never above what the server grants', () => {
    const all = builtInCatalog;
    expect(leaseSizeFor('preschool-queue', all)).toBe(200);
    expect(leaseSizeFor(REFERRAL_JOURNAL, all)).toBe(200);
    expect(leaseSizeFor('camp-referral', all)).toBe(SYNC_LIMITS.leaseDefaultSize);
    expect(leaseSizeFor('complaint', all)).toBe(SYNC_LIMITS.leaseDefaultSize);
    const busy = { ...shipped('school-meals'), queue: true, numbering: { leaseSize: 5_000 } };
    expect(leaseSizeFor('school-meals', [busy])).toBe(SYNC_LIMITS.leaseMaxSize);
    expect(leaseSizeFor(REFERRAL_JOURNAL, [...all, busy])).toBe(SYNC_LIMITS.leaseMaxSize);
    expect(
      leaseSizeFor(
        REFERRAL_JOURNAL,
        all.filter((e) => !keepsQueue(e)),
      ),
    ).toBe(SYNC_LIMITS.leaseDefaultSize);
  });
});

describe('a referral stays valid', () => {
  it('the days its entry gives, else the five of seed 000 App. 4', () => {
    expect(DEFAULT_REFERRAL_VALIDITY_DAYS).toBe(5);
    expect(referralValidityDays(defaultCatalog.get('preschool-queue'))).toBe(5);
    expect(referralValidityDays({ referralValidityDays: 10 })).toBe(10);
    expect(referralValidityDays({})).toBe(5);
  });
});

describe('a power of attorney', () => {
  it('reads "№, date, notary" with the date as on the preschool application', () => {
    expect(powerOfAttorneyText({ number: '1-234', date: '2025-01-10', notary: 'Нотариус Әбілқасымова Ф.' })).toBe(
      '№ 1-234, 10.01.2025, Нотариус Әбілқасымова Ф.',
    );
    expect(powerOfAttorneyText({ number: '5', notary: 'Нотариус Ғ.' })).toBe('№ 5, Нотариус Ғ.');
    expect(powerOfAttorneyText(undefined)).toBe('');
  });
});

describe('the intake form hints what "Register" would refuse', () => {
  const entry = defaultCatalog.get('preschool-queue');
  const teacher = defaultCatalog.get('teacher-attestation');
  const today = '2026-03-20';
  const iin = (birth: string, sex: 'male' | 'female', from = 1) => {
    for (let s = from; ; s++) {
      const v = makeIin(birth, sex, s);
      if (v) return v;
    }
  };
  const APPLICANT = iin('1990-05-04', 'female');
  const form = (child: string, applicant = APPLICANT): IntakeInput => ({
    serviceCode: entry.code,
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: applicant,
      lastName: 'Ә',
      firstName: 'Ұ',
      phone: '+7 701 123 45 67',
      address: 'Ақсу',
    },
    child: { iin: child, lastName: 'Ә', firstName: 'Н' },
    priority: null,
    kindergartenIds: ['kg'],
    workplaces: {},
    consent: true,
    documents: [],
  });
  const hints = (f: IntakeInput, e: ServiceEntry = entry, touched: string[] = []) =>
    intakeHints(f, e, today, (x) => touched.includes(x));
  const refused = (f: IntakeInput, e: ServiceEntry = entry) => {
    const r = validateIntake(normalizeIntake(f), e, `${today}T05:00:00.000Z`);
    return r.ok ? [] : r.errors.filter((x) => x.field.endsWith('.iin'));
  };

  it.each([
    ['born tomorrow', iin('2026-03-21', 'male')],
    ['the applicant themself', APPLICANT],
    [
      'a bad check digit',
      `${iin('2023-02-11', 'male').slice(0, 11)}${(Number(iin('2023-02-11', 'male')[11]) + 1) % 10}`,
    ],
  ])('a child %s: the same code as on registering', (_what, child) => {
    const h = hints(form(child));
    expect(h.length).toBeGreaterThan(0);
    expect(h).toEqual(refused(form(child)));
  });

  it('a child over the age limit: no hint and no refusal, the same warning as on registering (issue #15, R-01)', () => {
    const over = form(iin('2019-12-01', 'male'));
    expect(hints(over)).toEqual([]);
    expect(refused(over)).toEqual([]);
    const r = validateIntake(normalizeIntake(over), entry, `${today}T05:00:00.000Z`);
    expect(r.ok && r.warnings).toEqual(intakeRefusalFacts(over, entry, today));
    expect(intakeRefusalFacts(over, entry, today)).toMatchObject([{ field: 'child.iin', code: 'refusal.dueOverAge' }]);
  });

  it('judges an IIN when it is complete or its field was left, and the same IIN of whom a proxy represents', () => {
    expect(hints(form('0101'))).toEqual([]);
    expect(hints(form('0101'), entry, ['child.iin'])).toEqual([{ field: 'child.iin', code: 'iin.length' }]);
    const proxy: IntakeInput = {
      ...form(''),
      serviceCode: teacher.code,
      child: undefined,
      applicant: { ...form('').applicant, kind: 'proxy', principal: { iin: APPLICANT } },
    };
    expect(hints(proxy, teacher)).toEqual([{ field: 'applicant.principal.iin', code: 'applicant.principalSame' }]);
  });

  it('the checklist, registration and a refusal to accept read one document context', () => {
    const camp = defaultCatalog.get('camp-referral');
    const ctx = documentContext({
      ...form(iin('2015-06-01', 'female')),
      statusCategory: camp.statusCategories![0].code,
      notInRegistry: ['birthCertificate'],
    });
    expect(ctx).toMatchObject({
      hasPriority: false,
      isProxy: false,
      childBirthDate: '2015-06-01',
      category: camp.statusCategories![0].code,
      notInRegistry: ['birthCertificate'],
    });
    expect(camp.documents.filter((d) => isDocumentRequired(d, ctx)).map((d) => d.code)).toEqual([
      'application',
      'applicantId',
      'birthCertificate',
      'medicalCertificate',
      'tsaCertificate',
    ]);
    // The birth date comes from the IIN before intake fills it in (a "born before" condition must see it on refusing too).
    expect(documentContext({ ...form(iin('2005-06-01', 'female')) }).childBirthDate).toBe('2005-06-01');
  });

  it('a record reaching the server is held to the same child rules', () => {
    const child = iin('2026-03-21', 'male');
    const app = {
      applicant: { kind: 'parent' as const, iin: APPLICANT, lastName: 'Ә', firstName: 'Ұ', phone: '', address: '' },
      child: { iin: child, lastName: 'Ә', firstName: 'Н', birthDate: '2026-03-21', sex: 'male' as const },
      priority: null,
      consent: true,
      acceptedAt: `${today}T05:00:00.000Z`,
    };
    expect(applicationRuleErrors(app as never, entry)).toEqual(hints(form(child)));
  });
});
