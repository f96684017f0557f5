/**
 * The sums the reports show (issue #14), over report events (events.ts): the
 * annual report in the structure of seed 004, the quality indicators of
 * seed 000 Appendix 7, the dashboard's series, the pivot any export takes, and
 * the events behind a figure (a click-through). Pure functions: the desk and
 * the server give the same answer for the same events.
 */
import { z } from 'zod';
import indicatorData from './indicators.json';
import { BiTextSchema } from '../model/common';
import { reportChannel, type AppChannel, type ReportChannel } from './channel';
import type { ReportEvent, ReportEventKind } from './events';

export type ChannelSplit = Record<ReportChannel, number> & { total: number };
const emptySplit = (): ChannelSplit => ({ total: 0, provider: 0, stateCorporation: 0, portal: 0 });
function addSplit(s: ChannelSplit, channel: AppChannel, n: number) {
  s.total += n;
  s[reportChannel(channel)] += n;
}

/** Which events a figure counts: every field given must match. */
export const ReportFilterSchema = z.object({
  officeIds: z.array(z.string().max(80)).max(500).optional(),
  serviceCodes: z.array(z.string().max(80)).max(200).optional(),
  channels: z
    .array(z.enum(['office', 'mobile', 'stateCorporation', 'portal']))
    .max(4)
    .optional(),
});
export type ReportFilter = z.infer<typeof ReportFilterSchema>;

export function filterEvents(events: readonly ReportEvent[], f: ReportFilter = {}): ReportEvent[] {
  const offices = f.officeIds?.length ? new Set(f.officeIds) : undefined;
  const services = f.serviceCodes?.length ? new Set(f.serviceCodes) : undefined;
  const channels = f.channels?.length ? new Set<string>(f.channels) : undefined;
  return events.filter(
    (e) =>
      (!offices || offices.has(e.officeId)) &&
      (!services || services.has(e.serviceCode)) &&
      (!channels || channels.has(e.channel)),
  );
}

/** Services delivered: results and reasoned refusals signed in the system, and the counts entered from outside it. */
const isDelivered = (e: ReportEvent) => e.kind === 'delivered' || e.kind === 'outside';

export type ServiceLine = {
  code: string;
  delivered: ChannelSplit;
  accepted: number;
  refusals: number;
  refusedToAccept: number;
  onTime: number;
  late: number;
};

export type ControlFigures = {
  /** Signed in the system in the period (outside counts carry no times). */
  delivered: number;
  onTime: number;
  late: number;
  /** onTime / delivered; null when nothing was delivered in the system. */
  onTimeShare: number | null;
  /** Still open past the due time at the period's end (or now). */
  overdueOpen: number;
  refusals: number;
  refusedToAccept: number;
};

export type ComplaintFigures = {
  received: number;
  justified: number;
  answered: number;
  answeredOnTime: number;
  open: number;
  overdueOpen: number;
};

export type AnnualReportData = {
  months: string[];
  delivered: ChannelSplit;
  accepted: number;
  byService: ServiceLine[];
  mostDemanded: Array<{ code: string; count: number }>;
  byMonth: Array<{ month: string; delivered: ChannelSplit }>;
  complaints: ComplaintFigures;
  control: ControlFigures;
  /** Events counted here that arrived after their own month was closed. */
  lateArrivals: number;
};

export const MOST_DEMANDED = 5;

function controlOf(events: readonly ReportEvent[]): ControlFigures {
  const c: ControlFigures = {
    delivered: 0,
    onTime: 0,
    late: 0,
    onTimeShare: null,
    overdueOpen: 0,
    refusals: 0,
    refusedToAccept: 0,
  };
  for (const e of events) {
    if (e.kind === 'delivered') {
      c.delivered += e.n;
      if (e.onTime) c.onTime += e.n;
      else c.late += e.n;
      if (e.outcome === 'refusal') c.refusals += e.n;
    } else if (e.kind === 'overdue') c.overdueOpen += e.n;
    else if (e.kind === 'refusedToAccept') c.refusedToAccept += e.n;
  }
  c.onTimeShare = c.delivered ? c.onTime / c.delivered : null;
  return c;
}

/**
 * What each complaint figure counts, once: the sums (complaintsOf) and the list
 * behind a figure (complaintDrill) test the same way, so a list is as long as its figure.
 */
