/**
 * The device board: every laptop with its office, version, last contact, last
 * full sync, what waits in its backlog or quarantine, journal numbers left and
 * clock error. At a glance: red rows have not synced for N days (N chosen
 * here), marked rows run an older version than the newest seen, or will soon
 * run out of numbers. Revoking asks which way: stop accepting at once, or take
 * what the laptop has and then stop (so no unsynced work is lost).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEVICE_BOARD_LIMITS, leaseFileName, type DeviceBoardRow, type Lang } from '../../../shared';
import { Dialog } from '../../ui/components/Dialog';
import { consoleApi, type RevokeMode } from '../api';
import { useMayChange } from '../context';
import { ErrorNote, Input, Loading, bi, download, useAction, useData, when } from '../ui';

/** Fewer journal numbers than this left in a laptop's leases: it will soon stop registering. */
const LOW_NUMBERS = DEVICE_BOARD_LIMITS.lowNumbers;
const DAY_MS = 86_400_000;

/** Compares dotted versions numerically ("1.10.0" > "1.9.3"); text parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c;
  }
  return 0;
}

/** revoked: refused from now on; draining: asked to send what it has, revoked when its outbox is empty. */
export type BoardFlags = {
  overdue: boolean;
  oldVersion: boolean;
  lowNumbers: boolean;
  revoked: boolean;
  draining: boolean;
  clockOff: boolean;
};

/** What the board marks on a row: the rules, apart from the table, so they read in one place. */
export function boardFlags(d: DeviceBoardRow, newest: string | null, days: number, now: number): BoardFlags {
  const last = d.lastSeenAt ?? d.enrolledAt;
  const revoked = !!d.revokedAt;
  return {
    // "Not synced for N days": no contact since; N = 0 marks every laptop not heard from this very moment.
    overdue: !revoked && now - Date.parse(last) >= days * DAY_MS,
    oldVersion: !!newest && !!d.appVersion && compareVersions(d.appVersion, newest) < 0,
    lowNumbers: !revoked && (d.numbersLeft < LOW_NUMBERS || (d.lowestJournal?.left ?? LOW_NUMBERS) < LOW_NUMBERS),
    revoked,
    draining: !revoked && d.revokeMode === 'drain',
    clockOff: d.clockErrorSeconds !== null && Math.abs(d.clockErrorSeconds) >= DEVICE_BOARD_LIMITS.clockWarnSeconds,
  };
}

