/**
 * Report data as export tables (issue #14): the annual report's tables in the
 * structure of seed 004, the indicators of seed 000 Appendix 7, any pivot, and a
 * list of applications. Pure: the XLSX and CSV writers (server/reports/export.ts)
 * and the PDFs (pdf.ts) take these same tables, so a figure reads the same in
 * every format. Numbers stay numbers and shares stay 0..1 here; only a writer
 * decides how they look.
 */
import type { ServiceEntry } from '../catalog/schema';
import type { BiText } from '../model/common';
import { localParts } from '../time';
import type { AnnualReportData, IndicatorRow, PivotDim, PivotRow } from './aggregate';
import type { ComplaintListRow, DrillRow, PlacesResponse } from './api';
import { REPORT_CHANNELS, type AppChannel } from './channel';
import {
  APP_CHANNEL_LABEL,
  FREE_LABEL,
  PROVIDER_LABEL,
  REPORT_CHANNEL_LABEL,
  TOTAL_LABEL,
  YES_NO,
  nameOr,
  type NameOf,
} from './labels';
import type { ExportCell, ExportColumn, ExportTable } from './table';

/** What the table of services needs of a catalog entry. */
export type ReportService = Pick<ServiceEntry, 'code' | 'name' | 'channels' | 'providers' | 'free'>;

const col = (key: string, kk: string, ru: string, type: ExportColumn['type'], width?: number): ExportColumn =>
  width === undefined ? { key, title: { kk, ru }, type } : { key, title: { kk, ru }, type, width };

const NO = col('no', '№', '№', 'int', 5);
const SERVICE = col('service', 'Мемлекеттік қызметтің атауы', 'Наименование государственной услуги', 'text', 70);

const OFFICE = col('office', 'Көрсетілетін қызметті беруші', 'Услугодатель', 'text', 40);
const MONTH = col('month', 'Ай', 'Месяц', 'month', 10);
const CHANNEL = col('channel', 'Өтініш беру тәсілі', 'Способ обращения', 'text', 26);

const channelCols = (): ExportColumn[] => [
  col('total', 'Барлығы', 'Всего', 'int', 10),
  ...REPORT_CHANNELS.map((c) => ({ key: c, title: REPORT_CHANNEL_LABEL[c], type: 'int' as const, width: 18 })),
];

/**
 * How a service is delivered, as seed 004's second column writes it: the
 * providers that take applications themselves, then the State Corporation and
 * the portal where the catalog lists those channels.
 */
export function serviceWays(s: Pick<ReportService, 'channels' | 'providers'>): BiText {
  const parts: BiText[] = [];
  if (s.channels.includes('office'))
    parts.push(...s.providers.filter((p) => p !== 'stateCorporation' && p !== 'portal').map((p) => PROVIDER_LABEL[p]));
  if (s.channels.includes('stateCorporation')) parts.push(PROVIDER_LABEL.stateCorporation);
  if (s.channels.includes('portal')) parts.push(PROVIDER_LABEL.portal);
  return { kk: parts.map((p) => p.kk).join(', '), ru: parts.map((p) => p.ru).join(', ') };
}

export type AnnualReportTablesInput = {
  data: AnnualReportData;
  /** The catalog entries the provider delivers, in catalog order: the table of services and every service's name. */
  services: readonly ReportService[];
};

/** In the order seed 004 reports them; an XLSX writes one sheet each. */
export type AnnualReportTables = {
  services: ExportTable;
  delivered: ExportTable;
  mostDemanded: ExportTable;
  byMonth: ExportTable;
  complaints: ExportTable;
  control: ExportTable;
};

