/**
 * Whom an application is about, as lists name them: the child, or for services
 * about the applicant the applicant (or whom a proxy represents), marked so a
 * clerk does not read an adult's name as a child's.
 */
import { useTranslation } from 'react-i18next';
import { subjectOf, type Application } from '../../../shared';
import { personName } from '../format';

export function SubjectName({ app }: { app: Pick<Application, 'applicant' | 'child'> }) {
  const { t } = useTranslation();
  const s = subjectOf(app);
  if (s.kind === 'child') return <>{personName(s)}</>;
  return (
    <>
      {personName(s)}{' '}
      <span className="muted small nowrap" data-testid="subject-kind">
        ({t(s.kind === 'principal' ? 'app.asPrincipal' : 'app.asApplicant')})
      </span>
    </>
  );
}

/** The subject's name as plain text (links, titles), with the same mark. */
export function subjectText(app: Pick<Application, 'applicant' | 'child'>, t: (key: string) => string): string {
  const s = subjectOf(app);
  return s.kind === 'child'
    ? personName(s)
    : `${personName(s)} (${t(s.kind === 'principal' ? 'app.asPrincipal' : 'app.asApplicant')})`;
}
