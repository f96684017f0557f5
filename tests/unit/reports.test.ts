/**
 * Every report figure against a hand-built district whose answers are known
 * (issue #14): channel splits as seed 004 makes them, on-time across the Nauryz
 * holidays on the KZ calendar, waiting against the norm, complaints, refusals,
 * the indicators, the dashboard, the pivot, the click-through, and a late
 * arrival after a month was closed.
 */
import { describe, expect, it } from 'vitest';
import {
  annualReport,
  applicationEvents,
  complaintEvent,
  computeDue,
  dashboard,
  defaultCatalog,
  defaultNorms,
  drill,
  eventKey,
  fromLocal,
  indicatorTable,
  indicatorValues,
  monthEndInstant,
  monthsOf,
  outsideEvent,
  outsidePart,
  overdueEvent,
  periodEvents,
  pivot,
  refusalToAcceptEvent,
  type ApplicationFacts,
  type EventContext,
  type OfficeType,
  type ReportEvent,
} from '../../shared';

const OFFICES: Record<string, OfficeType> = { karasu: 'village', mobile: 'mobileCentre', dept: 'districtEducation' };
const ctx: EventContext = {
  officeType: (id) => OFFICES[id],
  waitNorm: (code, channel) => {
    const e = defaultCatalog.get(code);
    return channel === 'stateCorporation'
      ? (e.channelTimes?.stateCorporation?.waitMinutes ?? e.waitMinutes)
      : e.waitMinutes;
  },
};
const term = defaultCatalog.get('preschool-queue').term;

let seq = 0;
/** An application accepted at a local date-time, signed (ready) at another, due as the calendar says. */
function app(o: {
  office: string;
  accepted: [string, string];
  ready?: [string, string];
  decision?: string;
  channel?: ApplicationFacts['channel'];
  arrived?: [string, string];
  service?: string;
}): ApplicationFacts {
  const acceptedAt = fromLocal(...o.accepted);
  seq += 1;
  return {
    id: `app-${seq}`,
    officeId: o.office,
    serviceCode: o.service ?? 'preschool-queue',
    journalNo: `ҚРҚ-2025-${String(seq).padStart(4, '0')}`,
    acceptedAt,
    dueAt: computeDue(acceptedAt, term).dueAt,
    status: o.ready ? 'signed' : 'registered',
    queueState: 'waiting',
    channel: o.channel,
    arrivalAt: o.arrived ? fromLocal(...o.arrived) : undefined,
    readyAt: o.ready ? fromLocal(...o.ready) : undefined,
    decisionKind: o.ready ? (o.decision ?? 'notification') : undefined,
  };
}

