/**
 * One-time enrolment codes: the district issues one for an office and reads
 * it out over the phone; the office types it on its computer once.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFingerprint, type EnrolmentCodeResponse } from '../../../shared';
import { SelectField, TextField } from '../components/Field';
import type { Problem } from '../errors';
import { bi, tableDateTime } from '../format';
import { useSession } from '../session';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { sync } from '../syncClient';
import { useDistrictRefs } from './common';

const VALID_HOURS = [24, 72, 168, 720];

export function CodesTab() {
  const { t } = useTranslation();
  const { lang } = useSession();
  const { offices, officeName } = useDistrictRefs();
  const [officeId, setOfficeId] = useState('');
  const [hours, setHours] = useState('72');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [issued, setIssued] = useState<EnrolmentCodeResponse | null>(null);
  const sorted = [...offices].sort((a, b) => bi(a.name, lang).localeCompare(bi(b.name, lang), lang));

  async function issue() {
    setBusy(true);
    setProblem(null);
    setIssued(null);
    try {
      setIssued(await sync.district.issueCode(officeId, Number(hours), note.trim() || undefined));
      setNote('');
    } catch (e) {
      setProblem(syncProblem(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section data-testid="district-codes">
      <div className="panel codes-form">
        <p className="small muted">{t('district.codesText')}</p>
        <div className="grid grid--3">
          <SelectField
            label={t('district.office')}
            value={officeId}
            onChange={setOfficeId}
            testid="code-office"
            options={[
              { value: '', label: t('district.chooseOffice') },
              ...sorted.map((o) => ({ value: o.id, label: `${bi(o.name, lang)} (${o.code})` })),
            ]}
          />
          <SelectField
            label={t('district.validFor')}
            value={hours}
            onChange={setHours}
            testid="code-hours"
            options={VALID_HOURS.map((h) => ({ value: String(h), label: t('district.hours', { count: h }) }))}
          />
          <TextField label={t('district.note')} value={note} onChange={setNote} testid="code-note" maxLength={200} />
        </div>
        <button
          type="button"
          className="btn btn--primary"
          disabled={busy || !officeId}
          onClick={() => void issue()}
          data-testid="code-issue"
        >
          {busy ? t('common.working') : t('district.issueCode')}
        </button>
        <SyncErrorBox problem={problem} testid="code-error" />
      </div>
      {issued && (
        <div className="panel code-card" data-testid="code-card">
          <div className="muted">{t('district.codeFor', { office: officeName(issued.officeId) })}</div>
          <div className="code-value" data-testid="code-value" aria-label={issued.code.split('').join(' ')}>
            {issued.code}
          </div>
          <div className="small">{t('district.codeExpires', { when: tableDateTime(issued.expiresAt) })}</div>
          <div className="small muted">{t('district.codeOnce')}</div>
          {/* A TLS server's codes end in a check group of its certificate; the fingerprint is there for whoever compares it by eye. */}
          {issued.certificateFingerprint && (
            <>
              <div className="small" data-testid="code-check-note">
                {t('district.codeCheckGroup')}
              </div>
              <div className="small muted">{t('district.codeFingerprint')}</div>
              <code className="small" data-testid="code-fingerprint">
                {formatFingerprint(issued.certificateFingerprint)}
              </code>
            </>
          )}
        </div>
      )}
    </section>
  );
}
