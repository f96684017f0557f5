/** What every report tab of the console shares: the filters and the scope they make. */
import type { ReportScope } from '../../reportsApi';

export { fileName, langOf, namesOf } from '../../../charts/reportNames';

export type ReportFilters = {
  year: number;
  /** '' for the whole year, else '01'..'12'. */
  month: string;
  office: string;
  service: string;
};

export const scopeOf = (f: ReportFilters): ReportScope => ({
  office: f.office || undefined,
  service: f.service || undefined,
});

export const rangeOf = (f: ReportFilters) =>
  f.month ? { from: `${f.year}-${f.month}`, to: `${f.year}-${f.month}` } : { from: `${f.year}-01`, to: `${f.year}-12` };
