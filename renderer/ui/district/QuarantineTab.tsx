/** Changes the server refused in every office, with the reason: the district sorts them out with the office. */
import { useTranslation } from 'react-i18next';
import { Empty, Loading } from '../components/Notice';
import { tableDateTime } from '../format';
import { SyncErrorBox, reasonText, valueText } from '../sync/text';
import { sync } from '../syncClient';
import { RecordRef, useDistrictRefs, useLocalApps, useRemote } from './common';

export function QuarantineTab() {
  const { t, i18n } = useTranslation();
  const { officeName } = useDistrictRefs();
  const list = useRemote(async () => {
    const [q, d] = await Promise.all([sync.district.quarantine(), sync.district.devices()]);
    // Refused ops (their number was taken) sit with the quarantined ones: both wait for the same conversation with the office.
    const ops = [
      ...q.ops.map((o) => ({ ...o, key: `q${o.id}` })),
      ...q.refused.map((r) => ({
        ...r,
        key: `r${r.id}`,
        entity: r.entity ?? 'application',
        entityId: r.entityId ?? '',
        kind: r.kind ?? 'patch',
        step: null,
        source: 'push' as const,
      })),
    ].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    return { ops, devices: new Map(d.devices.map((x) => [x.id, x.name])) };
  }, []);
  const data = list.data;
  const local = useLocalApps(data?.ops.filter((o) => o.entity === 'application').map((o) => o.entityId) ?? []);

  return (
    <section data-testid="district-quarantine">
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
      <p className="small muted">{t('district.quarantineText')}</p>
      <SyncErrorBox problem={list.error} testid="district-load-error" />
      {!data ? (
        list.loading ? (
          <Loading />
        ) : null
      ) : !data.ops.length ? (
        <Empty>{t('syncPage.quarantineEmpty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th>{t('district.received')}</th>
                <th>{t('district.office')}</th>
                <th>{t('district.device')}</th>
                <th>{t('syncPage.q.record')}</th>
                <th>{t('syncPage.q.change')}</th>
                <th>{t('syncPage.q.reason')}</th>
                <th>{t('syncPage.q.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {data.ops.map((o) => (
                <tr key={o.key} data-testid="district-quarantine-row" data-reason={o.reason}>
                  <td className="nowrap">{tableDateTime(o.receivedAt)}</td>
                  <td>{officeName(o.officeId)}</td>
                  <td>
                    {data.devices.get(o.deviceId) ?? o.deviceId.slice(0, 8)}{' '}
                    <span className="muted small">
                      #{o.deviceSeq}
                      {o.source === 'import' ? `, ${t('district.source.import')}` : ''}
                    </span>
                  </td>
                  <td>
                    <RecordRef entity={o.entity} id={o.entityId} app={local.get(o.entityId)} />
                  </td>
                  <td>
                    {t(`syncPage.kind.${o.kind}`)}
                    {o.step ? `: ${t(`step.${o.step}`, { defaultValue: o.step })}` : ''}
                  </td>
                  <td>{reasonText(t, i18n, o.reason)}</td>
                  <td className="mono small break">{o.detail == null ? '' : valueText(o.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
