/**
 * The reports' mirror held as columns (server/reports/appColumns.ts, issue
 * #17): every application comes back exactly as it was put in, times whose
 * text toISOString would not write included, optional fields absent or
 * present, replaced in place, and the rows share the frozen lists they have
 * in common.
 */
import { describe, expect, it } from 'vitest';
import { AppColumns } from '../../server/reports/appColumns';
import type { AppFact } from '../../server/reports/facts';
import { applicationEvents, type EventContext, type ReportEvent } from '../../shared';

const base: AppFact = {
  id: 'app-1',
  officeId: 'office-ҚРС',
  serviceCode: 'preschool-queue',
  journalNo: 'ҚРС-2026-0042',
  acceptedAt: '2026-03-14T05:12:00.000Z',
  acceptedMs: Date.parse('2026-03-14T05:12:00.000Z'),
  dueAt: '2026-03-19T13:00:00.000Z',
  status: 'registered',
  queueState: 'waiting',
  channel: 'office',
  arrivalAt: '2026-03-14T05:01:30.000Z',
  readyAt: undefined,
  decisionKind: undefined,
  birthDate: '2022-02-28',
  kindergartenIds: ['kg-1', 'kg-2'],
  expiredReferrals: [],
};

describe('the mirror as columns', () => {
  it('gives every application back as it was put in', () => {
    const cols = new AppColumns();
    const facts: AppFact[] = [
      base,
      {
        ...base,
        id: 'app-2',
        journalNo: 'ҮШҚ-2025-0001',
        officeId: 'office-ҮШҚ',
        // Written by hand or by another client: kept as text, not as toISOString would write it.
        acceptedAt: '2025-12-31T23:59:59Z',
        acceptedMs: Date.parse('2025-12-31T23:59:59Z'),
        dueAt: '2026-01-05T18:00:00+05:00',
        status: 'issued',
        queueState: 'referred',
        channel: undefined,
        arrivalAt: undefined,
        readyAt: '2026-01-03T04:00:00.123Z',
        decisionKind: 'referral',
        birthDate: null,
        kindergartenIds: [],
        referral: { kindergartenId: 'kg-2', issuedOn: '2026-01-03' },
        expiredReferrals: [{ kindergartenId: 'kg-1', validUntil: '2025-11-30' }],
      },
      { ...base, id: 'app-3', acceptedAt: 'not a time', acceptedMs: NaN, kindergartenIds: ['kg-2', 'kg-1'] },
    ];
    for (const f of facts) cols.set(f);
    expect(cols.size).toBe(3);
    for (const f of facts) expect(cols.get(f.id)?.fact).toStrictEqual(f);
    expect([...cols.values()].map((e) => e.fact)).toStrictEqual(facts);
    expect([...cols.keys()]).toEqual(['app-1', 'app-2', 'app-3']);
    expect(cols.has('app-2')).toBe(true);
    expect(cols.get('app-4')).toBeUndefined();
  });

  it('replaces an application in place, dropping what it no longer has', () => {
    const cols = new AppColumns();
    cols.set({
      ...base,
      readyAt: '2026-03-15T10:00:00.000Z',
      decisionKind: 'referral',
      referral: { kindergartenId: 'kg-1', issuedOn: '2026-03-15' },
      expiredReferrals: [{ kindergartenId: 'kg-2', validUntil: '2026-02-01' }],
      acceptedAt: '2026-03-14T10:12:00+05:00',
    });
    cols.set(base);
    expect(cols.size).toBe(1);
    expect(cols.get(base.id)?.fact).toStrictEqual(base);
  });

  it('grows past its first capacity and shares the lists rows have in common, frozen', () => {
    const cols = new AppColumns();
    for (let i = 0; i < 3000; i++)
      cols.set({ ...base, id: `app-${i}`, acceptedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() });
    expect(cols.size).toBe(3000);
    const a = cols.get('app-10')!.fact;
    const b = cols.get('app-2999')!.fact;
    expect(b.acceptedAt).toBe(new Date(Date.UTC(2026, 0, 1) + 2999 * 60_000).toISOString());
    expect(a.kindergartenIds).toBe(b.kindergartenIds);
    expect(Object.isFrozen(a.kindergartenIds)).toBe(true);
    expect(Object.isFrozen(a.expiredReferrals)).toBe(true);
    cols.clear();
    expect(cols.size).toBe(0);
    expect(cols.get('app-10')).toBeUndefined();
  });

  it('makes each application’s events again exactly as applicationEvents makes them', () => {
    const ctx: EventContext = {
      officeType: (id) => (id === 'office-ХҚО' ? 'mobileCentre' : 'village'),
      waitNorm: (code) => (code === 'preschool-queue' ? 15 : undefined),
    };
    const facts: AppFact[] = [
      base,
      { ...base, id: 'a2', arrivalAt: undefined, readyAt: '2026-03-20T04:00:00.000Z', decisionKind: 'refusal' },
      { ...base, id: 'a3', serviceCode: 'other', readyAt: '2026-03-31T19:30:00.000Z', decisionKind: 'referral' },
      {
        ...base,
        id: 'a4',
        officeId: 'office-ХҚО',
        channel: undefined,
        readyAt: '2026-03-15T01:00:00Z',
        decisionKind: 'result',
      },
      { ...base, id: 'a5', readyAt: '2026-03-16T01:00:00.000Z', decisionKind: undefined },
    ];
    const cols = new AppColumns();
    for (const f of facts) cols.set(f);
    const events = (f: AppFact) => applicationEvents(f, ctx);
    const made = (id: string) => cols.eventsOf(cols.get(id)!, ctx);
    for (const f of facts) {
      expect(made(f.id)).toStrictEqual(events(f)); // worked out
      const again = made(f.id); // read back from the columns
      expect(again).toStrictEqual(events(f));
      expect(again.map((e) => Object.keys(e))).toEqual(events(f).map((e) => Object.keys(e)));
    }
    // A changed application and a changed context are worked out again.
    cols.set({ ...base, arrivalAt: '2026-03-14T04:00:00.000Z' });
    made(base.id);
    expect(made(base.id)[0].waited).toBe(72);
    const ctx2: EventContext = { ...ctx, waitNorm: () => 30 };
    cols.forgetEvents();
    expect(cols.eventsOf(cols.get('a2')!, ctx2)).toStrictEqual(applicationEvents(facts[1], ctx2));
    const held: ReportEvent[] = cols.eventsOf(cols.get(base.id)!, ctx2);
    expect(held[0].waitNorm).toBe(30);
  });

  it('skips unmade only the applications a report cannot count', () => {
    const cols = new AppColumns();
    const at = (d: string) => ({ acceptedAt: `${d}T05:00:00.000Z`, acceptedMs: Date.parse(`${d}T05:00:00.000Z`) });
    const facts: AppFact[] = [
      { ...base, id: 'waiting', ...at('2026-02-01') },
      { ...base, id: 'issued-old', queueState: 'none', status: 'issued', ...at('2024-01-10') },
      { ...base, id: 'open-old', queueState: 'none', status: 'signed', ...at('2024-01-10') },
      {
        ...base,
        id: 'referred',
        queueState: 'referred',
        ...at('2026-05-01'),
        referral: { kindergartenId: 'kg-1', issuedOn: '2026-05-02' },
      },
      {
        ...base,
        id: 'expired',
        queueState: 'none',
        ...at('2027-01-01'),
        expiredReferrals: [{ kindergartenId: 'kg-2', validUntil: '2026-06-01' }],
      },
      {
        ...base,
        id: 'odd-time',
        queueState: 'none',
        status: 'issued',
        acceptedAt: '2024-01-10T10:00:00+05:00',
        acceptedMs: Date.parse('2024-01-10T10:00:00+05:00'),
      },
    ];
    for (const f of facts) cols.set(f);
    const from = Date.parse('2025-01-01T00:00:00.000Z');
    const end = Date.parse('2026-12-31T18:59:59.999Z');
    const old = facts.filter((a) => !(a.acceptedMs > end || (a.acceptedMs < from && a.status === 'issued')));
    expect([...cols.accepted(from, end)].map((e) => e.fact)).toStrictEqual(old);
    expect([...cols.accepted(from, end)].map((e) => e.fact.id)).toEqual(['waiting', 'open-old', 'referred']);
    expect([...cols.inQueue()].map((e) => e.fact.id)).toEqual(['waiting', 'referred', 'expired']);
  });
});
