/**
 * The dashboard's and the report's charts as ECharts options (issue #14), plain
 * data: shared/ cannot import echarts (no DOM, no Node, only zod and uuid), and
 * the same option draws on screen (renderer/charts/Chart.tsx) and becomes the SVG
 * a PDF embeds (renderer/charts/chartSvg.ts). Each chart comes with its figures
 * as a table (every chart is also a table: the screen shows it, the exports write
 * it) and with what a click on a bar or slice counts (the list behind a figure).
 *
 * Every option: no animation (an SVG rendered once must show the final state),
 * the Tinos font the PDFs embed (with Times-metric fallbacks on screen), words
 * in the given language.
 */
import type { BiText, Lang } from '../model/common';
import {
  COMPLAINT_MEASURES,
  type ChannelSplit,
  type ComplaintDrill,
  type ComplaintFigures,
  type DashboardData,
  type Drill,
  type QueueDrillMeasure,
} from './aggregate';
import { REPORT_CHANNELS, type ReportChannel } from './channel';
import { APP_CHANNEL_LABEL, REPORT_CHANNEL_LABEL, monthLabel, nameOr, percentText, type NameOf } from './labels';
import type { ExportCell, ExportColumn, ExportTable } from './table';

/** An ECharts option as plain data (the echarts types live in renderer/, where echarts is imported). */
export type ChartOption = Record<string, unknown>;

/**
 * What a clicked figure opens: the applications it counts (the report's drill;
 * a kindergarten's referrals too), the district queue narrowed to an age or a
 * kindergarten (children waiting now, not applications of a period), the
 * complaints it counts, or a kindergarten's groups with their free places.
 * `about`: what the list is of where the drill's ids cannot say it (a
 * kindergarten's number), for the list's title.
 */
export type ChartTarget =
  | { kind: 'applications'; drill: Drill; about?: BiText }
  | { kind: 'queue'; age?: number; kindergartenId?: string }
  | { kind: 'complaints'; drill: ComplaintDrill }
  | { kind: 'places'; kindergartenId: string; about: BiText };

export type ChartSpec = {
  option: ChartOption;
  /** The same figures as a table. */
  table: ExportTable;
  /** The category behind each data index: a month, an office id, a service code, a channel, a queue row's key. */
  keys: string[];
  /** What a click on (dataIndex, seriesIndex) opens; undefined where nothing is behind it. */
  target: (dataIndex: number, seriesIndex: number) => ChartTarget | undefined;
  /** What a click on a table cell (row index, column key) opens: the same figure as the bar's. */
  cellTarget: (row: number, column: string) => ChartTarget | undefined;
  /** The applications a click on (dataIndex, seriesIndex) counts (target's, when it is a list of applications). */
  pick: (dataIndex: number, seriesIndex: number) => Drill | undefined;
  /** A height that fits the categories (horizontal bars grow with them), for the SVG a PDF embeds. */
  height: number;
};

const applications = (drill: Drill | undefined): ChartTarget | undefined => drill && { kind: 'applications', drill };

/** A spec with `pick` made from `target`, so a chart states its click-through once. */
function spec(s: Omit<ChartSpec, 'pick'>): ChartSpec {
  return {
    ...s,
    pick: (i, k) => {
      const t = s.target(i, k);
      return t?.kind === 'applications' ? t.drill : undefined;
    },
  };
}

/**
 * pdfmake maps the first family it knows (Tinos) to the embedded font; a browser without Tinos
 * falls back. Single quotes: ECharts writes the family into a double-quoted SVG style attribute
 * unescaped, and a double quote there makes the SVG unreadable to pdfmake.
 */
export const CHART_FONT = "Tinos, 'Times New Roman', serif";
/** Distinct in grey print and for the common colour-vision deficiencies (Okabe–Ito). */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const col = (key: string, title: BiText, type: ExportColumn['type'], width?: number): ExportColumn =>
  width === undefined ? { key, title, type } : { key, title, type, width };

