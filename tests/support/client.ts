/**
 * A Node client for the district server's HTTP API, used by the integration
 * tests and the benchmarks (and a reference for the desk's sync client).
 */
import { gzipSync } from 'node:zlib';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type BatchFile,
  type Conflict,
  type ErrorBody,
  type DistrictQueue,
  type Duplicate,
  type EnrolResponse,
  type ImportResponse,
  type Lease,
  type Op,
  type PullResponse,
  type PushResponse,
  type ResolveConflictRequest,
  type BacklogDevice,
  type Change,
} from '../../shared';

export type Reply<T = any> = { status: number; body: T; headers: Headers };

export type RequestOptions = {
  gzip?: boolean;
  headers?: Record<string, string>;
  /** Send this exact body (already serialised). */
  raw?: string | Buffer;
  /** Omit the protocol header (to test the version gate). */
  noProtocol?: boolean;
  protocolVersion?: number;
  token?: string | null;
  timeoutMs?: number;
};

export class ApiClient {
  token: string | null = null;
  constructor(
    readonly baseUrl: string,
    token: string | null = null,
  ) {
    this.token = token;
  }

  async request<T = any>(method: string, path: string, body?: unknown, o: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (!o.noProtocol) headers[PROTOCOL_HEADER] = String(o.protocolVersion ?? PROTOCOL_VERSION);
    const token = o.token === undefined ? this.token : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | Buffer | undefined = o.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) {
      headers['content-type'] ??= 'application/json';
      if (o.gzip) {
        payload = gzipSync(payload);
        headers['content-encoding'] = 'gzip';
      }
    }
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: payload as any,
      signal: AbortSignal.timeout(o.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string, o?: RequestOptions) {
    return this.request<T>('GET', path, undefined, o);
  }
  post<T = any>(path: string, body?: unknown, o?: RequestOptions) {
    return this.request<T>('POST', path, body ?? {}, o);
  }
}

function ok<T>(r: Reply<T>, what: string): T {
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** An office laptop as the server sees it: a credential, a batch key, a cursor. */
export class DeviceClient extends ApiClient {
  deviceId = '';
  officeId = '';
  batchKey = '';
  cursor = '0';
  enrolment: EnrolResponse | null = null;
  /** Blocks of official numbers this device leased with lease(). */
  leases: Lease[] = [];

  /** The same device talking to a server at another address (a restarted child process). */
  at(baseUrl: string): DeviceClient {
    const d = new DeviceClient(baseUrl, this.token);
    Object.assign(d, {
      deviceId: this.deviceId,
      officeId: this.officeId,
      batchKey: this.batchKey,
      cursor: this.cursor,
      enrolment: this.enrolment,
      leases: this.leases,
    });
    return d;
  }

  async enrol(code: string, deviceName = 'Test laptop', deviceId?: string): Promise<EnrolResponse> {
    const e = ok(
      await this.post<EnrolResponse>(
        '/v1/enrol',
        { code, deviceName, ...(deviceId ? { deviceId } : {}) },
        { token: null },
      ),
      'enrol',
    );
    this.token = e.token;
    this.deviceId = e.deviceId;
    this.officeId = e.officeId;
    this.batchKey = e.batchKey;
    this.cursor = e.cursor;
    this.enrolment = e;
    return e;
  }

  /** The raw answer: a PushResponse on 200, an ErrorBody otherwise. */
  pushRaw(ops: Op[], o: RequestOptions = {}): Promise<Reply<any>> {
    return this.post('/v1/push', { ops }, o);
  }
  async push(ops: Op[], o: RequestOptions = {}): Promise<PushResponse> {
    return ok<PushResponse>(await this.pushRaw(ops, o), 'push');
  }

  /** Pushes in batches of `size`, as the desk does, resuming from each acknowledgement. */
  async pushAll(ops: Op[], size = 200, o: RequestOptions = {}): Promise<PushResponse[]> {
    const out: PushResponse[] = [];
    for (let i = 0; i < ops.length; i += size) out.push(await this.push(ops.slice(i, i + size), o));
    return out;
  }

  /** own: 'skip' leaves out the records this device is known to hold (see server/pull/pull.ts). */
  async pull(limit?: number, own?: 'skip' | 'send'): Promise<PullResponse> {
    const q = new URLSearchParams({
      cursor: this.cursor,
      ...(limit ? { limit: String(limit) } : {}),
      ...(own ? { own } : {}),
    });
    const r = ok(await this.get<PullResponse>(`/v1/pull?${q}`), 'pull');
    this.cursor = r.cursor;
    // The last page brings the next token (rotation): used from the next request, as the desk does.
    if (r.token) {
      this.token = r.token;
      if (this.enrolment) this.enrolment = { ...this.enrolment, token: r.token };
    }
    return r;
  }

  /** Pages until `more` is false; returns every change and the last page (with the queue). */
  async pullAll(
    limit?: number,
    own?: 'skip' | 'send',
  ): Promise<{ changes: Change[]; last: PullResponse; pages: number }> {
    const changes: Change[] = [];
    let pages = 0;
    for (;;) {
      const r = await this.pull(limit, own);
      pages++;
      changes.push(...r.changes);
      if (!r.more) return { changes, last: r, pages };
    }
  }

  async lease(journal: string, year: number, size?: number): Promise<Lease> {
    const l = ok(await this.post<Lease>('/v1/leases', { journal, year, ...(size ? { size } : {}) }), 'lease');
    this.leases.push(l);
    return l;
  }
}

/** District staff with a session token. */
export class DistrictClient extends ApiClient {
  async login(login: string, password: string) {
    const r = ok(await this.post('/v1/district/login', { login, password }, { token: null }), 'district login');
    this.token = r.token;
    return r;
  }
  async enrolmentCode(officeId: string): Promise<string> {
    return ok(await this.post('/v1/district/enrolment-codes', { officeId }), 'enrolment code').code;
  }
  async conflicts(query = 'status=open'): Promise<Conflict[]> {
    return ok(await this.get(`/v1/district/conflicts?${query}`), 'conflicts').conflicts;
  }
  resolve(id: number, choose: ResolveConflictRequest['choose']) {
    return this.post<Conflict>(`/v1/district/conflicts/${id}/resolve`, { choose });
  }
  async duplicates(status = 'open'): Promise<Duplicate[]> {
    return ok(await this.get(`/v1/district/duplicates?status=${status}`), 'duplicates').duplicates;
  }
  async backlog(): Promise<BacklogDevice[]> {
    return ok(await this.get('/v1/district/backlog'), 'backlog').devices;
  }
  async queue(): Promise<DistrictQueue> {
    return ok(await this.get('/v1/district/queue'), 'queue');
  }
  /** The raw answer: an ImportResponse on 200, an ErrorBody otherwise. */
  importFile(file: BatchFile | unknown, o?: RequestOptions): Promise<Reply<ImportResponse & ErrorBody>> {
    return this.post('/v1/import', file, o);
  }
  revoke(deviceId: string) {
    return this.post(`/v1/district/devices/${deviceId}/revoke`, {});
  }
}
