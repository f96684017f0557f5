/**
 * The decision on a queue application: the data layer's suggestion (a
 * referral to a kindergarten with a free place, or a notification that the
 * child waits), and the choice among referral, notification and refusal (a
 * refusal needs its ground and reason). A referral can only be the one
 * suggested. An application that owes a refusal (an over-age child: issue
 * #15, R-01) is offered that refusal only, on the ground it owes.
 */
import { useTranslation } from 'react-i18next';
import type { DueRefusal, FieldError, Kindergarten, ServiceEntry, Suggestion } from '../../../../shared';
import { SelectField } from '../../components/Field';
import type { DecisionInput } from '../../deskClient';
import { errorText } from '../../errors';
import { bi } from '../../format';
import { useSession } from '../../session';

export function SuggestionBox({ suggestion, kgs }: { suggestion: Suggestion; kgs: Kindergarten[] }) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const kg = suggestion.kind === 'referral' ? kgs.find((k) => k.id === suggestion.kindergartenId) : undefined;
  const group =
    kg && suggestion.kind === 'referral' ? kg.ageGroups.find((g) => g.id === suggestion.ageGroupId) : undefined;
  return (
    <div
      className={`suggestion suggestion--${suggestion.kind}`}
      data-testid="decision-suggestion"
      data-kind={suggestion.kind}
    >
      {suggestion.kind === 'referral' && kg
        ? t('decision.suggestReferral', {
            kg: `№${kg.number} ${bi(kg.name, lang)}`,
            group: group ? bi(group.name, lang) : '',
            count: group?.freePlaces ?? 0,
          })
        : t('decision.suggestNotification')}
    </div>
  );
}

/** What is chosen so far; ActionPanel keeps it, so it outlives a failed attempt and the reload after it. */
export type DecisionChoice = { kind: DecisionInput['kind']; groundCode: string; reason: string };

type Props = {
  entry: ServiceEntry;
  /** The refusals the application owes (refusalsDue): then the decision is one of them. */
  due: DueRefusal[];
  suggestion: Suggestion;
  kgs: Kindergarten[];
  choice: DecisionChoice;
  onChange: (patch: Partial<DecisionChoice>) => void;
  /** The data layer's refusal of the last attempt, by field (groundCode, reason). */
  fieldErrors: Record<string, FieldError>;
  busy: boolean;
  onDecide: (d: DecisionInput) => void;
};

export function QueueDecision({ entry, due, suggestion, kgs, choice, onChange, fieldErrors, busy, onDecide }: Props) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const { kind, groundCode, reason } = choice;
  const refusalInput = kind === 'refusal';
  const owed = due.map((r) => r.groundCode);
  const grounds = owed.length ? entry.refusalGrounds.filter((g) => owed.includes(g.code)) : entry.refusalGrounds;
  const offered = (k: DecisionInput['kind']) =>
    owed.length ? k === 'refusal' : k !== 'referral' || suggestion.kind === 'referral';
  return (
    <>
      {!owed.length && <SuggestionBox suggestion={suggestion} kgs={kgs} />}
      <div className="radio-group" role="radiogroup" aria-label={t('decision.kind')}>
        {(['referral', 'notification', 'refusal'] as const).map((k) => (
          <label key={k} className={`check${offered(k) ? '' : ' disabled'}`}>
            <input
              type="radio"
              name="decision-kind"
              value={k}
              checked={kind === k}
              disabled={!offered(k)}
              onChange={() => onChange({ kind: k })}
              data-testid={`decision-${k}`}
            />
            {t(`decision.${k}`)}
          </label>
        ))}
      </div>
      {refusalInput && (
        <>
          <SelectField
            label={t('decision.ground')}
            value={groundCode}
            onChange={(v) => onChange({ groundCode: v })}
            testid="decision-ground"
            error={fieldErrors['groundCode']}
            required
            options={[
              { value: '', label: t('decision.chooseGround') },
              ...grounds.map((g) => ({ value: g.code, label: bi(g.text, lang) })),
            ]}
          />
          <div className={`field${fieldErrors['reason'] ? ' field--error' : ''}`}>
            <label htmlFor="decision-reason">
              {t('decision.reason')}
              <span className="req"> *</span>
            </label>
            <textarea
              id="decision-reason"
              rows={4}
              value={reason}
              onChange={(e) => onChange({ reason: e.target.value })}
              data-testid="decision-reason"
            />
            {fieldErrors['reason'] && (
              <div className="field-error" role="alert">
                {errorText(t, fieldErrors['reason'].code)}
              </div>
            )}
          </div>
        </>
      )}
      <button
        type="button"
        className="btn btn--primary btn--block"
        data-testid="action-decide"
        disabled={busy || (refusalInput && (!groundCode || !reason.trim()))}
        onClick={() =>
          onDecide(
            kind === 'referral' && suggestion.kind === 'referral'
              ? { kind: 'referral', kindergartenId: suggestion.kindergartenId, ageGroupId: suggestion.ageGroupId }
              : kind === 'refusal'
                ? { kind: 'refusal', groundCode, reason: reason.trim() }
                : { kind: 'notification' },
          )
        }
      >
        {t('action.decide')}
      </button>
    </>
  );
}
