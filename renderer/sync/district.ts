/**
 * Calls of district staff to the district server: the district's module of
 * the sync client, on the same transport as the engine (gzip, timeouts, the
 * protocol-version header, sync.* errors) and the same certificate-aware
 * fetch, so a refused certificate reads as `sync.certificate` here too.
 *
 * The sign-in token lives in this object's memory only: a reload or a
 * sign-out of the desk forgets it, so a laptop left open does not keep
 * district powers.
 */
import type {
  BacklogDevice,
  Conflict,
  DeviceInfo,
  DistrictLoginResponse,
  DistrictQueue,
  DistrictQueueQuery,
  Duplicate,
  DuplicateDecision,
  DuplicateStatus,
  EnrolmentCodeResponse,
  ImportResponse,
  Op,
  ServiceEntry,
} from '../../shared';
import { call, callFile, SyncHttpError } from './transport';

export type DistrictSession = {
  baseUrl: string;
  token: string;
  staff: DistrictLoginResponse['staff'];
  expiresAt: string;
};

export type QuarantinedOp = {
  id: number;
  opId: string;
  deviceId: string;
  deviceSeq: number;
  officeId: string | null;
  entity: Op['entity'];
  entityId: string;
  kind: Op['kind'];
  step: string | null;
  reason: string;
  detail: unknown;
  staffId: string;
  source: 'push' | 'import';
  receivedAt: string;
  fields: Record<string, unknown>;
};

/** An op refused before it took a place in its device's sequence (its number was taken). */
export type RefusedOp = {
  id: number;
  opId: string;
  deviceId: string;
  deviceSeq: number;
  officeId: string;
  entity: Op['entity'] | null;
  entityId: string | null;
  kind: Op['kind'] | null;
  reason: string;
  detail: unknown;
  receivedAt: string;
};

export class DistrictClient {
  // A private field, not a property: nothing outside this object (nor a spread or JSON of it) reaches the token.
  #session: DistrictSession | null = null;
  readonly #listeners = new Set<(s: DistrictSession | null) => void>();

  constructor(private readonly opts: { fetch?: typeof fetch } = {}) {}

  /** The district sign-in in force, or null. */
  session(): DistrictSession | null {
    return this.#session;
  }

  /** Told of every sign-in and sign-out (an expired token too). Returns the unsubscribe. */
  subscribe(fn: (s: DistrictSession | null) => void): () => void {
    this.#listeners.add(fn);
    return () => {
      this.#listeners.delete(fn);
    };
  }

  async signIn(baseUrl: string, login: string, password: string): Promise<DistrictSession> {
    const res = await call<DistrictLoginResponse>(
      { baseUrl },
      'POST',
      '/v1/district/login',
      { login, password },
      { fetch: this.opts.fetch },
    );
    const s = { baseUrl, token: res.token, staff: res.staff, expiresAt: res.expiresAt };
    this.set(s);
    return s;
  }

  /**
   * Signs out: forgotten here at once, and ended on the server (best effort: offline,
   * it expires by itself), so a token copied from this laptop's memory dies too.
   */
  signOut(): void {
    const s = this.#session;
    this.set(null);
    if (s)
      call({ baseUrl: s.baseUrl, token: s.token }, 'POST', '/v1/district/logout', {}, { fetch: this.opts.fetch }).catch(
        () => {},
      );
  }

  /** One page of the district queue narrowed (a search by IIN or name goes in the body, never in a URL). */
  queue(f: DistrictQueueQuery = {}) {
    return this.req<DistrictQueue>('POST', '/v1/district/queue', f);
  }
  /** The same list, whole, printed (PDF) or exported (XLSX, CSV) as of now; the filter in the body too. */
  async queueFile(ext: 'pdf' | 'xlsx' | 'csv', f: DistrictQueueQuery): Promise<Blob> {
    const s = this.#session;
    if (!s) throw new SyncHttpError('sync.unauthorized', 401, { error: 'auth.required' });
    try {
      return await callFile(
        { baseUrl: s.baseUrl, token: s.token },
        `/v1/district/queue.${ext}`,
        { fetch: this.opts.fetch },
        f,
      );
    } catch (e) {
      if (e instanceof SyncHttpError && e.status === 401) this.set(null);
      throw e;
    }
  }
  conflicts(status: 'open' | 'resolved' | 'logged' | 'all' = 'open') {
    return this.req<{ conflicts: Conflict[] }>('GET', `/v1/district/conflicts?status=${status}`);
  }
  resolveConflict(id: number, choose: 'server' | 'device') {
    return this.req<Conflict>('POST', `/v1/district/conflicts/${id}/resolve`, { choose });
  }
  renumber(applicationId: string) {
    return this.req<{ id: string; journalNo: string; journalSeq: number; resolved: number[] }>(
      'POST',
      `/v1/district/applications/${encodeURIComponent(applicationId)}/renumber`,
    );
  }
  duplicates(status: DuplicateStatus | 'all' = 'open') {
    return this.req<{ duplicates: Duplicate[] }>('GET', `/v1/district/duplicates?status=${status}`);
  }
  /** `keep` (with merged): the application that keeps its place; the other is withdrawn from the queue. */
  setDuplicate(id: number, status: DuplicateDecision, keep?: string) {
    return this.req<Duplicate>('POST', `/v1/district/duplicates/${id}`, { status, ...(keep ? { keep } : {}) });
  }
  backlog() {
    return this.req<{ devices: BacklogDevice[] }>('GET', '/v1/district/backlog');
  }
  quarantine() {
    return this.req<{ ops: QuarantinedOp[]; refused: RefusedOp[] }>('GET', '/v1/district/quarantine?limit=500');
  }
  devices() {
    return this.req<{ devices: DeviceInfo[] }>('GET', '/v1/district/devices');
  }
  revokeDevice(id: string) {
    return this.req<{ id: string; revoked: boolean }>('POST', `/v1/district/devices/${encodeURIComponent(id)}/revoke`);
  }
  /** deviceId: a code for that computer only, the one way back for a revoked one. */
  issueCode(officeId: string, validHours: number, note?: string, deviceId?: string) {
    return this.req<EnrolmentCodeResponse>('POST', '/v1/district/enrolment-codes', {
      officeId,
      validHours,
      ...(note ? { note } : {}),
      ...(deviceId ? { deviceId } : {}),
    });
  }
  importBatch(file: unknown) {
    return this.req<ImportResponse>('POST', '/v1/import', file);
  }
  catalog() {
    return this.req<{ entries: ServiceEntry[] }>('GET', '/v1/district/catalog');
  }
  saveCatalogEntry(entry: unknown, code: string) {
    return this.req<{ code: string; version: number }>(
      'PUT',
      `/v1/district/catalog/${encodeURIComponent(code)}`,
      entry,
    );
  }

  private set(s: DistrictSession | null): void {
    this.#session = s;
    for (const l of this.#listeners) l(s);
  }

  private async req<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const s = this.#session;
    if (!s) throw new SyncHttpError('sync.unauthorized', 401, { error: 'auth.required' });
    try {
      return await call<T>({ baseUrl: s.baseUrl, token: s.token }, method, path, body, { fetch: this.opts.fetch });
    } catch (e) {
      // An expired or revoked session: back to the district sign-in.
      if (e instanceof SyncHttpError && e.status === 401) this.set(null);
      throw e;
    }
  }
}