export function annualReportTables(input: AnnualReportTablesInput): AnnualReportTables {
  const { data } = input;
  const byCode = new Map(input.services.map((s) => [s.code, s.name]));
  const nameOf = (code: string) => nameOr((c) => byCode.get(c), code);

  const services: ExportTable = {
    title: { kk: 'Мемлекеттік қызметтер', ru: 'Государственные услуги' },
    columns: [
      NO,
      SERVICE,
      col('ways', 'Мемлекеттік қызмет көрсету тәсілі', 'Способ оказания государственной услуги', 'text', 50),
      col('free', 'Ақылы / тегін', 'Платно / бесплатно', 'text', 14),
    ],
    rows: input.services.map((s, i) => ({
      no: i + 1,
      service: s.name,
      ways: serviceWays(s),
      free: s.free ? FREE_LABEL.free : FREE_LABEL.paid,
    })),
  };

  const delivered: ExportTable = {
    title: { kk: 'Көрсетілген қызметтер', ru: 'Оказанные услуги' },
    columns: [NO, SERVICE, ...channelCols()],
    rows: [
      ...data.byService.map((l, i) => ({
        no: i + 1,
        service: nameOf(l.code),
        total: l.delivered.total,
        provider: l.delivered.provider,
        stateCorporation: l.delivered.stateCorporation,
        portal: l.delivered.portal,
      })),
      {
        no: null,
        service: TOTAL_LABEL,
        total: data.delivered.total,
        provider: data.delivered.provider,
        stateCorporation: data.delivered.stateCorporation,
        portal: data.delivered.portal,
      },
    ],
  };

  const mostDemanded: ExportTable = {
    title: { kk: 'Неғұрлым сұранысқа ие қызметтер', ru: 'Наиболее востребованные услуги' },
    columns: [NO, SERVICE, col('count', 'Көрсетілген қызметтер саны', 'Оказано услуг', 'int', 16)],
    rows: data.mostDemanded.map((m, i) => ({ no: i + 1, service: nameOf(m.code), count: m.count })),
  };

  const byMonth: ExportTable = {
    title: { kk: 'Айлар бойынша', ru: 'По месяцам' },
    columns: [MONTH, ...channelCols()],
    rows: data.byMonth.map((m) => ({
      month: m.month,
      total: m.delivered.total,
      provider: m.delivered.provider,
      stateCorporation: m.delivered.stateCorporation,
      portal: m.delivered.portal,
    })),
  };

  const c = data.complaints;
  const complaints: ExportTable = {
    title: { kk: 'Шағымдар', ru: 'Жалобы' },
    columns: [
      col('received', 'Түскен шағымдар', 'Поступило жалоб', 'int', 14),
      col('justified', 'Оның ішінде негізді', 'Из них обоснованных', 'int', 14),
      col('answered', 'Қаралды', 'Рассмотрено', 'int', 12),
      col('answeredOnTime', 'Мерзімінде қаралды', 'Рассмотрено в срок', 'int', 14),
      col('open', 'Қаралуда', 'На рассмотрении', 'int', 14),
      col('overdueOpen', 'Мерзімі өткен', 'Просрочено', 'int', 12),
    ],
    rows: [{ ...c }],
  };

  const k = data.control;
  const control: ExportTable = {
    title: { kk: 'Ішкі бақылау', ru: 'Внутренний контроль' },
    columns: [
      col('delivered', 'Жүйеде көрсетілді', 'Оказано в системе', 'int', 14),
      col('onTime', 'Мерзімінде', 'В срок', 'int', 12),
      col('late', 'Мерзімі бұзылып', 'С нарушением срока', 'int', 14),
      col('onTimeShare', 'Мерзімінде көрсетілгендердің үлесі', 'Доля оказанных в срок', 'percent', 16),
      col('overdueOpen', 'Мерзімі өтіп, орындалмаған', 'Просрочено, не исполнено', 'int', 16),
      col('refusals', 'Дәлелді бас тартулар', 'Мотивированные отказы', 'int', 14),
      col('refusedToAccept', 'Құжаттарды қабылдаудан бас тарту', 'Отказы в приёме документов', 'int', 16),
      col('lateArrivals', 'Жабылған кезеңнен кейін түскендер', 'Поступило после закрытия периода', 'int', 16),
    ],
    rows: [
      {
        delivered: k.delivered,
        onTime: k.onTime,
        late: k.late,
        onTimeShare: k.onTimeShare,
        overdueOpen: k.overdueOpen,
        refusals: k.refusals,
        refusedToAccept: k.refusedToAccept,
        lateArrivals: data.lateArrivals,
      },
    ],
  };

  return { services, delivered, mostDemanded, byMonth, complaints, control };
}

