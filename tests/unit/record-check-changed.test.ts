// The server checks a record once per push and, for each later op on it, only
// the fields the op changed (shared checkChanged, issue #17). That is only
// right if it says exactly what the whole-record check says: these tests
// compare the two on records a real desk (over an IndexedDB emulator) made at
// every step of the workflow, and on many changes of every field, valid and not.
import '../helpers/browser-globals';
import { describe, expect, it } from 'vitest';
import { preschoolIntake, testOfficeDesk } from '../helpers/testOffice';
import {
  RECORD_KINDS,
  RECORD_KIND_NAMES,
  checkChanged,
  checkRecord,
  fieldwise,
  fromLocal,
  type RecordKind,
} from '../../shared';

type Rec = Record<string, unknown>;

/** Both checks on `after`, made from `before` (which passed): the same verdict, value (keys in order) and issues. */
function expectSame(kind: RecordKind, before: Rec, after: Rec, touched: string[] = []): boolean {
  const whole = checkRecord(kind, after, { bounds: false });
  const part = checkChanged(kind, before, after, touched);
  expect(part.ok).toBe(whole.ok);
  if (whole.ok && part.ok) {
    expect(part.value).toStrictEqual(whole.value);
    expect(JSON.stringify(part.value)).toBe(JSON.stringify(whole.value));
  }
  if (!whole.ok && !part.ok) {
    const paths = (i: { path: unknown[]; code: string }[]) => i.map((x) => `${x.path.join('.')}:${x.code}`).sort();
    expect(paths(part.issues)).toEqual(paths(whole.issues));
  }
  return whole.ok;
}

/** Values of other types and shapes for a field: a wrong type, an empty and an oversized one, another field's value. */
function variants(rec: Rec, k: string): unknown[] {
  const v = rec[k];
  const others = Object.values(rec).filter((x) => x !== v);
  const out: unknown[] = [null, undefined, '', 'x'.repeat(5_000), 0, -1, 1.5, true, [], {}, ...others.slice(0, 6)];
  if (typeof v === 'string') out.push(`${v} `, v.toUpperCase(), `Ә${v}`);
  if (Array.isArray(v)) out.push([...v, ...v], v.slice(1), [{}]);
  if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [kk, vv] of Object.entries(v)) {
      out.push({ ...v, [kk]: null }, { ...v, [kk]: 42 }, { ...v, [kk]: vv, extra: 'y' });
      const { [kk]: _gone, ...rest } = v as Rec;
      out.push(rest);
    }
  return out;
}

/** Every field of `rec` changed to each variant, and removed; an unknown field added. Returns how many passed. */
function fuzzFields(kind: RecordKind, rec: Rec): { valid: number; invalid: number } {
  const before = checkRecord(kind, rec, { bounds: false });
  if (!before.ok) throw new Error(`fixture ${kind.name} is invalid: ${JSON.stringify(before.issues)}`);
  const base = before.value;
  let valid = 0;
  let invalid = 0;
  const count = (ok: boolean) => (ok ? valid++ : invalid++);
  const keys = new Set([...Object.keys(kind.schema.shape), ...Object.keys(base)]);
  for (const k of keys) {
    for (const v of variants(base, k)) count(expectSame(kind, base, { ...base, [k]: v }));
    const { [k]: _removed, ...without } = base;
    count(expectSame(kind, base, without));
    // The same value, named as touched: parsed again, same result.
    count(expectSame(kind, base, { ...base }, [k]));
  }
  count(expectSame(kind, base, { ...base, notAField: 'z' }));
  // Two fields at once, one valid and one not.
  const [a, b] = Object.keys(base);
  count(expectSame(kind, base, { ...base, [a!]: base[b!], [b!]: 7 }));
  return { valid, invalid };
}

describe('checking only the fields an op changed (issue #17)', () => {
  it('applies to every kind of record: each schema parses its fields one by one', () => {
    for (const name of RECORD_KIND_NAMES) expect([name, fieldwise(RECORD_KINDS[name])]).toEqual([name, true]);
    // A check over the whole record would make the shortcut wrong: it is then not taken.
    const refined = { ...RECORD_KINDS.visit, schema: RECORD_KINDS.visit.schema.refine(() => false) };
    expect(fieldwise(refined as RecordKind)).toBe(false);
  });

  it('says what the whole-record check says, at every step of a real application and on every field changed', async () => {
    let clock = fromLocal('2026-03-20', '10:00');
    const desk = await testOfficeDesk('check-changed', () => clock);
    await desk.signIn('clerk', 'secret123');
    const states: Rec[] = [];
    let app = await desk.register(await preschoolIntake(desk, 1));
    states.push(structuredClone(app));
    const exec = (await desk.staff()).find((s) => s.login === 'exec')!;
    await desk.signIn('head', 'secret123');
    app = await desk.resolve(app.id, exec.id);
    states.push(structuredClone(app));
    await desk.signIn('exec', 'secret123');
    clock = fromLocal('2026-03-23', '11:00');
    app = await desk.decide(app.id, { kind: 'notification' });
    states.push(structuredClone(app));
    await desk.signIn('head', 'secret123');
    app = await desk.sign(app.id);
    states.push(structuredClone(app));
    await desk.signIn('clerk', 'secret123');
    app = await desk.issue(app.id);
    states.push(structuredClone(app));
    const kind = RECORD_KINDS.application;
    for (let i = 1; i < states.length; i++) {
      const before = checkRecord(kind, states[i - 1], { bounds: false });
      expect(before.ok).toBe(true);
      // Each step as the server lays it: over the record it holds (parsed), a new object.
      expect(expectSame(kind, (before as { value: Rec }).value, { ...states[i] })).toBe(true);
    }
    const tally = fuzzFields(kind, states.at(-1)!);
    // The fuzz reached both sides of the check.
    expect(tally.valid).toBeGreaterThan(20);
    expect(tally.invalid).toBeGreaterThan(200);

    const refusal = await desk.refuseToAccept(
      await preschoolIntake(desk, 2, {}, { documents: ['application', 'applicantId', 'addressCertificate'] }),
      ['birthCertificate'],
    );
    fuzzFields(RECORD_KINDS.refusal, refusal as unknown as Rec);
    fuzzFields(RECORD_KINDS.office, (await desk.office()) as unknown as Rec);
    fuzzFields(RECORD_KINDS.kindergarten, (await desk.kindergartens())[0] as unknown as Rec);
  });
});
