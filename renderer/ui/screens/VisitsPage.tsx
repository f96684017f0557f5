/**
 * A mobile service centre's stays in settlements (seed 000 §9): the current
 * visit is chosen at the start of work; applications registered meanwhile
 * carry its settlement. A stay under six working hours is flagged. The
 * settlement field offers the office's settlements (the district's list, in
 * the screen's language, then those its visits and mobile-channel
 * applications were in); a new one may still be typed.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VISIT_MIN_WORKING_MINUTES, fromLocal, visitWorkingMinutes, type Visit } from '../../../shared';
import { desk } from '../deskClient';
import { TextField } from '../components/Field';
import { ErrorBox, Empty, Loading, Notice } from '../components/Notice';
import { bi, tableDateTime, todayLocal } from '../format';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';

const localInput = (date: string, time: string, off: number) => (date && time ? fromLocal(date, time, off) : undefined);

export function VisitsPage() {
  const { t } = useTranslation();
  const { session, lang } = useSession();
  const office = session.office;
  const data = useLoad(
    async () => ({
      visits: await desk.visits(),
      current: await desk.currentVisit(),
      settlements: office.type === 'mobileCentre' ? await desk.knownSettlements() : { listed: [], used: [] },
    }),
    [],
  );
  const [settlement, setSettlement] = useState('');
  const [date, setDate] = useState(todayLocal(office));
  const [time, setTime] = useState('');
  const [warn, setWarn] = useState<{ settlement: string; hours: number } | null>(null);
  const act = useAction();
  const opts = { hours: office.hours, offsetMinutes: office.utcOffsetMinutes };

  if (office.type !== 'mobileCentre')
    return (
      <div className="screen">
        <Notice kind="info">{t('mobile.onlyMobile')}</Notice>
      </div>
    );

  async function start() {
    const v = await act.run(() =>
      desk.startVisit({ settlement, arrivedAt: localInput(date, time, office.utcOffsetMinutes) }),
    );
    if (v) {
      setSettlement('');
      setTime('');
      data.reload();
    }
  }
  async function end(v: Visit) {
    const r = await act.run(() => desk.endVisit(v.id));
    if (r) {
      setWarn(r.short ? { settlement: v.settlement, hours: Math.round(r.workingMinutes / 6) / 10 } : null);
      data.reload();
    }
  }

  return (
    <div className="screen" data-testid="visits-page">
      <div className="screen-head">
        <h1>{t('mobile.title')}</h1>
      </div>
      <p className="muted small">{t('mobile.note')}</p>
      <ErrorBox problem={act.error} />
      {warn && (
        <Notice kind="warn" testid="visit-short">
          {t('mobile.short', { settlement: warn.settlement, hours: warn.hours })}
        </Notice>
      )}
      {!data.data ? (
        <Loading />
      ) : (
        <>
          <section className="panel" data-testid="visit-current">
            <h2>{t('mobile.current')}</h2>
            {data.data.current ? (
              <p>
                <strong data-testid="visit-current-settlement">{data.data.current.settlement}</strong>{' '}
                <span className="muted">
                  {t('mobile.since', { at: tableDateTime(data.data.current.arrivedAt, office) })}
                </span>{' '}
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={act.busy}
                  onClick={() => {
                    const current = data.data?.current;
                    if (current) void end(current);
                  }}
                  data-testid="visit-end"
                >
                  {t('mobile.depart')}
                </button>
              </p>
            ) : (
              <div className="form-grid">
                <TextField
                  label={t('mobile.settlement')}
                  value={settlement}
                  onChange={setSettlement}
                  required
                  testid="visit-settlement"
                  list="visit-settlements"
                  hint={t('mobile.settlementHint')}
                />
                <datalist id="visit-settlements" data-testid="visit-settlements">
                  {[...data.data.settlements.listed.map((s) => bi(s.name, lang)), ...data.data.settlements.used].map(
                    (name, i) => (
                      <option key={`${i}:${name}`} value={name} />
                    ),
                  )}
                </datalist>
                <TextField
                  label={t('mobile.arrivalDate')}
                  type="date"
                  value={date}
                  onChange={setDate}
                  testid="visit-date"
                />
                <TextField
                  label={t('mobile.arrivalTime')}
                  type="time"
                  value={time}
                  onChange={setTime}
                  hint={t('mobile.arrivalHint')}
                  testid="visit-time"
                />
                <button
                  type="button"
                  className="btn btn--primary"
                  disabled={act.busy}
                  onClick={() => void start()}
                  data-testid="visit-start"
                >
                  {t('mobile.arrive')}
                </button>
              </div>
            )}
          </section>
          {!data.data.visits.length ? (
            <Empty>{t('mobile.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="visits-table">
                <thead>
                  <tr>
                    <th>{t('mobile.settlement')}</th>
                    <th>{t('mobile.arrived')}</th>
                    <th>{t('mobile.departed')}</th>
                    <th>{t('mobile.hours')}</th>
                    <th>{t('mobile.applications')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {data.data.visits.map((v) => {
                    const minutes = v.departedAt ? visitWorkingMinutes(v.arrivedAt, v.departedAt, opts) : null;
                    return (
                      <tr key={v.id} data-testid="visit-row">
                        <td>{v.settlement}</td>
                        <td className="nowrap">{tableDateTime(v.arrivedAt, office)}</td>
                        <td className="nowrap">{tableDateTime(v.departedAt, office)}</td>
                        <td className="num">
                          {minutes === null ? '' : Math.round(minutes / 6) / 10}
                          {minutes !== null && minutes < VISIT_MIN_WORKING_MINUTES && (
                            <span className="badge badge--warn"> {t('mobile.tooShort')}</span>
                          )}
                        </td>
                        <td className="num">{v.applicationIds.length}</td>
                        <td>
                          {!v.departedAt && data.data?.current?.id !== v.id && (
                            <button
                              type="button"
                              className="btn btn--small"
                              onClick={() => void act.run(() => desk.chooseVisit(v.id)).then(() => data.reload())}
                              data-testid="visit-choose"
                            >
                              {t('mobile.choose')}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
