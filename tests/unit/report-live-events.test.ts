/**
 * A report's live events made from the mirror's columns (server/reports/events.ts
 * liveEvents, issue #17): applications whose facts are not made, events of other
 * months not made, the overdue test skipped on numbers where the texts say the
 * same. On a generated district of every kind of application (times as
 * toISOString writes them and as another client wrote them, open, withdrawn,
 * issued, delivered before, inside and after the range) and applications planted
 * on the edges of `asOf`, the events are the ones shared applicationEvents and
 * overdueEvent give, in the same order, key for key: when they are first worked
 * out and when they are made again from the columns, with an `asOf` toISOString
 * writes and one it does not.
 */
import { describe, expect, it } from 'vitest';
import { liveEvents, monthStartInstant } from '../../server/reports/events';
import { ReportFacts, type AppFact } from '../../server/reports/facts';
import type { Queryable } from '../../server/db';
import {
  applicationEvents,
  defaultCatalog,
  monthEndInstant,
  overdueEvent,
  type AppChannel,
  type EventContext,
  type ReportEvent,
} from '../../shared';

const OFFICES = [
  { id: 'office-ҚРС', type: 'village' },
  { id: 'office-ХҚО', type: 'mobileCentre' },
  { id: 'office-ҮШҚ', type: 'village' },
];

/** Just what a refresh with nothing to read and liveEvents ask of a database. */
const db = {
  async query(sql: string) {
    if (sql.includes('change_counter')) return { rows: [{ seq: 0 }], rowCount: 1 };
    if (sql.includes('FROM offices')) return { rows: OFFICES, rowCount: OFFICES.length };
    return { rows: [], rowCount: 0 };
  },
  async exec() {},
} as unknown as Queryable;

/** A deterministic district: every field's kinds mixed by a small generator. */
function district(n: number): AppFact[] {
  let seed = 17;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const from = Date.parse('2024-06-01T00:00:00.000Z');
  const span = Date.parse('2027-03-01T00:00:00.000Z') - from;
  // As toISOString writes it, or as another client wrote it (another offset, no milliseconds).
  const text = (ms: number) =>
    rnd() < 0.85 ? new Date(ms).toISOString() : new Date(ms + 5 * 3_600_000).toISOString().slice(0, 19) + '+05:00';
  const out: AppFact[] = [];
  for (let i = 0; i < n; i++) {
    const acc = from + Math.floor(rnd() * span);
    const acceptedAt = text(acc);
    const dueAt = text(acc + Math.floor(rnd() * 40) * 86_400_000);
    const ready = rnd() < 0.6 ? text(acc + Math.floor(rnd() * 60) * 86_400_000) : undefined;
    const decisionKind = ready ? pick(['result', 'refusal', 'referral', undefined]) : pick([undefined, 'result']);
    out.push({
      id: `app-${i}`,
      officeId: pick(OFFICES).id,
      serviceCode: pick(['preschool-queue', 'school-transfer', 'unknown-service']),
      journalNo: `ҚРС-${i}`,
      acceptedAt,
      acceptedMs: Date.parse(acceptedAt),
      dueAt,
      status: pick(['registered', 'decided', 'signed', 'issued', 'issued'] as const),
      queueState: pick(['none', 'waiting', 'referred', 'withdrawn'] as const),
      channel: pick<AppChannel | undefined>(['office', 'portal', 'stateCorporation', 'mobile', undefined]),
      arrivalAt: rnd() < 0.4 ? text(acc - Math.floor(rnd() * 90) * 60_000) : undefined,
      readyAt: ready,
      decisionKind,
      birthDate: null,
      kindergartenIds: [],
      expiredReferrals: [],
    });
  }
  return out;
}

/**
 * The way before, from the facts themselves (not the mirror): every application a report can
 * count, in the mirror's order, its shared applicationEvents in the months asked for, then shared
 * overdueEvent.
 */
function wholeFacts(apps: AppFact[], ctx: EventContext, from: string, to: string, asOf: string): ReportEvent[] {
  const yearBefore = Date.parse(monthStartInstant(from)) - 366 * 86_400_000;
  const end = Date.parse(monthEndInstant(to));
  const out: ReportEvent[] = [];
  for (const a of apps) {
    if (a.acceptedMs > end || (a.acceptedMs < yearBefore && a.status === 'issued')) continue;
    for (const ev of applicationEvents(a, ctx)) if (ev.month >= from && ev.month <= to) out.push(ev);
    const od = overdueEvent(a, asOf, ctx);
    if (od) out.push(od);
  }
  return out;
}

/**
 * Applications on the edges of `asOf`: due, ready or accepted between its instant and the instant
 * its text would sort as (an asOf toISOString does not write), and ready within a day after it.
 */
