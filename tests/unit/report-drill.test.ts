/**
 * Every figure of the dashboard, as a bar, a slice, a table cell or a card,
 * opens a list exactly as long as the figure (issue #14, click-through): the
 * applications it counts plus what was entered from outside the system, the
 * complaints it counts, the district queue narrowed to its age group or
 * kindergarten, a kindergarten's referrals or its groups with their free places
 * (the counts against the lists they open: tests/integration/server-queue-drill.test.ts). Over a hand-built district whose figures are known, for every
 * chart and card that has a click-through.
 */
import { describe, expect, it } from 'vitest';
import {
  byChannelChart,
  byMonthChart,
  byOfficeChart,
  byServiceChart,
  complaintDrill,
  complaintsChart,
  dashboard,
  dashboardCards,
  drill,
  onTimeByOfficeChart,
  outsidePart,
  queueChart,
  type ChartSpec,
  type ChartTarget,
  type ReportEvent,
} from '../../shared';
import { queueHash, queueLinkOf } from '../../renderer/console/routes';
import { EVENTS, MONTHS_2025, officeName, serviceName } from '../helpers/reportFixture';

const app = (id: string, officeId: string, channel: ReportEvent['channel'], month: string) => ({
  id,
  officeId,
  serviceCode: 'preschool-queue',
  channel,
  n: 1,
  month,
  applicationId: id,
  journalNo: `J-${id}`,
});

/**
 * The fixture's district (reportFixture.ts) and an April where every way meets:
 * at the office (b1, on time), by the mobile centre (b2, late), an application
 * registered at the office that came through the State Corporation (b3), and 12
 * counted from the portal. With the fixture's a3 (a late arrival counted in April, at
 * the office), April «by the provider» is 3 (a3, b1, b2), not the month's 16.
 * Two more complaints: one open past its due time, one open and not yet due.
 */
const EXTRA: ReportEvent[] = [
  { ...app('b1', 'o1', 'office', '2025-04'), kind: 'accepted' },
  { ...app('b1', 'o1', 'office', '2025-04'), kind: 'delivered', outcome: 'result', onTime: true },
  { ...app('b2', 'o2', 'mobile', '2025-04'), kind: 'accepted' },
  { ...app('b2', 'o2', 'mobile', '2025-04'), kind: 'delivered', outcome: 'refusal', onTime: false },
  { ...app('b3', 'o1', 'stateCorporation', '2025-04'), kind: 'accepted' },
  { ...app('b3', 'o1', 'stateCorporation', '2025-04'), kind: 'delivered', outcome: 'result', onTime: true },
  {
    kind: 'outside',
    id: 'o1/preschool-queue/2025-04/portal',
    month: '2025-04',
    officeId: 'o1',
    serviceCode: 'preschool-queue',
    channel: 'portal',
    n: 12,
  },
  { ...app('b4', 'o2', 'office', '2025-05'), kind: 'overdue' },
  {
    kind: 'complaint',
    id: 'c2',
    month: '2025-05',
    officeId: 'o1',
    serviceCode: '',
    channel: 'office',
    n: 1,
    open: true,
    onTime: false,
  },
  {
    kind: 'complaint',
    id: 'c3',
    month: '2025-06',
    officeId: 'o2',
    serviceCode: 'preschool-queue',
    channel: 'office',
    n: 1,
    open: true,
    justified: false,
  },
];
const events = [...EVENTS, ...EXTRA];
const data = dashboard(events, MONTHS_2025);

const sum = (es: readonly ReportEvent[]) => es.reduce((n, e) => n + e.n, 0);

/** How many a target's list holds: applications and outside counts, or complaints. */
function listed(t: ChartTarget | undefined): number | undefined {
  if (!t || t.kind === 'queue' || t.kind === 'places') return undefined;
  return t.kind === 'applications' ? sum(drill(events, t.drill)) : sum(complaintDrill(events, t.drill));
}

