/**
 * A loopback TCP proxy that breaks links the way a village's 2G does: it
 * forwards HTTP/1.1 between a client and a server, counts the bytes each way,
 * and kills a chosen fraction of exchanges halfway through, either in the
 * request (the server never gets all of it) or in the response (the server
 * did the work, the client never hears). A cut destroys both sockets after a
 * random part of the message went through. Decisions come from a seeded
 * generator, so a sequential client sees the same cuts on every run.
 *
 * Cuts are decided per request, not per TCP connection: HTTP clients keep one
 * connection alive for many requests, so "30% of connections" would otherwise
 * mean a single coin toss. Every cut still ends its connection.
 *
 * The proxy parses just enough HTTP to find message boundaries
 * (Content-Length, chunked bodies, HEAD and 1xx/204/304 answers), which also
 * lets a test capture whole requests (onRequest) to replay them later.
 */
import net from 'node:net';

export type CutIn = 'request' | 'response' | 'both';

export type FlakyProxyOptions = {
  target: { host?: string; port: number };
  /** Share of requests (0..1) whose connection is cut mid-message. */
  cutFraction?: number;
  cutIn?: CutIn;
  seed?: number;
  /** One-way delay added to everything, each direction (ms): a long link. */
  latencyMs?: number;
  /** Each request that reached the server whole (the raw bytes: head and body as sent, gzip included). */
  onRequest?: (req: CapturedRequest) => void;
  /** Told of every cut: which request, where, how many of the message's bytes went through. */
  onCut?: (c: { method: string; path: string; where: 'request' | 'response'; sent: number; total: number }) => void;
  /** Only requests whose path starts with this are cut (default: all). */
  cutPaths?: string[];
  host?: string;
  port?: number;
};

export type CapturedRequest = { method: string; path: string; headers: Record<string, string>; body: Buffer };

export type ProxyStats = {
  connections: number;
  requests: number;
  cuts: number;
  cutsInRequest: number;
  cutsInResponse: number;
  /** Bytes the client sent (to the proxy) and received (from it). */
  bytesUp: number;
  bytesDown: number;
};

export type FlakyProxy = {
  url: string;
  port: number;
  stats: ProxyStats;
  /** Zeroes the counters (between phases of a benchmark). */
  reset(): ProxyStats;
  setCutFraction(f: number): void;
  /** Points new connections at another server (a restarted one). */
  setTarget(t: { host?: string; port: number }): void;
  /** Cuts every open connection now. */
  dropAll(): void;
  close(): Promise<void>;
};

/** mulberry32: small, fast, good enough to pick cut points. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Head = { startLine: string; headers: Record<string, string> };
type Segment = { msg: number; bytes: Buffer; start: boolean; end: boolean; head?: Head };

const CRLFCRLF = Buffer.from('\r\n\r\n');

function parseHead(raw: Buffer): Head {
  const lines = raw.toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { startLine: lines[0], headers };
}

/**
 * Splits one direction of an HTTP/1.1 connection into messages. For
 * responses, `methodOf(i)` says which request the i-th answers (HEAD has no body).
 */
class MessageSplitter {
  private msg = 0;
  private state: 'head' | 'length' | 'chunkSize' | 'chunkData' | 'trailer' | 'close' = 'head';
  private head: Buffer[] = [];
  private headLen = 0;
  private remaining = 0;
  private line = '';
  private started = false;

  constructor(
    private kind: 'request' | 'response',
    private methodOf: (i: number) => string | undefined = () => undefined,
  ) {}