const T = {
  month: { kk: 'Ай', ru: 'Месяц' },
  office: { kk: 'Көрсетілетін қызметті беруші', ru: 'Услугодатель' },
  service: { kk: 'Мемлекеттік қызмет', ru: 'Государственная услуга' },
  channel: { kk: 'Өтініш беру тәсілі', ru: 'Способ обращения' },
  total: { kk: 'Барлығы', ru: 'Всего' },
  accepted: { kk: 'Қабылданды', ru: 'Принято' },
  delivered: { kk: 'Көрсетілді', ru: 'Оказано' },
  onTime: { kk: 'Мерзімінде', ru: 'В срок' },
  late: { kk: 'Мерзімі бұзылып', ru: 'С нарушением срока' },
  onTimeShare: { kk: 'Мерзімінде көрсетілгендердің үлесі', ru: 'Доля оказанных в срок' },
  share: { kk: 'Үлесі', ru: 'Доля' },
  ageGroup: { kk: 'Жас тобы', ru: 'Возрастная группа' },
  kindergarten: { kk: 'Балабақша', ru: 'Детский сад' },
  waiting: { kk: 'Кезекте', ru: 'В очереди' },
  referralsIssued: { kk: 'Жолдама берілді', ru: 'Выдано направлений' },
  referralsExpired: { kk: 'Жолдаманың мерзімі өтті', ru: 'Направлений просрочено' },
  placesFree: { kk: 'Бос орындар', ru: 'Свободных мест' },
  figure: { kk: 'Көрсеткіш', ru: 'Показатель' },
  count: { kk: 'Саны', ru: 'Количество' },
  received: { kk: 'Түскен шағымдар', ru: 'Поступило жалоб' },
  justified: { kk: 'Негізді', ru: 'Обоснованные' },
  answered: { kk: 'Қаралды', ru: 'Рассмотрено' },
  answeredOnTime: { kk: 'Мерзімінде қаралды', ru: 'Рассмотрено в срок' },
  open: { kk: 'Қаралуда', ru: 'На рассмотрении' },
  overdueOpen: { kk: 'Мерзімі өткен', ru: 'Просрочено' },
} satisfies Record<string, BiText>;

function base(): ChartOption {
  return {
    animation: false,
    color: PALETTE,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: '#222222' },
    tooltip: { trigger: 'item', textStyle: { fontFamily: CHART_FONT } },
  };
}

/** Axis labels inside the chart's box (ECharts 6: outer bounds, the former containLabel); `top` clears the legend. */
const grid = (top: number) => ({
  left: 8,
  right: 40,
  top,
  bottom: 8,
  outerBoundsMode: 'same',
  outerBoundsContain: 'axisLabel',
});
/** Grid top below a legend of these names. */
const belowLegend = (names: readonly string[]) => legendRows(names) * LEGEND_ROW + 12;
/**
 * The legend on top, the plot below it. ECharts does not keep a grid clear of a legend, so the
 * grid starts below as many legend rows as the names need at the PDF's width (about 460 px;
 * a wider screen leaves a little room). Widths: Tinos averages about half an em a letter.
 */
const LEGEND_ROW = 22;
function legendRows(names: readonly string[], width = 440): number {
  let rows = 1;
  let x = 0;
  for (const n of names) {
    const w = 25 + 5 + n.length * 6.4 + 10;
    if (x > 0 && x + w > width) {
      rows += 1;
      x = 0;
    }
    x += w;
  }
  return rows;
}
const legend = { top: 0, left: 'center', textStyle: { fontFamily: CHART_FONT } };
/** Value labels drawn plainly: ECharts' white outline is painted over the text by PDF renderers that ignore paint-order. */
const plainLabel = { fontFamily: CHART_FONT, textBorderColor: 'none', textBorderWidth: 0 };
const valueAxis = { type: 'value', minInterval: 1 };
/** Long names (services, offices) cut at a width, whole in the tooltip and the table. */
const categoryLabel = { width: 220, overflow: 'truncate', fontFamily: CHART_FONT };

