/**
 * Sync with the district: where it stands, what waits to be sent, the ops
 * the district refused (with the record they concern), number blocks
 * running low, and the way out when there is no link for days: a signed
 * file of pending work for a USB stick.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppLite } from '../district/common';
import { desk, type QuarantinedChange } from '../deskClient';
import { errorText, toProblem, type Problem } from '../errors';
import { EnrolForm } from '../components/EnrolForm';
import { ErrorBox, Empty, Loading, Notice } from '../components/Notice';
import { bi, tableDateTime } from '../format';
import { useLoad } from '../hooks';
import { hrefFor } from '../router';
import { useSession } from '../session';
import { subjectText } from '../components/Subject';
import { sync } from '../syncClient';
import { batchDownloadName, downloadText } from '../sync/download';
import { agoText, reasonText, syncProblem, valueText } from '../sync/text';
import { useEnrolment, useNow, useSyncState } from '../sync/useSync';

export function SyncPage() {
  const { t } = useTranslation();
  const { session, lang } = useSession();
  const s = useSyncState();
  const now = useNow();
  const enr = useEnrolment(s.status);
  const office = session.office;

  const quarantine = useLoad(async () => {
    const rows = await desk.quarantined();
    const ids = [...new Set(rows.filter((r) => r.entity === 'application').map((r) => r.entityId))];
    const apps = new Map<string, AppLite>();
    for (const a of await Promise.all(ids.map((id) => desk.get(id).catch(() => undefined))))
      if (a) apps.set(a.id, { id: a.id, journalNo: a.journalNo, child: a.child, applicant: a.applicant });
    return { rows, apps };
  }, [s.quarantined]);
  const enrolledOffice = useLoad(
    async () => (enr ? ((await desk.offices()).find((o) => o.id === enr.officeId) ?? null) : null),
    [enr?.officeId],
  );
  // A laptop restored from a backup waits to be enrolled again, as the same device, here.
  const restored = useLoad(async () => (await sync.reEnrolment()) ?? null, [s.status]);

  const [exported, setExported] = useState<{ name: string; ops: number } | 'none' | null>(null);
  const [exportProblem, setExportProblem] = useState<Problem | null>(null);
  const [reenrolled, setReenrolled] = useState(false);
  const [leaseTaken, setLeaseTaken] = useState<number | null>(null);
  const [leaseProblem, setLeaseProblem] = useState<Problem | null>(null);

  // A lease file carried from the district (no link): checked and taken by the engine, refused with the reason.
  async function importLeaseFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setLeaseTaken(null);
    setLeaseProblem(null);
    try {
      setLeaseTaken((await sync.importLeaseFile(await file.text())).numbers);
    } catch (e) {
      setLeaseProblem(toProblem(e));
    }
  }

  async function exportPending() {
    setExported(null);
    setExportProblem(null);
    try {
      const b = await sync.exportBatch();
      if (!b) return setExported('none');
      const name = batchDownloadName(b.name);
      downloadText(b.text, name);
      setExported({ name, ops: b.ops });
    } catch (e) {
      setExportProblem(syncProblem(e));
    }
  }

  if (enr === undefined || (enr === null && restored.data === undefined && !restored.error)) return <Loading />;
  if (enr === null) {
    const marker = restored.data;
    return (
      <div className="screen" data-testid="sync-page" data-enrolled="false">
        <div className="screen-head">
          <h1>{t('syncPage.title')}</h1>
        </div>
        {!marker ? (
          <Notice kind="info" testid="sync-standalone">
            {t('syncPage.standalone')}
          </Notice>
        ) : (
          <section className="panel" data-testid="reenrol">
            <h2>{t('syncPage.reenrolTitle')}</h2>
            <Notice kind="warn" testid="sync-restored">
              {t('syncPage.restored')}
            </Notice>
            <EnrolForm
              initialUrl={marker.baseUrl}
              submitLabel={t('syncPage.reenrol')}
              onEnrolled={() => {
                void sync.syncNow();
              }}
            />
          </section>
        )}
      </div>
    );
  }

  const journalName = (j: string) =>
    bi(desk.catalog().find((e) => e.code === j)?.name, lang) || t(`syncPage.journal.${j}`, { defaultValue: j });
  const syncing = s.status === 'syncing';

  return (
    <div className="screen sync-page" data-testid="sync-page" data-enrolled="true">
      <div className="screen-head">
        <h1>{t('syncPage.title')}</h1>
        <span className={`badge badge--sync-${s.status}`} data-testid="sync-status" data-status={s.status}>
          {t(`syncPage.status.${s.status}`)}
        </span>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => void sync.syncNow()}
          disabled={syncing}
          data-testid="sync-page-now"
        >
          {syncing ? t('sync.syncing') : t('sync.now')}
        </button>
      </div>

      {s.status === 'error' && s.error && (
        <div className="notice notice--error" role="alert" data-testid="sync-page-error" data-code={s.error.code}>
          <div>{errorText(t, s.error.code, { status: s.error.status })}</div>
          {(s.error.code === 'sync.unauthorized' || s.error.code === 'sync.revoked') && (
            <div className="small">{t('syncPage.reenrolHint')}</div>
          )}
          {s.error.code === 'sync.updateRequired' && <div className="small">{t('syncPage.updateHint')}</div>}
        </div>
      )}
      {s.catchUp && (
        <Notice kind="warn" testid="sync-catch-up">
          {t('syncPage.catchUp')}
        </Notice>
      )}
      {s.numbersLow?.map((n) => (
        <Notice key={`${n.journal}-${n.year}`} kind="warn" testid="sync-numbers-low">
          {n.left === 0
            ? t('syncPage.numbersOut', { journal: journalName(n.journal), year: n.year })
            : t('syncPage.numbersLow', { count: n.left, journal: journalName(n.journal), year: n.year })}
        </Notice>
      ))}

      <div className="grid grid--2 cards">
        <section className="panel" data-testid="sync-state">
          <h2>{t('syncPage.stateTitle')}</h2>
          <dl className="facts">
            <dt>{t('syncPage.lastSync')}</dt>
            <dd data-testid="sync-last-at">
              {s.lastSyncAt ? (
                <>
                  {agoText(t, s.lastSyncAt, now)} <span className="muted">({tableDateTime(s.lastSyncAt, office)})</span>
                </>
              ) : (
                t('sync.never')
              )}
            </dd>
            <dt>{t('syncPage.pending')}</dt>
            <dd>
              <b data-testid="sync-pending-count">{s.pending}</b>
              {s.pending > 0 && <span className="muted small"> — {t('syncPage.pendingHint')}</span>}
            </dd>
            <dt>{t('syncPage.quarantined')}</dt>
            <dd>
              <b data-testid="sync-quarantine-count" className={s.quarantined ? 'text-err' : ''}>
                {s.quarantined}
              </b>
            </dd>
          </dl>
          {syncing && s.progress && s.progress.total > 0 && (
            <div className="sync-page-progress">
              <progress data-testid="sync-page-progress" value={s.progress.done} max={s.progress.total} />
              <span className="small">{t('sync.progress', { done: s.progress.done, total: s.progress.total })}</span>
            </div>
          )}
        </section>

        <section className="panel" data-testid="enrolment-info">
          <h2>{t('syncPage.enrolmentTitle')}</h2>
          <dl className="facts">
            <dt>{t('enrol.server')}</dt>
            <dd className="mono" data-testid="enrolment-server">
              {enr.baseUrl}
            </dd>
            <dt>{t('enrol.device')}</dt>
            <dd data-testid="enrolment-device">{enr.deviceName}</dd>
            <dt>{t('syncPage.office')}</dt>
            <dd data-testid="enrolment-office">
              {enrolledOffice.data ? bi(enrolledOffice.data.name, lang) : enr.officeId}
            </dd>
            <dt>{t('syncPage.enrolledAt')}</dt>
            <dd data-testid="enrolment-at">{tableDateTime(enr.enrolledAt, office)}</dd>
            <dt>{t('syncPage.deviceId')}</dt>
            <dd className="mono small">{enr.deviceId}</dd>
          </dl>
        </section>
      </div>

      {/* A refused certificate is mended the same way: a new code, whose check group vouches for the new certificate. */}
      {s.status === 'error' &&
        (s.error?.code === 'sync.unauthorized' ||
          s.error?.code === 'sync.revoked' ||
          s.error?.code === 'sync.certificate') && (
          <section className="panel" data-testid="reenrol">
            <h2>{t('syncPage.reenrolTitle')}</h2>
            {reenrolled ? (
              <Notice kind="ok">{t('syncPage.reenrolled')}</Notice>
            ) : (
              <EnrolForm
                initialUrl={enr.baseUrl}
                initialDevice={enr.deviceName}
                submitLabel={t('syncPage.reenrol')}
                onEnrolled={() => {
                  setReenrolled(true);
                  void sync.syncNow();
                }}
              />
            )}
          </section>
        )}

      <section className="panel" data-testid="sync-export-panel">
        <h2>{t('syncPage.exportTitle')}</h2>
        <p className="small muted">{t('syncPage.exportText')}</p>
        <button
          type="button"
          className="btn"
          onClick={() => void exportPending()}
          disabled={s.pending === 0}
          data-testid="sync-export"
        >
          {t('syncPage.export', { n: s.pending })}
        </button>
        {exported === 'none' && (
          <Notice kind="info" testid="sync-export-result">
            {t('syncPage.exportNothing')}
          </Notice>
        )}
        {exported && exported !== 'none' && (
          <Notice kind="ok" testid="sync-export-result">
            {t('syncPage.exported', { count: exported.ops, name: exported.name })}
          </Notice>
        )}
        <ErrorBox problem={exportProblem} testid="sync-export-error" />
      </section>

      <section className="panel" data-testid="lease-file-panel">
        <h2>{t('syncPage.leaseFileTitle')}</h2>
        <p className="small muted">{t('syncPage.leaseFileNote')}</p>
        <label className="btn">
          {t('syncPage.leaseFileImport')}
          <input
            type="file"
            accept=".json,application/json"
            hidden
            onChange={(e) => void importLeaseFile(e.currentTarget)}
            data-testid="lease-file-input"
          />
        </label>
        {leaseTaken !== null && (
          <Notice kind="ok" testid="lease-file-taken">
            {t('syncPage.leaseFileTaken', { count: leaseTaken })}
          </Notice>
        )}
        <ErrorBox problem={leaseProblem} testid="lease-file-error" />
      </section>

      <section className="panel" data-testid="quarantine-panel">
        <h2>
          {t('syncPage.quarantineTitle')} <span className="count">{s.quarantined}</span>
        </h2>
        <p className="small muted">{t('syncPage.quarantineText')}</p>
        <ErrorBox problem={quarantine.error} />
        {!quarantine.data ? (
          <Loading />
        ) : !quarantine.data.rows.length ? (
          <Empty>{t('syncPage.quarantineEmpty')}</Empty>
        ) : (
          <QuarantineTable rows={quarantine.data.rows} apps={quarantine.data.apps} />
        )}
      </section>
    </div>
  );
}

