/**
 * The service catalog as the district keeps it: when a decree changes a term,
 * a document or a form, the entry is edited here (as data, checked by the
 * same schema the app uses) and reaches every device with its next sync.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ServiceEntrySchema, type ServiceEntry } from '../../../shared';
import type { Problem } from '../errors';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { districtApi } from './api';

export function CatalogTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const [entries, setEntries] = useState<ServiceEntry[] | null>(null);
  const [code, setCode] = useState<string>('');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [issues, setIssues] = useState<string[]>([]);
  const [saved, setSaved] = useState<number | null>(null);

  const load = async () => {
    try {
      const res = await districtApi.catalog();
      setEntries(res.entries);
    } catch (e) {
      setProblem(syncProblem(e));
    }
  };
  useEffect(() => { void load(); }, []);

  const choose = (c: string) => {
    setCode(c);
    setSaved(null);
    setIssues([]);
    setText(JSON.stringify(entries?.find((e) => e.code === c), null, 2));
  };

  async function save() {
    setProblem(null);
    setSaved(null);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      setIssues([t('district.catalog.notJson', { detail: String((e as Error).message) })]);
      return;
    }
    // Checked here with the very schema the server and the desks use, so a typo is shown at once.
    const r = ServiceEntrySchema.safeParse(data);
    if (!r.success) {
      setIssues(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      return;
    }
    setIssues([]);
    try {
      const res = await districtApi.saveCatalogEntry(r.data, code);
      setSaved(res.version);
      await load();
    } catch (e) {
      setProblem(syncProblem(e));
    }
  }

  return (
    <section data-testid="district-catalog">
      <div className="panel">
        <p className="small muted">{t('district.catalog.text')}</p>
        <SyncErrorBox problem={problem} testid="catalog-error" />
        <table className="table table--compact">
          <thead><tr><th>{t('district.catalog.code')}</th><th>{t('district.catalog.name')}</th><th>{t('district.catalog.term')}</th><th /></tr></thead>
          <tbody>
            {(entries ?? []).map((e) => (
              <tr key={e.code} data-testid="catalog-row" data-code={e.code}>
                <td className="mono">{e.code}</td>
                <td>{e.name[lang]}</td>
                <td>{t(`district.catalog.unit.${e.term.unit}`, { n: e.term.value })}</td>
                <td><button type="button" className="btn btn--small" onClick={() => choose(e.code)} data-testid="catalog-edit">{t('district.catalog.edit')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {code && (
        <div className="panel" data-testid="catalog-editor">
          <h2 className="mono">{code}</h2>
          <textarea className="input mono" rows={24} value={text} onChange={(e) => setText(e.target.value)} data-testid="catalog-json" spellCheck={false} style={{ width: '100%' }} />
          {issues.length > 0 && (
            <ul className="notice notice--error" data-testid="catalog-issues">{issues.map((x) => <li key={x}>{x}</li>)}</ul>
          )}
          {saved !== null && <div className="notice notice--ok" data-testid="catalog-saved">{t('district.catalog.saved', { version: saved })}</div>}
          <button type="button" className="btn btn--primary" onClick={() => void save()} data-testid="catalog-save">{t('district.catalog.save')}</button>
        </div>
      )}
    </section>
  );
}