// --- quality and efficiency indicators (seed 000 Appendix 7) -------------------------------------

const UNIT_LABEL: Record<IndicatorRow['unit'], BiText> = {
  percent: { kk: '%', ru: '%' },
  per100: { kk: '100 өтінішке', ru: 'на 100 обращений' },
};

/** The column headings of Appendix 7's table, in the seed's words (Russian as in the standard's Russian text). */
export const INDICATOR_HEADINGS = {
  indicator: { kk: 'Сапа және тиімділік көрсеткіштері', ru: 'Показатели качества и эффективности' },
  normative: { kk: 'Көрсеткіштің нормативтік мәні', ru: 'Нормативное значение показателя' },
  target: {
    kk: 'Көрсеткіштің келесі жылдағы нысаналы мәні',
    ru: 'Целевое значение показателя в последующем году',
  },
  current: {
    kk: 'Көрсеткіштің есепті жылдағы ағымдағы мәні',
    ru: 'Текущее значение показателя в отчётном году',
  },
} satisfies Record<string, BiText>;

export const officeColumnKey = (officeId: string) => `office:${officeId}`;

/**
 * A row per indicator: Appendix 7's four columns (the current value for the
 * district), the unit, then the current value of each office in the rows' order.
 * Values stay in the indicator's unit (95.5 for 95.5 %): a row mixes percents and
 * counts per 100, so the column is 'decimal', not 'percent'.
 */
export function indicatorsExportTable(rows: readonly IndicatorRow[], officeNames: NameOf): ExportTable {
  const officeIds = rows[0]?.byOffice.map((o) => o.officeId) ?? [];
  return {
    // Short enough to stay whole as a sheet name (31 characters).
    title: { kk: 'Сапа және тиімділік (7-қосымша)', ru: 'Показатели качества (прил. 7)' },
    columns: [
      NO,
      { key: 'indicator', title: INDICATOR_HEADINGS.indicator, type: 'text', width: 60 },
      col('unit', 'Өлшем бірлігі', 'Единица измерения', 'text', 16),
      { key: 'normative', title: INDICATOR_HEADINGS.normative, type: 'decimal', width: 14 },
      { key: 'target', title: INDICATOR_HEADINGS.target, type: 'decimal', width: 14 },
      { key: 'current', title: INDICATOR_HEADINGS.current, type: 'decimal', width: 14 },
      ...officeIds.map((id): ExportColumn => ({
        key: officeColumnKey(id),
        title: nameOr(officeNames, id),
        type: 'decimal',
        width: 14,
      })),
    ],
    rows: rows.map((r, i) => {
      const row: Record<string, ExportCell> = {
        no: i + 1,
        indicator: r.name,
        unit: UNIT_LABEL[r.unit],
        normative: r.normativeValue,
        target: r.target,
        current: r.current,
      };
      for (const o of r.byOffice) row[officeColumnKey(o.officeId)] = o.value;
      return row;
    }),
  };
}

// --- pivot and lists -----------------------------------------------------------------------------

export type ReportNames = { office: NameOf; service: NameOf };

/** A complaint that names no service is counted under '' (events.ts). */
const NO_SERVICE: BiText = { kk: '(қызмет көрсетілмеген)', ru: '(услуга не указана)' };
const serviceName = (names: ReportNames, code: string) => (code === '' ? NO_SERVICE : nameOr(names.service, code));

const DIM_COLUMN: Record<PivotDim, ExportColumn> = {
  office: OFFICE,
  service: SERVICE,
  month: MONTH,
  channel: CHANNEL,
};

