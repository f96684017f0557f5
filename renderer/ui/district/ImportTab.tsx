/**
 * A batch file brought on a USB stick from an office without a link: the
 * server checks its signature and applies it like a push (replays change
 * nothing), and the district sees what became of each change.
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportResponse, OpStatus } from '../../../shared';
import type { Problem } from '../errors';
import { SyncErrorBox, reasonText, syncProblem } from '../sync/text';
import { sync } from '../syncClient';
import { drainOpenedFiles, onOpenedFile } from './openedFiles';
import { useDistrictRefs } from './common';

const STATUSES: OpStatus[] = ['applied', 'duplicate', 'quarantined', 'backlogged'];

export function ImportTab() {
  const { officeName } = useDistrictRefs();
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<{ file: string; res: ImportResponse } | null>(null);

  async function importText(name: string, read: () => Promise<string>) {
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      let body: unknown;
      try {
        body = JSON.parse(await read());
      } catch {
        setProblem({ code: 'import.notBatch', params: {}, fields: [] });
        return;
      }
      setResult({ file: name, res: await sync.district.importBatch(body) });
    } catch (err) {
      setProblem(syncProblem(err));
    } finally {
      setBusy(false);
    }
  }

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) await importText(f.name, () => f.text());
  }

  // Files opened with the app from Windows Explorer arrive through the shell.
  useEffect(() => {
    const run = async () => {
      for (const f of drainOpenedFiles()) {
        if ('text' in f) await importText(f.name, async () => f.text);
        else setProblem({ code: 'import.notBatch', params: {}, fields: [] });
      }
    };
    void run();
    return onOpenedFile(() => void run());
  }, []);

  const counts = result
    ? STATUSES.map((s) => [s, result.res.results.filter((r) => r.status === s).length] as const)
    : [];
  const quarantined =
    result?.res.results.filter(
      (r) => r.status === 'quarantined' || (r.status === 'duplicate' && r.original === 'quarantined'),
    ) ?? [];

  return (
    <section data-testid="district-import">
      <div className="panel">
        <p className="small muted">{t('district.importText')}</p>
        <label className="btn btn--primary file-btn">
          {busy ? t('common.working') : t('district.chooseFile')}
          <input
            type="file"
            accept=".akimatbatch,.json,application/json"
            onChange={(e) => void onFile(e)}
            disabled={busy}
            data-testid="import-file"
          />
        </label>
        <SyncErrorBox problem={problem} testid="import-error" />
      </div>
      {result && (
        <div className="panel" data-testid="import-result">
          <h2>{t('district.importDone', { file: result.file })}</h2>
          <dl className="facts">
            <dt>{t('district.device')}</dt>
            <dd data-testid="import-device">
              {result.res.deviceName ?? result.res.deviceId}
              {result.res.officeId ? ` — ${officeName(result.res.officeId)}` : ''}
            </dd>
            <dt>{t('district.fileOps')}</dt>
            <dd>
              {t('district.fileRange', {
                n: result.res.file.ops,
                from: result.res.file.fromSeq,
                to: result.res.file.toSeq,
              })}
            </dd>
            <dt>{t('district.acked')}</dt>
            <dd data-testid="import-acked">{result.res.acked}</dd>
          </dl>
          <ul className="import-counts">
            {counts.map(([s, n]) => (
              <li
                key={s}
                className={`import-count import-count--${s}${n ? '' : ' muted'}`}
                data-testid={`import-count-${s}`}
                data-count={n}
              >
                <b>{n}</b> {t(`district.opStatus.${s}`)}
              </li>
            ))}
          </ul>
          {(counts.find(([s]) => s === 'backlogged')?.[1] ?? 0) > 0 && (
            <div className="notice notice--warn">{t('district.importBacklogged')}</div>
          )}
          {quarantined.length > 0 && (
            <table className="table table--compact">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('syncPage.q.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {quarantined.map((r) => (
                  <tr key={r.opId} data-testid="import-quarantined-row">
                    <td>{r.deviceSeq}</td>
                    <td>{r.reason ? reasonText(t, i18n, r.reason) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
