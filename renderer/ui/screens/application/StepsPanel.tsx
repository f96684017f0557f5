/**
 * The application's history by step (accept, resolution, decision, signature,
 * issue): who took each and when, against the catalog's norm, late or on time.
 */
import { useTranslation } from 'react-i18next';
import { STEP_ORDER, stepRole, type Application, type ServiceEntry } from '../../../../shared';
import { durationLabel, tableDateTime } from '../../format';
import { useSession } from '../../session';

export function StepsPanel({ app, entry }: { app: Application; entry: ServiceEntry }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const office = session.office;
  return (
    <section className="panel">
      <h2>{t('app.steps')}</h2>
      <table className="table table--compact" data-testid="app-steps">
        <thead>
          <tr>
            <th>{t('app.step')}</th>
            <th>{t('app.role')}</th>
            <th>{t('app.who')}</th>
            <th>{t('app.when')}</th>
            <th>{t('app.norm')}</th>
            <th>{t('app.normDue')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {STEP_ORDER.map((s) => {
            // A step recorded more than once shows its last record.
            const rec = app.steps.filter((r) => r.step === s).at(-1);
            const spec = entry.steps.find((x) => x.step === s);
            return (
              <tr
                key={s}
                data-testid={`step-${s}`}
                data-done={rec ? 'true' : 'false'}
                className={rec ? '' : 'row--pending'}
              >
                <td>{t(`step.${s}`)}</td>
                <td>{t(`role.${stepRole(entry, s)}`)}</td>
                <td>{rec?.byName ?? ''}</td>
                <td className="nowrap">{rec ? tableDateTime(rec.at, office) : ''}</td>
                <td className="nowrap">{spec ? durationLabel(t, spec.norm) : ''}</td>
                <td className="nowrap">{rec ? tableDateTime(rec.normDueAt, office) : ''}</td>
                <td>
                  {rec?.late && (
                    <span className="badge badge--due-overdue" data-testid="step-late">
                      {t('app.late')}
                    </span>
                  )}
                  {rec && !rec.late && <span className="badge badge--ok">{t('app.onTime')}</span>}
                  {rec?.note && <div className="muted small">{rec.note}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
