import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { desk, type Session } from '../deskClient';
import { ErrorBox } from './Notice';
import { TextField } from './Field';
import { useAction } from '../hooks';

const skippedKey = (staffId: string) => `akimat.pinOffer.${staffId}`;

function skipped(staffId: string): boolean {
  try {
    return localStorage.getItem(skippedKey(staffId)) === 'skipped';
  } catch {
    return false;
  }
}

/**
 * At a person's first sign-in on this laptop: their own PIN, so that a colleague hands the desk
 * over in two clicks and a PIN (issue #16 item 2). Offered once; Settings sets or changes it later.
 */
export function PinOffer({ session }: { session: Session }) {
  const { t } = useTranslation();
  const id = session.staff.id;
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  const { busy, error, run } = useAction();

  useEffect(() => {
    let live = true;
    if (!skipped(id)) void desk.hasPin().then((has) => live && setOpen(!has));
    return () => {
      live = false;
    };
  }, [id]);

  function skip() {
    try {
      localStorage.setItem(skippedKey(id), 'skipped');
    } catch {
      // Not remembered: offered again at the next sign-in.
    }
    setOpen(false);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const done = await run(async () => {
      await desk.setPin(pin);
      return true;
    });
    if (done) setOpen(false);
  }

  if (!open) return null;
  return (
    <form className="card pin-offer" onSubmit={(e) => void save(e)} data-testid="pin-offer">
      <h2>{t('signIn.setPinTitle')}</h2>
      <p>{t('signIn.setPinText', { name: session.staff.fullName })}</p>
      <TextField
        label={t('signIn.pin')}
        type="password"
        value={pin}
        onChange={(v) => setPin(v.replace(/\D/g, ''))}
        inputMode="numeric"
        maxLength={8}
        testid="pin-offer-pin"
        autoComplete="new-password"
      />
      <ErrorBox problem={error} testid="pin-offer-error" />
      <div className="row">
        <button
          type="submit"
          className="btn btn--primary"
          disabled={busy || pin.length < 4}
          data-testid="pin-offer-save"
        >
          {t('signIn.setPinSave')}
        </button>
        <button type="button" className="btn" onClick={skip} data-testid="pin-offer-skip">
          {t('signIn.setPinSkip')}
        </button>
      </div>
    </form>
  );
}
