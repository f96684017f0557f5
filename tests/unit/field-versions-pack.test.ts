/**
 * The stored form of per-field versions (server/store/fieldVersions.ts, issue
 * #17): packing and unpacking give back exactly the versions packed (the same
 * fields, each with its version and device), rows written before the packed
 * form read as they are, and the packed form is a fraction of the expanded one.
 */
import { describe, expect, it } from 'vitest';
import { ApplicationSchema, initialFieldVersions, mergeOp, type FieldVersions } from '../../shared';
import { packFieldVersions, unpackFieldVersions } from '../../server/store/fieldVersions';

const DEV_A = '01a2498b-2891-7258-a824-f5fc58636ae7';
const DEV_B = '01a2498b-3b10-7a41-9d2e-0c77f1e2a9b4';
const DISTRICT = 'district-server';

/** Through the database and back: jsonb keeps neither key order nor anything but JSON. */
const roundTrip = (fv: FieldVersions) => unpackFieldVersions(JSON.parse(JSON.stringify(packFieldVersions(fv))));

/** A 38-field application (every field of its schema but id and version) created on one laptop and patched 3 times, as the merge versions it. */
function patchedApplication(): FieldVersions {
  let current: Record<string, unknown> = Object.fromEntries(Object.keys(ApplicationSchema.shape).map((k) => [k, 'x']));
  let fieldVersions = initialFieldVersions(current, DEV_A, 1);
  const patches = [
    { prints: ['receipt'] },
    { steps: ['accept', 'resolution'], status: 'assigned', executorId: 'e1', updatedAt: 'y' },
    { steps: ['accept', 'resolution', 'decision'], status: 'decided', decision: { kind: 'notification' } },
  ];
  patches.forEach((fields, i) => {
    const m = mergeOp({ current, fieldVersions, fields, baseVersion: i + 1, deviceId: DEV_A, newVersion: i + 2 });
    expect(m.hard).toEqual([]);
    ({ next: current, fieldVersions } = m);
  });
  return fieldVersions;
}

describe('packFieldVersions / unpackFieldVersions', () => {
  const cases: Record<string, FieldVersions> = {
    empty: {},
    'one field': { status: { v: 1, d: DEV_A } },
    'one device, one version': { lang: { v: 1, d: DEV_A }, child: { v: 1, d: DEV_A }, dueAt: { v: 1, d: DEV_A } },
    'fields changed at later versions': {
      lang: { v: 1, d: DEV_A },
      child: { v: 1, d: DEV_A },
      prints: { v: 2, d: DEV_A },
      status: { v: 7, d: DEV_A },
      steps: { v: 7, d: DEV_A },
      executorId: { v: 12, d: DEV_A },
    },
    'many devices, the same version on several': {
      lang: { v: 1, d: DEV_A },
      child: { v: 1, d: DEV_A },
      queueState: { v: 5, d: DEV_A },
      decision: { v: 5, d: DEV_B },
      withdrawal: { v: 5, d: DISTRICT },
      prints: { v: 6, d: DEV_B },
      status: { v: 9, d: 'device-4' },
      steps: { v: 9, d: 'device-5' },
    },
    // None of these is a schema's field, but the format must not depend on it.
    'names that are no identifiers': {
      '~': { v: 1, d: DEV_A },
      'two words': { v: 1, d: DEV_A },
      plain: { v: 1, d: DEV_A },
      '': { v: 2, d: DEV_A },
      'g:1': { v: 3, d: DEV_B },
      // A computed key is an own field, as JSON.parse makes it from a row: no prototype.
      ['__proto__']: { v: 3, d: DEV_B },
    },
  };

  for (const [name, fv] of Object.entries(cases))
    it(`gives back exactly what it packed: ${name}`, () => {
      const back = roundTrip(fv);
      expect(back).toEqual(fv);
      // The same fields, none gained, none lost (toEqual alone skips a __proto__ key).
      expect(Object.keys(back).sort()).toEqual(Object.keys(fv).sort());
    });

  it('the realistic application round-trips, with no field gaining a version', () => {
    const fv = patchedApplication();
    expect(Object.keys(fv)).toHaveLength(38);
    expect(roundTrip(fv)).toEqual(fv);
    const { status, ...rest } = fv;
    const back = roundTrip(rest);
    expect(back).toEqual(rest);
    expect(back).not.toHaveProperty('status');
    expect(status).toEqual({ v: 4, d: DEV_A });
  });

  it('stores each device once and each (version, device) pair once, behind its marker', () => {
    const packed = packFieldVersions(cases['many devices, the same version on several']);
    expect(packed).toEqual({
      '~': 1,
      d: [DEV_A, DEV_B, DISTRICT, 'device-4', 'device-5'],
      g: {
        '1:0': 'lang child',
        '5:0': 'queueState',
        '5:1': 'decision',
        '5:2': 'withdrawal',
        '6:1': 'prints',
        '9:3': 'status',
        '9:4': 'steps',
      },
    });
    // Names with a space go as a list: joined they could not be told apart.
    expect(packFieldVersions(cases['names that are no identifiers']).g).toEqual({
      '1:0': ['~', 'two words', 'plain'],
      '2:0': '',
      '3:1': 'g:1 __proto__',
    });
  });

  it('reads rows written before packing (the expanded form, NULL before field versions existed)', () => {
    const old = patchedApplication();
    expect(unpackFieldVersions(JSON.parse(JSON.stringify(old)))).toEqual(old);
    expect(unpackFieldVersions({})).toEqual({});
    expect(unpackFieldVersions(null)).toEqual({});
    // An expanded field named like the marker holds a {v, d}: it is no packed form.
    expect(unpackFieldVersions({ '~': { v: 2, d: DEV_A } })).toEqual({ '~': { v: 2, d: DEV_A } });
  });

  it('refuses a column that is neither form rather than reading it as no versions', () => {
    for (const bad of [
      [],
      'x',
      { '~': 2, d: [], g: {} },
      { '~': 1, d: [DEV_A] },
      { '~': 1, d: [DEV_A], g: { '1:1': 'status' } },
      { '~': 1, d: [DEV_A], g: { 'v1:0': 'status' } },
      { '~': 1, d: [DEV_A], g: { '1:0': 7 } },
      { status: { v: '1', d: DEV_A } },
      { status: { v: 1 } },
    ])
      expect(() => unpackFieldVersions(bad), JSON.stringify(bad)).toThrow(/field_versions/);
  });

  it('packs a realistic application to about a fifth of its expanded JSON', () => {
    const fv = patchedApplication();
    const packed = JSON.stringify(packFieldVersions(fv));
    const full = JSON.stringify(fv);
    // 489 bytes against 2,414: the field names (361 bytes and a space each) are what is left, and cannot shrink.
    expect(packed.length * 4.5).toBeLessThan(full.length);
    // As jsonb, what the row holds, a {v, d} costs more than its text: there it is under a fifth
    // (tests/integration/server-field-versions.test.ts measures it with pg_column_size).
  });
});