export function DevicesScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const may = useMayChange('devices');
  // The moment of the answer goes with it: "N days ago" is measured from when the board was read.
  const board = useData(async () => ({ rows: await consoleApi.devices(), at: Date.now() }), []);
  const devices = { ...board, data: board.data?.rows };
  const offices = useData(() => consoleApi.offices(), []);
  const [days, setDays] = useState(String(DEVICE_BOARD_LIMITS.staleDays));
  const [revoking, setRevoking] = useState<DeviceBoardRow | null>(null);
  const mayWarn = useMayChange('settings');
  const settings = useData(() => consoleApi.settings(), []);
  const [warn, setWarn] = useState<string | null>(null);
  const leaseAction = useAction();
  const [issued, setIssued] = useState<{ name: string; numbers: number } | null>(null);
  // A lease file for a laptop that cannot connect: the server records its blocks now; the file goes by USB.
  async function issueLeaseFile(d: DeviceBoardRow) {
    setIssued(null);
    const file = await leaseAction.run(() => consoleApi.leaseFile(d.id));
    if (!file) return;
    const name = leaseFileName(file);
    download(new Blob([JSON.stringify(file)], { type: 'application/json' }), name);
    setIssued({ name, numbers: file.leases.reduce((n, l) => n + l.to - l.from + 1, 0) });
    board.reload();
  }
  async function saveWarn() {
    const percent = Number.parseInt(warn ?? '', 10);
    if (!Number.isInteger(percent)) return;
    await leaseAction.run(() => consoleApi.saveSettings({ numbersWarnPercent: percent }));
    settings.reload();
    setWarn(null);
  }
  const n = Math.max(0, Math.min(365, Number.parseInt(days, 10) || 0));
  const now = board.data?.at ?? 0;
  const officeName = (id: string) => {
    const o = offices.data?.find((x) => x.id === id);
    return o ? bi(o.name, lang) : id;
  };
  const newest = useMemo(() => {
    const versions = (devices.data ?? []).map((d) => d.appVersion).filter((v): v is string => !!v);
    return versions.sort(compareVersions).at(-1) ?? null;
  }, [devices.data]);
  const rows = (devices.data ?? []).map((d) => ({ d, f: boardFlags(d, newest, n, now) }));
  const overdueOffices = new Set(rows.filter((r) => r.f.overdue).map((r) => r.d.officeId));

  return (
    <section data-testid="console-devices">
      <div className="toolbar">
        <h2>{t('console.nav.devices')}</h2>
        <Input
          label={t('console.devices.days')}
          value={days}
          onChange={setDays}
          inputMode="numeric"
          maxLength={3}
          testid="devices-days"
        />
        <button type="button" className="btn" onClick={devices.reload} data-testid="devices-reload">
          {t('console.reload')}
        </button>
        {settings.data && (
          <>
            <Input
              label={t('console.devices.warnPercent')}
              value={warn ?? String(settings.data.numbersWarnPercent)}
              onChange={setWarn}
              inputMode="numeric"
              maxLength={2}
              testid="devices-warn-percent"
              hint={t('console.devices.warnPercentHint')}
            />
            {mayWarn && warn !== null && (
              <button type="button" className="btn" onClick={() => void saveWarn()} data-testid="devices-warn-save">
                {t('common.save')}
              </button>
            )}
          </>
        )}
      </div>
      <ErrorNote error={leaseAction.error} />
      {issued && (
        <p className="small" data-testid="device-lease-file-issued">
          {t('console.devices.leaseFileIssued', { name: issued.name, count: issued.numbers })}
        </p>
      )}
      <p className="small muted" data-testid="devices-summary" data-overdue-offices={overdueOffices.size}>
        {t('console.devices.summary', { count: overdueOffices.size, days: n, newest: newest ?? '—' })}
      </p>
      <ErrorNote error={devices.error} />
      {devices.loading && !devices.data ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table table--compact console-board" data-testid="devices-table">
            <thead>
              <tr>
                <th>{t('console.field.office')}</th>
                <th>{t('console.devices.name')}</th>
                <th>{t('console.devices.version')}</th>
                <th>{t('console.devices.lastSeen')}</th>
                <th>{t('console.devices.lastFullSync')}</th>
                <th>{t('console.devices.backlog')}</th>
                <th>{t('console.devices.quarantined')}</th>
                <th>{t('console.devices.numbersLeft')}</th>
                <th>{t('console.devices.clock')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map(({ d, f }) => (
                <tr
                  key={d.id}
                  className={
                    [f.overdue ? 'board--overdue' : '', f.revoked ? 'row--inactive' : ''].join(' ').trim() || undefined
                  }
                  data-testid="device-row"
                  data-device={d.id}
                  data-office={d.officeId}
                  data-overdue={String(f.overdue)}
                  data-old-version={String(f.oldVersion)}
                  data-low-numbers={String(f.lowNumbers)}
                  data-revoked={String(f.revoked)}
                  data-draining={String(f.draining)}
                >
                  <td>{officeName(d.officeId)}</td>
                  <td>{d.name}</td>
                  <td className={f.oldVersion ? 'board--mark' : undefined}>
                    {d.appVersion ?? '—'}
                    {f.oldVersion && <div className="small">{t('console.devices.oldVersion')}</div>}
                  </td>
                  <td>
                    {when(d.lastSeenAt)}
                    {f.overdue && <div className="small">{t('console.devices.overdue', { days: n })}</div>}
                  </td>
                  <td>{when(d.lastFullSyncAt)}</td>
                  <td className="num">{d.backlog}</td>
                  <td className="num">{d.quarantined}</td>
                  <td className={`num${f.lowNumbers ? ' board--mark' : ''}`}>
                    {d.numbersLeft}
                    {d.lowestJournal && (
                      <div className="small muted">{`${d.lowestJournal.journal}: ${d.lowestJournal.left}`}</div>
                    )}
                  </td>
                  <td className={`num${f.clockOff ? ' board--mark' : ''}`} data-clock-off={String(f.clockOff)}>
                    {d.clockErrorSeconds === null
                      ? '—'
                      : t('console.devices.seconds', { s: Math.round(d.clockErrorSeconds) })}
                  </td>
                  <td className="row-actions">
                    {f.revoked && (
                      <span className="small">
                        {d.revokeMode === 'drain' ? t('console.devices.drained') : t('console.devices.revoked')}
                      </span>
                    )}
                    {f.draining && (
                      <span className="small" data-testid="device-draining">
                        {t('console.devices.draining')}
                      </span>
                    )}
                    {/* While draining, "stop accepting" is still offered: the laptop may never come back to finish. */}
                    {!f.revoked && may && (
                      <button
                        type="button"
                        className="btn btn--small"
                        onClick={() => void issueLeaseFile(d)}
                        disabled={leaseAction.busy}
                        title={t('console.devices.leaseFileHint')}
                        data-testid="device-lease-file"
                      >
                        {t('console.devices.leaseFile')}
                      </button>
                    )}
                    {!f.revoked && may && (
                      <button
                        type="button"
                        className="btn btn--small btn--danger"
                        onClick={() => setRevoking(d)}
                        data-testid="device-revoke"
                      >
                        {t('console.devices.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <div className="empty">{t('common.empty')}</div>}
        </div>
      )}
      {revoking && (
        <RevokeDialog
          device={revoking}
          officeName={officeName(revoking.officeId)}
          onClose={() => setRevoking(null)}
          onDone={() => {
            setRevoking(null);
            devices.reload();
          }}
        />
      )}
    </section>
  );
}

function RevokeDialog(p: { device: DeviceBoardRow; officeName: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<RevokeMode>('drain');
  const [sure, setSure] = useState(false);
  const { busy, error, run } = useAction();
  async function revoke() {
    const ok = await run(() => consoleApi.revokeDevice(p.device.id, mode));
    if (ok !== undefined) p.onDone();
  }
  return (
    <Dialog
      open
      title={t('console.devices.revokeTitle', { name: p.device.name })}
      onClose={p.onClose}
      testid="revoke-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={p.onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn--danger"
            disabled={!sure || busy}
            onClick={() => void revoke()}
            data-testid="revoke-confirm"
          >
            {t('console.devices.revoke')}
          </button>
        </>
      }
    >
      <p>{t('console.devices.revokeText', { name: p.device.name, office: p.officeName })}</p>
      <div className="radio-group" role="radiogroup">
        {(['drain', 'stop'] as const).map((m) => (
          <label key={m} className="option">
            <input
              type="radio"
              name="revoke-mode"
              checked={mode === m}
              onChange={() => setMode(m)}
              data-testid={`revoke-mode-${m}`}
            />{' '}
            <strong>{t(`console.devices.mode.${m}`)}</strong>
            <div className="small muted">{t(`console.devices.modeText.${m}`)}</div>
          </label>
        ))}
      </div>
      {p.device.backlog > 0 && mode === 'stop' && (
        <div className="notice notice--warn">{t('console.devices.backlogWarning', { count: p.device.backlog })}</div>
      )}
      <label className="check">
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} data-testid="revoke-sure" />{' '}
        {t('console.devices.revokeSure')}
      </label>
      <ErrorNote error={error} testid="revoke-error" />
    </Dialog>
  );
}
