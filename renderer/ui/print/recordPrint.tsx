/**
 * Printing the office's own records (complaint tickets, technical protocols):
 * the same preview / print / save actions as for applications, each logged.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  buildForm,
  complaintTicketFormData,
  techProtocolFormData,
  type Complaint,
  type Lang,
  type TechProtocol,
} from '../../../shared';
import { LANGS } from '../../i18n';
import { openPreview, printPdf, renderPdf, savePdf } from '../../print';
import { desk, type PrintAction } from '../deskClient';
import { toProblem, type Problem } from '../errors';
import { nowIso } from '../format';
import { Dialog } from '../components/Dialog';
import { ErrorBox } from '../components/Notice';

/** Who prints, where and when: the rest of each paper comes from its record through shared/forms. */
async function sources() {
  return { office: await desk.office(), staffName: desk.session()?.staff.fullName ?? '', now: nowIso() };
}

export async function complaintTicketPdf(c: Complaint, lang: Lang): Promise<Blob> {
  const entry = c.serviceCode ? desk.catalog().find((e) => e.code === c.serviceCode) : undefined;
  return renderPdf(
    buildForm(
      'complaint-ticket',
      complaintTicketFormData(c, { ...(await sources()), ...(entry ? { entry } : {}) }),
      lang,
    ),
  );
}

export async function techProtocolPdf(p: TechProtocol, lang: Lang): Promise<Blob> {
  return renderPdf(buildForm('technical-problem-protocol', techProtocolFormData(p, await sources()), lang));
}

type Props = {
  form: 'complaint-ticket' | 'technical-problem-protocol';
  /** The form's name as shown. */
  title: string;
  fileBase: string;
  defaultLang: Lang;
  make: (lang: Lang) => Promise<Blob>;
  log: (lang: Lang, action: PrintAction) => Promise<void>;
  onLogged?: () => void;
};

export function RecordPrint({ form, title, fileBase, defaultLang, make, log, onLogged }: Props) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<Lang>(defaultLang);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  async function act(action: PrintAction) {
    setBusy(action);
    setProblem(null);
    try {
      const blob = await make(lang);
      if (action === 'preview') setPreview(openPreview(blob));
      else if (action === 'print') await printPdf(blob);
      else await savePdf(blob, `${fileBase}-${form}-${lang}.pdf`.replace(/[\\/:*?"<>|\s]+/g, '-'));
      await log(lang, action);
      onLogged?.();
    } catch (e) {
      setProblem(toProblem(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="print-panel" data-testid={`record-print-${form}`}>
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
      <div className="row-actions">
        <span className="print-form-name">{title}</span>
        {(['preview', 'print', 'save'] as const).map((a) => (
          <button
            key={a}
            type="button"
            className={`btn btn--small${a === 'print' ? ' btn--primary' : ''}`}
            disabled={!!busy}
            onClick={() => void act(a)}
            data-testid={`print-${a}-${form}`}
          >
            {busy === a ? t('common.working') : t(`print.${a}`)}
          </button>
        ))}
      </div>
      <ErrorBox problem={problem} testid="print-error" />
      <Dialog
        open={!!preview}
        title={title}
        onClose={() => {
          if (preview) URL.revokeObjectURL(preview);
          setPreview(null);
        }}
        wide
        testid="print-preview"
      >
        {preview && <iframe className="pdf-frame" src={preview} title={t('print.preview')} />}
      </Dialog>
    </div>
  );
}