describe('report events and sums over a hand-built district', () => {
  // Karasu village: at the counter. Accepted Thursday 20 March 2025; 21-25 March are days off
  // (Nauryz on Fri-Sun, moved to Mon-Tue), so 3 working days end on Friday 28 March at 10:00.
  const holidayOnTime = app({ office: 'karasu', accepted: ['2025-03-20', '10:00'], ready: ['2025-03-27', '17:00'] });
  const holidayLate = app({ office: 'karasu', accepted: ['2025-03-20', '10:00'], ready: ['2025-03-28', '11:00'] });
  const refusal = app({
    office: 'karasu',
    accepted: ['2025-04-01', '09:30'],
    ready: ['2025-04-02', '12:00'],
    decision: 'refusal',
    arrived: ['2025-04-01', '09:10'],
  });
  const waitedLong = app({ office: 'karasu', accepted: ['2025-04-01', '11:00'], arrived: ['2025-04-01', '10:15'] });
  // Through the State Corporation, registered at the office: its own channel, waited 15 of 20 minutes.
  const viaCorp = app({
    office: 'karasu',
    accepted: ['2025-04-03', '10:00'],
    ready: ['2025-04-04', '10:00'],
    channel: 'stateCorporation',
    arrived: ['2025-04-03', '09:45'],
  });
  // The mobile centre: no channel recorded (an older record) counts as the mobile centre's.
  const mobile = app({ office: 'mobile', accepted: ['2025-04-07', '15:00'], ready: ['2025-04-08', '10:00'] });
  const open = app({ office: 'mobile', accepted: ['2025-04-21', '10:00'] });
  const facts = [holidayOnTime, holidayLate, refusal, waitedLong, viaCorp, mobile, open];

  const events: ReportEvent[] = [
    ...facts.flatMap((a) => applicationEvents(a, ctx)),
    refusalToAcceptEvent(
      { id: 'r1', officeId: 'karasu', serviceCode: 'preschool-queue', at: fromLocal('2025-04-01', '12:00') },
      ctx,
    ),
    outsideEvent({
      officeId: 'karasu',
      serviceCode: 'preschool-queue',
      month: '2025-04',
      channel: 'portal',
      count: 12,
    }),
    outsideEvent({
      officeId: 'mobile',
      serviceCode: 'preschool-queue',
      month: '2025-05',
      channel: 'stateCorporation',
      count: 3,
    }),
    complaintEvent(
      {
        id: 'c1',
        officeId: 'karasu',
        receivedAt: fromLocal('2025-04-02', '10:00'),
        dueAt: fromLocal('2025-04-09', '10:00'),
        status: 'answered',
        serviceCode: 'preschool-queue',
        answeredAt: fromLocal('2025-04-08', '10:00'),
        justified: true,
      },
      fromLocal('2025-12-31', '18:00'),
      ctx,
    ),
    complaintEvent(
      {
        id: 'c2',
        officeId: 'mobile',
        receivedAt: fromLocal('2025-04-10', '10:00'),
        dueAt: fromLocal('2025-04-17', '10:00'),
        status: 'open',
      },
      fromLocal('2025-12-31', '18:00'),
      ctx,
    ),
  ];
  const months = monthsOf('2025');

  it('dates and channels each event as the records say', () => {
    expect(holidayOnTime.dueAt).toBe(fromLocal('2025-03-28', '10:00'));
    const delivered = events.filter((e) => e.kind === 'delivered');
    expect(delivered.map((e) => [e.id, e.month, e.onTime, e.outcome, e.channel])).toEqual([
      [holidayOnTime.id, '2025-03', true, 'result', 'office'],
      [holidayLate.id, '2025-03', false, 'result', 'office'],
      [refusal.id, '2025-04', true, 'refusal', 'office'],
      [viaCorp.id, '2025-04', true, 'result', 'stateCorporation'],
      [mobile.id, '2025-04', true, 'result', 'mobile'],
    ]);
    const accepted = events.filter((e) => e.kind === 'accepted' && e.waited !== undefined);
    expect(accepted.map((e) => [e.id, e.waited, e.waitNorm])).toEqual([
      [refusal.id, 20, 30],
      [waitedLong.id, 45, 30],
      [viaCorp.id, 15, 20],
    ]);
  });

  it('the annual report splits services by channel as seed 004 does, and counts control and complaints', () => {
    const r = annualReport(events, months, ['preschool-queue']);
    // Delivered: 5 signed in the system (4 by the provider, 1 through the State Corporation) + 12 portal + 3 State Corporation.
    expect(r.delivered).toEqual({ total: 20, provider: 4, stateCorporation: 4, portal: 12 });
    expect(r.accepted).toBe(7);
    expect(r.byService).toEqual([
      {
        code: 'preschool-queue',
        delivered: { total: 20, provider: 4, stateCorporation: 4, portal: 12 },
        accepted: 7,
        refusals: 1,
        refusedToAccept: 1,
        onTime: 4,
        late: 1,
      },
    ]);
    expect(r.mostDemanded).toEqual([{ code: 'preschool-queue', count: 20 }]);
    expect(r.byMonth.find((m) => m.month === '2025-03')!.delivered.total).toBe(2);
    expect(r.byMonth.find((m) => m.month === '2025-04')!.delivered).toEqual({
      total: 15,
      provider: 2,
      stateCorporation: 1,
      portal: 12,
    });
    expect(r.control).toEqual({
      delivered: 5,
      onTime: 4,
      late: 1,
      onTimeShare: 0.8,
      overdueOpen: 0,
      refusals: 1,
      refusedToAccept: 1,
    });
    expect(r.complaints).toEqual({
      received: 2,
      justified: 1,
      answered: 1,
      answeredOnTime: 1,
      open: 1,
      overdueOpen: 1,
    });
    expect(r.lateArrivals).toBe(0);
  });

  it('open applications past their due time are overdue at the period end, not before', () => {
    expect(overdueEvent(open, fromLocal('2025-04-22', '09:00'), ctx)).toBeUndefined();
    const atEnd = overdueEvent(open, monthEndInstant('2025-04'), ctx)!;
    expect([atEnd.kind, atEnd.month, atEnd.id]).toEqual(['overdue', '2025-04', open.id]);
    // Signed after the month ended: still overdue at that month's end.
    const laterSigned = { ...holidayLate, readyAt: fromLocal('2025-04-02', '10:00') };
    expect(overdueEvent(laterSigned, monthEndInstant('2025-03'), ctx)?.id).toBe(holidayLate.id);
    expect(overdueEvent(laterSigned, monthEndInstant('2025-04'), ctx)).toBeUndefined();
  });

  it('indicators: on time, waiting within the norm, justified complaints, refusals to accept per 100', () => {
    const v = indicatorValues(events);
    expect(v.onTimeShare).toBe(80);
    // 2 of 3 measured waits within the norm (20 ≤ 30, 15 ≤ 20; 45 > 30).
    expect(v.waitWithinNormShare).toBe(66.7);
    // 1 justified complaint over 20 services delivered.
    expect(v.justifiedComplaintsShare).toBe(5);
    // 1 answered on time; the open one is past due: 1 of 2.
    expect(v.complaintsAnsweredOnTimeShare).toBe(50);
    // 1 refusal to accept over 7 accepted + 1 refused.
    expect(v.refusalsToAcceptPer100).toBe(12.5);
    expect(v.reasonedRefusalsShare).toBe(20);
    expect(v.electronicShare).toBe(60);

    const table = indicatorTable(events, { ...defaultNorms(), onTimeShare: { normative: 100, target: 95 } }, [
      'karasu',
      'mobile',
    ]);
    const onTime = table.find((r) => r.code === 'onTimeShare')!;
    expect([onTime.normativeValue, onTime.target, onTime.current]).toEqual([100, 95, 80]);
    // Karasu: 3 on time of 4; the mobile centre: 1 of 1.
    expect(onTime.byOffice).toEqual([
      { officeId: 'karasu', value: 75 },
      { officeId: 'mobile', value: 100 },
    ]);
    expect(table.find((r) => r.code === 'waitWithinNormShare')!.byOffice[1].value).toBeNull();
  });

  it('the dashboard, the pivot and the click-through count the same events', () => {
    const d = dashboard(events, months);
    expect(d.byMonth.slice(2, 5)).toEqual([
      { month: '2025-03', accepted: 2, delivered: 2 },
      { month: '2025-04', accepted: 5, delivered: 15 },
      { month: '2025-05', accepted: 0, delivered: 3 },
    ]);
    expect(d.byOffice).toEqual([
      { officeId: 'karasu', accepted: 5, delivered: 16, onTime: 3, late: 1, onTimeShare: 0.75 },
      { officeId: 'mobile', accepted: 2, delivered: 4, onTime: 1, late: 0, onTimeShare: 1 },
    ]);
    expect(d.byChannel).toEqual([
      { channel: 'office', delivered: 3 },
      { channel: 'mobile', delivered: 1 },
      { channel: 'stateCorporation', delivered: 4 },
      { channel: 'portal', delivered: 12 },
    ]);
    const rows = pivot(events, ['office', 'month', 'channel']);
    expect(rows.find((r) => r.office === 'karasu' && r.month === '2025-04' && r.channel === 'office')).toMatchObject({
      accepted: 2,
      delivered: 1,
      refusals: 1,
      refusedToAccept: 1,
      complaints: 1,
    });
    // The sum of any pivot equals the report's total.
    expect(rows.reduce((s, r) => s + r.delivered, 0)).toBe(20);
    // Clicking Karasu's late bar lists exactly the late application; outside counts have none behind them.
    expect(drill(events, { measure: 'late', officeId: 'karasu' }).map((e) => e.journalNo)).toEqual([
      holidayLate.journalNo,
    ]);
    // April's 15 delivered: three applications and the portal's 12, which have no applications behind them.
    const april = drill(events, { measure: 'delivered', month: '2025-04' });
    expect(april.filter((e) => e.applicationId).map((e) => e.applicationId)).toEqual([
      refusal.id,
      viaCorp.id,
      mobile.id,
    ]);
    expect(outsidePart(events, { measure: 'delivered', month: '2025-04' })).toBe(12);
    expect(april.reduce((n, e) => n + e.n, 0)).toBe(d.byMonth[3].delivered);
  });

  it('a closed month keeps its figures; a late arrival counts in the next open month', () => {
    // April closes with what it has; then a laptop that was offline brings an April application signed in April.
    const april = periodEvents(events, [], ['2025-04']);
    const stored = april.map((e) => ({ ...e }));
    const late = app({ office: 'mobile', accepted: ['2025-04-15', '10:00'], ready: ['2025-04-16', '10:00'] });
    const live = [...events, ...applicationEvents(late, ctx)];
    const closed = new Set(['2025-04']);

    const aprilAgain = periodEvents(live, stored, ['2025-04'], closed);
    expect(JSON.stringify(annualReport(aprilAgain, ['2025-04']))).toBe(
      JSON.stringify(annualReport(april, ['2025-04'])),
    );

    const may = periodEvents(live, stored, ['2025-05'], closed);
    const lateOnes = may.filter((e) => e.lateFrom);
    expect(lateOnes.map((e) => [e.kind, e.id, e.month, e.lateFrom])).toEqual([
      ['accepted', late.id, '2025-05', '2025-04'],
      ['delivered', late.id, '2025-05', '2025-04'],
    ]);
    const mayReport = annualReport(may, ['2025-05']);
    expect(mayReport.lateArrivals).toBe(2);
    expect(mayReport.delivered).toEqual({ total: 4, provider: 1, stateCorporation: 3, portal: 0 });

    // Once May closes with the late arrival in it, the year counts it once, in May.
    const mayStored = may.map((e) => ({ ...e }));
    const year = periodEvents(live, [...stored, ...mayStored], months, new Set(['2025-04', '2025-05']));
    expect(year.filter((e) => e.id === late.id).map((e) => e.month)).toEqual(['2025-05', '2025-05']);
    expect(new Set(year.map(eventKey)).size).toBe(year.length);
  });
});
