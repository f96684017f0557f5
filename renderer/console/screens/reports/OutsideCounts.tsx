/**
 * Services that never pass through a desk (the State Corporation, the
 * e-government portal), entered per month, office and service from the
 * statements those channels send, so the report's totals are whole. A closed
 * month's counts cannot change.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  APP_CHANNEL_LABEL,
  OUTSIDE_CHANNELS,
  type OutsideChannel,
  type OutsideCount,
  type ReportContext,
} from '../../../../shared';
import { useMayChange } from '../../context';
import { reportsApi } from '../../reportsApi';
import { ErrorNote, Input, Loading, Note, Select, useAction, useData } from '../../ui';
import { langOf, namesOf } from './common';

export function OutsideCounts({ ctx, month: initial }: { ctx: ReportContext | undefined; month: string }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const mayChange = useMayChange('reports');
  const [month, setMonth] = useState(initial);
  const counts = useData(() => reportsApi.outsideCounts(month, month), [month]);
  const action = useAction();
  const [form, setForm] = useState({ office: '', service: '', channel: 'portal' as OutsideChannel, count: '' });
  const [saved, setSaved] = useState(false);
  const names = namesOf(ctx);
  const closed = ctx?.closed.some((c) => c.month === month) ?? false;
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const n = Number(form.count);
  const formOk = form.office && form.service && /^\d{1,7}$/.test(form.count) && Number.isInteger(n);
  async function save(rows: OutsideCount[]) {
    setSaved(false);
    await reportsApi.saveOutsideCounts(rows);
    setSaved(true);
    counts.reload();
  }
  return (
    <div data-testid="report-outside">
      <p className="small muted">{t('console.reports.outsideText')}</p>
      <div className="toolbar">
        <Input
          label={t('console.reports.month')}
          value={month}
          onChange={setMonth}
          testid="outside-month"
          maxLength={7}
        />
      </div>
      {closed && <Note kind="info">{t('console.reports.monthIsClosed')}</Note>}
      <ErrorNote error={counts.error ?? action.error} />
      {saved && <Note kind="ok">{t('console.reports.saved')}</Note>}
      {!valid ? null : !counts.data ? (
        counts.loading ? (
          <Loading />
        ) : null
      ) : (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="outside-table">
            <thead>
              <tr>
                <th>{t('console.field.office')}</th>
                <th>{t('console.reports.service')}</th>
                <th>{t('console.reports.channel')}</th>
                <th className="num">{t('console.reports.count')}</th>
                {mayChange && !closed && <th />}
              </tr>
            </thead>
            <tbody>
              {counts.data.counts.length === 0 && (
                <tr>
                  <td colSpan={5} className="empty">
                    {t('common.empty')}
                  </td>
                </tr>
              )}
              {counts.data.counts.map((c) => (
                <tr key={`${c.officeId}/${c.serviceCode}/${c.channel}`}>
                  <td>{names.office(c.officeId)?.[lang] ?? c.officeId}</td>
                  <td>{names.service(c.serviceCode)?.[lang] ?? c.serviceCode}</td>
                  <td>{APP_CHANNEL_LABEL[c.channel][lang]}</td>
                  <td className="num">{c.count}</td>
                  {mayChange && !closed && (
                    <td>
                      <button
                        type="button"
                        className="btn btn--small"
                        disabled={action.busy}
                        onClick={() => void action.run(() => save([{ ...c, count: 0 }]))}
                      >
                        {t('console.reports.remove')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayChange && valid && !closed && (
        <div className="panel">
          <div className="toolbar">
            <Select
              label={t('console.field.office')}
              value={form.office}
              onChange={(office) => setForm({ ...form, office })}
              options={[
                { value: '', label: '—' },
                ...(ctx?.offices ?? []).map((o) => ({ value: o.id, label: o.name[lang] })),
              ]}
              testid="outside-office"
            />
            <Select
              label={t('console.reports.service')}
              value={form.service}
              onChange={(service) => setForm({ ...form, service })}
              options={[
                { value: '', label: '—' },
                ...(ctx?.services ?? []).map((s) => ({ value: s.code, label: s.name[lang] })),
              ]}
              testid="outside-service"
            />
            <Select
              label={t('console.reports.channel')}
              value={form.channel}
              onChange={(channel) => setForm({ ...form, channel: channel as OutsideChannel })}
              options={OUTSIDE_CHANNELS.map((c) => ({ value: c, label: APP_CHANNEL_LABEL[c][lang] }))}
              testid="outside-channel"
            />
            <Input
              label={t('console.reports.count')}
              value={form.count}
              onChange={(count) => setForm({ ...form, count })}
              inputMode="numeric"
              testid="outside-count"
            />
            <button
              type="button"
              className="btn btn--primary"
              disabled={!formOk || action.busy}
              onClick={() =>
                void action.run(() =>
                  save([{ officeId: form.office, serviceCode: form.service, month, channel: form.channel, count: n }]),
                )
              }
              data-testid="outside-save"
            >
              {t('console.reports.saveCount')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
