/**
 * Before a refusal to accept is recorded: it is an official, counted record,
 * so the clerk confirms it seeing whom it is for and the documents it will
 * list on the receipt (issue #16). Cancelling records nothing.
 */
import { useTranslation } from 'react-i18next';
import type { DocumentSpec, Lang } from '../../../../shared';
import { Dialog } from '../../components/Dialog';
import { bi } from '../../format';

type Props = {
  open: boolean;
  /** The applicant (and the child, for a service about one), as typed. */
  name: string;
  missing: DocumentSpec[];
  uiLang: Lang;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
};

export function RefuseConfirm({ open, name, missing, uiLang, busy, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      title={t('intake.refuseConfirmTitle')}
      onClose={onCancel}
      testid="refuse-confirm-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} data-testid="refuse-confirm-cancel">
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={busy}
            onClick={onConfirm}
            data-testid="refuse-confirm"
          >
            {t('intake.refuseConfirm')}
          </button>
        </>
      }
    >
      <p data-testid="refuse-confirm-name">{t('intake.refuseConfirmText', { name })}</p>
      <ul className="plain-list" data-testid="refuse-confirm-missing">
        {missing.map((d) => (
          <li key={d.code}>{bi(d.name, uiLang)}</li>
        ))}
      </ul>
    </Dialog>
  );
}
