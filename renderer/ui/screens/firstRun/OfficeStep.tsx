/** The office profile step: checked (officeProblems) before the staff step. */
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../../../shared';
import { Notice } from '../../components/Notice';
import { OfficeForm, type OfficeDraft } from '../../components/OfficeForm';

type Props = {
  value: OfficeDraft;
  errors: FieldError[];
  onChange: (o: OfficeDraft) => void;
  onBack: () => void;
  onNext: () => void;
};

export function OfficeStep({ value, errors, onChange, onBack, onNext }: Props) {
  const { t } = useTranslation();
  return (
    <div className="card">
      <h2>{t('setup.step.office')}</h2>
      <OfficeForm value={value} onChange={onChange} errors={errors} />
      {/* Not the intake's "application not saved": nothing is saved until the last step (#16 item 10). */}
      {errors.length > 0 && (
        <Notice kind="error" testid="setup-office-error">
          {t('setup.officeFixErrors')}
        </Notice>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={onBack}>
          {t('common.back')}
        </button>
        <button type="button" className="btn btn--primary" onClick={onNext} data-testid="setup-office-next">
          {t('common.next')}
        </button>
      </div>
    </div>
  );
}
