/** One field of a record as people read it: names instead of ids, steps as lines, codes translated. */
import { useTranslation } from 'react-i18next';
import { desk } from '../deskClient';
import { bi, tableDateTime } from '../format';
import { useSession } from '../session';
import { valueText } from '../sync/text';
import { useDistrictRefs } from './common';

type StepLike = { step?: string; byName?: string; at?: string };
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function FieldValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const { staffName, kindergartenName } = useDistrictRefs();
  if (value === undefined || value === null || value === '') return <>—</>;
  if ((field === 'status' || field === 'queueState') && typeof value === 'string')
    return <>{t(`${field}.${value}`, { defaultValue: value })}</>;
  if ((field === 'executorId' || field.endsWith('StaffId')) && typeof value === 'string')
    return <>{staffName(value)}</>;
  if (field === 'kindergartenIds' && Array.isArray(value))
    return (
      <ol className="value-lines">
        {value.map((id) => (
          <li key={String(id)}>{kindergartenName(String(id))}</li>
        ))}
      </ol>
    );
  if (field === 'priority' && typeof value === 'string') {
    const cat = desk
      .catalog()
      .flatMap((e) => e.priorityCategories)
      .find((c) => c.code === value);
    return <>{cat ? bi(cat.name, lang) : value}</>;
  }
  if (field === 'steps' && Array.isArray(value)) {
    return (
      <ol className="value-lines">
        {(value as StepLike[]).map((s, i) => (
          <li key={i}>
            {s.step ? t(`step.${s.step}`, { defaultValue: s.step }) : '?'}
            {s.byName ? ` — ${s.byName}` : ''}
            {s.at ? `, ${tableDateTime(s.at)}` : ''}
          </li>
        ))}
      </ol>
    );
  }
  if (field === 'decision' && isObj(value) && typeof value.kind === 'string') {
    return (
      <>
        {t(`decision.${value.kind}`, { defaultValue: value.kind })}
        {typeof value.referralNo === 'string' ? ` ${value.referralNo}` : ''}
      </>
    );
  }
  return <>{valueText(value)}</>;
}
