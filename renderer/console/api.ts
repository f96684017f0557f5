/**
 * The district console's one client for its server. The console is served by
 * the district server itself, so every call is same-origin: the session is an
 * HttpOnly cookie the browser sends by itself (no token ever reaches script),
 * and every state-changing call carries `x-akimat-console: 1`, which a page on
 * another origin cannot add without a preflight the server refuses (CSRF).
 * Screens never call fetch themselves: they call this module.
 */
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type AuditEntry,
  type BacklogDevice,
  type BackupStatus,
  type Conflict,
  type ConsoleSession,
  type DeviceBoardRow,
  type DistrictSettings,
  type LeaseFile,
  type DistrictQueue,
  type DistrictQueueQuery,
  type DistrictSetup,
  type Duplicate,
  type DuplicateDecision,
  type DuplicateStatus,
  type EnrolmentCodeInfo,
  type EnrolmentCodeResponse,
  type ImportReport,
  type Kindergarten,
  type KindergartenInput,
  type Office,
  type OfficeInput,
  type ServiceEntry,
  type SetupStatus,
  type StaffAdmin,
  type StaffInput,
} from '../../shared';

const CONSOLE_HEADER = 'x-akimat-console';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A refused or failed call: the HTTP status and the server's own error code (a key under errors:remote.*). */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(`${status} ${code}`);
    this.name = 'ConsoleApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Told when a call comes back 401: the session ended (expired, signed out elsewhere, account disabled). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => {
    unauthorizedListeners.delete(fn);
  };
}

export async function send(
  method: Method,
  path: string,
  body?: unknown,
  opts: { raw?: Blob | ArrayBuffer; contentType?: string; quiet401?: boolean } = {},
): Promise<Response> {
  const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [CONSOLE_HEADER]: '1' };
  let payload: BodyInit | undefined;
  if (opts.raw !== undefined) {
    headers['content-type'] = opts.contentType ?? 'application/octet-stream';
    payload = opts.raw;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ConsoleApiError(0, 'network');
  }
  if (!res.ok) {
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    const code = typeof json.error === 'string' ? json.error : `http.${res.status}`;
    if (res.status === 401 && !opts.quiet401) for (const l of unauthorizedListeners) l();
    throw new ConsoleApiError(res.status, code, json);
  }
  return res;
}

export async function json<T>(method: Method, path: string, body?: unknown, opts?: { quiet401?: boolean }): Promise<T> {
  const res = await send(method, path, body, opts);
  return (await res.json()) as T;
}

/** Lists come wrapped ({offices: [...]}); a bare array is taken too, so a changed envelope does not blank a screen. */
function list<T>(v: unknown, key: string): T[] {
  if (Array.isArray(v)) return v as T[];
  const inner = (v as Record<string, unknown> | null)?.[key];
  return Array.isArray(inner) ? (inner as T[]) : [];
}

const id = encodeURIComponent;

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A quarantined or refused op as the reconciliation list shows it (the fields it needs of either). */
export type QuarantineRow = {
  id: number;
  deviceId: string;
  deviceSeq: number;
  officeId: string | null;
  entity: string | null;
  kind: string | null;
  reason: string;
  receivedAt: string;
};

export type AuditFilter = {
  action?: string;
  actorId?: string;
  target?: string;
  from?: string;
  to?: string;
  before?: number;
};
export type RevokeMode = 'stop' | 'drain';
export type IssuedCode = EnrolmentCodeResponse & { certificateFingerprint?: string | null };