/** A bar's or slice's value as the option holds it (a number, or { value } where it carries its own label). */
const valueOf = (d: unknown): number | null =>
  d === null || d === undefined ? null : typeof d === 'number' ? d : (d as { value: number }).value;

type Series = { data: unknown[] };
const seriesOf = (s: ChartSpec) => (s.option.series as Series[]) ?? [];

/** Every count (bar, slice, int table cell) against the length of its list; returns how many were compared. */
function everyFigureCountsItsList(spec: ChartSpec, opts: { barsAreCounts: boolean }): number {
  let compared = 0;
  if (opts.barsAreCounts)
    seriesOf(spec).forEach((series, s) =>
      series.data.forEach((d, i) => {
        const value = valueOf(d);
        if (value === null) return;
        expect([spec.keys[i], s, listed(spec.target(i, s))]).toEqual([spec.keys[i], s, value]);
        compared++;
      }),
    );
  spec.table.rows.forEach((row, i) =>
    spec.table.columns.forEach((c) => {
      if (c.type !== 'int' || typeof row[c.key] !== 'number') return;
      expect([spec.keys[i], c.key, listed(spec.cellTarget(i, c.key))]).toEqual([spec.keys[i], c.key, row[c.key]]);
      compared++;
    }),
  );
  return compared;
}

