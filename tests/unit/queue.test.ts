import { describe, expect, it } from 'vitest';
import {
  ageGroupFor,
  compareQueue,
  isReferralExpired,
  orderQueue,
  queuePosition,
  referralValidUntil,
  suggestDecision,
} from '../../shared/queue/queue';
import type { Kindergarten } from '../../shared/model/office';
import type { QueueState } from '../../shared/model/application';

type Q = { id: string; priority: string | null; acceptedAt: string; journalSeq: number; queueState: QueueState };
const q = (
  id: string,
  acceptedAt: string,
  journalSeq: number,
  priority: string | null = null,
  queueState: QueueState = 'waiting',
): Q => ({ id, priority, acceptedAt, journalSeq, queueState });

describe('queue order', () => {
  const apps: Q[] = [
    q('late-plain', '2026-03-12T05:00:00.000Z', 30),
    q('early-plain', '2026-03-01T05:00:00.000Z', 10),
    q('late-orphan', '2026-03-15T05:00:00.000Z', 40, 'orphan'),
    q('early-large', '2026-03-05T05:00:00.000Z', 20, 'largeFamily'),
    q('referred', '2026-02-01T05:00:00.000Z', 1, null, 'referred'),
    q('withdrawn', '2026-02-02T05:00:00.000Z', 2, 'orphan', 'withdrawn'),
    q('enrolled', '2026-02-03T05:00:00.000Z', 3, null, 'enrolled'),
  ];

  it('puts every first-turn category ahead, equal among themselves, then by registration time', () => {
    expect(orderQueue(apps).map((a) => a.id)).toEqual(['early-large', 'late-orphan', 'early-plain', 'late-plain']);
  });

  it('keeps only waiting children and does not reorder the input array', () => {
    const before = apps.map((a) => a.id);
    orderQueue(apps);
    expect(apps.map((a) => a.id)).toEqual(before);
    expect(orderQueue(apps).every((a) => a.queueState === 'waiting')).toBe(true);
  });

  it('breaks a tie in time by journal number, then by id', () => {
    const t = '2026-03-10T05:00:00.000Z';
    expect([q('b', t, 7), q('a', t, 8), q('c', t, 6)].sort(compareQueue).map((a) => a.id)).toEqual(['c', 'b', 'a']);
    expect([q('b', t, 7), q('a', t, 7)].sort(compareQueue).map((a) => a.id)).toEqual(['a', 'b']);
    expect(compareQueue(q('a', t, 7), q('a', t, 7))).toBe(0);
  });

  it('positions are 1-based among waiting children, null for others', () => {
    expect(queuePosition(apps, 'early-large')).toBe(1);
    expect(queuePosition(apps, 'late-plain')).toBe(4);
    expect(queuePosition(apps, 'referred')).toBeNull();
    expect(queuePosition(apps, 'nobody')).toBeNull();
  });

  it('orders by the instant, whatever way the instant is written', () => {
    // The model's InstantSchema accepts offsets and optional milliseconds, so instants from other
    // devices or the server need not share one spelling. 10:00+05:00 is 05:00Z: before 06:00Z.
    const a = q('office-clock', '2026-03-10T10:00:00+05:00', 2);
    const b = q('utc-clock', '2026-03-10T06:00:00.000Z', 1);
    expect([b, a].sort(compareQueue).map((x) => x.id)).toEqual(['office-clock', 'utc-clock']);
    // Same instant, different spelling: the journal number decides.
    const c = q('no-ms', '2026-03-10T05:00:00Z', 1);
    const d = q('ms', '2026-03-10T05:00:00.000Z', 2);
    expect([d, c].sort(compareQueue).map((x) => x.id)).toEqual(['no-ms', 'ms']);
  });
});

const now = '2026-03-10T05:00:00.000Z';
const kg = (id: string, groups: Array<[string, number, number, number]>, active = true): Kindergarten => ({
  id,
  number: id.toUpperCase(),
  name: { kk: `№${id} балабақша`, ru: `Детский сад №${id}` },
  address: { kk: 'Ақсай ауылы', ru: 'село Аксай' },
  ageGroups: groups.map(([gid, minAge, maxAge, freePlaces]) => ({
    id: gid,
    name: { kk: gid, ru: gid },
    minAge,
    maxAge,
    freePlaces,
  })),
  active,
  updatedAt: now,
});

