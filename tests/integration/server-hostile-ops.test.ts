/**
 * Generated hostile ops thrown at /v1/push (a property test, seeded: set
 * HOSTILE_SEED to replay a run). Whatever arrives, the server answers 200,
 * every op is applied or refused with a reason the laptop can translate
 * (never a server error), the laptop's good op after them is still applied,
 * and the log carries ids and codes only. Runs on PGlite and PostgreSQL.
 * The laptop is a real desk (tests/helpers/desk-device.ts): every generated
 * op takes the place of one of its registrations on the way, in its sequence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARANTINE_REASONS, newId, type Op } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { leaseNumbers, register, type DeskDevice } from '../helpers/desk-device';
import { seededRandom } from '../helpers/flaky-proxy';

const SEED = Number(process.env.HOSTILE_SEED ?? Date.now() % 1_000_000);
const BATCHES = 40;
/** In every generated string: it may reach the database, never the log. */
const MARKER = 'ҚҰПИЯМАРКЕР';

let srv: TestServer;
const log: string[] = [];
beforeAll(async () => {
  srv = await startTestServer({ logger: { level: 'debug', stream: { write: (line: string) => void log.push(line) } } });
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

class Gen {
  constructor(readonly r: () => number) {}
  int(n: number) {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number) {
    return this.r() < p;
  }
  string(): string {
    const parts = [
      MARKER,
      'Әбілқасымова',
      'Ғалым',
      'Сейітқызы',
      'Ёжик',
      '😀',
      'a\u0000b',
      '\uD800',
      '\uDC00x',
      '\u202Eтерс',
      '\u0007',
      '\n',
      ' ',
      '',
      "'; DROP TABLE ops; --",
      '{"$ne":null}',
      '../../etc',
      '%00',
      '\\u0000',
      'x'.repeat(this.pick([1, 100, 5000, 20000])),
      '2023-02-30',
      '0000-00-00T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '2026-03-01T10:00:00+05:00',
      '010101500015',
      'preschool-queue',
    ];
    let s = '';
    for (let i = this.int(4); i >= 0; i--) s += this.pick(parts);
    return s;
  }
  number(): number {
    return this.pick([
      0,
      -0,
      1,
      -1,
      0.5,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 53,
      -(2 ** 53),
      1e308,
      -1e308,
      5e-324,
      7,
      2026,
      99999,
    ]);
  }
  value(depth = 0): unknown {
    const k = this.int(depth > 10 ? 4 : 7);
    if (k === 0) return this.string();
    if (k === 1) return this.number();
    if (k === 2) return this.pick([true, false, null]);
    if (k === 3) return this.chance(0.5) ? newId() : this.string();
    if (k === 4) return Array.from({ length: this.int(5) }, () => this.value(depth + 1));
    if (k === 5 && this.chance(0.05)) {
      // A very deep chain now and then.
      let v: unknown = this.string();
      for (let i = 0; i < 40 + this.int(60); i++) v = { n: v };
      return v;
    }
    const o: Record<string, unknown> = {};
    // (No __proto__ keys: the JSON parser refuses such a body whole, with 400; see the last test.)
    for (let i = this.int(5); i > 0; i--)
      o[
        this.chance(0.1)
          ? this.string().slice(0, 80)
          : this.pick(['child', 'applicant', 'iin', 'officeId', 'type', 'status', 'd', 'prototype'])
      ] = this.value(depth + 1);
    return o;
  }
  /** A valid record with one path set to something random. */
  mutate<T extends Record<string, unknown>>(rec: T): T {
    const copy = structuredClone(rec) as Record<string, any>;
    const paths = [
      ['child', 'iin'],
      ['child', 'birthDate'],
      ['child', 'sex'],
      ['child', 'lastName'],
      ['applicant', 'iin'],
      ['applicant', 'kind'],
      ['applicant', 'phone'],
      ['acceptedAt'],
      ['dueAt'],
      ['journalSeq'],
      ['journalYear'],
      ['journalNo'],
      ['serviceCode'],
      ['officeId'],
      ['status'],
      ['queueState'],
      ['priority'],
      ['kindergartenIds'],
      ['steps'],
      ['prints'],
      ['decision'],
      ['version'],
      ['consent'],
      ['documents'],
      ['workplaces'],
      ['fields'],
      ['hearing'],
    ];
    for (let i = this.int(3); i >= 0; i--) {
      const p = this.pick(paths);
      let o = copy;
      for (const k of p.slice(0, -1)) o = o[k] ??= {};
      // The fuzzer drops a random field on purpose: the server must refuse the gap.
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
      if (this.chance(0.15)) delete o[p[p.length - 1]];
      else o[p[p.length - 1]] = this.value(1);
    }
    return copy as T;
  }
}

/** The fuzzed laptop: a real desk, made once for the file. */
let made: DeskDevice | undefined;
const laptop = async () => (made ??= await srv.desk('karasu', 'fuzzing laptop'));

/** `n` registrations on the laptop: each one's create and, after it, its access-log entry. */
async function registrations(dev: DeskDevice, n: number): Promise<Array<[Op, Op]>> {
  const { ops } = await dev.record(async () => {
    for (let i = 0; i < n; i++) await register(dev);
  });
  return Array.from({ length: n }, (_, i) => [ops[2 * i], ops[2 * i + 1]]);
}

describe('generated hostile ops', () => {
  it(`are each applied or refused with a translated reason; the laptop's later ops still apply; the log has ids only (seed ${SEED})`, async () => {
    const g = new Gen(seededRandom(SEED));
    const dev = await laptop();
    // Enough official numbers for every registration of the run (the desk's own top-up leases 200).
    await leaseNumbers(dev, 'preschool-queue', 500);
    const staff = await dev.desk.staff();
    const known: string[] = [];
    const entities = [
      'application',
      'refusal',
      'kindergarten',
      'office',
      'staff',
      'access',
      'complaint',
      'visit',
      'techProtocol',
      'president',
      '',
    ];
    const reasons = new Set<string>(QUARANTINE_REASONS);
    const seen = new Map<string, number>();
    let applied = 0;
    let sent = 0;

    for (let b = 0; b < BATCHES; b++) {
      const n = 1 + g.int(12);
      const made = await registrations(dev, n + 1);
      const ops: Op[] = [];
      for (const [o, access] of made.slice(0, n)) {
        const shape = g.int(6);
        let op: Op;
        if (shape === 0) {
          // A whole random op body (its place in the sequence is sound).
          op = { ...o, ...(g.value(1) as object), deviceSeq: o.deviceSeq, deviceId: o.deviceId, opId: newId() };
        } else if (shape === 1) {
          op = { ...o, fields: g.mutate(o.fields) };
        } else if (shape === 2 && known.length) {
          op = {
            ...o,
            entity: 'application',
            entityId: g.pick(known),
            kind: g.pick(['patch', 'transition'] as const),
            fields: (g.value(1) as Record<string, unknown>) ?? {},
            baseVersion: g.int(4),
            staffId: g.pick(staff).id,
            step: g.pick(['resolution', 'decision', 'signature', 'issue', 'nope']) as Op['step'],
          };
        } else if (shape === 3) {
          op = {
            ...o,
            entity: g.pick(entities) as Op['entity'],
            entityId: g.chance(0.5) ? o.entityId : String(g.value(1)),
            kind: g.pick(['create', 'patch', 'transition', 'delete']) as Op['kind'],
          };
        } else if (shape === 4) {
          op = {
            ...o,
            baseVersion: g.number(),
            hlc: g.chance(0.5) ? o.hlc : g.string(),
            staffId: g.chance(0.5) ? o.staffId : g.string(),
            step: g.chance(0.7) ? o.step : (g.string() as Op['step']),
          };
        } else {
          known.push(o.entityId);
          op = o;
        }
        if (typeof op.fields !== 'object' || op.fields === null) op = { ...op, fields: op.fields ?? {} };
        // The access-log entry the desk wrote beside it goes too: the sequence has no gap.
        ops.push(op, access);
      }
      const good = made[n];
      known.push(good[0].entityId);
      ops.push(...good);
      sent += ops.length;
      const res = await dev.client.pushRaw(ops);
      const where = `seed ${SEED}, batch ${b}`;
      expect(
        res.status,
        `${where}: ${JSON.stringify(res.body).slice(0, 300)} ${log
          .filter((l) => /"level":(50|60)/.test(l))
          .join('\n')
          .slice(0, 3000)}`,
      ).toBe(200);
      expect(res.body.acked, where).toBe(good[1].deviceSeq);
      const results = res.body.results as Array<{ deviceSeq: number; status: string; reason?: string }>;
      expect(
        results.map((r) => r.deviceSeq),
        where,
      ).toEqual(ops.map((o) => o.deviceSeq));
      for (const r of results) {
        expect(['applied', 'quarantined'], where).toContain(r.status);
        if (r.status === 'quarantined') {
          expect(reasons.has(r.reason!), `${where}: ${r.reason}`).toBe(true);
          expect(r.reason, where).not.toBe('server.error');
          seen.set(r.reason!, (seen.get(r.reason!) ?? 0) + 1);
        } else applied++;
      }
      // The laptop's next application after them is applied.
      expect(
        results.slice(-2).map((r) => r.status),
        where,
      ).toEqual(['applied', 'applied']);
    }
    // The run exercised refusals and applications alike.
    expect(applied).toBeGreaterThan(BATCHES);
    expect(seen.get('validation') ?? 0).toBeGreaterThan(BATCHES / 2);
    // The audit trail holds every op, refused ones included.
    const stored = await srv.db.query('SELECT count(*)::int AS n FROM ops WHERE device_id = $1', [dev.client.deviceId]);
    expect(stored.rows[0].n).toBe(sent);
    // Nothing of what was sent in the log: not the marker, no server error.
    const text = log.join('\n');
    expect(text.includes(MARKER)).toBe(false);
    expect(
      log.some((l) => /"level":(50|60)/.test(l)),
      log.find((l) => /"level":(50|60)/.test(l)),
    ).toBe(false);
  });

  it('refuses a body that would reach a prototype whole, with 400, and changes nothing', async () => {
    const dev = await laptop();
    const [[op]] = await registrations(dev, 1);
    const before = (await srv.db.query('SELECT count(*)::int AS n FROM ops')).rows[0].n;
    const raw = JSON.stringify({ ops: [op] }).replace('"fields":{', '"fields":{"__proto__":{"officeId":"x"},');
    const res = await dev.client.post('/v1/push', undefined, { raw });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('body.invalid');
    expect((await srv.db.query('SELECT count(*)::int AS n FROM ops')).rows[0].n).toBe(before);
  });
});
