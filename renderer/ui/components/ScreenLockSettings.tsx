/**
 * Settings for the idle lock: how long the desk waits (the office's setting,
 * changed by the head) and the person's own PIN for unlocking.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '../deskClient';
import { useAction } from '../hooks';
import { useSession } from '../session';
import { canEditOffice } from '../roles';
import { DEFAULT_IDLE_MINUTES, IDLE_MINUTES_MAX, IDLE_MINUTES_MIN, idleOverrideSeconds } from '../idleLock';
import { ErrorBox, Notice } from './Notice';
import { TextField } from './Field';

const PIN_RE = /^\d{4,8}$/;
const localProblem = (field: string, code: string, params: Record<string, string | number> = {}) => ({
  code: 'validation',
  params: {},
  fields: [{ field, code, params }],
});

export function ScreenLockSettings() {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const current = session.office.idleLockMinutes ?? DEFAULT_IDLE_MINUTES;
  const mayEdit = canEditOffice(session.staff.roles);
  const override = idleOverrideSeconds();

  const [minutes, setMinutes] = useState(String(current));
  const [minutesSaved, setMinutesSaved] = useState(false);
  const idle = useAction();

  const [pin, setPin] = useState('');
  const [pinSaved, setPinSaved] = useState(false);
  const pinAction = useAction();

  async function saveMinutes(e: FormEvent) {
    e.preventDefault();
    setMinutesSaved(false);
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < IDLE_MINUTES_MIN || n > IDLE_MINUTES_MAX) {
      idle.setError(
        localProblem('idleLockMinutes', 'idleLock.range', { min: IDLE_MINUTES_MIN, max: IDLE_MINUTES_MAX }),
      );
      return;
    }
    const ok = await idle.run(() => desk.updateOffice({ idleLockMinutes: n }));
    if (ok) {
      await refresh();
      setMinutesSaved(true);
    }
  }

  async function savePin(e: FormEvent) {
    e.preventDefault();
    setPinSaved(false);
    if (!PIN_RE.test(pin)) {
      pinAction.setError(localProblem('pin', 'pin.format'));
      return;
    }
    const ok = await pinAction.run(async () => {
      await desk.setPin(pin);
      return true;
    });
    if (ok) {
      setPin('');
      setPinSaved(true);
    }
  }

  return (
    <section className="panel" data-testid="screen-lock-section">
      <h2>{t('lock.settingsTitle')}</h2>
      <div className="grid grid--2">
        <form className="subform" onSubmit={(e) => void saveMinutes(e)}>
          <h3>{t('lock.idleTitle')}</h3>
          {mayEdit ? (
            <>
              <TextField
                label={t('lock.idleMinutes')}
                type="number"
                inputMode="numeric"
                value={minutes}
                onChange={(v) => {
                  setMinutesSaved(false);
                  setMinutes(v);
                }}
                testid="idle-minutes"
                hint={t('lock.idleHint', { min: IDLE_MINUTES_MIN, max: IDLE_MINUTES_MAX })}
              />
              <ErrorBox problem={idle.error} testid="idle-error" />
              {minutesSaved && (
                <Notice kind="ok" testid="idle-saved">
                  {t('common.saved')}
                </Notice>
              )}
              <button
                type="submit"
                className="btn btn--primary"
                disabled={idle.busy || minutes === String(current)}
                data-testid="idle-save"
              >
                {t('common.save')}
              </button>
            </>
          ) : (
            <p data-testid="idle-current">
              {t('lock.idleCurrent', { minutes: current })}{' '}
              <span className="muted small">{t('lock.idleHeadOnly')}</span>
            </p>
          )}
          {override !== null && (
            <Notice kind="warn" testid="idle-override">
              {t('lock.idleOverride', { seconds: override })}
            </Notice>
          )}
        </form>
        <form className="subform" onSubmit={(e) => void savePin(e)}>
          <h3>{t('lock.pinTitle')}</h3>
          <p className="muted small">{t('lock.pinNote')}</p>
          <TextField
            label={t('lock.pin')}
            type="password"
            inputMode="numeric"
            maxLength={8}
            value={pin}
            onChange={(v) => {
              setPinSaved(false);
              setPin(v.replace(/\D/g, ''));
            }}
            testid="pin-input"
            autoComplete="new-password"
            hint={t('lock.pinHint')}
          />
          <ErrorBox problem={pinAction.error} testid="pin-error" />
          {pinSaved && (
            <Notice kind="ok" testid="pin-saved">
              {t('lock.pinSaved')}
            </Notice>
          )}
          <button type="submit" className="btn btn--primary" disabled={pinAction.busy || !pin} data-testid="pin-save">
            {t('lock.pinSave')}
          </button>
        </form>
      </div>
    </section>
  );
}