/** Horizontal bars: the first category on top, the chart as tall as its categories (and the legend above them). */
const barsHeight = (n: number, series: number, top = 16) => Math.max(160, top + 40 + n * (14 + 10 * series));

// --- services by month, stacked by report channel ------------------------------------------------

/** Services delivered per month in seed 004's three ways (AnnualReportData.byMonth). */
export function byMonthChart(rows: ReadonlyArray<{ month: string; delivered: ChannelSplit }>, lang: Lang): ChartSpec {
  const manyYears = new Set(rows.map((r) => r.month.slice(0, 4))).size > 1;
  const series = REPORT_CHANNELS.map((c) => ({
    type: 'bar',
    name: REPORT_CHANNEL_LABEL[c][lang],
    stack: 'delivered',
    data: rows.map((r) => r.delivered[c]),
  }));
  const channelOfSeries: Array<ReportChannel> = [...REPORT_CHANNELS];
  const top = belowLegend(series.map((x) => x.name));
  // A month's bar part or cell: delivered that month by that way ('provider': at the office and by the mobile centre).
  const delivered = (i: number, via?: ReportChannel) => {
    const month = rows[i]?.month;
    return applications(month ? { measure: 'delivered', month, ...(via ? { via } : {}) } : undefined);
  };
  return spec({
    option: {
      ...base(),
      grid: grid(top),
      legend,
      xAxis: {
        type: 'category',
        data: rows.map((r) => monthLabel(r.month, lang, manyYears)),
        // Every month named: twelve short labels fit, and a skipped one reads as a missing month.
        axisLabel: { interval: 0 },
      },
      yAxis: valueAxis,
      series,
    },
    table: {
      title: { kk: 'Айлар бойынша көрсетілген қызметтер', ru: 'Оказанные услуги по месяцам' },
      columns: [
        col('month', T.month, 'month', 10),
        col('total', T.total, 'int', 10),
        ...REPORT_CHANNELS.map((c) => col(c, REPORT_CHANNEL_LABEL[c], 'int', 18)),
      ],
      rows: rows.map((r) => ({ month: r.month, total: r.delivered.total, ...channelsOf(r.delivered) })),
    },
    keys: rows.map((r) => r.month),
    target: (i, s) => (channelOfSeries[s] ? delivered(i, channelOfSeries[s]) : undefined),
    cellTarget: (i, col) =>
      col === 'total'
        ? delivered(i)
        : (REPORT_CHANNELS as readonly string[]).includes(col)
          ? delivered(i, col as ReportChannel)
          : undefined,
    height: top + 250,
  });
}

const channelsOf = (s: ChannelSplit): Record<ReportChannel, number> => ({
  provider: s.provider,
  stateCorporation: s.stateCorporation,
  portal: s.portal,
});

// --- by office, by service ----------------------------------------------------------------------

type OfficeLine = DashboardData['byOffice'][number];

/** Accepted and delivered per office. */
export function byOfficeChart(rows: readonly OfficeLine[], names: NameOf, lang: Lang): ChartSpec {
  const label = (id: string) => nameOr(names, id);
  const top = belowLegend([T.accepted[lang], T.delivered[lang]]);
  return spec({
    option: {
      ...base(),
      grid: grid(top),
      legend,
      xAxis: valueAxis,
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => label(r.officeId)[lang]),
        axisLabel: categoryLabel,
      },
      series: [
        { type: 'bar', name: T.accepted[lang], data: rows.map((r) => r.accepted) },
        { type: 'bar', name: T.delivered[lang], data: rows.map((r) => r.delivered) },
      ],
    },
    table: officeTable({ kk: 'Кеңселер бойынша', ru: 'По офисам' }, rows, label),
    keys: rows.map((r) => r.officeId),
    target: (i, s) => officeTarget(rows, i, s === 0 ? 'accepted' : 'delivered'),
    cellTarget: (i, col) => officeTarget(rows, i, col),
    height: barsHeight(rows.length, 2, top),
  });
}

