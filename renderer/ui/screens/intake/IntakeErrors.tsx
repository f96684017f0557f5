/**
 * The summary above the form after a refused attempt: every error with the
 * section and label of its field, so a clerk can find it on a long form.
 * Before the first attempt hints stay next to their fields only.
 */
import { useTranslation } from 'react-i18next';
import type { FieldError, Lang, ServiceEntry } from '../../../../shared';
import { errorText, type Problem } from '../../errors';
import { bi } from '../../format';

/** Which label names a field in the error summary. */
const FIELD_LABEL: Record<string, string> = {
  'applicant.iin': 'intake.applicantIin',
  'applicant.lastName': 'person.lastName',
  'applicant.firstName': 'person.firstName',
  'applicant.middleName': 'person.middleName',
  'applicant.phone': 'intake.phone',
  'applicant.address': 'intake.address',
  'applicant.powerOfAttorney.number': 'intake.poaNumber',
  'applicant.powerOfAttorney.date': 'intake.poaDate',
  'applicant.powerOfAttorney.notary': 'intake.poaNotary',
  'applicant.kind': 'intake.applicantKind',
  'applicant.principal.iin': 'intake.principalIin',
  'applicant.principal.lastName': 'person.lastName',
  'applicant.principal.firstName': 'person.firstName',
  child: 'intake.childSection',
  'child.iin': 'intake.childIin',
  'child.birthDate': 'app.birthDate',
  'child.lastName': 'person.lastName',
  'child.firstName': 'person.firstName',
  priority: 'intake.priority',
  priorityDoc: 'intake.priorityDoc',
  kindergartenIds: 'intake.kindergartens',
  consent: 'intake.consent',
  documents: 'intake.documents',
  statusCategory: 'services.statusCategory',
  channel: 'intake.channel.label',
  settlement: 'intake.channel.settlement',
  arrivalAt: 'intake.channel.arrivedAt',
  ticketNo: 'intake.channel.ticketNo',
};
const SECTION_OF = (field: string) =>
  field.startsWith('applicant.principal.')
    ? 'intake.principalSection'
    : field.startsWith('applicant.')
      ? 'intake.applicantSection'
      : field.startsWith('child.')
        ? 'intake.childSection'
        : null;

export function IntakeErrors({
  problem,
  errors,
  entry,
  uiLang,
}: {
  problem: Problem | null;
  errors: FieldError[];
  entry: ServiceEntry;
  uiLang: Lang;
}) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <div className="notice notice--error" role="alert" data-testid="intake-errors">
      <div className="summary-title">
        {!problem.fields.length ? errorText(t, problem.code, problem.params) : t('common.fixErrors')}
      </div>
      {errors.length > 0 && (
        <ul>
          {errors.map((e, i) => {
            const section = SECTION_OF(e.field);
            // A service's own application field is named by the catalog, not by a label key.
            const own = e.field.startsWith('fields.')
              ? entry.applicationFields?.find((f) => `fields.${f.code}` === e.field)
              : undefined;
            const label = own ? undefined : FIELD_LABEL[e.field];
            const ownLabel = own ? `${bi(own.name, uiLang)}: ` : '';
            return (
              <li key={`${e.field}-${i}`} data-testid="intake-error-item" data-field={e.field}>
                {section && `${t(section)} — `}
                {label ? `${t(label)}: ` : ownLabel}
                {errorText(t, e.code, e.params)}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
