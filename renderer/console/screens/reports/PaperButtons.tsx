/** A report's papers: the PDF in Kazakh, the PDF in Russian, the XLSX; one action at a time. */
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../../shared';

export function PaperButtons({
  busy,
  testid,
  onPdf,
  onXlsx,
}: {
  busy: boolean;
  /** Prefix of the buttons' test ids: `${testid}-pdf-kk`, `-pdf-ru`, `-xlsx`. */
  testid: string;
  onPdf: (lang: Lang) => void;
  onXlsx: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {(['kk', 'ru'] as const).map((l) => (
        <button
          key={l}
          type="button"
          className={l === 'kk' ? 'btn btn--primary' : 'btn'}
          disabled={busy}
          onClick={() => onPdf(l)}
          data-testid={`${testid}-pdf-${l}`}
        >
          {t(l === 'kk' ? 'console.reports.pdfKk' : 'console.reports.pdfRu')}
        </button>
      ))}
      <button type="button" className="btn" disabled={busy} onClick={onXlsx} data-testid={`${testid}-xlsx`}>
        XLSX
      </button>
    </>
  );
}