/** Refused ops as this computer keeps them (desk.quarantined()). */
function QuarantineTable({ rows, apps }: { rows: QuarantinedChange[]; apps: Map<string, AppLite> }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid="quarantine-list">
        <thead>
          <tr>
            <th>{t('syncPage.q.at')}</th>
            <th>{t('syncPage.q.record')}</th>
            <th>{t('syncPage.q.change')}</th>
            <th>{t('syncPage.q.reason')}</th>
            <th>{t('syncPage.q.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const app = r.entity === 'application' ? apps.get(r.entityId) : undefined;
            return (
              <tr key={r.deviceSeq} data-testid="quarantine-row" data-seq={r.deviceSeq}>
                <td className="nowrap">{tableDateTime(r.at, session.office)}</td>
                <td>
                  {r.entity === 'application' ? (
                    <a href={hrefFor({ name: 'application', id: r.entityId })} data-testid="quarantine-link">
                      {app ? `${app.journalNo} — ${subjectText(app, t)}` : t('syncPage.q.application')}
                    </a>
                  ) : r.entity === 'refusal' ? (
                    <a href={hrefFor({ name: 'refusals' })} data-testid="quarantine-link">
                      {t('syncPage.entity.refusal')}
                    </a>
                  ) : (
                    <span>{t(`syncPage.entity.${r.entity}`)}</span>
                  )}
                </td>
                <td>
                  {t(`syncPage.kind.${r.kind}`)}
                  {r.step ? `: ${t(`step.${r.step}`, { defaultValue: r.step })}` : ''}{' '}
                  <span className="muted small">#{r.deviceSeq}</span>
                </td>
                <td data-testid="quarantine-reason" data-reason={r.reason}>
                  {reasonText(t, i18n, r.reason)}
                </td>
                <td className="mono small break">{r.detail === undefined ? '' : valueText(r.detail)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
