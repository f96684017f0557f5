/**
 * The service catalog as the district keeps it: when a decree changes a term,
 * a document or a form, the entry is edited here (as data, checked by the
 * same schema the app uses) and reaches every device with its next sync.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { builtInCatalog, type ServiceEntry } from '../../../shared';
import type { Problem } from '../errors';
import { CatalogEditor, type CatalogEditorRow } from '../components/CatalogEditor';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { sync } from '../syncClient';

const shipped = new Map(builtInCatalog.map((e) => [e.code, JSON.stringify(e)]));

export function CatalogTab() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<ServiceEntry[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = () =>
    sync.district.catalog().then(
      (res) => setEntries(res.entries),
      (e: unknown) => setProblem(syncProblem(e)),
    );
  useEffect(() => {
    void load();
  }, []);

  // Entries the district changed or added are marked, so a stale override is easy to find.
  const rows: CatalogEditorRow[] = (entries ?? []).map((entry) => ({
    entry,
    origin: shipped.get(entry.code) === JSON.stringify(entry) ? 'builtIn' : 'district',
  }));

  async function save(entry: ServiceEntry, code: string | null) {
    const res = await sync.district.saveCatalogEntry(entry, code ?? entry.code);
    await load();
    return t('district.catalog.saved', { version: res.version });
  }

  return (
    <section data-testid="district-catalog">
      <div className="panel">
        <p className="small muted">{t('district.catalog.text')}</p>
        <SyncErrorBox problem={problem} testid="catalog-error" />
        <CatalogEditor
          rows={rows}
          save={save}
          canAdd
          problemOf={syncProblem}
          errorView={(p) => <SyncErrorBox problem={p} testid="catalog-error" />}
        />
      </div>
    </section>
  );
}
