/**
 * After a refusal to accept: the documents it names and its receipt to print
 * (the service's own form, or the generic one); closing starts a new intake.
 * For a minute, and until the receipt is printed, the refusal can be undone
 * (withdrawn: kept in the log, marked, not counted; issue #16).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isFormId, REFUSAL_UNDO_MS, type AcceptRefusal, type Lang, type ServiceEntry } from '../../../../shared';
import { Dialog } from '../../components/Dialog';
import { ErrorBox, Notice } from '../../components/Notice';
import { PrintPanel } from '../../print/PrintPanel';
import type { Problem } from '../../errors';
import { bi } from '../../format';

type Props = {
  refusal: AcceptRefusal | null;
  entry: ServiceEntry;
  uiLang: Lang;
  busy: boolean;
  /** Why the undo failed (the refusal stands). */
  problem: Problem | null;
  onNewIntake: () => void;
  onUndo: () => void;
};

/** Keyed by the refusal: each one shown starts its own countdown and its own "printed". */
export function RefusalDone(props: Props) {
  return <RefusalDialog key={props.refusal?.id ?? ''} {...props} />;
}

function RefusalDialog({ refusal, entry, uiLang, busy, problem, onNewIntake, onUndo }: Props) {
  const { t } = useTranslation();
  // Counted from when the refusal is shown, on this screen's own clock (the desk's may be corrected
  // to the server's): a little less than the window the desk and the server check, never more.
  const [shownAt] = useState(() => Date.now());
  const [now, setNow] = useState(shownAt);
  const [printed, setPrinted] = useState(false);
  useEffect(() => {
    if (!refusal) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [refusal]);
  const left = refusal && !printed && !refusal.withdrawn ? Math.max(0, REFUSAL_UNDO_MS - (now - shownAt)) : 0;
  return (
    <Dialog
      open={!!refusal}
      title={t('intake.refusalDoneTitle')}
      onClose={onNewIntake}
      wide
      testid="refusal-dialog"
      footer={
        <>
          {left > 0 && (
            <button type="button" className="btn" onClick={onUndo} disabled={busy} data-testid="refusal-undo">
              {t('intake.refusalUndo', { seconds: Math.ceil(left / 1000) })}
            </button>
          )}
          <button type="button" className="btn btn--primary" onClick={onNewIntake} data-testid="refusal-done">
            {t('intake.newIntake')}
          </button>
        </>
      }
    >
      {refusal && (
        <>
          <Notice kind="warn">{t('intake.refusalDoneText')}</Notice>
          <ErrorBox problem={problem} testid="refusal-undo-error" />
          <ul className="plain-list">
            {refusal.missingDocuments.map((code) => (
              <li key={code}>{bi(entry.documents.find((d) => d.code === code)?.name, uiLang) || code}</li>
            ))}
          </ul>
          <PrintPanel
            target={{ kind: 'refusal', refusal }}
            forms={[isFormId(entry.forms.refusalToAccept) ? entry.forms.refusalToAccept : 'refusalToAccept']}
            defaultLang={refusal.lang}
            copiesNote
            onLogged={(action) => action === 'print' && setPrinted(true)}
          />
          {left > 0 && (
            <p className="muted small" data-testid="refusal-undo-note">
              {t('intake.refusalUndoNote', { seconds: REFUSAL_UNDO_MS / 1000 })}
            </p>
          )}
        </>
      )}
    </Dialog>
  );
}