const OFFICE_MEASURES = ['accepted', 'delivered', 'onTime', 'late'] as const;
/** An office's figure (a bar or an office table's count column) as the applications it counts. */
function officeTarget(rows: readonly OfficeLine[], i: number, measure: string): ChartTarget | undefined {
  const officeId = rows[i]?.officeId;
  const m = OFFICE_MEASURES.find((x) => x === measure);
  return applications(officeId && m ? { measure: m, officeId } : undefined);
}

function officeTable(title: BiText, rows: readonly OfficeLine[], label: (id: string) => BiText): ExportTable {
  return {
    title,
    columns: [
      col('office', T.office, 'text', 40),
      col('accepted', T.accepted, 'int', 12),
      col('delivered', T.delivered, 'int', 12),
      col('onTime', T.onTime, 'int', 12),
      col('late', T.late, 'int', 14),
      col('onTimeShare', T.onTimeShare, 'percent', 14),
    ],
    rows: rows.map((r) => ({
      office: label(r.officeId),
      accepted: r.accepted,
      delivered: r.delivered,
      onTime: r.onTime,
      late: r.late,
      onTimeShare: r.onTimeShare,
    })),
  };
}

/** Accepted and delivered per service (DashboardData.byService: most delivered first). */
export function byServiceChart(rows: DashboardData['byService'], names: NameOf, lang: Lang): ChartSpec {
  const label = (code: string) => nameOr(names, code);
  const top = belowLegend([T.accepted[lang], T.delivered[lang]]);
  const target = (i: number, measure: string): ChartTarget | undefined => {
    const serviceCode = rows[i]?.code;
    return applications(
      serviceCode && (measure === 'accepted' || measure === 'delivered') ? { measure, serviceCode } : undefined,
    );
  };
  return spec({
    option: {
      ...base(),
      grid: grid(top),
      legend,
      xAxis: valueAxis,
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => label(r.code)[lang]),
        axisLabel: categoryLabel,
      },
      series: [
        { type: 'bar', name: T.accepted[lang], data: rows.map((r) => r.accepted) },
        { type: 'bar', name: T.delivered[lang], data: rows.map((r) => r.delivered) },
      ],
    },
    table: {
      title: { kk: 'Қызметтер бойынша', ru: 'По услугам' },
      columns: [
        col('service', T.service, 'text', 70),
        col('accepted', T.accepted, 'int', 12),
        col('delivered', T.delivered, 'int', 12),
      ],
      rows: rows.map((r) => ({ service: label(r.code), accepted: r.accepted, delivered: r.delivered })),
    },
    keys: rows.map((r) => r.code),
    target: (i, s) => target(i, s === 0 ? 'accepted' : 'delivered'),
    cellTarget: target,
    height: barsHeight(rows.length, 2, top),
  });
}

// --- by channel ---------------------------------------------------------------------------------

/** Services delivered by each recorded channel, as a pie (the desk's four, not the report's three). */
export function byChannelChart(rows: DashboardData['byChannel'], lang: Lang): ChartSpec {
  const total = rows.reduce((s, r) => s + r.delivered, 0);
  const target = (i: number) => {
    const via = rows[i]?.channel;
    return applications(via ? { measure: 'delivered', via } : undefined);
  };
  return spec({
    // No legend: each slice's label names it, with its count and share.
    option: {
      ...base(),
      series: [
        {
          type: 'pie',
          radius: ['0%', '58%'],
          center: ['50%', '50%'],
          label: { ...plainLabel, width: 130, overflow: 'break' },
          // Each label written here, not by an ECharts template: kk and ru write a decimal comma.
          data: rows.map((r) => ({
            name: APP_CHANNEL_LABEL[r.channel][lang],
            value: r.delivered,
            label: {
              formatter: `${APP_CHANNEL_LABEL[r.channel][lang]}: ${r.delivered} (${percentText(total ? r.delivered / total : 0)})`,
            },
          })),
        },
      ],
    },
    table: {
      title: { kk: 'Өтініш беру тәсілдері бойынша', ru: 'По способам обращения' },
      columns: [
        col('channel', T.channel, 'text', 30),
        col('delivered', T.delivered, 'int', 12),
        col('share', T.share, 'percent', 10),
      ],
      rows: rows.map((r) => ({
        channel: APP_CHANNEL_LABEL[r.channel],
        delivered: r.delivered,
        share: total ? r.delivered / total : null,
      })),
    },
    keys: rows.map((r) => r.channel),
    target,
    cellTarget: (i, col) => (col === 'delivered' ? target(i) : undefined),
    height: 260,
  });
}

