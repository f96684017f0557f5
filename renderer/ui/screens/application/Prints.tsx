/**
 * The application's papers: the log of what was printed or saved (newest
 * first), and the panel that prints the forms that exist at its stage.
 */
import { useTranslation } from 'react-i18next';
import { printableForms, type Application, type ServiceEntry } from '../../../../shared';
import { tableDateTime } from '../../format';
import { PrintPanel } from '../../print/PrintPanel';
import { useSession } from '../../session';

export function PrintLog({ app }: { app: Application }) {
  const { t } = useTranslation();
  const { session } = useSession();
  return (
    <section className="panel">
      <h2>{t('app.prints')}</h2>
      {app.prints.length === 0 ? (
        <div className="muted small">{t('app.noPrints')}</div>
      ) : (
        <table className="table table--compact" data-testid="app-prints">
          <thead>
            <tr>
              <th>{t('app.when')}</th>
              <th>{t('app.form')}</th>
              <th>{t('print.language')}</th>
              <th>{t('app.printAction')}</th>
              <th>{t('app.who')}</th>
            </tr>
          </thead>
          <tbody>
            {[...app.prints].reverse().map((p, i) => (
              <tr key={`${p.at}-${i}`} data-testid="print-log-row">
                <td className="nowrap">{tableDateTime(p.at, session.office)}</td>
                <td>{t(`printForm.${p.form}`, { defaultValue: p.form })}</td>
                <td>{t(`lang.short.${p.lang}`)}</td>
                <td>{t(`print.${p.action}`)}</td>
                <td>{p.byName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Printing writes the log, so the page reloads after it (`onLogged`). */
export function PrintSection({
  app,
  entry,
  onLogged,
}: {
  app: Application;
  entry: ServiceEntry;
  onLogged: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h2>{t('print.title')}</h2>
      <PrintPanel
        target={{ kind: 'application', app }}
        forms={printableForms(app, entry)}
        defaultLang={app.lang}
        onLogged={onLogged}
      />
    </section>
  );
}