/** The pivot (office × service × month × channel, any of them) with every measure and the on-time share. */
export function pivotExportTable(
  rows: readonly PivotRow[],
  dims: readonly PivotDim[],
  names: ReportNames,
): ExportTable {
  return {
    title: { kk: 'Жиынтық кесте', ru: 'Сводная таблица' },
    columns: [
      ...dims.map((d) => DIM_COLUMN[d]),
      col('accepted', 'Қабылданды', 'Принято', 'int', 12),
      col('delivered', 'Көрсетілді', 'Оказано', 'int', 12),
      col('onTime', 'Мерзімінде', 'В срок', 'int', 12),
      col('late', 'Мерзімі бұзылып', 'С нарушением срока', 'int', 14),
      col('onTimeShare', 'Мерзімінде, үлесі', 'Доля в срок', 'percent', 12),
      col('refusals', 'Дәлелді бас тартулар', 'Мотивированные отказы', 'int', 14),
      col('refusedToAccept', 'Қабылдаудан бас тарту', 'Отказы в приёме', 'int', 14),
      col('overdueOpen', 'Мерзімі өткен', 'Просрочено', 'int', 12),
      col('complaints', 'Шағымдар', 'Жалобы', 'int', 10),
    ],
    rows: rows.map((r) => {
      const row: Record<string, ExportCell> = {
        accepted: r.accepted,
        delivered: r.delivered,
        onTime: r.onTime,
        late: r.late,
        onTimeShare: r.onTime + r.late ? r.onTime / (r.onTime + r.late) : null,
        refusals: r.refusals,
        refusedToAccept: r.refusedToAccept,
        overdueOpen: r.overdueOpen,
        complaints: r.complaints,
      };
      if (dims.includes('office')) row.office = nameOr(names.office, r.office ?? '');
      if (dims.includes('service')) row.service = serviceName(names, r.service ?? '');
      if (dims.includes('month')) row.month = r.month ?? null;
      if (dims.includes('channel')) row.channel = r.channel ? APP_CHANNEL_LABEL[r.channel] : null;
      return row;
    }),
  };
}

/** An application as a list shows it; instants are ISO, printed as office-local dates (UTC+5). */
export type ApplicationListRow = {
  journalNo: string;
  officeId: string;
  serviceCode: string;
  channel: AppChannel;
  acceptedAt: string;
  dueAt: string;
  /** When the result or reasoned refusal was signed; absent while open. */
  readyAt?: string;
};

/** A row of a figure's drill as a list of applications shows it (server files, console, bench alike). */
export const drillListRow = (r: DrillRow): ApplicationListRow => ({
  journalNo: r.journalNo,
  officeId: r.officeId,
  serviceCode: r.serviceCode,
  channel: r.channel as AppChannel,
  acceptedAt: r.acceptedAt,
  dueAt: r.dueAt,
  readyAt: r.readyAt ?? undefined,
});

const localDate = (instant: string | undefined) => (instant ? localParts(instant).date : null);

/**
 * A table whose rows are made one at a time as a writer reads them (server/reports/export.ts
 * xlsxOf, csvOf): a long list (drill.xlsx, 83,713 rows at 60,000 waiting children) is then never
 * held whole a second time beside the rows it comes from (issue #17).
 */
export type ExportRowsTable = Omit<ExportTable, 'rows'> & { rows: Iterable<ExportTable['rows'][number]> };

const APPLICATIONS_TITLE: BiText = { kk: 'Өтініштер', ru: 'Заявления' };
const applicationsColumns = (): ExportColumn[] => [
  col('journalNo', 'Журнал нөмірі', 'Номер в журнале', 'text', 16),
  OFFICE,
  SERVICE,
  CHANNEL,
  col('acceptedOn', 'Қабылданған күні', 'Дата приёма', 'date', 12),
  col('dueOn', 'Орындау мерзімі', 'Срок исполнения', 'date', 12),
  col('readyOn', 'Дайын болған күні', 'Дата готовности', 'date', 12),
  col('onTime', 'Мерзімінде', 'В срок', 'text', 10),
];
const applicationRow = (a: ApplicationListRow, names: ReportNames): Record<string, ExportCell> => ({
  journalNo: a.journalNo,
  office: nameOr(names.office, a.officeId),
  service: serviceName(names, a.serviceCode),
  channel: APP_CHANNEL_LABEL[a.channel],
  acceptedOn: localDate(a.acceptedAt),
  dueOn: localDate(a.dueAt),
  readyOn: localDate(a.readyAt),
  onTime: a.readyAt ? (a.readyAt <= a.dueAt ? YES_NO.yes : YES_NO.no) : null,
});

