/**
 * The staff accounts step: the accounts added so far and the form for the
 * next; going on needs at least one account for every role.
 */
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../../../shared';
import { errorText } from '../../errors';
import { Notice } from '../../components/Notice';
import { StaffForm, type StaffDraft } from '../../components/StaffForm';

type Props = {
  list: StaffDraft[];
  draft: StaffDraft;
  errors: FieldError[];
  onDraftChange: (s: StaffDraft) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
  onBack: () => void;
  onNext: () => void;
};

export function StaffStep({ list, draft, errors, onDraftChange, onAdd, onRemove, onBack, onNext }: Props) {
  const { t } = useTranslation();
  // The list's own error (none yet, a role missing), as against the typed account's.
  const listError = errors.find((e) => e.field === 'staff');
  return (
    <div className="card">
      <h2>{t('setup.step.staff')}</h2>
      <p className="muted">{t('setup.staffText')}</p>
      {list.length > 0 && (
        <table className="table table--compact" data-testid="setup-staff-list">
          <thead>
            <tr>
              <th>{t('staff.fullName')}</th>
              <th>{t('signIn.login')}</th>
              <th>{t('staff.roles')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((s, i) => (
              <tr key={s.login}>
                <td>{s.fullName}</td>
                <td>
                  <code>{s.login}</code>
                </td>
                <td>{s.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                <td>
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => onRemove(i)}>
                    {t('common.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <StaffForm value={draft} onChange={onDraftChange} errors={errors} />
      <div className="actions actions--left">
        <button type="button" className="btn" onClick={onAdd} data-testid="setup-staff-add">
          {t('staff.add')}
        </button>
      </div>
      {listError && (
        <Notice kind="error" testid="setup-staff-error">
          {errorText(t, listError.code, listError.params)}
        </Notice>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={onBack}>
          {t('common.back')}
        </button>
        <button type="button" className="btn btn--primary" onClick={onNext} data-testid="setup-staff-next">
          {t('common.next')}
        </button>
      </div>
    </div>
  );
}