describe('every figure opens a list as long as the figure', () => {
  it('the by-month chart: «by the provider» is the office and the mobile centre only', () => {
    const spec = byMonthChart(data.deliveredByMonth, 'kk');
    const april = spec.keys.indexOf('2025-04');
    // a3 (the fixture's late arrival from March, at the office) counts in April too.
    expect(data.deliveredByMonth[april].delivered).toEqual({ total: 16, provider: 3, stateCorporation: 1, portal: 12 });
    const provider = spec.pick(april, 0)!;
    expect(provider).toEqual({ measure: 'delivered', month: '2025-04', via: 'provider' });
    expect(drill(events, provider).map((e) => e.applicationId)).toEqual(['a3', 'b1', 'b2']);
    // The portal's part is all counted from outside: no applications, and the list says so.
    const portal = spec.pick(april, 2)!;
    expect(drill(events, portal).filter((e) => e.applicationId)).toEqual([]);
    expect(outsidePart(events, portal)).toBe(12);
    expect(everyFigureCountsItsList(spec, { barsAreCounts: true })).toBeGreaterThan(40);
  });

  it('by office, by service, by channel: bars, slices and every count of their tables', () => {
    for (const spec of [
      byOfficeChart(data.byOffice, officeName, 'ru'),
      byServiceChart(data.byService, serviceName, 'ru'),
      byChannelChart(data.byChannel, 'ru'),
    ])
      expect(everyFigureCountsItsList(spec, { barsAreCounts: true })).toBeGreaterThan(3);
  });

  it('on time by office: a share bar lists the on-time applications, its table every count', () => {
    const spec = onTimeByOfficeChart(data.byOffice, officeName, 'kk');
    spec.keys.forEach((officeId, i) =>
      expect(listed(spec.target(i, 0))).toBe(data.byOffice.find((o) => o.officeId === officeId)!.onTime),
    );
    expect(everyFigureCountsItsList(spec, { barsAreCounts: false })).toBe(data.byOffice.length * 4);
  });

  it('complaints: each figure opens the complaints it counts', () => {
    expect(data.complaints).toEqual({
      received: 3,
      justified: 1,
      answered: 1,
      answeredOnTime: 1,
      open: 2,
      overdueOpen: 1,
    });
    const spec = complaintsChart(data.complaints, 'kk');
    expect(everyFigureCountsItsList(spec, { barsAreCounts: true })).toBe(12);
    expect(spec.target(spec.keys.indexOf('overdueOpen'), 0)).toEqual({
      kind: 'complaints',
      drill: { measure: 'overdueOpen' },
    });
    expect(complaintDrill(events, { measure: 'overdueOpen' }).map((e) => e.id)).toEqual(['c2']);
    expect(complaintDrill(events, { measure: 'open', officeId: 'o2' }).map((e) => e.id)).toEqual(['c3']);
    // Complaints are not applications: nothing for the list of applications.
    expect(spec.pick(0, 0)).toBeUndefined();
  });

  it('the queue charts: waiting opens the queue, referrals their applications, free places the groups', () => {
    const row = (key: string) => ({
      key,
      label: { kk: key, ru: key },
      waiting: 2,
      referralsIssued: 1,
      referralsExpired: 0,
      placesFree: 3,
    });
    // By age only the children waiting are counted: no bar stands for a figure nobody counts.
    const ages = queueChart([{ key: '2', label: { kk: '2', ru: '2' }, waiting: 2 }, row('3')], 'ageGroup', 'kk');
    expect(seriesOf(ages).map((s) => s.data)).toEqual([[2, 2]]);
    expect(ages.table.columns.map((c) => c.key)).toEqual(['label', 'waiting']);
    expect(ages.target(1, 0)).toEqual({ kind: 'queue', age: 3 });
    expect(ages.target(1, 1)).toBeUndefined();
    expect(ages.cellTarget(0, 'waiting')).toEqual({ kind: 'queue', age: 2 });
    expect(ages.cellTarget(0, 'placesFree')).toBeUndefined();
    // By kindergarten each series opens the list it counts, the bar and its table cell alike.
    const kgs = queueChart([row('kg-1'), row('kg-2')], 'kindergarten', 'ru');
    const about = { kk: 'kg-2', ru: 'kg-2' };
    const expected = [
      { kind: 'queue', kindergartenId: 'kg-2' },
      { kind: 'applications', drill: { measure: 'referralsIssued', kindergartenId: 'kg-2' }, about },
      { kind: 'applications', drill: { measure: 'referralsExpired', kindergartenId: 'kg-2' }, about },
      { kind: 'places', kindergartenId: 'kg-2', about },
    ];
    expected.forEach((t, s) => expect([s, kgs.target(1, s)]).toEqual([s, t]));
    ['waiting', 'referralsIssued', 'referralsExpired', 'placesFree'].forEach((col, s) =>
      expect([col, kgs.cellTarget(1, col)]).toEqual([col, expected[s]]),
    );
    expect(kgs.cellTarget(0, 'label')).toBeUndefined();
    expect(kgs.pick(0, 1)).toEqual({ measure: 'referralsIssued', kindergartenId: 'kg-1' });
    expect(kgs.pick(0, 0)).toBeUndefined();
    // Referrals are not report events: the events' drill lists none (the server lists them from the queue's records).
    expect(drill(events, { measure: 'referralsIssued', kindergartenId: 'kg-1' })).toEqual([]);
    // The console goes there by hash route, the filters as the queue's query names them (ids, an age: no names).
    expect(queueHash({ age: 3, officeId: 'o1' })).toBe('#/queue?age=3&officeId=o1');
    expect(queueLinkOf(queueHash({ kindergartenId: 'kg-2' }))).toEqual({ kindergartenId: 'kg-2' });
    expect(queueLinkOf('#/queue?age=0')).toEqual({ age: 0 });
    expect(queueLinkOf('#/queue?age=x&colour=red')).toEqual({});
    expect(queueLinkOf('#/reports?age=3')).toEqual({});
  });

  it('the cards: each count opens as many; the on-time share opens the late ones', () => {
    const cards = Object.fromEntries(dashboardCards(data).map((c) => [c.id, c]));
    expect(cards.delivered.value).toBe(26);
    expect(cards.accepted.value).toBe(7);
    for (const id of ['delivered', 'accepted', 'overdue', 'refusals', 'complaintsOpen'])
      expect([id, listed(cards[id].target)]).toEqual([id, cards[id].value]);
    expect(cards.complaintsOpen.second).toBe(1);
    expect(cards.onTime.value).toBeCloseTo(4 / 6);
    expect(listed(cards.onTime.target)).toBe(data.control.late);
  });
});