const COMPLAINT_TEST: Record<keyof ComplaintFigures, (e: ReportEvent) => boolean> = {
  received: () => true,
  justified: (e) => e.justified === true,
  answered: (e) => !e.open,
  answeredOnTime: (e) => !e.open && e.onTime === true,
  open: (e) => e.open === true,
  overdueOpen: (e) => e.open === true && e.onTime === false,
};
export const COMPLAINT_MEASURES = [
  'received',
  'justified',
  'answered',
  'answeredOnTime',
  'open',
  'overdueOpen',
] as const satisfies ReadonlyArray<keyof ComplaintFigures>;

function complaintsOf(events: readonly ReportEvent[]): ComplaintFigures {
  const c: ComplaintFigures = { received: 0, justified: 0, answered: 0, answeredOnTime: 0, open: 0, overdueOpen: 0 };
  for (const e of events) {
    if (e.kind !== 'complaint') continue;
    for (const m of COMPLAINT_MEASURES) if (COMPLAINT_TEST[m](e)) c[m] += e.n;
  }
  return c;
}

/** `serviceOrder`: the catalog's codes, so lines come in the catalog's order (others after, by code). */
export function annualReport(
  events: readonly ReportEvent[],
  months: readonly string[],
  serviceOrder: readonly string[] = [],
): AnnualReportData {
  const delivered = emptySplit();
  const lines = new Map<string, ServiceLine>();
  const line = (code: string) => {
    let l = lines.get(code);
    if (!l)
      lines.set(
        code,
        (l = { code, delivered: emptySplit(), accepted: 0, refusals: 0, refusedToAccept: 0, onTime: 0, late: 0 }),
      );
    return l;
  };
  const byMonth = new Map(months.map((m) => [m, emptySplit()]));
  let accepted = 0;
  let lateArrivals = 0;
  for (const e of events) {
    if (e.lateFrom) lateArrivals += e.n;
    if (isDelivered(e)) {
      addSplit(delivered, e.channel, e.n);
      addSplit(line(e.serviceCode).delivered, e.channel, e.n);
      const m = byMonth.get(e.month);
      if (m) addSplit(m, e.channel, e.n);
      if (e.kind === 'delivered') {
        const l = line(e.serviceCode);
        if (e.onTime) l.onTime += e.n;
        else l.late += e.n;
        if (e.outcome === 'refusal') l.refusals += e.n;
      }
    } else if (e.kind === 'accepted') {
      accepted += e.n;
      line(e.serviceCode).accepted += e.n;
    } else if (e.kind === 'refusedToAccept') line(e.serviceCode).refusedToAccept += e.n;
  }
  const rank = new Map(serviceOrder.map((c, i) => [c, i]));
  const byService = [...lines.values()]
    .filter((l) => l.code !== '')
    .sort((a, b) => (rank.get(a.code) ?? 1e6) - (rank.get(b.code) ?? 1e6) || a.code.localeCompare(b.code));
  const mostDemanded = byService
    .filter((l) => l.delivered.total > 0)
    .map((l) => ({ code: l.code, count: l.delivered.total }))
    .sort((a, b) => b.count - a.count || (rank.get(a.code) ?? 1e6) - (rank.get(b.code) ?? 1e6))
    .slice(0, MOST_DEMANDED);
  return {
    months: [...months],
    delivered,
    accepted,
    byService,
    mostDemanded,
    byMonth: [...byMonth.entries()].map(([month, d]) => ({ month, delivered: d })),
    complaints: complaintsOf(events),
    control: controlOf(events),
    lateArrivals,
  };
}

// --- quality and efficiency indicators (seed 000 Appendix 7) -------------------------------------

export const IndicatorDefSchema = z.object({
  code: z.string(),
  unit: z.enum(['percent', 'per100']),
  better: z.enum(['higher', 'lower']),
  normative: z.number().nullable(),
  name: BiTextSchema,
});
export type IndicatorDef = z.infer<typeof IndicatorDefSchema>;
export const INDICATORS: readonly IndicatorDef[] = z.array(IndicatorDefSchema).parse(indicatorData.indicators);
export type IndicatorCode = string;