describe('suggestDecision with the queue', () => {
  const kg = {
    id: 'k',
    number: '1',
    name: { kk: 'а', ru: 'а' },
    address: { kk: 'а', ru: 'а' },
    active: true,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ageGroups: [{ id: 'g', name: { kk: 'г', ru: 'г' }, minAge: 2, maxAge: 4, freePlaces: 1 }],
  };
  const kid = (id: string, acceptedAt: string, priority: string | null = null) => ({
    id,
    kindergartenIds: ['k'],
    child: { iin: '', lastName: '', firstName: '', birthDate: '2023-01-01', sex: 'female' as const },
    priority,
    acceptedAt,
    journalSeq: 1,
  });
  it('keeps a free place for a child ahead in the queue who wants the same group', () => {
    const early = kid('a', '2026-01-05T05:00:00.000Z');
    const late = kid('b', '2026-03-01T05:00:00.000Z');
    expect(suggestDecision(late, [kg], '2026-03-10', [early, late])).toEqual({ kind: 'notification' });
    expect(suggestDecision(early, [kg], '2026-03-10', [early, late])).toEqual({
      kind: 'referral',
      kindergartenId: 'k',
      ageGroupId: 'g',
    });
    // A first-turn child registered later still goes ahead.
    const priority = kid('c', '2026-03-05T05:00:00.000Z', 'orphan');
    expect(suggestDecision(early, [kg], '2026-03-10', [early, late, priority])).toEqual({ kind: 'notification' });
    // Two places: the second child ahead does not block.
    const two = { ...kg, ageGroups: [{ ...kg.ageGroups[0], freePlaces: 2 }] };
    expect(suggestDecision(late, [two], '2026-03-10', [early, late])).toMatchObject({ kind: 'referral' });
  });
});

describe('suggestDecision', () => {
  // Born 2022-05-01: 3 years old on 2026-03-10, 4 on 2026-05-01
  const child = { iin: '', lastName: 'Серікова', firstName: 'Әлия', birthDate: '2022-05-01', sex: 'female' as const };
  const full = kg('1', [
    ['y1', 1, 2, 3],
    ['y3', 3, 4, 0],
  ]);
  const free = kg('2', [
    ['m3', 3, 3, 2],
    ['o4', 4, 5, 1],
  ]);
  const closed = kg('3', [['any', 0, 7, 9]], false);

  it("refers to the first desired kindergarten with a free place in the child's age group", () => {
    expect(suggestDecision({ kindergartenIds: ['1', '2'], child }, [full, free], '2026-03-10')).toEqual({
      kind: 'referral',
      kindergartenId: '2',
      ageGroupId: 'm3',
    });
  });

  it("follows the applicant's order of preference, not the list's", () => {
    const alsoFree = kg('4', [['all', 0, 6, 1]]);
    expect(suggestDecision({ kindergartenIds: ['4', '2'], child }, [free, alsoFree], '2026-03-10')).toMatchObject({
      kindergartenId: '4',
    });
  });

  it('uses the age on the day of the decision (inclusive bounds)', () => {
    expect(suggestDecision({ kindergartenIds: ['2'], child }, [free], '2026-05-01')).toEqual({
      kind: 'referral',
      kindergartenId: '2',
      ageGroupId: 'o4',
    });
    expect(ageGroupFor(free, child.birthDate, '2026-04-30')?.id).toBe('m3');
    expect(ageGroupFor(full, '2026-01-01', '2026-03-10')).toBeUndefined(); // 0 years old: no group
  });

  it('skips closed kindergartens and unknown ids', () => {
    expect(suggestDecision({ kindergartenIds: ['3', 'missing'], child }, [closed], '2026-03-10')).toEqual({
      kind: 'notification',
    });
  });

  it('gives a notification when no desired kindergarten has a place', () => {
    expect(suggestDecision({ kindergartenIds: ['1'], child }, [full, free], '2026-03-10')).toEqual({
      kind: 'notification',
    });
    expect(suggestDecision({ kindergartenIds: [], child }, [free], '2026-03-10')).toEqual({ kind: 'notification' });
  });
});

describe('referral validity (5 days from issue)', () => {
  it('adds calendar days, across a month end, and a last day off moves to the next working day (K-01)', () => {
    expect(referralValidUntil('2026-03-10', 5)).toBe('2026-03-16'); // Sun 15 Mar
    expect(referralValidUntil('2026-02-26', 5)).toBe('2026-03-03');
    expect(referralValidUntil('2024-02-26', 5)).toBe('2024-03-04'); // Sat 2 Mar
  });

  it('expires the day after validUntil', () => {
    const d = {
      kind: 'referral' as const,
      kindergartenId: '2',
      ageGroupId: 'm3',
      referralNo: 'Ж-1',
      issuedOn: '2026-03-11',
      validUntil: '2026-03-16',
    };
    expect(isReferralExpired(d, '2026-03-15')).toBe(false);
    expect(isReferralExpired(d, '2026-03-16')).toBe(false);
    expect(isReferralExpired(d, '2026-03-17')).toBe(true);
  });

  it('never expires anything that is not a dated referral', () => {
    expect(isReferralExpired(undefined, '2030-01-01')).toBe(false);
    expect(isReferralExpired({ kind: 'notification' }, '2030-01-01')).toBe(false);
    expect(isReferralExpired({ kind: 'refusal', groundCode: 'ageLimit', reason: 'x' }, '2030-01-01')).toBe(false);
    expect(
      isReferralExpired({ kind: 'referral', kindergartenId: '2', ageGroupId: 'm3', referralNo: 'Ж-1' }, '2030-01-01'),
    ).toBe(false);
  });
});
