import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refusalCounts, type AcceptRefusal } from '../../../shared';
import { desk } from '../deskClient';
import { Dialog } from '../components/Dialog';
import { ErrorBox, Empty, Loading } from '../components/Notice';
import { PrintPanel } from '../print/PrintPanel';
import { bi, iinDisplay, personName, tableDateTime } from '../format';
import { useLoad } from '../hooks';
import { useSession } from '../session';

export function RefusalsPage() {
  const { t } = useTranslation();
  const { session, lang } = useSession();
  const list = useLoad(() => desk.refusals(200), []);
  const [reprint, setReprint] = useState<AcceptRefusal | null>(null);
  const catalog = desk.catalog();
  const docName = (service: string, code: string) =>
    bi(catalog.find((e) => e.code === service)?.documents.find((d) => d.code === code)?.name, lang) || code;

  return (
    <div className="screen" data-testid="refusals-page">
      <div className="screen-head">
        <h1>{t('refusals.title')}</h1>
        <span className="muted">{t('refusals.count', { count: list.data?.filter(refusalCounts).length ?? 0 })}</span>
      </div>
      <p className="muted small">{t('refusals.note')}</p>
      <ErrorBox problem={list.error} />
      {!list.data ? (
        <Loading />
      ) : !list.data.length ? (
        <Empty>{t('refusals.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="refusals-table">
            <thead>
              <tr>
                <th>{t('app.when')}</th>
                <th>{t('app.applicant')}</th>
                <th>{t('intake.applicantIin')}</th>
                <th>{t('app.child')}</th>
                <th>{t('refusals.missing')}</th>
                <th>{t('app.who')}</th>
                <th>{t('app.prints')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => (
                <tr
                  key={r.id}
                  data-testid="refusal-row"
                  data-withdrawn={r.withdrawn ? 'true' : undefined}
                  className={r.withdrawn ? 'muted' : undefined}
                >
                  <td className="nowrap">
                    {r.withdrawn ? <s>{tableDateTime(r.at, session.office)}</s> : tableDateTime(r.at, session.office)}
                    {r.withdrawn && (
                      <div className="small" data-testid="refusal-withdrawn-mark">
                        {t('refusals.withdrawn', {
                          at: tableDateTime(r.withdrawn.at, session.office),
                          who: r.withdrawn.byName,
                        })}
                      </div>
                    )}
                    {r.channel && (
                      <div className="small muted" data-testid="refusal-channel" data-channel={r.channel}>
                        {t(`intake.channel.${r.channel}`)}
                        {r.settlement ? `, ${r.settlement}` : ''}
                      </div>
                    )}
                  </td>
                  <td>{personName(r.applicant)}</td>
                  <td className="mono">{iinDisplay(r.applicant.iin)}</td>
                  <td>
                    {r.child?.lastName
                      ? personName({
                          lastName: r.child.lastName,
                          firstName: r.child.firstName ?? '',
                          middleName: r.child.middleName,
                        })
                      : ''}
                  </td>
                  <td className="small">{r.missingDocuments.map((c) => docName(r.serviceCode, c)).join('; ')}</td>
                  <td>{r.byName}</td>
                  <td className="num">{r.prints.length}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn--small"
                      onClick={() => setReprint(r)}
                      data-testid="refusal-reprint"
                    >
                      {t('refusals.reprint')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={!!reprint}
        title={t('printForm.refusalToAccept')}
        onClose={() => {
          setReprint(null);
          list.reload();
        }}
        testid="refusal-reprint-dialog"
      >
        {reprint && (
          <PrintPanel
            target={{ kind: 'refusal', refusal: reprint }}
            forms={['refusalToAccept']}
            defaultLang={reprint.lang}
            copiesNote
          />
        )}
      </Dialog>
    </div>
  );
}
