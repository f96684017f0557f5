// The record kernel (shared/records): bounds every value keeps, who may write
// what, and how an op lays over a record, as the desk and the server use them.
import { describe, expect, it } from 'vitest';
import {
  FREE_PLACES_DELTA_FIELD,
  OpSchema,
  RECORD_KINDS,
  RECORD_KIND_NAMES,
  applicationRuleErrors,
  checkRecord,
  defaultCatalog,
  jsonBoundsIssues,
  layFields,
  makeIin,
  rebase,
  writeRefusal,
  type Application,
} from '../../shared';

const office = (id = 'office-a') => ({
  id,
  type: 'village',
  name: { kk: 'Ауыл', ru: 'Село' },
  district: { kk: 'Аудан', ru: 'Район' },
  address: { kk: 'Мекенжай', ru: 'Адрес' },
  headName: 'Басшы',
  code: 'АУЛ',
  utcOffsetMinutes: 300,
  hours: { start: '09:00', end: '18:00' },
  idleLockMinutes: 15,
  createdAt: '2026-01-05T04:00:00Z',
});
const officeW = { kind: 'office' as const, officeId: 'office-a' };

describe('bounds', () => {
  it('refuses control characters, half surrogate pairs, prototype keys, deep nesting and huge values, and names the path', () => {
    expect(jsonBoundsIssues({ a: 'Әбілқасымова Ұлжан Ғалымқызы, 😀\n\tжол' })).toEqual([]);
    expect(jsonBoundsIssues({ child: { lastName: 'a\u0000b' } })).toEqual([
      { path: ['child', 'lastName'], code: 'invalid_characters', message: expect.any(String) },
    ]);
    expect(jsonBoundsIssues({ x: 'ok\uD800' })[0].code).toBe('invalid_characters');
    expect(jsonBoundsIssues({ x: '\uDC00' })[0].code).toBe('invalid_characters');
    expect(jsonBoundsIssues(JSON.parse('{"__proto__": {"admin": true}}'))[0].code).toBe('invalid_key');
    expect(jsonBoundsIssues({ k: 'x'.repeat(10_001) })[0].code).toBe('too_big');
    expect(jsonBoundsIssues({ n: 2 ** 60 })[0].code).toBe('too_big');
    expect(jsonBoundsIssues({ l: new Array(2001).fill(1) })[0].code).toBe('too_big');
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const issues = jsonBoundsIssues({ w: deep });
    expect(issues).toEqual([
      { path: ['w', 'd', 'd', 'd', 'd', 'd', 'd', 'd'], code: 'too_deep', message: expect.any(String) },
    ]);
  });

  it('gives an op its bounds: ids, versions, step codes, hlc', () => {
    const op = {
      opId: 'a1',
      deviceId: 'dev-1',
      deviceSeq: 1,
      entity: 'office',
      entityId: 'office-a',
      kind: 'patch',
      fields: { phone: '1' },
      baseVersion: 0,
      hlc: '001795331160105-00000-1c0d9e8f',
      staffId: 's1',
    };
    expect(OpSchema.safeParse(op).success).toBe(true);
    for (const bad of [
      { entityId: 'x'.repeat(65) },
      { entityId: 'a b' },
      { baseVersion: 2 ** 31 },
      { step: 'a\u0000' },
      { hlc: 'yesterday' },
      { fields: { n: 'a\u0007' } },
    ]) {
      expect(OpSchema.safeParse({ ...op, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('records are real: no 30 February, no year 0000, numbers within their columns', () => {
    expect(checkRecord(RECORD_KINDS.office, office()).ok).toBe(true);
    expect(checkRecord(RECORD_KINDS.office, { ...office(), createdAt: '0000-01-01T00:00:00Z' }).ok).toBe(false);
    expect(checkRecord(RECORD_KINDS.office, { ...office(), createdAt: '2023-02-30T00:00:00Z' }).ok).toBe(false);
    expect(checkRecord(RECORD_KINDS.office, { ...office(), id: 'x'.repeat(8192) }).ok).toBe(false);
    const bad = checkRecord(RECORD_KINDS.office, { ...office(), headName: 'Бас\u0000шы' });
    expect(bad).toEqual({
      ok: false,
      issues: [{ path: ['headName'], code: 'invalid_characters', message: expect.any(String) }],
    });
  });
});

describe('who may write what', () => {
  it("an office laptop may not change what its office is, nor another office's record", () => {
    const k = RECORD_KINDS.office;
    expect(writeRefusal(k, officeW, office(), { type: 'districtEducation' })).toEqual({
      reason: 'scope.districtOnly',
      fields: ['type'],
    });
    expect(writeRefusal(k, officeW, office(), { code: 'XYZ', phone: '1' })).toEqual({
      reason: 'scope.districtOnly',
      fields: ['code'],
    });
    expect(writeRefusal(k, officeW, office(), { phone: '+7 701 000 00 00' })).toBeNull();
    // A create resent by a restored laptop, with the same values, passes; with another type, not.
    expect(writeRefusal(k, officeW, office(), office())).toBeNull();
    expect(writeRefusal(k, officeW, office(), { ...office(), type: 'districtEducation' })?.reason).toBe(
      'scope.districtOnly',
    );
    expect(writeRefusal(k, officeW, office('office-b'), { phone: '1' })).toEqual({ reason: 'scope.office' });
    expect(writeRefusal(k, officeW, null, office())).toEqual({ reason: 'scope.districtOnly' });
    // The district decides.
    expect(writeRefusal(k, { kind: 'district', officeId: 'd' }, office(), { type: 'settlement' })).toBeNull();
    // The district office's laptops serve every office, but not the district's own fields.
    expect(writeRefusal(k, { kind: 'districtOffice', officeId: 'd' }, office(), { type: 'settlement' })?.reason).toBe(
      'scope.districtOnly',
    );
  });

  it('staff: no password from a laptop, no move to another office; kindergartens: a places delta only', () => {
    const s = {
      id: 's1',
      officeId: 'office-a',
      fullName: 'Қызметкер',
      login: 'q',
      roles: ['clerk'],
      active: true,
      createdAt: '2026-01-05T04:00:00Z',
    };
    expect(writeRefusal(RECORD_KINDS.staff, officeW, null, { ...s, password: { alg: 'PBKDF2-SHA256' } })).toEqual({
      reason: 'scope.districtOnly',
      fields: ['password'],
    });
    expect(writeRefusal(RECORD_KINDS.staff, officeW, null, { ...s, officeId: 'district' })).toEqual({
      reason: 'scope.office',
    });
    expect(writeRefusal(RECORD_KINDS.staff, officeW, s, { officeId: 'office-b' })).toEqual({
      reason: 'scope.officeChange',
    });
    expect(writeRefusal(RECORD_KINDS.staff, officeW, s, { roles: ['clerk', 'head'] })).toBeNull();
    const kg = {
      id: 'kg',
      number: '1',
      name: { kk: 'Б', ru: 'Б' },
      address: { kk: 'А', ru: 'А' },
      ageGroups: [],
      active: true,
      updatedAt: '2026-01-05T04:00:00Z',
    };
    expect(writeRefusal(RECORD_KINDS.kindergarten, officeW, kg, { [FREE_PLACES_DELTA_FIELD]: { g: -1 } })).toBeNull();
    expect(
      writeRefusal(RECORD_KINDS.kindergarten, officeW, kg, { [FREE_PLACES_DELTA_FIELD]: { g: -1 }, name: kg.name })
        ?.reason,
    ).toBe('scope.districtOnly');
    expect(writeRefusal(RECORD_KINDS.kindergarten, officeW, null, kg)).toEqual({ reason: 'scope.districtOnly' });
  });

  it('official numbers are fixed once given', () => {
    const app = { officeId: 'office-a', journalSeq: 4, journalNo: 'АУЛ-2026-0004' };
    expect(writeRefusal(RECORD_KINDS.application, officeW, app, { journalSeq: 5 })).toEqual({
      reason: 'scope.districtOnly',
      fields: ['journalSeq'],
    });
    expect(writeRefusal(RECORD_KINDS.application, officeW, app, { journalSeq: 4, queueState: 'referred' })).toBeNull();
  });

  it("every kind names its owner and keeps the kernel's shape", () => {
    for (const name of RECORD_KIND_NAMES) {
      const k = RECORD_KINDS[name];
      expect(k.name).toBe(name);
      for (const f of [...k.districtOnly, ...k.fixed, ...k.appendOnly])
        expect(Object.keys(k.schema.shape), `${name}.${f}`).toContain(f);
    }
  });
});

describe('laying ops over records', () => {
  it('null removes an optional field and stays a value where null is one (priority)', () => {
    const k = RECORD_KINDS.application;
    expect(layFields(k, { priority: 'x', executorId: 'e', lang: 'kk' }, { priority: null, executorId: null })).toEqual({
      priority: null,
      lang: 'kk',
    });
  });

  it("rebases a pulled record under the device's pending ops, places deltas included", () => {
    const kg = {
      id: 'kg',
      ageGroups: [
        { id: 'g', freePlaces: 3 },
        { id: 'h', freePlaces: 0 },
      ],
    };
    const pending = [
      { kind: 'create' as const, fields: { ageGroups: [] } },
      { kind: 'patch' as const, fields: { [FREE_PLACES_DELTA_FIELD]: { g: -1 } } },
      { kind: 'patch' as const, fields: { [FREE_PLACES_DELTA_FIELD]: { g: -1, h: -1 } } },
      { kind: 'patch' as const, fields: { [FREE_PLACES_DELTA_FIELD]: { nope: -1 } } },
    ];
    expect(rebase(RECORD_KINDS.kindergarten, kg, pending).ageGroups).toEqual([
      { id: 'g', freePlaces: 1 },
      { id: 'h', freePlaces: 0 },
    ]);
  });
});

describe('intake rules for a record that arrives', () => {
  const entry = defaultCatalog.get('preschool-queue');
  const child = (birthDate: string, sex: 'male' | 'female' = 'female') => ({
    iin: makeIin(birthDate, sex, 11)!,
    lastName: 'Б',
    firstName: 'Ә',
    birthDate,
    sex,
  });
  const app = (over: Partial<Application> = {}) =>
    ({
      applicant: {
        kind: 'parent',
        iin: makeIin('1990-01-01', 'female', 12)!,
        lastName: 'А',
        firstName: 'Ә',
        phone: '+7 701 000 00 00',
        address: 'А',
      },
      child: child('2023-03-04'),
      priority: null,
      consent: true,
      acceptedAt: '2026-03-10T05:00:00Z',
      ...over,
    }) as unknown as Application;

  it('passes a good one and names what the form would have refused', () => {
    expect(applicationRuleErrors(app(), entry)).toEqual([]);
    const codes = (a: Application) => applicationRuleErrors(a, entry).map((e) => e.code);
    expect(codes(app({ child: { ...child('2023-03-04'), iin: '230304600110' } }))).toContain('iin.checksum');
    expect(codes(app({ child: { ...child('2023-03-04'), birthDate: '2023-03-05' } }))).toEqual([
      'child.birthDateMismatch',
    ]);
    expect(codes(app({ child: { ...child('2023-03-04'), sex: 'male' } }))).toEqual(['child.sexMismatch']);
    // Over the age limit the record is taken in, its decision held to the reasoned refusal (issue #15, R-01);
    // an entry with no ground for the age refuses it. The age counts on the day of acceptance: six on
    // 4 March 2026 is over the limit then, not later.
    expect(codes(app({ child: child('2020-03-04') }))).toEqual([]);
    const strict = { ...entry, refusalGrounds: entry.refusalGrounds.map(({ fact: _f, ...g }) => g) };
    const strictCodes = (a: Application) => applicationRuleErrors(a, strict).map((e) => e.code);
    expect(strictCodes(app({ child: child('2020-03-04') }))).toEqual(['child.overAge']);
    expect(strictCodes(app({ child: child('2020-03-04'), acceptedAt: '2026-03-03T05:00:00Z' }))).toEqual([]);
    // No consent: refused where the entry names no ground for it (the preschool queue).
    expect(codes(app({ consent: false }))).toEqual(['consent.required']);
    expect(codes(app({ child: child('2026-06-01') }))).toEqual(['child.birthDateFuture']);
    expect(codes(app({ priority: 'nobody' }))).toEqual(['priority.unknown']);
  });
});
