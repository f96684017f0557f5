/**
 * The decision taken (a referral, a notification, a refusal with its ground,
 * or a service's result) and the referrals that expired unused before it.
 * Shown only once there is one or the other.
 */
import { useTranslation } from 'react-i18next';
import type { Application, Kindergarten, ServiceEntry } from '../../../../shared';
import { bi, tableDate } from '../../format';
import { useSession } from '../../session';
import { ResultFacts } from '../ServiceActions';

export function DecisionPanel({
  app,
  entry,
  kgById,
}: {
  app: Application;
  entry: ServiceEntry;
  kgById: Map<string, Kindergarten>;
}) {
  const { t } = useTranslation();
  if (!app.decision && app.expiredReferrals.length === 0) return null;
  return (
    <section className="panel" data-testid="app-decision">
      <h2>{t('app.decision')}</h2>
      {app.decision && (
        <DecisionFacts decision={app.decision} entry={entry} kgById={kgById} issued={app.status === 'issued'} />
      )}
      {app.expiredReferrals.length > 0 && (
        <div className="muted small" data-testid="app-expired-referrals">
          {t('app.expiredReferrals')}:{' '}
          {app.expiredReferrals
            .map((r) => `${r.referralNo} (№${kgById.get(r.kindergartenId)?.number ?? '?'}, ${tableDate(r.validUntil)})`)
            .join('; ')}
        </div>
      )}
    </section>
  );
}

function DecisionFacts({
  decision: d,
  entry,
  kgById,
  issued,
}: {
  decision: NonNullable<Application['decision']>;
  entry: ServiceEntry;
  kgById: Map<string, Kindergarten>;
  issued: boolean;
}) {
  const { t } = useTranslation();
  const { lang } = useSession();
  if (d.kind === 'notification')
    return (
      // Issued only at the last step: before it the page must not say the parent has the paper (#16 item 10).
      <p data-testid="decision-kind" data-kind="notification">
        {t(issued ? 'decision.notificationDone' : 'decision.notificationDecided')}
      </p>
    );
  if (d.kind === 'result') return <ResultFacts d={d} />;
  if (d.kind === 'refusal') {
    return (
      <dl className="facts" data-testid="decision-kind" data-kind="refusal">
        <dt>{t('decision.kind')}</dt>
        <dd>{t('decision.refusal')}</dd>
        <dt>{t('decision.ground')}</dt>
        <dd>{bi(entry.refusalGrounds.find((g) => g.code === d.groundCode)?.text, lang) || d.groundCode}</dd>
        <dt>{t('decision.reason')}</dt>
        <dd className="prewrap">{d.reason}</dd>
      </dl>
    );
  }
  const kg = kgById.get(d.kindergartenId);
  const group = kg?.ageGroups.find((g) => g.id === d.ageGroupId);
  return (
    <dl className="facts" data-testid="decision-kind" data-kind="referral">
      <dt>{t('decision.kind')}</dt>
      <dd>{t('decision.referral')}</dd>
      <dt>{t('decision.referralNo')}</dt>
      <dd data-testid="referral-no">{d.referralNo}</dd>
      <dt>{t('decision.kindergarten')}</dt>
      <dd>
        {kg ? `№${kg.number} ${bi(kg.name, lang)}` : d.kindergartenId}
        {group ? `, ${bi(group.name, lang)}` : ''}
      </dd>
      {d.issuedOn && (
        <>
          <dt>{t('decision.issuedOn')}</dt>
          <dd>{tableDate(d.issuedOn)}</dd>
        </>
      )}
      {d.validUntil && (
        <>
          <dt>{t('decision.validUntil')}</dt>
          <dd>{tableDate(d.validUntil)}</dd>
        </>
      )}
    </dl>
  );
}