/** A year's normative values and next year's targets, as the district set them (null: none set). */
export const IndicatorNormsSchema = z.record(
  z.string().max(60),
  z.object({
    normative: z.number().min(0).max(1000).nullable(),
    target: z.number().min(0).max(1000).nullable(),
  }),
);
export type IndicatorNorms = z.infer<typeof IndicatorNormsSchema>;

export function defaultNorms(): IndicatorNorms {
  return Object.fromEntries(INDICATORS.map((d) => [d.code, { normative: d.normative, target: d.normative }]));
}

const pct = (num: number, den: number) => (den ? Math.round((num / den) * 1000) / 10 : null);

/** Current values of every indicator over these events, in the indicator's unit (percent to one decimal); null where nothing was measured. */
export function indicatorValues(events: readonly ReportEvent[]): Record<IndicatorCode, number | null> {
  const control = controlOf(events);
  const complaints = complaintsOf(events);
  let waitMeasured = 0;
  let waitWithin = 0;
  let accepted = 0;
  let deliveredAll = 0;
  let electronic = 0;
  for (const e of events) {
    if (e.kind === 'accepted') {
      accepted += e.n;
      if (e.waited !== undefined && e.waitNorm) {
        waitMeasured += e.n;
        if (e.waited <= e.waitNorm) waitWithin += e.n;
      }
    }
    if (isDelivered(e)) {
      deliveredAll += e.n;
      if (e.channel === 'portal') electronic += e.n;
    }
  }
  const attempts = accepted + control.refusedToAccept;
  return {
    onTimeShare: pct(control.onTime, control.delivered),
    waitWithinNormShare: pct(waitWithin, waitMeasured),
    justifiedComplaintsShare: deliveredAll ? pct(complaints.justified, deliveredAll) : null,
    complaintsAnsweredOnTimeShare: pct(complaints.answeredOnTime, complaints.answered + complaints.overdueOpen),
    refusalsToAcceptPer100: pct(control.refusedToAccept, attempts),
    reasonedRefusalsShare: pct(control.refusals, control.delivered),
    electronicShare: pct(electronic, deliveredAll),
  };
}

export type IndicatorRow = IndicatorDef & {
  normativeValue: number | null;
  target: number | null;
  /** The district's value, then each office's. */
  current: number | null;
  byOffice: Array<{ officeId: string; value: number | null }>;
};

export function indicatorTable(
  events: readonly ReportEvent[],
  norms: IndicatorNorms,
  officeIds: readonly string[],
): IndicatorRow[] {
  const district = indicatorValues(events);
  // One pass groups the events by office (a filter per office is 40 passes over a year's events).
  const byOffice = new Map<string, ReportEvent[]>(officeIds.map((id) => [id, []]));
  for (const e of events) byOffice.get(e.officeId)?.push(e);
  const perOffice = officeIds.map((id) => ({ id, values: indicatorValues(byOffice.get(id) ?? []) }));
  return INDICATORS.map((d) => ({
    ...d,
    normativeValue: norms[d.code]?.normative ?? d.normative,
    target: norms[d.code]?.target ?? null,
    current: district[d.code],
    byOffice: perOffice.map((o) => ({ officeId: o.id, value: o.values[d.code] })),
  }));
}

// --- dashboard, pivot and click-through -----------------------------------------------------------

export type DashboardData = {
  byMonth: Array<{ month: string; accepted: number; delivered: number }>;
  /** Delivered per month in seed 004's three ways (the stacked chart). */
  deliveredByMonth: Array<{ month: string; delivered: ChannelSplit }>;
  byOffice: Array<{
    officeId: string;
    accepted: number;
    delivered: number;
    onTime: number;
    late: number;
    onTimeShare: number | null;
  }>;
  byService: Array<{ code: string; accepted: number; delivered: number }>;
  byChannel: Array<{ channel: AppChannel; delivered: number }>;
  complaints: ComplaintFigures;
  control: ControlFigures;
};