function edges(asOf: string, n: number): AppFact[] {
  const at = Date.parse(asOf);
  const iso = (ms: number) => new Date(ms).toISOString();
  const base = {
    officeId: 'office-ҚРС',
    serviceCode: 'school-transfer',
    status: 'registered' as const,
    queueState: 'none' as const,
    channel: 'office' as const,
    arrivalAt: undefined,
    decisionKind: undefined,
    birthDate: null,
    kindergartenIds: [],
    expiredReferrals: [],
  };
  const out: AppFact[] = [];
  for (let h = -6; h <= 30; h++) {
    const t = iso(at + h * 3_600_000);
    const old = iso(at - 3 * 86_400_000);
    const rows: Array<Partial<AppFact>> = [
      { acceptedAt: old, dueAt: t },
      { acceptedAt: old, dueAt: iso(at - 86_400_000), readyAt: t, decisionKind: 'result' },
      { acceptedAt: t, dueAt: iso(at + 5 * 86_400_000) },
    ];
    for (const r of rows) {
      const acceptedAt = r.acceptedAt as string;
      out.push({
        ...base,
        ...r,
        id: `edge-${n}-${out.length}`,
        journalNo: `E-${n}-${out.length}`,
        acceptedAt,
        acceptedMs: Date.parse(acceptedAt),
      } as AppFact);
    }
  }
  return out;
}

/** The way before through the mirror's whole entries (AppColumns.accepted, eventsOfApp). */
function wholeEntries(facts: ReportFacts, from: string, to: string, asOf: string): ReportEvent[] {
  const start = Date.parse(monthStartInstant(from));
  const end = Date.parse(monthEndInstant(to));
  const ctx: EventContext = facts.context();
  const out: ReportEvent[] = [];
  for (const e of facts.apps.accepted(start - 366 * 86_400_000, end)) {
    for (const ev of facts.eventsOfApp(e)) if (ev.month >= from && ev.month <= to) out.push(ev);
    const od = overdueEvent(e.fact, asOf, ctx);
    if (od) out.push(od);
  }
  return out;
}

async function mirrorOf(apps: AppFact[]): Promise<ReportFacts> {
  const facts = new ReportFacts();
  await facts.refresh(db, defaultCatalog);
  for (const a of apps) facts.apps.set(a);
  return facts;
}

describe('a report’s live events from the columns', () => {
  const apps = district(3000);
  const cases: Array<[string, string, string]> = [
    ['2026-01', '2026-12', '2026-07-15T06:30:00.000Z'],
    ['2025-01', '2025-12', monthEndInstant('2025-12')],
    ['2026-03', '2026-03', '2026-03-20T10:00:00.000Z'],
    // An asOf toISOString would not write: the overdue test is left whole to overdueEvent.
    ['2026-01', '2026-12', '2026-07-15T11:30:00+05:00'],
  ];

  it('are the events shared applicationEvents and overdueEvent give, first worked out and then made again', async () => {
    for (const [i, [from, to, asOf]] of cases.entries()) {
      const all = [...apps, ...edges(asOf, i)];
      const mirror = await mirrorOf(all);
      const expected = wholeFacts(all, mirror.context(), from, to, asOf);
      const keys = (events: ReportEvent[]) => events.map((e) => Object.keys(e));
      // Worked out on the first report, then made again from the columns on the next.
      for (let pass = 0; pass < 2; pass++) {
        const made = await liveEvents(db, mirror, from, to, asOf);
        expect(made.length).toBeGreaterThan(100);
        expect(made).toStrictEqual(expected);
        expect(keys(made)).toEqual(keys(expected));
      }
      // The mirror's whole entries (the way before) agree.
      const entries = await mirrorOf(all);
      expect(wholeEntries(entries, from, to, asOf)).toStrictEqual(expected);
    }
  });

  it('count overdue the applications open past their due time, and only those', async () => {
    const facts = await mirrorOf(apps);
    const [from, to, asOf] = cases[0];
    const overdue = (await liveEvents(db, facts, from, to, asOf)).filter((e) => e.kind === 'overdue');
    const yearBefore = Date.parse(monthStartInstant(from)) - 366 * 86_400_000;
    const end = Date.parse(monthEndInstant(to));
    const countable = (a: AppFact) => !(a.acceptedMs > end || (a.acceptedMs < yearBefore && a.status === 'issued'));
    const expected = apps.filter((a) => countable(a) && overdueEvent(a, asOf, facts.context()) !== undefined);
    expect(overdue.length).toBeGreaterThan(10);
    expect(overdue.map((e) => e.id).sort()).toEqual(expected.map((a) => a.id).sort());
  });
});
