/**
 * Enrolled computers: when each was last heard from, revocation of a lost or
 * stolen one, and the way back for a revoked one (a code for that computer only).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceInfo, EnrolmentCodeResponse } from '../../../shared';
import { Empty, Loading } from '../components/Notice';
import type { Problem } from '../errors';
import { tableDateTime } from '../format';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { sync } from '../syncClient';
import { useDistrictRefs, useRemote } from './common';

export function DevicesTab() {
  const { t } = useTranslation();
  const list = useRemote(() => sync.district.devices(), []);
  return (
    <section data-testid="district-devices">
      <div className="toolbar">
        <button
          type="button"
          className="btn btn--small"
          onClick={list.reload}
          disabled={list.loading}
          data-testid="district-reload"
        >
          {t('district.reload')}
        </button>
      </div>
      <p className="small muted">{t('district.devicesText')}</p>
      <SyncErrorBox problem={list.error} testid="district-load-error" />
      {!list.data ? (
        list.loading ? (
          <Loading />
        ) : null
      ) : !list.data.devices.length ? (
        <Empty />
      ) : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th>{t('district.device')}</th>
                <th>{t('district.office')}</th>
                <th>{t('syncPage.enrolledAt')}</th>
                <th>{t('district.lastSeen')}</th>
                <th className="num">{t('district.acked')}</th>
                <th>{t('district.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.devices.map((d) => (
                <DeviceRow key={d.id} d={d} onChanged={list.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DeviceRow({ d, onChanged }: { d: DeviceInfo; onChanged: () => void }) {
  const { t } = useTranslation();
  const { officeName } = useDistrictRefs();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [code, setCode] = useState<EnrolmentCodeResponse | null>(null);

  async function issueCode() {
    setBusy(true);
    setProblem(null);
    try {
      setCode(await sync.district.issueCode(d.officeId, 72, d.name.slice(0, 200), d.id));
    } catch (e) {
      setProblem(syncProblem(e));
    } finally {
      setBusy(false);
    }
  }

  async function revoke() {
    setBusy(true);
    setProblem(null);
    try {
      await sync.district.revokeDevice(d.id);
      setConfirming(false);
      onChanged();
    } catch (e) {
      setProblem(syncProblem(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr
      data-testid="device-row"
      data-id={d.id}
      data-revoked={d.revokedAt ? 'true' : 'false'}
      className={d.revokedAt ? 'row--inactive' : ''}
    >
      <td>
        {d.name}
        <div className="mono small muted">{d.id.slice(0, 8)}</div>
      </td>
      <td>{officeName(d.officeId)}</td>
      <td className="nowrap">{tableDateTime(d.enrolledAt)}</td>
      <td className="nowrap">{d.lastSeenAt ? tableDateTime(d.lastSeenAt) : t('sync.never')}</td>
      <td className="num">{d.acked}</td>
      <td>
        {d.revokedAt ? (
          <span className="badge badge--expired">{t('district.revokedAt', { when: tableDateTime(d.revokedAt) })}</span>
        ) : (
          <span className="badge badge--ok">{t('district.active')}</span>
        )}
      </td>
      <td>
        {!d.revokedAt && !confirming && (
          <button
            type="button"
            className="btn btn--small btn--danger"
            onClick={() => setConfirming(true)}
            data-testid="device-revoke"
          >
            {t('district.revoke')}
          </button>
        )}
        {!d.revokedAt && confirming && (
          <div className="confirm">
            <div className="small">{t('district.revokeConfirm', { name: d.name })}</div>
            <div className="row-actions">
              <button
                type="button"
                className="btn btn--small btn--danger"
                disabled={busy}
                onClick={() => void revoke()}
                data-testid="device-revoke-confirm"
              >
                {t('district.revoke')}
              </button>
              <button type="button" className="btn btn--small" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        )}
        {d.revokedAt && !code && (
          <button
            type="button"
            className="btn btn--small"
            disabled={busy}
            onClick={() => void issueCode()}
            data-testid="device-code"
          >
            {t('district.codeForDevice')}
          </button>
        )}
        {code && (
          <div data-testid="device-code-card">
            <div className="code-value" data-testid="device-code-value" aria-label={code.code.split('').join(' ')}>
              {code.code}
            </div>
            <div className="small">{t('district.codeForDeviceText', { when: tableDateTime(code.expiresAt) })}</div>
          </div>
        )}
        <SyncErrorBox problem={problem} testid="device-error" />
      </td>
    </tr>
  );
}