// --- on time by office --------------------------------------------------------------------------

/** The share delivered on time per office, in percent (0..100); an office that delivered nothing has no bar. */
export function onTimeByOfficeChart(rows: readonly OfficeLine[], names: NameOf, lang: Lang): ChartSpec {
  const label = (id: string) => nameOr(names, id);
  return spec({
    option: {
      ...base(),
      grid: grid(16),
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => label(r.officeId)[lang]),
        axisLabel: categoryLabel,
      },
      series: [
        {
          type: 'bar',
          name: T.onTimeShare[lang],
          label: { ...plainLabel, show: true, position: 'right' },
          data: rows.map((r) =>
            r.onTimeShare === null
              ? null
              : { value: Math.round(r.onTimeShare * 1000) / 10, label: { formatter: percentText(r.onTimeShare) } },
          ),
        },
      ],
    },
    table: officeTable({ kk: 'Мерзімінде көрсету, кеңселер бойынша', ru: 'Оказание в срок по офисам' }, rows, label),
    keys: rows.map((r) => r.officeId),
    // A share's bar lists what it is a share of being: the applications delivered on time.
    target: (i) => officeTarget(rows, i, 'onTime'),
    cellTarget: (i, col) => officeTarget(rows, i, col),
    height: barsHeight(rows.length, 1),
  });
}

// --- the preschool queue ------------------------------------------------------------------------

/**
 * A row of the queue's picture: an age (key: the age in years) or a kindergarten
 * (key: its id). By age only the children waiting are counted: referrals and
 * places belong to a kindergarten, and a group's ages overlap other groups'.
 */
export type QueueChartRow = {
  key: string;
  label: BiText;
  waiting: number;
  referralsIssued?: number;
  referralsExpired?: number;
  placesFree?: number;
};

const QUEUE_MEASURES = ['waiting', 'referralsIssued', 'referralsExpired', 'placesFree'] as const;
type QueueMeasure = (typeof QUEUE_MEASURES)[number];

/**
 * Waiting children per age; per kindergarten also referrals issued and expired
 * and free places. Every figure opens what it counts: the children waiting (the
 * district queue narrowed to the age or the kindergarten), the applications with
 * the kindergarten's referrals, or the kindergarten's groups with their free places.
 */
export function queueChart(rows: readonly QueueChartRow[], by: 'ageGroup' | 'kindergarten', lang: Lang): ChartSpec {
  const horizontal = by === 'kindergarten';
  const measures: readonly QueueMeasure[] = by === 'ageGroup' ? ['waiting'] : QUEUE_MEASURES;
  const categories = { type: 'category', data: rows.map((r) => r.label[lang]), axisLabel: categoryLabel };
  const top = belowLegend(measures.map((m) => T[m][lang]));
  const target = (i: number, measure: string): ChartTarget | undefined => {
    const row = rows[i];
    if (row === undefined || !(measures as readonly string[]).includes(measure)) return undefined;
    if (by === 'ageGroup') return { kind: 'queue', age: Number(row.key) };
    const kindergartenId = row.key;
    if (measure === 'waiting') return { kind: 'queue', kindergartenId };
    if (measure === 'placesFree') return { kind: 'places', kindergartenId, about: row.label };
    return {
      kind: 'applications',
      drill: { measure: measure as QueueDrillMeasure, kindergartenId },
      about: row.label,
    };
  };
  return spec({
    option: {
      ...base(),
      grid: grid(top),
      legend,
      xAxis: horizontal ? valueAxis : categories,
      yAxis: horizontal ? { ...categories, inverse: true } : valueAxis,
      series: measures.map((m) => ({ type: 'bar', name: T[m][lang], data: rows.map((r) => r[m] ?? 0) })),
    },
    table: {
      title:
        by === 'ageGroup'
          ? { kk: 'Кезек: жас топтары бойынша', ru: 'Очередь по возрастным группам' }
          : { kk: 'Кезек: балабақшалар бойынша', ru: 'Очередь по детским садам' },
      columns: [col('label', T[by], 'text', 36), ...measures.map((m) => col(m, T[m], 'int', 14))],
      rows: rows.map((r) => {
        const row: Record<string, ExportCell> = { label: r.label };
        for (const m of measures) row[m] = r[m] ?? 0;
        return row;
      }),
    },
    keys: rows.map((r) => r.key),
    target: (i, s) => (measures[s] ? target(i, measures[s]) : undefined),
    cellTarget: target,
    height: horizontal ? barsHeight(rows.length, measures.length, top) : top + 250,
  });
}

