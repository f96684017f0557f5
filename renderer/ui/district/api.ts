/**
 * Calls of district staff to the district server. The sign-in token lives in
 * memory only: a reload or a sign-out of the desk forgets it, so a laptop
 * left open does not keep district powers. Requests go through the sync
 * transport (gzip, timeouts, the protocol-version header, sync.* errors).
 */
import type {
  BacklogDevice, Conflict, DeviceInfo, DistrictLoginResponse, DistrictQueue, Duplicate, DuplicateStatus,
  EnrolmentCodeResponse, ImportResponse, Op, ServiceEntry,
} from '../../../shared';
import { call, SyncHttpError } from '../../sync/transport';

export type DistrictSession = { baseUrl: string; token: string; staff: DistrictLoginResponse['staff']; expiresAt: string };

let current: DistrictSession | null = null;
const listeners = new Set<(s: DistrictSession | null) => void>();

function setSession(s: DistrictSession | null) {
  current = s;
  for (const l of listeners) l(s);
}

export const districtSession = {
  get: () => current,
  subscribe(fn: (s: DistrictSession | null) => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  /**
   * Signs out: forgotten here at once, and ended on the server (best effort: offline,
   * it expires by itself), so a token copied from this laptop's memory dies too.
   */
  clear: () => {
    const s = current;
    setSession(null);
    if (s) call({ baseUrl: s.baseUrl, token: s.token }, 'POST', '/v1/district/logout', {}).catch(() => {});
  },
};

export async function districtLogin(baseUrl: string, login: string, password: string): Promise<DistrictSession> {
  const res = await call<DistrictLoginResponse>({ baseUrl }, 'POST', '/v1/district/login', { login, password });
  const s = { baseUrl, token: res.token, staff: res.staff, expiresAt: res.expiresAt };
  setSession(s);
  return s;
}

async function req<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const s = current;
  if (!s) throw new SyncHttpError('sync.unauthorized', 401, { error: 'auth.required' });
  try {
    return await call<T>({ baseUrl: s.baseUrl, token: s.token }, method, path, body);
  } catch (e) {
    // An expired or revoked session: back to the district sign-in.
    if (e instanceof SyncHttpError && e.status === 401) setSession(null);
    throw e;
  }
}

export type QuarantinedOp = {
  id: number; opId: string; deviceId: string; deviceSeq: number; officeId: string | null; entity: Op['entity']; entityId: string;
  kind: Op['kind']; step: string | null; reason: string; detail: unknown; staffId: string; source: 'push' | 'import'; receivedAt: string; fields: Record<string, unknown>;
};

/** An op refused before it took a place in its device's sequence (its number was taken). */
export type RefusedOp = {
  id: number; opId: string; deviceId: string; deviceSeq: number; officeId: string; entity: Op['entity'] | null; entityId: string | null;
  kind: Op['kind'] | null; reason: string; detail: unknown; receivedAt: string;
};

export const districtApi = {
  queue: () => req<DistrictQueue>('GET', '/v1/district/queue'),
  conflicts: (status: 'open' | 'resolved' | 'logged' | 'all' = 'open') => req<{ conflicts: Conflict[] }>('GET', `/v1/district/conflicts?status=${status}`),
  resolveConflict: (id: number, choose: 'server' | 'device') => req<Conflict>('POST', `/v1/district/conflicts/${id}/resolve`, { choose }),
  renumber: (applicationId: string) => req<{ id: string; journalNo: string; journalSeq: number; resolved: number[] }>('POST', `/v1/district/applications/${encodeURIComponent(applicationId)}/renumber`),
  duplicates: (status: DuplicateStatus | 'all' = 'open') => req<{ duplicates: Duplicate[] }>('GET', `/v1/district/duplicates?status=${status}`),
  setDuplicate: (id: number, status: DuplicateStatus) => req<Duplicate>('POST', `/v1/district/duplicates/${id}`, { status }),
  backlog: () => req<{ devices: BacklogDevice[] }>('GET', '/v1/district/backlog'),
  quarantine: () => req<{ ops: QuarantinedOp[]; refused: RefusedOp[] }>('GET', '/v1/district/quarantine?limit=500'),
  devices: () => req<{ devices: DeviceInfo[] }>('GET', '/v1/district/devices'),
  revokeDevice: (id: string) => req<{ id: string; revoked: boolean }>('POST', `/v1/district/devices/${encodeURIComponent(id)}/revoke`),
  /** deviceId: a code for that computer only, the one way back for a revoked one. */
  issueCode: (officeId: string, validHours: number, note?: string, deviceId?: string) =>
    req<EnrolmentCodeResponse>('POST', '/v1/district/enrolment-codes', { officeId, validHours, ...(note ? { note } : {}), ...(deviceId ? { deviceId } : {}) }),
  importBatch: (file: unknown) => req<ImportResponse>('POST', '/v1/import', file),
  catalog: () => req<{ entries: ServiceEntry[] }>('GET', '/v1/district/catalog'),
  saveCatalogEntry: (entry: unknown, code: string) => req<{ code: string; version: number }>('PUT', `/v1/district/catalog/${encodeURIComponent(code)}`, entry),
};
