/**
 * The service catalog as the district keeps it (the desk's district tab, in
 * the console): every entry with its term, those that differ from the
 * shipped catalog marked as changed by the district. An entry opens as JSON;
 * a specialist edits it, the shared schema (checkCatalogEntry, the one the
 * server applies) names every problem in kk/ru before anything is sent, and
 * the saved entry reaches every laptop with its next sync. The desk's
 * CatalogEditor is not used: it words its errors through the desk's data
 * layer, which the console does not load (see ui.tsx).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DISTRICT_AREAS,
  builtInCatalog,
  checkCatalogEntry,
  type FieldError,
  type Lang,
  type ServiceEntry,
} from '../../../shared';
import { ConsoleApiError, consoleApi } from '../api';
import { useMayChange } from '../context';
import { ErrorNote, Loading, Note, bi, useAction, useData } from '../ui';

/** JSON with the keys of every object sorted: two entries compare by content, whatever order the keys came in. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : x,
  );
}

const shipped = new Map(builtInCatalog.map((e) => [e.code, canonical(e)]));

/** Whether the district's entry is not the shipped one (changed, or a service the shipped catalog lacks). */
const changedByDistrict = (e: ServiceEntry) => shipped.get(e.code) !== canonical(e);

/** The fields a refusal of the server names (`body.invalid` carries zod's paths). */
function refusedFields(e: unknown): string[] {
  const issues = e instanceof ConsoleApiError ? e.body.issues : undefined;
  if (!Array.isArray(issues)) return [];
  return [...new Set(issues.map((i: { path?: unknown }) => (Array.isArray(i.path) ? i.path.join('.') : '')))].filter(
    Boolean,
  );
}

export function CatalogScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const may = useMayChange('catalog');
  const catalog = useData(() => consoleApi.catalog(), []);
  const [open, setOpen] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const act = useAction();
  const editorRef = useRef<HTMLDivElement>(null);
  // The editor opens below a long list: bring it into view, or the click seems to do nothing.
  useEffect(() => {
    if (open !== null) editorRef.current?.scrollIntoView({ block: 'start' });
  }, [open]);

  const issueText = (x: FieldError) => {
    // The schema's codes are errors.json keys; the console's own check (the code kept) is a ui.json key.
    const key = i18n.exists(`errors:${x.code}`) ? `errors:${x.code}` : x.code;
    return i18n.exists(key) ? t(key, x.params) : t('errors:unknown', { code: x.code });
  };

  function choose(entry: ServiceEntry) {
    setOpen(entry.code);
    setText(JSON.stringify(entry, null, 2));
    setIssues([]);
    setSaved(null);
    act.setError(null);
  }

  async function save() {
    if (!open) return;
    setSaved(null);
    act.setError(null);
    const r = checkCatalogEntry(text);
    // An edit keeps its code: another code would be a second service, the first left as it was.
    const found: FieldError[] = r.ok
      ? r.entry.code === open
        ? []
        : [{ field: 'code', code: 'console.catalog.codeChanged', params: { code: open } }]
      : r.errors;
    setIssues(found);
    if (!r.ok || found.length) return;
    const res = await act.run(() => consoleApi.saveCatalogEntry(r.entry));
    if (!res) return;
    setText(JSON.stringify(r.entry, null, 2));
    setSaved(t('district.catalog.saved', { version: res.version }));
    catalog.reload();
  }

  const refused = refusedFields(act.error);
  return (
    <section data-testid="console-catalog">
      <div className="toolbar">
        <h2>{t('console.nav.catalog')}</h2>
        <button type="button" className="btn" onClick={catalog.reload} data-testid="catalog-reload">
          {t('console.reload')}
        </button>
      </div>
      <p className="small muted">{t('district.catalog.text')}</p>
      {!may && (
        <Note kind="info" testid="catalog-read-only">
          {t('console.catalog.readOnly', { roles: DISTRICT_AREAS.catalog.map((r) => t(`role.${r}`)).join(', ') })}
        </Note>
      )}
      <ErrorNote error={catalog.error} testid="catalog-load-error" />
      {!catalog.data ? (
        catalog.loading ? (
          <Loading />
        ) : null
      ) : (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="catalog-table">
            <thead>
              <tr>
                <th>{t('catalogEditor.code')}</th>
                <th>{t('catalogEditor.name')}</th>
                <th>{t('catalogEditor.term')}</th>
                <th>{t('catalogEditor.origin')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {catalog.data.map((e) => {
                const changed = changedByDistrict(e);
                return (
                  <tr
                    key={e.code}
                    aria-current={e.code === open ? 'true' : undefined}
                    data-testid="catalog-row"
                    data-code={e.code}
                    data-changed={changed ? 'true' : 'false'}
                  >
                    <td className="mono">{e.code}</td>
                    <td>{bi(e.name, lang)}</td>
                    <td className="nowrap">{t(`catalogEditor.unit.${e.term.unit}`, { n: e.term.value })}</td>
                    <td>
                      {changed && (
                        <span className="badge badge--catalog" data-testid="catalog-mark">
                          {t('catalogEditor.mark.district')}
                        </span>
                      )}
                    </td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="btn btn--small"
                        onClick={() => choose(e)}
                        data-testid="catalog-open"
                      >
                        {t(may ? 'catalogEditor.edit' : 'catalogEditor.view')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {catalog.data.length === 0 && <div className="empty">{t('common.empty')}</div>}
        </div>
      )}
      {open !== null && (
        <div className="subcard" data-testid="catalog-editor" data-code={open} ref={editorRef}>
          <h3 className="mono">{open}</h3>
          <textarea
            className="input mono"
            rows={24}
            value={text}
            readOnly={!may}
            onChange={(e) => {
              setText(e.target.value);
              setSaved(null);
            }}
            aria-label={open}
            data-testid="catalog-json"
            spellCheck={false}
            style={{ width: '100%' }}
          />
          {issues.length > 0 && (
            <div className="notice notice--error" role="alert" data-testid="catalog-issues">
              <div>{t('console.catalog.invalid')}</div>
              <ul>
                {issues.map((x, i) => (
                  <li key={`${x.field}-${i}`} data-field={x.field}>
                    {x.field ? `${x.field}: ` : ''}
                    {issueText(x)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ErrorNote error={act.error} testid="catalog-error" />
          {refused.length > 0 && (
            <Note kind="error" testid="catalog-refused-fields">
              {t('console.invalidFields', { fields: refused.join(', ') })}
            </Note>
          )}
          {saved && (
            <Note kind="ok" testid="catalog-saved">
              {saved}
            </Note>
          )}
          <div className="actions actions--left">
            <button type="button" className="btn" onClick={() => setOpen(null)} data-testid="catalog-close">
              {t('common.close')}
            </button>
            {may && (
              <button
                type="button"
                className="btn btn--primary"
                disabled={act.busy}
                onClick={() => void save()}
                data-testid="catalog-save"
              >
                {act.busy ? t('common.working') : t('catalogEditor.save')}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
