/**
 * A kindergarten's groups with their free places: what its «places free» figure
 * on the dashboard counts (the sum is the figure), exportable as XLSX or CSV like
 * every list behind a figure. Places are now, not of a period: no filter applies.
 */
import { useTranslation } from 'react-i18next';
import { placesExportTable, type BiText } from '../../../../shared';
import { reportsApi, type ExportFormat } from '../../reportsApi';
import { ErrorNote, Loading, download, useAction, useData } from '../../ui';
import { ReportTable } from '../../../charts/ReportTable';
import { fileName, langOf } from './common';
import { ListHead } from './ListHead';

export function PlacesList({
  kindergartenId,
  about,
  today,
  onClose,
}: {
  kindergartenId: string;
  /** The kindergarten as the chart names it. */
  about: BiText;
  today: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const list = useData(() => reportsApi.places(kindergartenId), [kindergartenId]);
  const exporting = useAction();
  const save = (format: ExportFormat) =>
    exporting.run(async () =>
      download(
        await reportsApi.placesExport(format, kindergartenId, lang),
        fileName(`places-${list.data?.number ?? ''}`, today, lang, format),
      ),
    );
  return (
    <div className="panel" data-testid="report-places" data-loading={list.loading ? 'true' : 'false'}>
      <ListHead
        title={`${t('console.reports.placesTitle')}: ${about[lang]}`}
        total={list.data?.total}
        busy={exporting.busy}
        testid="report-places"
        onSave={(f) => void save(f)}
        onClose={onClose}
      />
      <ErrorNote error={list.error ?? exporting.error} />
      {list.data ? (
        <ReportTable table={placesExportTable(list.data)} lang={lang} testid="report-places-table" />
      ) : list.loading ? (
        <Loading />
      ) : null}
    </div>
  );
}