export function dashboard(events: readonly ReportEvent[], months: readonly string[]): DashboardData {
  const byMonth = new Map(months.map((m) => [m, { month: m, accepted: 0, delivered: 0 }]));
  const splitByMonth = new Map(months.map((m) => [m, emptySplit()]));
  const byOffice = new Map<string, DashboardData['byOffice'][number]>();
  const byService = new Map<string, { code: string; accepted: number; delivered: number }>();
  const byChannel = new Map<AppChannel, number>();
  for (const e of events) {
    let o = byOffice.get(e.officeId);
    if (!o) {
      o = { officeId: e.officeId, accepted: 0, delivered: 0, onTime: 0, late: 0, onTimeShare: null };
      byOffice.set(e.officeId, o);
    }
    let s = e.serviceCode === '' ? undefined : byService.get(e.serviceCode);
    if (!s && e.serviceCode !== '') {
      s = { code: e.serviceCode, accepted: 0, delivered: 0 };
      byService.set(e.serviceCode, s);
    }
    const m = byMonth.get(e.month);
    if (e.kind === 'accepted') {
      o.accepted += e.n;
      if (s) s.accepted += e.n;
      if (m) m.accepted += e.n;
    } else if (isDelivered(e)) {
      o.delivered += e.n;
      if (s) s.delivered += e.n;
      if (m) m.delivered += e.n;
      const split = splitByMonth.get(e.month);
      if (split) addSplit(split, e.channel, e.n);
      byChannel.set(e.channel, (byChannel.get(e.channel) ?? 0) + e.n);
      if (e.kind === 'delivered') {
        if (e.onTime) o.onTime += e.n;
        else o.late += e.n;
      }
    }
  }
  for (const o of byOffice.values()) o.onTimeShare = o.onTime + o.late ? o.onTime / (o.onTime + o.late) : null;
  return {
    byMonth: [...byMonth.values()],
    deliveredByMonth: [...splitByMonth.entries()].map(([month, delivered]) => ({ month, delivered })),
    byOffice: [...byOffice.values()].filter((o) => o.accepted || o.delivered),
    byService: [...byService.values()].sort((a, b) => b.delivered - a.delivered || b.accepted - a.accepted),
    byChannel: (['office', 'mobile', 'stateCorporation', 'portal'] as const).map((c) => ({
      channel: c,
      delivered: byChannel.get(c) ?? 0,
    })),
    complaints: complaintsOf(events),
    control: controlOf(events),
  };
}

export const PivotDimSchema = z.enum(['office', 'service', 'month', 'channel']);
export type PivotDim = z.infer<typeof PivotDimSchema>;
export type PivotRow = {
  office?: string;
  service?: string;
  month?: string;
  channel?: AppChannel;
  accepted: number;
  delivered: number;
  onTime: number;
  late: number;
  refusals: number;
  refusedToAccept: number;
  overdueOpen: number;
  complaints: number;
};

