/**
 * What the server logs of an error: its kind, its code and where it was
 * thrown, never its message. Messages carry values: PostgreSQL's detail names
 * the key of a unique violation ("Key (login)=(...)"), an invalid date is
 * quoted back, a JSON error repeats the input; any of them may be a child's
 * IIN or name. Installed as pino's `err` serializer, so every `{ err }` logged
 * by Fastify or by our code goes through it.
 */
type Loggable = Record<string, unknown>;

const CODE = /^[A-Za-z0-9_.-]{1,60}$/;
const SQL_NAME = /^[a-z0-9_]{1,63}$/;

/** Stack frames only ("    at fn (file:line)"): where, not what. */
const frames = (stack: unknown) =>
  typeof stack === 'string'
    ? stack
        .split('\n')
        .filter((l) => /^\s+at /.test(l))
        .slice(0, 15)
        .join('\n')
    : undefined;

export function safeErr(e: unknown, depth = 0): Loggable {
  if (!e || typeof e !== 'object') return { type: typeof e };
  const x = e as Record<string, unknown>;
  const out: Loggable = { type: (e as object).constructor?.name ?? 'Object' };
  if (typeof x.code === 'string' && CODE.test(x.code)) out.code = x.code;
  if (typeof x.status === 'number') out.status = x.status;
  if (typeof x.statusCode === 'number') out.statusCode = x.statusCode;
  // PostgreSQL's own names of where it failed (no values).
  for (const k of ['constraint', 'table', 'column', 'routine'] as const)
    if (typeof x[k] === 'string' && SQL_NAME.test(x[k] as string)) out[k] = x[k];
  const stack = frames(x.stack);
  if (stack) out.stack = stack;
  if (x.cause && depth < 3) out.cause = safeErr(x.cause, depth + 1);
  return out;
}

/**
 * A request as logged: method, path and address. Never the query string (a
 * cursor, a filter, in time a search) nor headers (credentials).
 */
export function safeReq(req: {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}): Loggable {
  return {
    method: req.method,
    path: typeof req.url === 'string' ? req.url.split('?')[0].slice(0, 200) : undefined,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
  };
}
