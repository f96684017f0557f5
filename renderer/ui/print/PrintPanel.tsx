/**
 * Preview, print and save one record's forms in either language; every
 * action is written to the record's prints log.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormId, Lang } from '../../../shared';
import { LANGS } from '../../i18n';
import { openPreview, printPdf, savePdf } from '../../print';
import { desk, type PrintAction } from '../deskClient';
import { toProblem, type Problem } from '../errors';
import { Dialog } from '../components/Dialog';
import { ErrorBox, Notice } from '../components/Notice';
import { formPdf, pdfFileName, targetId, type PrintTarget } from './formPdf';

type Props = {
  target: PrintTarget;
  forms: FormId[];
  defaultLang: Lang;
  /** The refusal-to-accept receipt is handed over in two copies. */
  copiesNote?: boolean;
  /** After a print, preview or save was logged: a refusal's undo ends once its receipt is printed. */
  onLogged?: (action: PrintAction) => void;
};

export function PrintPanel({ target, forms, defaultLang, copiesNote, onLogged }: Props) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<Lang>(defaultLang);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [preview, setPreview] = useState<{ url: string; form: FormId } | null>(null);

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview.url);
    },
    [preview],
  );

  async function act(form: FormId, action: PrintAction) {
    setBusy(`${form}:${action}`);
    setProblem(null);
    try {
      const blob = await formPdf(form, target, lang);
      if (action === 'preview') setPreview({ url: openPreview(blob), form });
      else if (action === 'print') await printPdf(blob);
      else await savePdf(blob, pdfFileName(target, form, lang));
      await desk.logPrint(targetId(target), form, lang, action, target.kind);
      onLogged?.(action);
    } catch (e) {
      setProblem(toProblem(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="print-panel" data-testid="print-panel">
      <div className="print-lang" role="group" aria-label={t('print.language')}>
        <span className="muted">{t('print.language')}:</span>
        {LANGS.map((l) => (
          <button
            key={l}
            type="button"
            className={`btn btn--small${l === lang ? ' btn--selected' : ''}`}
            aria-pressed={l === lang}
            onClick={() => setLang(l)}
            data-testid={`print-lang-${l}`}
          >
            {t(`lang.${l}`)}
          </button>
        ))}
      </div>
      <ul className="print-forms">
        {forms.map((f) => (
          <li key={f} data-testid={`print-row-${f}`}>
            <div className="print-form-name">{t(`printForm.${f}`)}</div>
            <div className="row-actions">
              {(['preview', 'print', 'save'] as const).map((a) => (
                <button
                  key={a}
                  type="button"
                  className={`btn btn--small${a === 'print' ? ' btn--primary' : ''}`}
                  disabled={!!busy}
                  onClick={() => void act(f, a)}
                  data-testid={`print-${a}-${f}`}
                >
                  {busy === `${f}:${a}` ? t('common.working') : t(`print.${a}`)}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
      {copiesNote && <Notice kind="info">{t('print.twoCopies')}</Notice>}
      <ErrorBox problem={problem} testid="print-error" />
      <Dialog
        open={!!preview}
        title={preview ? `${t(`printForm.${preview.form}`)} (${t(`lang.${lang}`)})` : ''}
        onClose={() => setPreview(null)}
        wide
        testid="print-preview"
      >
        {preview && (
          <iframe
            className="pdf-frame"
            src={preview.url}
            title={t('print.preview')}
            data-testid="print-preview-frame"
          />
        )}
      </Dialog>
    </div>
  );
}
