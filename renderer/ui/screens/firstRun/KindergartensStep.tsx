/**
 * The last step: the office's kindergartens (optional; added later under
 * Kindergartens too), one open in the editor at a time, then "Finish", which
 * waits until the open one is saved or cancelled.
 */
import { useTranslation } from 'react-i18next';
import type { FieldError, Lang } from '../../../../shared';
import { KindergartenEditor, type KindergartenDraft } from '../../components/KindergartenEditor';
import { bi } from '../../format';

type Props = {
  lang: Lang;
  list: KindergartenDraft[];
  /** The one open in the editor (null: none). */
  draft: KindergartenDraft | null;
  errors: FieldError[];
  busy: boolean;
  onOpen: (k: KindergartenDraft) => void;
  onOpenNew: () => void;
  onDraftChange: (k: KindergartenDraft) => void;
  onCancel: () => void;
  onSave: () => void;
  onRemove: (id: string | undefined) => void;
  onBack: () => void;
  onFinish: () => void;
};

export function KindergartensStep(p: Props) {
  const { t } = useTranslation();
  return (
    <div className="card">
      <h2>{t('setup.step.kindergartens')}</h2>
      <p className="muted">{t('setup.kindergartensText')}</p>
      {p.list.length > 0 && (
        <table className="table table--compact" data-testid="setup-kg-list">
          <thead>
            <tr>
              <th>{t('kg.number')}</th>
              <th>{t('kg.name')}</th>
              <th>{t('kg.ageGroups')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.list.map((k) => (
              <tr key={k.id}>
                <td>{k.number}</td>
                <td>{bi(k.name, p.lang)}</td>
                <td>{k.ageGroups.length}</td>
                <td className="row-actions">
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => p.onOpen(k)}>
                    {t('common.edit')}
                  </button>
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => p.onRemove(k.id)}>
                    {t('common.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.draft ? (
        <div className="subcard">
          <KindergartenEditor value={p.draft} onChange={p.onDraftChange} errors={p.errors} />
          <div className="actions actions--left">
            <button type="button" className="btn" onClick={p.onCancel}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn--primary" onClick={p.onSave} data-testid="setup-kg-save">
              {t('common.save')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn" onClick={p.onOpenNew} data-testid="setup-kg-add">
          {t('kg.add')}
        </button>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={p.onBack}>
          {t('common.back')}
        </button>
        <button
          type="button"
          className="btn btn--primary"
          onClick={p.onFinish}
          disabled={p.busy || !!p.draft}
          data-testid="setup-finish"
        >
          {p.busy ? t('common.working') : t('setup.finish')}
        </button>
      </div>
    </div>
  );
}