  push(chunk: Buffer): Segment[] {
    const out: Segment[] = [];
    let off = 0;
    let cur: Segment | null = null;
    const take = (n: number, end: boolean, head?: Head) => {
      const bytes = chunk.subarray(off, off + n);
      off += n;
      if (!cur) {
        cur = { msg: this.msg, bytes, start: !this.started, end: false };
        this.started = true;
        out.push(cur);
      } else cur.bytes = Buffer.concat([cur.bytes, bytes]);
      if (head) cur.head = head;
      if (end) {
        cur.end = true;
        cur = null;
        this.msg++;
        this.started = false;
        this.state = 'head';
      }
    };
    while (off < chunk.length) {
      if (this.state === 'head') {
        // The end of the head may straddle chunks: search the joined tail.
        const prevTail = Buffer.concat(this.head).subarray(Math.max(0, this.headLen - 3));
        const window = Buffer.concat([prevTail, chunk.subarray(off)]);
        const at = window.indexOf(CRLFCRLF);
        if (at < 0) {
          const rest = chunk.subarray(off);
          this.head.push(Buffer.from(rest));
          this.headLen += rest.length;
          take(rest.length, false);
          continue;
        }
        const n = at + 4 - prevTail.length;
        const part = chunk.subarray(off, off + n);
        const raw = Buffer.concat([...this.head, part]);
        this.head = [];
        this.headLen = 0;
        const head = parseHead(raw.subarray(0, raw.length - 4));
        const mode = this.bodyMode(head);
        if (mode.kind === 'none') {
          take(n, true, head);
          continue;
        }
        take(n, false, head);
        if (mode.kind === 'length') {
          this.state = 'length';
          this.remaining = mode.length;
        } else if (mode.kind === 'chunked') {
          this.state = 'chunkSize';
          this.line = '';
        } else this.state = 'close';
        continue;
      }
      if (this.state === 'length') {
        const n = Math.min(this.remaining, chunk.length - off);
        this.remaining -= n;
        take(n, this.remaining === 0);
        continue;
      }
      if (this.state === 'chunkSize' || this.state === 'trailer') {
        const nl = chunk.indexOf(0x0a, off);
        const end = nl < 0 ? chunk.length : nl + 1;
        this.line += chunk.subarray(off, end).toString('latin1');
        if (nl < 0) {
          take(end - off, false);
          continue;
        }
        const line = this.line.replace(/\r?\n$/, '');
        this.line = '';
        if (this.state === 'trailer') {
          take(end - off, line === '');
          continue;
        }
        const size = parseInt(line.split(';')[0], 16);
        if (size === 0) {
          this.state = 'trailer';
          take(end - off, false);
        } else {
          this.state = 'chunkData';
          this.remaining = size + 2; // data and its CRLF
          take(end - off, false);
        }
        continue;
      }
      if (this.state === 'chunkData') {
        const n = Math.min(this.remaining, chunk.length - off);
        this.remaining -= n;
        take(n, false);
        if (this.remaining === 0) this.state = 'chunkSize';
        continue;
      }
      take(chunk.length - off, false); // 'close': the body runs to the end of the connection
    }
    return out;
  }

  private bodyMode(
    h: Head,
  ): { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' } {
    if (this.kind === 'response') {
      const status = Number(h.startLine.split(' ')[1]);
      if (status >= 100 && status < 200) {
        this.msg--; // an interim answer: the final one still answers the same request
        return { kind: 'none' };
      }
      if (status === 204 || status === 304 || this.methodOf(this.msg) === 'HEAD') return { kind: 'none' };
    }
    if (/chunked/i.test(h.headers['transfer-encoding'] ?? '')) return { kind: 'chunked' };
    const cl = h.headers['content-length'];
    if (cl !== undefined) return Number(cl) > 0 ? { kind: 'length', length: Number(cl) } : { kind: 'none' };
    return this.kind === 'request' ? { kind: 'none' } : { kind: 'close' };
  }
}

type Plan = { cut: 'request' | 'response' | null; at: number; method: string; path: string };

