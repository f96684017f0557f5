/**
 * The child's section of a service about a child: the IIN, decoded as it is
 * typed (birth date, sex, age), and the names; then either the queue's parts
 * (first-turn category with its proof, the kindergartens) or the service's
 * own fields.
 */
import { useTranslation } from 'react-i18next';
import { ageInYears, keepsQueue, parseIin, type Kindergarten } from '../../../../shared';
import { SelectField, TextField } from '../../components/Field';
import { errorText } from '../../errors';
import { bi, tableDate } from '../../format';
import { KindergartenPicker } from './KindergartenPicker';
import { ServiceFields } from './ServiceFields';
import type { FieldsProps, FormState } from './form';

type Props = FieldsProps & { touch: (field: string) => () => void; today: string; kindergartens: Kindergarten[] };

export function ChildFields(props: Props) {
  const { form, entry, err, warn, edit, touch, today, kindergartens, uiLang } = props;
  const overAge = warn?.('child.iin');
  const { t } = useTranslation();
  const childIin = parseIin(form.child.iin);
  // A new IIN is a new birth date too: its refusal goes with the IIN's.
  const setC = (k: keyof FormState['child'], field: string) => (v: string) =>
    edit([field, ...(k === 'iin' ? ['child.birthDate'] : [])], (f) => ({ ...f, child: { ...f.child, [k]: v } }));
  return (
    <fieldset className="panel" data-testid="child-section">
      <legend>{t('intake.childSection')}</legend>
      <div className="grid grid--3">
        <TextField
          label={t('intake.childIin')}
          value={form.child.iin}
          onChange={setC('iin', 'child.iin')}
          onBlur={touch('child.iin')}
          error={err('child.iin') ?? err('child.birthDate')}
          // Over the age limit, taken in all the same: its decision is the reasoned refusal.
          hint={overAge && <span data-testid="warn-child.iin">{errorText(t, overAge.code, overAge.params)}</span>}
          required
          testid="child-iin"
          inputMode="numeric"
          maxLength={14}
        />
        <div className="iin-info span-2" data-testid="child-iin-info" aria-live="polite">
          {childIin.ok && (
            <>
              <span>
                <span className="muted">{t('app.birthDate')}:</span>{' '}
                <b data-testid="child-birth-date">{tableDate(childIin.birthDate)}</b>
              </span>
              <span>
                <span className="muted">{t('app.sex')}:</span> <b data-testid="child-sex">{t(`sex.${childIin.sex}`)}</b>
              </span>
              {childIin.birthDate <= today && (
                <span>
                  <span className="muted">{t('app.age')}:</span>{' '}
                  <b>{t('units.years', { count: ageInYears(childIin.birthDate, today) })}</b>
                </span>
              )}
            </>
          )}
        </div>
        <TextField
          label={t('person.lastName')}
          value={form.child.lastName}
          onChange={setC('lastName', 'child.lastName')}
          error={err('child.lastName')}
          required
          testid="child-last-name"
        />
        <TextField
          label={t('person.firstName')}
          value={form.child.firstName}
          onChange={setC('firstName', 'child.firstName')}
          error={err('child.firstName')}
          required
          testid="child-first-name"
        />
        <TextField
          label={t('person.middleName')}
          value={form.child.middleName}
          onChange={setC('middleName', 'child.middleName')}
          testid="child-middle-name"
        />
      </div>
      {!keepsQueue(entry) && <ServiceFields {...props} />}
      {keepsQueue(entry) && (
        <>
          <PriorityFields {...props} />
          <KindergartenPicker
            kindergartens={kindergartens}
            chosenIds={form.kindergartenIds}
            childBirth={childIin.ok ? childIin.birthDate : undefined}
            today={today}
            uiLang={uiLang}
            error={err('kindergartenIds')}
            edit={edit}
          />
        </>
      )}
    </fieldset>
  );
}

/** The queue's first-turn category and the document that proves it (filled in with the catalog's proof, in the paper's language). */
function PriorityFields({ form, entry, uiLang, err, edit }: FieldsProps) {
  const { t } = useTranslation();
  const category = entry.priorityCategories.find((c) => c.code === form.priority);
  return (
    <div className="grid grid--2 priority-fields">
      <SelectField
        label={t('intake.priority')}
        value={form.priority}
        testid="priority"
        onChange={(v) =>
          edit(['priority', 'priorityDoc'], (f) => ({
            ...f,
            priority: v,
            priorityDoc: v ? bi(entry.priorityCategories.find((c) => c.code === v)?.proof, f.lang) : '',
          }))
        }
        options={[
          { value: '', label: t('intake.noPriority') },
          ...entry.priorityCategories.map((c) => ({ value: c.code, label: bi(c.name, uiLang) })),
        ]}
        error={err('priority')}
      />
      {/* The names are longer than any select is wide at 125 % scaling: the chosen one is written out whole. */}
      {category && (
        <div className="small priority-name" data-testid="priority-name">
          {bi(category.name, uiLang)}
        </div>
      )}
      {category && (
        <TextField
          label={t('intake.priorityDoc')}
          value={form.priorityDoc}
          onChange={(v) => edit(['priorityDoc'], (f) => ({ ...f, priorityDoc: v }))}
          error={err('priorityDoc')}
          testid="priority-doc"
          hint={t('intake.priorityProofHint', { proof: bi(category.proof, uiLang) })}
        />
      )}
    </div>
  );
}
