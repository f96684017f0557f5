/** What the district server's report routes answer (server/routes/reports.ts; docs/api.md), for the console. */
import type { BiText } from '../model/common';
import type { ServiceEntry } from '../catalog/schema';
import type { AgeGroup } from '../model/office';
import type { AnnualReportData, DashboardData, IndicatorNorms, IndicatorRow, PivotDim, PivotRow } from './aggregate';
import type { OutsideCount } from './events';

export type ReportOffice = { id: string; type: string; code: string; name: BiText; active: boolean };
export type ClosedMonth = { month: string; closedAt: string; closedBy: string; closedByName: string };
export type ReportContext = {
  offices: ReportOffice[];
  services: Array<Pick<ServiceEntry, 'code' | 'name' | 'channels' | 'providers' | 'free'>>;
  closed: ClosedMonth[];
  /** The server's local date: periods not yet over cannot close. */
  today: string;
};
type PeriodState = { closed: boolean; closedAt?: string | null; asOf: string };
export type AnnualReportResponse = PeriodState & { year: number; data: AnnualReportData };
export type IndicatorsResponse = PeriodState & { year: number; rows: IndicatorRow[] };
export type QueueFigures = {
  byAge: Array<{ age: number; waiting: number }>;
  byKindergarten: Array<{
    kindergartenId: string;
    number: string;
    waiting: number;
    referralsIssued: number;
    referralsExpired: number;
    placesFree: number;
  }>;
};
/** A kindergarten's groups with their free places: the list behind its «places free» figure (`total`, their sum). */
export type PlacesResponse = {
  kindergartenId: string;
  number: string;
  name: BiText;
  groups: Array<Pick<AgeGroup, 'id' | 'name' | 'minAge' | 'maxAge' | 'freePlaces'>>;
  total: number;
};
export type DashboardResponse = PeriodState & { from: string; to: string; data: DashboardData; queue: QueueFigures };
export type DrillRow = {
  id: string;
  journalNo: string;
  officeId: string;
  serviceCode: string;
  channel: string;
  month: string;
  acceptedAt: string;
  dueAt: string;
  readyAt: string | null;
  status: string;
  queueState: string;
  onTime: boolean | null;
  /** Counted here as a late arrival after its own month closed. */
  late: boolean;
};
/** `total` applications (the first `rows`); `outside`: the part of the figure entered from outside the system, with no applications behind it. */
export type DrillResponse = { total: number; rows: DrillRow[]; outside?: number };
/** A complaint behind a complaint figure: its number, office and dates, never the complainant or the subject. */
export type ComplaintListRow = {
  id: string;
  incomingNo: string;
  officeId: string;
  /** '' where the complaint names no service. */
  serviceCode: string;
  receivedAt: string;
  dueAt: string;
  answeredAt: string | null;
  status: string;
  /** As the figure counted it (a closed period: at its close). */
  open: boolean;
  overdue: boolean;
  justified: boolean | null;
};
export type ComplaintListResponse = { total: number; rows: ComplaintListRow[] };
export type PivotResponse = { from: string; to: string; closed: boolean; dims: PivotDim[]; rows: PivotRow[] };
export type NormsResponse = { year: number; norms: IndicatorNorms };
export type OutsideCountsResponse = { counts: OutsideCount[] };
export type CloseResponse = { closed: string[]; already: string[] };