export async function startFlakyProxy(o: FlakyProxyOptions): Promise<FlakyProxy> {
  let target = { host: o.target.host ?? '127.0.0.1', port: o.target.port };
  let cutFraction = o.cutFraction ?? 0;
  const rnd = seededRandom(o.seed ?? 1);
  const latency = o.latencyMs ?? 0;
  const zero = (): ProxyStats => ({
    connections: 0,
    requests: 0,
    cuts: 0,
    cutsInRequest: 0,
    cutsInResponse: 0,
    bytesUp: 0,
    bytesDown: 0,
  });
  const stats = zero();
  const open = new Set<() => void>();

  const server = net.createServer((client) => {
    stats.connections++;
    const upstream = net.connect(target.port, target.host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let dead = false;
    const kill = () => {
      if (dead) return;
      dead = true;
      open.delete(kill);
      client.destroy();
      upstream.destroy();
    };
    open.add(kill);

    // Delivery in order, after the link's delay.
    const pipe = (to: net.Socket) => {
      const queue: Array<{ at: number; data: Buffer | 'end' | 'kill' }> = [];
      let timer: NodeJS.Timeout | null = null;
      const flush = () => {
        timer = null;
        const now = Date.now();
        while (queue.length && queue[0].at <= now) {
          const { data } = queue.shift()!;
          if (dead) return;
          if (data === 'kill') return kill();
          if (data === 'end') to.end();
          else to.write(data);
        }
        if (queue.length) timer = setTimeout(flush, queue[0].at - now);
      };
      return (data: Buffer | 'end' | 'kill') => {
        if (dead) return;
        if (!latency) {
          if (data === 'kill') kill();
          else if (data === 'end') to.end();
          else to.write(data);
          return;
        }
        queue.push({ at: Date.now() + latency, data });
        if (!timer) timer = setTimeout(flush, latency);
      };
    };
    const toServer = pipe(upstream);
    const toClient = pipe(client);

    const methods: string[] = [];
    const plans: Array<Plan | undefined> = [];
    const reqSplit = new MessageSplitter('request');
    const resSplit = new MessageSplitter('response', (i) => methods[i]);
    let capture: { head: Head; parts: Buffer[] } | null = null;

    const decide = (head: Head): Plan => {
      const [method, path = ''] = head.startLine.split(' ');
      const eligible = !o.cutPaths || o.cutPaths.some((p) => path.startsWith(p));
      // Always three draws per request, cut or not: the sequence stays repeatable.
      const a = rnd();
      const b = rnd();
      const at = rnd();
      if (!eligible || a >= cutFraction) return { cut: null, at, method, path };
      const where =
        o.cutIn === 'request' ? 'request' : o.cutIn === 'response' ? 'response' : b < 0.5 ? 'request' : 'response';
      return { cut: where, at, method, path };
    };

    /** Sends a random part of `bytes` (never all of it), then kills the connection. Returns the bytes sent. */
    const cutNow = (send: (d: Buffer | 'kill') => void, bytes: Buffer, at: number, minPrefix: number): number => {
      const total = bytes.length;
      const n = total <= minPrefix ? 0 : Math.min(total - 1, minPrefix + Math.floor(at * (total - minPrefix)));
      if (n > 0) send(bytes.subarray(0, n));
      send('kill');
      return n;
    };

    // Bytes of the current request held until its head is parsed (or, when it is to be cut, until its end).
    let holding: Buffer[] = [];
    client.on('data', (chunk: Buffer) => {
      stats.bytesUp += chunk.length;
      for (const seg of reqSplit.push(chunk)) {
        if (seg.start) {
          stats.requests++;
          holding = [];
          plans[seg.msg] = undefined;
        }
        if (seg.head) {
          methods[seg.msg] = seg.head.startLine.split(' ')[0];
          const p = (plans[seg.msg] = decide(seg.head));
          if (p.cut) {
            stats.cuts++;
            if (p.cut === 'request') stats.cutsInRequest++;
            else stats.cutsInResponse++;
          }
          capture = o.onRequest && p.cut !== 'request' ? { head: seg.head, parts: [] } : null;
        }
        const plan = plans[seg.msg];
        if (!plan || plan.cut === 'request') {
          holding.push(seg.bytes);
          if (plan && seg.end) {
            const all = Buffer.concat(holding);
            const sent = cutNow(toServer, all, plan.at, 1);
            o.onCut?.({ method: plan.method, path: plan.path, where: 'request', sent, total: all.length });
          }
          continue;
        }
        const bytes = holding.length ? Buffer.concat([...holding, seg.bytes]) : seg.bytes;
        holding = [];
        capture?.parts.push(bytes);
        toServer(bytes);
        if (seg.end && capture) {
          const all = Buffer.concat(capture.parts);
          const [method, path] = capture.head.startLine.split(' ');
          o.onRequest!({ method, path, headers: capture.head.headers, body: all.subarray(all.indexOf(CRLFCRLF) + 4) });
          capture = null;
        }
      }
    });

    let response: Buffer[] = [];
    upstream.on('data', (chunk: Buffer) => {
      for (const seg of resSplit.push(chunk)) {
        const plan = plans[seg.msg];
        if (plan?.cut === 'response') {
          response.push(seg.bytes);
          if (seg.end) {
            const whole = Buffer.concat(response);
            response = [];
            const sent = cutNow(toClient, whole, plan.at, 0);
            stats.bytesDown += sent;
            o.onCut?.({ method: plan.method, path: plan.path, where: 'response', sent, total: whole.length });
          }
          continue;
        }
        stats.bytesDown += seg.bytes.length;
        toClient(seg.bytes);
      }
    });

    client.on('end', () => toServer('end'));
    upstream.on('end', () => toClient('end'));
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', () => (latency ? toServer('kill') : kill()));
    upstream.on('close', () => (latency ? toClient('kill') : kill()));
  });

  await new Promise<void>((res) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', res));
  const addr = server.address() as net.AddressInfo;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${addr.port}`,
    port: addr.port,
    stats,
    reset() {
      const before = { ...stats };
      Object.assign(stats, zero());
      return before;
    },
    setCutFraction(f) {
      cutFraction = f;
    },
    setTarget(t) {
      target = { host: t.host ?? '127.0.0.1', port: t.port };
    },
    dropAll() {
      for (const k of [...open]) k();
    },
    close: () =>
      new Promise<void>((res) => {
        for (const k of [...open]) k();
        server.close(() => res());
      }),
  };
}