/** A list of applications (a click-through, an office's year): on time is signed by the due time, blank while open. */
export function applicationsExportTable(rows: readonly ApplicationListRow[], names: ReportNames): ExportTable {
  return {
    title: APPLICATIONS_TITLE,
    columns: applicationsColumns(),
    rows: rows.map((a) => applicationRow(a, names)),
  };
}

/**
 * The same table as applicationsExportTable, each row made only when the writer reads it (and
 * again at each reading: `rows` may be read more than once when `list` may).
 */
export function applicationsExportRows(list: Iterable<ApplicationListRow>, names: ReportNames): ExportRowsTable {
  return {
    title: APPLICATIONS_TITLE,
    columns: applicationsColumns(),
    rows: {
      *[Symbol.iterator]() {
        for (const a of list) yield applicationRow(a, names);
      },
    },
  };
}

/** How a complaint stands, as the offices' register says it (locales' complaints.status, kept here for the server's files). */
const COMPLAINT_STATUS: Record<string, BiText> = {
  open: { kk: 'Қаралуда', ru: 'На рассмотрении' },
  forwarded: { kk: 'Сапаны бақылау органына жіберілді', ru: 'Направлена в орган контроля качества' },
  answered: { kk: 'Жауап берілді', ru: 'Дан ответ' },
};

/** The complaints behind a complaint figure (the console's list), as a file: no complainant, no subject. */
export function complaintsExportTable(rows: readonly ComplaintListRow[], names: ReportNames): ExportTable {
  return {
    title: { kk: 'Шағымдар', ru: 'Жалобы' },
    columns: [
      col('incomingNo', 'Кіріс нөмірі', 'Входящий номер', 'text', 14),
      OFFICE,
      SERVICE,
      col('receivedOn', 'Түскен күні', 'Дата поступления', 'date', 12),
      col('dueOn', 'Қарау мерзімі', 'Срок рассмотрения', 'date', 12),
      col('answeredOn', 'Жауап берілген күні', 'Дата ответа', 'date', 12),
      col('status', 'Жағдайы', 'Состояние', 'text', 24),
      col('overdue', 'Мерзімі өткен', 'Просрочена', 'text', 12),
      col('justified', 'Негізді', 'Обоснована', 'text', 12),
    ],
    rows: rows.map((c) => ({
      incomingNo: c.incomingNo,
      office: nameOr(names.office, c.officeId),
      service: c.serviceCode ? serviceName(names, c.serviceCode) : null,
      receivedOn: localDate(c.receivedAt || undefined),
      dueOn: localDate(c.dueAt || undefined),
      answeredOn: localDate(c.answeredAt ?? undefined),
      status: COMPLAINT_STATUS[c.status] ?? c.status,
      overdue: c.overdue ? YES_NO.yes : YES_NO.no,
      justified: c.justified === null ? null : c.justified ? YES_NO.yes : YES_NO.no,
    })),
  };
}

/** A kindergarten's groups with their free places, then their sum: the figure a «places free» bar shows. */
export function placesExportTable(p: PlacesResponse): ExportTable {
  return {
    title: { kk: `Бос орындар, №${p.number}`, ru: `Свободные места, №${p.number}` },
    columns: [
      col('group', 'Жас тобы', 'Возрастная группа', 'text', 40),
      col('ages', 'Жасы', 'Возраст', 'text', 10),
      col('freePlaces', 'Бос орындар', 'Свободных мест', 'int', 14),
    ],
    rows: [
      ...p.groups.map((g) => {
        const ages = g.minAge === g.maxAge ? String(g.minAge) : `${g.minAge}–${g.maxAge}`;
        return { group: g.name, ages, freePlaces: g.freePlaces };
      }),
      { group: TOTAL_LABEL, ages: null, freePlaces: p.total },
    ],
  };
}