export const consoleApi = {
  // --- first run and the session -------------------------------------------------------------
  setupStatus: () => json<SetupStatus>('GET', '/v1/setup', undefined, { quiet401: true }),
  setup: (input: DistrictSetup) => json<unknown>('POST', '/v1/setup', input),
  /** The session in force, or null (no cookie, or it expired). */
  async session(): Promise<ConsoleSession | null> {
    try {
      return await json<ConsoleSession>('GET', '/v1/console/session', undefined, { quiet401: true });
    } catch (e) {
      if (e instanceof ConsoleApiError && e.status === 401) return null;
      throw e;
    }
  },
  signIn: (login: string, password: string) =>
    json<ConsoleSession>('POST', '/v1/console/session', { login, password }, { quiet401: true }),
  signOut: () => send('DELETE', '/v1/console/session', undefined, { quiet401: true }).then(() => undefined),
  changePassword: (current: string, next: string) =>
    json<unknown>('POST', '/v1/console/password', { current, next }, { quiet401: true }),

  // --- offices, staff, kindergartens -----------------------------------------------------------
  offices: async () => list<Office>(await json('GET', '/v1/district/offices'), 'offices'),
  createOffice: (input: OfficeInput) => json<unknown>('POST', '/v1/district/offices', input),
  updateOffice: (officeId: string, input: OfficeInput) =>
    json<unknown>('PUT', `/v1/district/offices/${id(officeId)}`, input),
  closeOffice: (officeId: string) => json<unknown>('POST', `/v1/district/offices/${id(officeId)}/close`, {}),

  staff: async (officeId?: string) =>
    list<StaffAdmin>(await json('GET', `/v1/district/staff${query({ officeId })}`), 'staff'),
  createStaff: (input: StaffInput) =>
    json<{ staff: StaffAdmin; oneTimePassword: string }>('POST', '/v1/district/staff', input),
  updateStaff: (staffId: string, input: StaffInput) => json<unknown>('PUT', `/v1/district/staff/${id(staffId)}`, input),
  setStaffActive: (staffId: string, active: boolean) =>
    json<unknown>('POST', `/v1/district/staff/${id(staffId)}/${active ? 'enable' : 'disable'}`, {}),
  resetPassword: (staffId: string) =>
    json<{ oneTimePassword: string }>('POST', `/v1/district/staff/${id(staffId)}/reset-password`, {}),

  kindergartens: async () => list<Kindergarten>(await json('GET', '/v1/district/kindergartens'), 'kindergartens'),
  createKindergarten: (input: KindergartenInput) => json<unknown>('POST', '/v1/district/kindergartens', input),
  updateKindergarten: (kgId: string, input: KindergartenInput) =>
    json<unknown>('PUT', `/v1/district/kindergartens/${id(kgId)}`, input),

  // --- import ------------------------------------------------------------------------------------
  /** The template as a Blob (downloaded through script so the protocol header goes with it). */
  importTemplate: async () => (await send('GET', '/v1/district/import/template.xlsx')).blob(),
  importPreview: async (file: Blob) =>
    (
      await send('POST', '/v1/district/import/preview', undefined, { raw: file, contentType: XLSX_TYPE })
    ).json() as Promise<ImportReport>,
  importApply: async (file: Blob) =>
    (
      await send('POST', '/v1/district/import/apply', undefined, { raw: file, contentType: XLSX_TYPE })
    ).json() as Promise<ImportReport>,

  // --- devices and codes --------------------------------------------------------------------------
  devices: async () => list<DeviceBoardRow>(await json('GET', '/v1/district/devices'), 'devices'),
  revokeDevice: (deviceId: string, mode: RevokeMode) =>
    json<unknown>('POST', `/v1/district/devices/${id(deviceId)}/revoke`, { mode }),
  /** A signed lease file for a laptop with no link: its blocks are recorded as the laptop's at once. */
  leaseFile: (deviceId: string) => json<LeaseFile>('POST', `/v1/district/devices/${id(deviceId)}/lease-file`, {}),
  settings: () => json<DistrictSettings>('GET', '/v1/district/settings'),
  saveSettings: (s: Partial<DistrictSettings>) => json<DistrictSettings>('PUT', '/v1/district/settings', s),
  codes: async (status: 'active' | 'used' | 'expired' | 'withdrawn' | 'all' = 'all') =>
    list<EnrolmentCodeInfo>(await json('GET', `/v1/district/enrolment-codes${query({ status })}`), 'codes'),
  issueCode: (officeId: string, validHours: number, note?: string, deviceId?: string) =>
    json<IssuedCode>('POST', '/v1/district/enrolment-codes', {
      officeId,
      validHours,
      ...(note ? { note } : {}),
      ...(deviceId ? { deviceId } : {}),
    }),
  withdrawCode: (codeId: number) => json<unknown>('POST', `/v1/district/enrolment-codes/${codeId}/withdraw`, {}),

  // --- reconciliation (the same calls as the desk's district tabs, with the cookie) -------------
  conflicts: async () => list<Conflict>(await json('GET', '/v1/district/conflicts?status=open'), 'conflicts'),
  resolveConflict: (conflictId: number, choose: 'server' | 'device') =>
    json<Conflict>('POST', `/v1/district/conflicts/${conflictId}/resolve`, { choose }),
  duplicates: async (status: DuplicateStatus | 'all' = 'open') =>
    list<Duplicate>(await json('GET', `/v1/district/duplicates?status=${status}`), 'duplicates'),
  /** `keep` (with merged): the application that keeps its place; the other is withdrawn from the queue. */
  setDuplicate: (dupId: number, status: DuplicateDecision, keep?: string) =>
    json<Duplicate>('POST', `/v1/district/duplicates/${dupId}`, { status, ...(keep ? { keep } : {}) }),
  backlog: async () => list<BacklogDevice>(await json('GET', '/v1/district/backlog'), 'devices'),
  quarantine: () =>
    json<{ ops: QuarantineRow[]; refused: QuarantineRow[] }>('GET', '/v1/district/quarantine?limit=500'),

  // --- the district queue and the service catalog (the desk's district tabs, with the cookie) ----
  /** The waiting children by age, district-wide positions; `officeId` keeps one office's rows (totals stay the district's). */
  queue: (f: DistrictQueueQuery = {}) => json<DistrictQueue>('POST', '/v1/district/queue', f),
  /** The same list printed (PDF) or exported (XLSX, CSV) as of now; the filter (a search too) goes in the body, not the URL. */
  queueFile: async (ext: 'pdf' | 'xlsx' | 'csv', f: DistrictQueueQuery) =>
    (await send('POST', `/v1/district/queue.${ext}`, f)).blob(),
  catalog: async () => list<ServiceEntry>(await json('GET', '/v1/district/catalog'), 'entries'),
  /** Replaces the entry of this code (the entry's own code must be the same); answers the catalog's new version. */
  saveCatalogEntry: (entry: ServiceEntry) =>
    json<{ code: string; version: number }>('PUT', `/v1/district/catalog/${id(entry.code)}`, entry),

  // --- audit and backups -----------------------------------------------------------------------
  audit: async (f: AuditFilter) => list<AuditEntry>(await json('GET', `/v1/district/audit${query(f)}`), 'entries'),
  backups: () => json<BackupStatus>('GET', '/v1/district/backups'),
  runBackup: () => json<unknown>('POST', '/v1/district/backups', {}),
};
export type ConsoleApi = typeof consoleApi;
