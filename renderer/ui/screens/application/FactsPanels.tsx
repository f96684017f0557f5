/**
 * The facts recorded at intake: the applicant, the child (with the queue's
 * first-turn category and kindergartens, or the service's own fields) or, for
 * a service about the applicant, whom it is about; the documents presented.
 */
import { useTranslation } from 'react-i18next';
import {
  keepsQueue,
  powerOfAttorneyText,
  subjectOf,
  type Application,
  type Kindergarten,
  type ServiceEntry,
} from '../../../../shared';
import { bi, iinDisplay, personName, tableDate } from '../../format';
import { useSession } from '../../session';
import { ServiceFacts } from '../ServiceActions';

export function ApplicantPanel({ app }: { app: Application }) {
  const { t } = useTranslation();
  return (
    <section className="panel" data-testid="app-applicant">
      <h2>{t('app.applicant')}</h2>
      <dl className="facts">
        <dt>{t('intake.applicantKind')}</dt>
        <dd>{t(`applicantKind.${app.applicant.kind}`)}</dd>
        <dt>{t('person.fullName')}</dt>
        <dd>{personName(app.applicant)}</dd>
        <dt>{t('intake.applicantIin')}</dt>
        <dd className="mono">{iinDisplay(app.applicant.iin)}</dd>
        <dt>{t('intake.phone')}</dt>
        <dd>{app.applicant.phone}</dd>
        <dt>{t('intake.address')}</dt>
        <dd>{app.applicant.address}</dd>
        {app.applicant.powerOfAttorney && (
          <>
            <dt>{t('intake.poa')}</dt>
            <dd>{powerOfAttorneyText(app.applicant.powerOfAttorney)}</dd>
          </>
        )}
        {app.workplaces.mother && (
          <>
            <dt>{t('intake.motherWork')}</dt>
            <dd>{app.workplaces.mother}</dd>
          </>
        )}
        {app.workplaces.father && (
          <>
            <dt>{t('intake.fatherWork')}</dt>
            <dd>{app.workplaces.father}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** Whom the application is about: the child, or (no child) the applicant or whom a proxy represents. */
export function SubjectPanels({
  app,
  entry,
  kgById,
}: {
  app: Application;
  entry: ServiceEntry;
  kgById: Map<string, Kindergarten>;
}) {
  return app.child ? (
    <ChildPanel app={app} child={app.child} entry={entry} kgById={kgById} />
  ) : (
    <SubjectPanel app={app} entry={entry} />
  );
}

function ChildPanel({
  app,
  child,
  entry,
  kgById,
}: {
  app: Application;
  child: NonNullable<Application['child']>;
  entry: ServiceEntry;
  kgById: Map<string, Kindergarten>;
}) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const category = app.priority ? entry.priorityCategories.find((c) => c.code === app.priority) : undefined;
  return (
    <section className="panel" data-testid="app-child">
      <h2>{t('app.child')}</h2>
      <dl className="facts">
        <dt>{t('person.fullName')}</dt>
        <dd>{personName(child)}</dd>
        <dt>{t('intake.childIin')}</dt>
        <dd className="mono">{iinDisplay(child.iin)}</dd>
        <dt>{t('app.birthDate')}</dt>
        <dd>{tableDate(child.birthDate)}</dd>
        <dt>{t('app.sex')}</dt>
        <dd>{t(`sex.${child.sex}`)}</dd>
      </dl>
      {!keepsQueue(entry) && <ServiceFacts app={app} entry={entry} />}
      {keepsQueue(entry) && (
        <dl className="facts">
          <dt>{t('intake.priority')}</dt>
          <dd>
            {category ? (
              <>
                {bi(category.name, lang)}
                {app.priorityDoc && <div className="muted small">{app.priorityDoc}</div>}
              </>
            ) : (
              t('intake.noPriority')
            )}
          </dd>
          <dt>{t('intake.kindergartens')}</dt>
          <dd>
            <ol className="plain-list numbered" data-testid="app-kindergartens">
              {app.kindergartenIds.map((kid) => {
                const kg = kgById.get(kid);
                return <li key={kid}>{kg ? `№${kg.number} ${bi(kg.name, lang)}` : kid}</li>;
              })}
            </ol>
          </dd>
        </dl>
      )}
    </section>
  );
}

/** A service about the applicant: no child; whom a proxy represents, when that person is the subject. */
function SubjectPanel({ app, entry }: { app: Application; entry: ServiceEntry }) {
  const { t } = useTranslation();
  const s = subjectOf(app);
  return (
    <section className="panel" data-testid="app-subject">
      <h2>{t('app.subjectSection')}</h2>
      <dl className="facts">
        <dt>{t('person.fullName')}</dt>
        <dd data-testid="app-subject-name">
          {personName(s)}{' '}
          <span className="muted small">({t(s.kind === 'principal' ? 'app.asPrincipal' : 'app.asApplicant')})</span>
        </dd>
        <dt>{t('intake.applicantIin')}</dt>
        <dd className="mono">{iinDisplay(s.iin)}</dd>
      </dl>
      <ServiceFacts app={app} entry={entry} />
    </section>
  );
}

export function DocumentsPanel({ app, entry }: { app: Application; entry: ServiceEntry }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const docName = (code: string) => bi(entry.documents.find((d) => d.code === code)?.name, lang) || code;
  return (
    <section className="panel">
      <h2>{t('intake.documents')}</h2>
      <ul className="plain-list inline-list" data-testid="app-documents">
        {app.documents.map((d) => (
          <li key={d}>✓ {docName(d)}</li>
        ))}
      </ul>
    </section>
  );
}
