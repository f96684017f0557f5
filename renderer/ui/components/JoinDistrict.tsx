/**
 * A standalone office joins the district later, from Settings, keeping its
 * records (issue #16 item 8). The head enrols this laptop with a code the
 * district issued for the office; the office's staff, kindergartens and
 * numbers go with it, every record here is rewritten under the district's ids
 * and goes up with the next sync (renderer/sync/join.ts, server/admin/join.ts).
 * The people's ids may change, so everyone signs in again afterwards.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JoinResult } from '../../../shared';
import { EnrolForm } from './EnrolForm';
import { Notice } from './Notice';
import { useSession } from '../session';

export function JoinDistrict() {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const [joined, setJoined] = useState<JoinResult | null>(null);
  const [open, setOpen] = useState(false);

  if (joined) {
    const matched = Object.entries(joined.staff).filter(([a, b]) => a !== b).length;
    const notKept = joined.numbers.filter((n) => !n.kept);
    return (
      <section className="panel" data-testid="join-district" data-state="joined">
        <h2>{t('join.title')}</h2>
        <Notice kind="ok" testid="join-done">
          {t('join.done', { staff: Object.keys(joined.staff).length, matched })}
        </Notice>
        {notKept.length > 0 && (
          <Notice kind="warn" testid="join-numbers-not-kept">
            {t('join.numbersNotKept', { journals: notKept.map((n) => `${n.journal} ${n.year}`).join(', ') })}
          </Notice>
        )}
        <p className="small muted">{t('join.signInAgain')}</p>
        <button type="button" className="btn btn--primary" onClick={signOut} data-testid="join-sign-out">
          {t('join.signOut')}
        </button>
      </section>
    );
  }

  return (
    <section className="panel" data-testid="join-district" data-state="standalone">
      <div className="panel-head">
        <h2>{t('join.title')}</h2>
        {!open && (
          <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="join-open">
            {t('join.open')}
          </button>
        )}
      </div>
      <p className="small muted">{t('join.text')}</p>
      {open && (
        <>
          <ul className="small" data-testid="join-what">
            <li>{t('join.whatRecords')}</li>
            <li>{t('join.whatStaff')}</li>
            <li>{t('join.whatNumbers')}</li>
            <li>{t('join.whatCatalog')}</li>
          </ul>
          <EnrolForm join submitLabel={t('join.submit')} onEnrolled={(res) => setJoined(res.joined ?? null)} />
        </>
      )}
    </section>
  );
}