/** One row per combination of the chosen dimensions that has any figure, sorted by them. */
export function pivot(events: readonly ReportEvent[], dims: readonly PivotDim[]): PivotRow[] {
  const rows = new Map<string, PivotRow>();
  for (const e of events) {
    const keyParts: Partial<Record<PivotDim, string>> = {
      office: e.officeId,
      service: e.serviceCode,
      month: e.month,
      channel: e.channel,
    };
    const key = dims.map((d) => keyParts[d]).join('\u0000');
    let r = rows.get(key);
    if (!r) {
      r = {
        accepted: 0,
        delivered: 0,
        onTime: 0,
        late: 0,
        refusals: 0,
        refusedToAccept: 0,
        overdueOpen: 0,
        complaints: 0,
      };
      if (dims.includes('office')) r.office = e.officeId;
      if (dims.includes('service')) r.service = e.serviceCode;
      if (dims.includes('month')) r.month = e.month;
      if (dims.includes('channel')) r.channel = e.channel;
      rows.set(key, r);
    }
    if (e.kind === 'accepted') r.accepted += e.n;
    else if (isDelivered(e)) {
      r.delivered += e.n;
      if (e.kind === 'delivered') {
        if (e.onTime) r.onTime += e.n;
        else r.late += e.n;
        if (e.outcome === 'refusal') r.refusals += e.n;
      }
    } else if (e.kind === 'refusedToAccept') r.refusedToAccept += e.n;
    else if (e.kind === 'overdue') r.overdueOpen += e.n;
    else if (e.kind === 'complaint') r.complaints += e.n;
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * The channel a figure counts: one recorded channel, or 'provider' (at the office
 * and by the mobile centre together: seed 004's «by the provider»).
 */
export const DrillViaSchema = z.enum(['office', 'mobile', 'stateCorporation', 'portal', 'provider']);
export type DrillVia = z.infer<typeof DrillViaSchema>;

/**
 * The preschool queue's referral figures (the dashboard's queue by kindergarten):
 * referrals issued and referrals that expired unused over the period. They are
 * not report events: the server counts and lists them from the queue's records
 * (server/reports/reports.ts queueFigures and drillRows, one rule for both).
 */
export const QUEUE_DRILL_MEASURES = ['referralsIssued', 'referralsExpired'] as const;
export type QueueDrillMeasure = (typeof QUEUE_DRILL_MEASURES)[number];

/**
 * What a clicked figure counts: the measure and the slice. The channel is `via`,
 * not `channel`: `channel=` is the report filter's list (every reading takes it),
 * and one query key read both ways cannot be parsed as both. `kindergartenId`
 * narrows the queue's referral figures to one kindergarten.
 */
export const DrillSchema = z.object({
  measure: z.enum(['accepted', 'delivered', 'onTime', 'late', 'refusals', 'overdue', ...QUEUE_DRILL_MEASURES]),
  officeId: z.string().max(80).optional(),
  serviceCode: z.string().max(80).optional(),
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
  via: DrillViaSchema.optional(),
  kindergartenId: z.string().max(80).optional(),
});
export type Drill = z.infer<typeof DrillSchema>;
export type QueueDrill = Drill & { measure: QueueDrillMeasure };
const isQueueMeasure = (m: Drill['measure']): m is QueueDrillMeasure =>
  (QUEUE_DRILL_MEASURES as readonly string[]).includes(m);
export const isQueueDrill = (d: Drill): d is QueueDrill => isQueueMeasure(d.measure);

const DRILL_KIND: Record<Exclude<Drill['measure'], QueueDrillMeasure>, ReportEventKind> = {
  accepted: 'accepted',
  delivered: 'delivered',
  onTime: 'delivered',
  late: 'delivered',
  refusals: 'delivered',
  overdue: 'overdue',
};

const viaMatches = (via: DrillVia | undefined, channel: AppChannel) =>
  via === undefined || (via === 'provider' ? reportChannel(channel) === 'provider' : channel === via);

/**
 * The events behind a figure: the sum of their `n` is the figure. 'delivered'
 * takes in the monthly counts entered from outside the system, as the figures
 * do; those have no applications behind them, so a list of applications shows
 * the events with an `applicationId` and says how many came from outside. The
 * queue's referral figures have no events behind them (isQueueDrill): none here.
 */
export function drill(events: readonly ReportEvent[], d: Drill): ReportEvent[] {
  const measure = d.measure;
  if (isQueueMeasure(measure)) return [];
  const kind = DRILL_KIND[measure];
  return events.filter(
    (e) =>
      (e.kind === kind || (d.measure === 'delivered' && e.kind === 'outside')) &&
      (d.officeId === undefined || e.officeId === d.officeId) &&
      (d.serviceCode === undefined || e.serviceCode === d.serviceCode) &&
      (d.month === undefined || e.month === d.month) &&
      viaMatches(d.via, e.channel) &&
      (d.measure !== 'onTime' || e.onTime === true) &&
      (d.measure !== 'late' || e.onTime !== true) &&
      (d.measure !== 'refusals' || e.outcome === 'refusal'),
  );
}

/** Of a figure, the part entered from outside the system (no applications behind it). */
export const outsidePart = (events: readonly ReportEvent[], d: Drill): number =>
  drill(events, d).reduce((n, e) => n + (e.kind === 'outside' ? e.n : 0), 0);

/** A complaint figure clicked: which complaints it counts, within the report's filter. */
export const ComplaintDrillSchema = z.object({
  measure: z.enum(COMPLAINT_MEASURES),
  officeId: z.string().max(80).optional(),
  serviceCode: z.string().max(80).optional(),
});
export type ComplaintDrill = z.infer<typeof ComplaintDrillSchema>;

/** The complaint events behind a complaint figure (complaintsOf counts the same). */
export function complaintDrill(events: readonly ReportEvent[], d: ComplaintDrill): ReportEvent[] {
  const test = COMPLAINT_TEST[d.measure];
  return events.filter(
    (e) =>
      e.kind === 'complaint' &&
      (d.officeId === undefined || e.officeId === d.officeId) &&
      (d.serviceCode === undefined || e.serviceCode === d.serviceCode) &&
      test(e),
  );
}
