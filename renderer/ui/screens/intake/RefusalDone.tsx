/**
 * After a refusal to accept: the documents it names and its receipt to print
 * (the service's own form, or the generic one); closing starts a new intake.
 */
import { useTranslation } from 'react-i18next';
import { isFormId, type AcceptRefusal, type Lang, type ServiceEntry } from '../../../../shared';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { PrintPanel } from '../../print/PrintPanel';
import { bi } from '../../format';

export function RefusalDone({
  refusal,
  entry,
  uiLang,
  onNewIntake,
}: {
  refusal: AcceptRefusal | null;
  entry: ServiceEntry;
  uiLang: Lang;
  onNewIntake: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={!!refusal}
      title={t('intake.refusalDoneTitle')}
      onClose={onNewIntake}
      wide
      testid="refusal-dialog"
      footer={
        <button type="button" className="btn btn--primary" onClick={onNewIntake} data-testid="refusal-done">
          {t('intake.newIntake')}
        </button>
      }
    >
      {refusal && (
        <>
          <Notice kind="warn">{t('intake.refusalDoneText')}</Notice>
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
          />
        </>
      )}
    </Dialog>
  );
}