// --- complaints ---------------------------------------------------------------------------------

/** Complaints received, justified, answered (on time), open and overdue. */
export function complaintsChart(c: ComplaintFigures, lang: Lang): ChartSpec {
  const target = (i: number): ChartTarget | undefined => {
    const measure = COMPLAINT_MEASURES[i];
    return measure && { kind: 'complaints', drill: { measure } };
  };
  return spec({
    option: {
      ...base(),
      grid: grid(24),
      xAxis: {
        type: 'category',
        data: COMPLAINT_MEASURES.map((m) => T[m][lang]),
        axisLabel: { interval: 0, width: 90, overflow: 'break' },
      },
      yAxis: valueAxis,
      series: [
        {
          type: 'bar',
          name: T.count[lang],
          label: { ...plainLabel, show: true, position: 'top' },
          data: COMPLAINT_MEASURES.map((m) => c[m]),
        },
      ],
    },
    table: {
      title: { kk: 'Шағымдар', ru: 'Жалобы' },
      columns: [col('figure', T.figure, 'text', 30), col('count', T.count, 'int', 12)],
      rows: COMPLAINT_MEASURES.map((m) => ({ figure: T[m], count: c[m] })),
    },
    keys: [...COMPLAINT_MEASURES],
    // Complaints are not applications: each figure opens the complaints it counts.
    target,
    cellTarget: (i, col) => (col === 'count' ? target(i) : undefined),
    height: 260,
  });
}

// --- the dashboard's cards ----------------------------------------------------------------------

export type DashboardCard = {
  id: 'delivered' | 'accepted' | 'onTime' | 'overdue' | 'refusals' | 'complaintsOpen';
  /** A count, or (onTime) a share 0..1; null: nothing measured. */
  value: number | null;
  /** complaintsOpen: the overdue among the open, shown beside them. */
  second?: number;
  /** What a click on the figure opens. The on-time share lists the late ones: what keeps it from 100 %. */
  target: ChartTarget;
};

export function dashboardCards(d: DashboardData): DashboardCard[] {
  const c = d.control;
  const all = (measure: Drill['measure']): ChartTarget => ({ kind: 'applications', drill: { measure } });
  return [
    { id: 'delivered', value: d.byChannel.reduce((s, x) => s + x.delivered, 0), target: all('delivered') },
    { id: 'accepted', value: d.byMonth.reduce((s, x) => s + x.accepted, 0), target: all('accepted') },
    { id: 'onTime', value: c.onTimeShare, target: all('late') },
    { id: 'overdue', value: c.overdueOpen, target: all('overdue') },
    { id: 'refusals', value: c.refusals, target: all('refusals') },
    {
      id: 'complaintsOpen',
      value: d.complaints.open,
      second: d.complaints.overdueOpen,
      target: { kind: 'complaints', drill: { measure: 'open' } },
    },
  ];
}
