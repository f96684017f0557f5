/**
 * Devices whose later changes wait for earlier ones the server never got
 * (a lost file, a laptop that died before sending): what is missing, so the
 * district knows which computer or file to chase.
 */
import { useTranslation } from 'react-i18next';
import { Empty, Loading } from '../components/Notice';
import { tableDateTime } from '../format';
import { SyncErrorBox } from '../sync/text';
import { sync } from '../syncClient';
import { useDistrictRefs, useRemote } from './common';

export function BacklogTab() {
  const { t } = useTranslation();
  const { officeName } = useDistrictRefs();
  const list = useRemote(() => sync.district.backlog(), []);
  return (
    <section data-testid="district-backlog">
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
      <p className="small muted">{t('district.backlogText')}</p>
      <SyncErrorBox problem={list.error} testid="district-load-error" />
      {!list.data ? (
        list.loading ? (
          <Loading />
        ) : null
      ) : !list.data.devices.length ? (
        <Empty>{t('district.backlogEmpty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th>{t('district.device')}</th>
                <th>{t('district.office')}</th>
                <th className="num">{t('district.acked')}</th>
                <th>{t('district.waiting')}</th>
                <th>{t('district.missing')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.devices.map((d) => {
                const first = d.waiting[0];
                const last = d.waiting[d.waiting.length - 1];
                return (
                  <tr key={d.deviceId} data-testid="backlog-row" data-device={d.deviceId}>
                    <td>
                      {d.deviceName}
                      <div className="mono small muted">{d.deviceId.slice(0, 8)}</div>
                    </td>
                    <td>{officeName(d.officeId)}</td>
                    <td className="num">{d.acked}</td>
                    <td>
                      {t('district.waitingOps', { count: d.waiting.length })}
                      {first && (
                        <div className="small muted">
                          #{first.deviceSeq}–#{last.deviceSeq}, {t(`district.source.${first.source}`)},{' '}
                          {tableDateTime(first.receivedAt)}
                        </div>
                      )}
                    </td>
                    <td data-testid="backlog-missing">
                      {d.missing.map((m) => (
                        <div key={m.from} className="text-err">
                          #{m.from}
                          {m.to !== m.from ? `–#${m.to}` : ''}
                        </div>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
