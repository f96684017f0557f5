/**
 * A service's own application fields and status category (camp referrals:
 * seed 003 Annex 11, Annex 1), and the section that holds them for a service
 * about the applicant, where the child's section would be.
 */
import { useTranslation } from 'react-i18next';
import { bi } from '../../format';
import { errorText } from '../../errors';
import { SelectField, TextField } from '../../components/Field';
import type { FieldsProps } from './form';

export function ServiceFields({ form, entry, uiLang, err, edit }: FieldsProps) {
  const { t } = useTranslation();
  const fields = entry.applicationFields ?? [];
  if (!fields.length && !entry.statusCategories) return null;
  const statusCat = entry.statusCategories?.find((c) => c.code === form.statusCategory);
  return (
    <div className="grid grid--3 subgrid" data-testid="service-fields">
      {fields.map((f) => (
        <TextField
          key={f.code}
          label={bi(f.name, uiLang)}
          value={form.fields[f.code] ?? ''}
          onChange={(v) => edit([`fields.${f.code}`], (s) => ({ ...s, fields: { ...s.fields, [f.code]: v } }))}
          error={err(`fields.${f.code}`)}
          required={f.required}
          testid={`field-${f.code}`}
          type={f.type === 'date' ? 'date' : 'text'}
          inputMode={f.type === 'integer' ? 'numeric' : undefined}
        />
      ))}
      {entry.statusCategories && (
        <>
          {/* Another category asks for another proof: the document typed for the old one is dropped. */}
          <SelectField
            label={t('services.statusCategory')}
            value={form.statusCategory}
            testid="status-category"
            error={err('statusCategory')}
            required
            onChange={(v) => edit(['statusCategory'], (s) => ({ ...s, statusCategory: v, statusDocument: '' }))}
            options={[
              { value: '', label: t('services.chooseStatus') },
              ...entry.statusCategories.map((c) => ({ value: c.code, label: bi(c.name, uiLang) })),
            ]}
            className="span-3"
          />
          {statusCat && (
            <TextField
              label={t('services.statusDocument')}
              value={form.statusDocument}
              onChange={(v) => edit([], (s) => ({ ...s, statusDocument: v }))}
              testid="status-document"
              className="span-3"
              hint={t('intake.priorityProofHint', { proof: bi(statusCat.proof, uiLang) })}
            />
          )}
        </>
      )}
    </div>
  );
}

/** A service about the applicant: no child is asked, the service's own fields stand in its place. */
export function ServiceSection(props: FieldsProps) {
  const { t } = useTranslation();
  const childError = props.err('child');
  return (
    <fieldset className="panel" data-testid="no-child-section">
      <legend>{t('intake.serviceSection')}</legend>
      <p className="muted small" data-testid="intake-no-child">
        {t('intake.noChild')}
      </p>
      {childError && (
        <div className="field-error" role="alert">
          {errorText(t, childError.code)}
        </div>
      )}
      <ServiceFields {...props} />
    </fieldset>
  );
}
