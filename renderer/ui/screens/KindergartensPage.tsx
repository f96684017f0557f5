import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError, Kindergarten } from '../../../shared';
import { desk } from '../deskClient';
import { Dialog } from '../components/Dialog';
import { ErrorBox, Empty, Loading } from '../components/Notice';
import {
  KindergartenEditor,
  emptyKindergarten,
  kindergartenProblems,
  type KindergartenDraft,
} from '../components/KindergartenEditor';
import { ageGroupLabel, bi } from '../format';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import { useEnrolment } from '../sync/useSync';

export function KindergartensPage() {
  const { t } = useTranslation();
  const { lang, hasRole } = useSession();
  const list = useLoad(() => desk.kindergartens(), []);
  const [draft, setDraft] = useState<KindergartenDraft | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = useAction();
  // Once enrolled, kindergartens are the district's: the office sees them and their places.
  const enrolment = useEnrolment();
  const canEdit = (hasRole('head') || hasRole('clerk')) && enrolment === null;

  function open(k: Kindergarten | null) {
    setErrors([]);
    save.setError(null);
    setDraft(
      k
        ? { id: k.id, number: k.number, name: k.name, address: k.address, ageGroups: k.ageGroups, active: k.active }
        : emptyKindergarten(),
    );
  }

  async function submit() {
    if (!draft) return;
    const errs = kindergartenProblems(draft);
    setErrors(errs);
    if (errs.length) return;
    const saved = await save.run(() => desk.saveKindergarten(draft));
    if (saved) {
      setDraft(null);
      list.reload();
    }
  }

  const free = (k: Kindergarten) => k.ageGroups.reduce((s, g) => s + g.freePlaces, 0);

  return (
    <div className="screen" data-testid="kindergartens-page">
      <div className="screen-head">
        <h1>{t('kg.title')}</h1>
        {canEdit && (
          <button type="button" className="btn btn--primary" onClick={() => open(null)} data-testid="kg-new">
            {t('kg.add')}
          </button>
        )}
      </div>
      <ErrorBox problem={list.error} />
      {!list.data ? (
        <Loading />
      ) : !list.data.length ? (
        <Empty>{t('kg.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="kg-table">
            <thead>
              <tr>
                <th>{t('kg.number')}</th>
                <th>{t('kg.name')}</th>
                <th>{t('kg.address')}</th>
                <th>{t('kg.ageGroups')}</th>
                <th className="num">{t('kg.freeTotal')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((k) => (
                <tr key={k.id} data-testid="kg-row" className={k.active === false ? 'row--inactive' : ''}>
                  <td>№{k.number}</td>
                  <td>
                    {bi(k.name, lang)}
                    {k.active === false && <span className="badge"> {t('kg.inactive')}</span>}
                  </td>
                  <td>{bi(k.address, lang)}</td>
                  <td className="small">
                    {k.ageGroups.map((g) => (
                      <div key={g.id}>
                        {ageGroupLabel(t, bi(g.name, lang), g.minAge, g.maxAge)}: <b>{g.freePlaces}</b>
                      </div>
                    ))}
                  </td>
                  <td className="num">
                    <b>{free(k)}</b>
                  </td>
                  <td>
                    {canEdit && (
                      <button type="button" className="btn btn--small" onClick={() => open(k)} data-testid="kg-edit">
                        {t('common.edit')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={!!draft}
        title={draft?.id ? t('kg.editTitle') : t('kg.addTitle')}
        onClose={() => setDraft(null)}
        wide
        testid="kg-dialog"
        footer={
          <>
            <button type="button" className="btn" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn btn--primary"
              onClick={() => void submit()}
              disabled={save.busy}
              data-testid="kg-save"
            >
              {t('common.save')}
            </button>
          </>
        }
      >
        {draft && (
          <KindergartenEditor value={draft} onChange={setDraft} errors={[...errors, ...(save.error?.fields ?? [])]} />
        )}
        <ErrorBox problem={save.error} />
      </Dialog>
    </div>
  );
}
