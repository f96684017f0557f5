/**
 * The service catalog in a standalone office's settings: the head changes an
 * entry (a term, a document, an age limit) or adds a service when a decree
 * says so; the change is in force for the next intake. Once the office is
 * enrolled the district's catalog rules and the list is for reading only.
 */
import { useTranslation } from 'react-i18next';
import type { ServiceEntry } from '../../../shared';
import { desk } from '../deskClient';
import { tableDateTime } from '../format';
import { useLoad } from '../hooks';
import { useSession } from '../session';
import { CatalogEditor, type CatalogEditorRow } from './CatalogEditor';
import { ErrorBox, Loading, Notice } from './Notice';

export function CatalogSettings() {
  const { t } = useTranslation();
  const { session } = useSession();
  const office = session.office;
  const settings = useLoad(() => desk.catalogSettings(), []);
  const s = settings.data;
  const readOnly = s?.managedBy === 'district';

  const rows: CatalogEditorRow[] = (s?.rows ?? []).map((r) => ({
    entry: r.entry,
    origin: r.origin,
    ...(r.changedAt
      ? { changed: t('catalogEditor.changed', { when: tableDateTime(r.changedAt, office), name: r.changedBy ?? '' }) }
      : {}),
  }));

  async function save(entry: ServiceEntry, code: string | null) {
    await desk.saveCatalogEntry(entry, code);
    settings.reload();
    return t('settings.catalogSaved', { code: entry.code });
  }
  async function revert(code: string) {
    await desk.revertCatalogEntry(code);
    settings.reload();
    return t('settings.catalogReverted', { code });
  }

  return (
    <section className="panel" data-testid="settings-catalog" data-managed-by={s?.managedBy}>
      <div className="panel-head">
        <h2>{t('settings.catalog')}</h2>
      </div>
      <ErrorBox problem={settings.error} />
      {!s ? (
        <Loading />
      ) : (
        <>
          {readOnly ? (
            <Notice kind="info" testid="catalog-district-note">
              {t('settings.catalogDistrict')}
            </Notice>
          ) : (
            <p className="small muted">{t('settings.catalogText')}</p>
          )}
          <CatalogEditor rows={rows} readOnly={readOnly} canAdd={!readOnly} save={save} revert={revert} />
          {s.changes.length > 0 && (
            <details className="small" data-testid="catalog-changes">
              <summary>{t('settings.catalogChanges')}</summary>
              <ul>
                {s.changes.map((c, i) => (
                  <li key={`${c.at}-${i}`} data-testid="catalog-change">
                    {tableDateTime(c.at, office)} · {c.byName} · {t(`settings.catalogAction.${c.action}`)} ·{' '}
                    <span className="mono">{c.code}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
