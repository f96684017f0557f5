/**
 * Enrolling this computer with the district server: address, the one-time
 * code the district dictates, and a name the district will see it by.
 * The server sends back the office, its staff and the reference data.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseEnrolmentText, type EnrolResponse } from '../../../shared';
import type { Problem } from '../errors';
import { platform } from '../../platform';
import { sync } from '../syncClient';
import { ensureAutoSync } from '../sync/auto';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { TextField } from './Field';

/**
 * "192.168.1.5:8787" is what people type; the engine needs a full address.
 * Without a scheme it is https (the district server speaks TLS), or http for
 * a server on this very computer (development).
 */
export function normalizeServerUrl(raw: string): string | null {
  const v = raw.trim().replace(/\/+$/, '');
  if (!v) return null;
  try {
    const bare = !/^[a-z]+:\/\//i.test(v);
    const local = bare && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i.test(v);
    const u = new URL(bare ? `${local ? 'http' : 'https'}://${v}` : v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin + u.pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

const localProblem = (code: string): Problem => ({ code, params: {}, fields: [] });

export function EnrolForm({
  onEnrolled,
  initialUrl,
  initialDevice,
  submitLabel,
  join,
}: {
  onEnrolled: (res: EnrolResponse) => void;
  initialUrl?: string;
  initialDevice?: string;
  submitLabel?: string;
  /** A standalone office joining the district with its records (renderer/sync/join.ts), not a fresh laptop. */
  join?: boolean;
}) {
  const { t } = useTranslation();
  // No address is guessed: it comes from the code sheet, typed, pasted or scanned (#16 item 9).
  const [url, setUrl] = useState(initialUrl ?? '');
  const [code, setCode] = useState('');
  const [fromSheet, setFromSheet] = useState(false);
  /** The sheet's one line (address#enrol=code) fills both fields; anything else is an address. */
  function changeUrl(v: string) {
    const line = parseEnrolmentText(v);
    setFromSheet(!!line);
    if (!line) return setUrl(v);
    setUrl(line.serverUrl);
    setCode(line.code);
  }
  const [device, setDevice] = useState(initialDevice ?? t('enrol.deviceDefault'));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const baseUrl = normalizeServerUrl(url);
    if (!baseUrl) return setProblem(localProblem('enrol.urlInvalid'));
    if (code.trim().length < 4) return setProblem(localProblem('enrol.codeRequired'));
    if (!device.trim()) return setProblem(localProblem('enrol.deviceRequired'));
    setBusy(true);
    setProblem(null);
    try {
      const res = await (join ? sync.join : sync.enrol)(baseUrl, code.trim(), device.trim());
      await ensureAutoSync();
      onEnrolled(res);
    } catch (err) {
      const p = syncProblem(err);
      // With the network up, no answer means the address is wrong, not that the link is down.
      const online = typeof navigator === 'undefined' || navigator.onLine;
      setProblem(p.code === 'sync.network' && online ? { ...p, code: 'enrol.unreachable' } : p);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="enrol-form" onSubmit={(e) => void submit(e)} data-testid="enrol-form">
      <TextField
        label={t('enrol.server')}
        value={url}
        onChange={changeUrl}
        testid="enrol-url"
        hint={t('enrol.serverHint')}
        placeholder={t('enrol.serverPlaceholder')}
      />
      {fromSheet && (
        <p className="small muted" data-testid="enrol-from-sheet">
          {t('enrol.fromSheet')}
        </p>
      )}
      {/* A browser cannot pin: it checks the certificate against the authorities it trusts (docs/tls.md). */}
      {!platform.certificates && normalizeServerUrl(url)?.startsWith('https:') && (
        <p className="small muted" data-testid="enrol-web-https">
          {t('enrol.webHttps')}
        </p>
      )}
      <TextField
        label={t('enrol.code')}
        value={code}
        onChange={(v) => setCode(v.toUpperCase())}
        testid="enrol-code"
        className="enrol-code"
        hint={t('enrol.codeHint')}
        maxLength={40}
      />
      <TextField
        label={t('enrol.device')}
        value={device}
        onChange={setDevice}
        testid="enrol-device"
        hint={t('enrol.deviceHint')}
        maxLength={120}
      />
      <SyncErrorBox problem={problem} testid="enrol-error" />
      <button type="submit" className="btn btn--primary" disabled={busy} data-testid="enrol-submit">
        {busy ? t('enrol.working') : (submitLabel ?? t('enrol.submit'))}
      </button>
    </form>
  );
}
