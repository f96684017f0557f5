/**
 * The layering of the tree as data, in one place. ESLint reads it (eslint.config.ts,
 * import-x/no-restricted-paths), so an editor underlines a forbidden import as it is typed;
 * tests/unit/layers.test.ts checks the same tables with the TypeScript compiler (dynamic and
 * type imports, host globals, import circles) and says which rule a violation breaks.
 */

/** The three hosts; each may import shared/ and nothing from the others. shared/ imports none of them. */
export const HOSTS = ['renderer', 'electron', 'server'] as const;

// --- inside renderer/ (renderer/README.md) ----------------------------------------------------
/** The one UI file that imports the data layer (as DeskApi). */
export const DESK_CLIENT = 'renderer/ui/deskClient.ts';
/** The one UI file that imports the sync engine's entry. */
export const SYNC_CLIENT = 'renderer/ui/syncClient.ts';
/** What deskClient may import from the data layer: its entry and the API types, not the implementation or the context. */
export const SERVICES_SURFACE = new Set(['renderer/services', 'renderer/services/api']);
/** Folders under the UI: none of them may import it (main.tsx, at the top, does). */
export const BELOW_UI = [
  'renderer/services',
  'renderer/sync',
  'renderer/db',
  'renderer/platform',
  'renderer/print',
  'renderer/sw',
];

// --- inside server/ (server/README.md) --------------------------------------------------------
/*
 * Each folder is a role and imports only the folders listed for it (its own always), so arrows
 * point down: routes over the roles, the roles over store/ and db/. http/app.ts, which registers
 * the routes, sits above them; the rest of http/ (context, errors, logging) sits below, so no
 * route can import app.ts and close a circle. A folder missing here is reported by the test.
 */
export const SERVER_IMPORTS: Record<string, readonly string[] | '*'> = {
  // Where the files read at run time are, for the sources and the bundle alike: imports nothing.
  'paths.ts': [],
  db: ['paths.ts'],
  migrations: [],
  tls: [],
  store: ['db'],
  auth: ['db', 'store'],
  queue: ['db', 'paths.ts'],
  reference: ['db', 'store'],
  ingest: ['db', 'store', 'auth'],
  pull: ['db', 'store', 'queue'],
  reconcile: ['db', 'store'],
  admin: ['db', 'store', 'auth'],
  // Reports read the records and write only their own tables (closes, norms, counts), audited.
  reports: ['db', 'store', 'admin'],
  http: ['db', 'store', 'auth', 'admin', 'paths.ts'],
  routes: [
    'db',
    'store',
    'auth',
    'admin',
    'ingest',
    'pull',
    'queue',
    'reconcile',
    'reference',
    'reports',
    'http',
    'setup',
    'backup',
  ],
  'http/app.ts': ['db', 'store', 'auth', 'admin', 'http', 'routes'],
  demo: ['db', 'store', 'auth', 'reconcile'],
  setup: ['db', 'store', 'auth', 'admin', 'reconcile', 'demo'],
  backup: ['db'],
  cli: ['db', 'store', 'auth', 'ingest', 'reference', 'admin', 'setup', 'backup'],
  'main.ts': '*',
};

// --- the same, as ESLint zones ------------------------------------------------------------------
type Zone = { target: string | string[]; from: string | string[]; except?: string[]; message: string };

/** A server unit as a path pattern: a folder, a top-level file, or http/ without app.ts. */
const serverPath = (unit: string) => `./server/${unit}`;

export function importZones(): Zone[] {
  const zones: Zone[] = [
    {
      target: './shared',
      from: HOSTS.map((h) => `./${h}`),
      message: 'shared/ is the bottom layer: it imports nothing from the hosts.',
    },
  ];
  for (const host of HOSTS) {
    zones.push({
      target: `./${host}`,
      from: HOSTS.filter((h) => h !== host).map((h) => `./${h}`),
      message: 'The hosts never import each other; what both need belongs in shared/.',
    });
  }
  zones.push(
    {
      target: './renderer/ui',
      from: './renderer/db',
      message: 'The UI never touches the database: ask DeskApi (ui/deskClient.ts).',
    },
    {
      target: './renderer/ui',
      from: './renderer/services',
      except: ['./index.ts', './api.ts'],
      message: 'The UI reaches the data layer only through its API surface (ui/deskClient.ts).',
    },
    {
      target: './renderer/ui',
      from: './renderer/sync',
      except: ['./index.ts'],
      message: 'The UI reaches sync only through its entry (ui/syncClient.ts).',
    },
    {
      target: BELOW_UI.map((d) => `./${d}`),
      from: './renderer/ui',
      message: 'Nothing below the UI imports it.',
    },
  );
  const units = Object.keys(SERVER_IMPORTS);
  for (const [unit, allowed] of Object.entries(SERVER_IMPORTS)) {
    if (allowed === '*') continue;
    // Every other unit not allowed (main.ts, at the top, included); http/ and its app.ts are one
    // folder on disk, so neither zone names the other (the test checks app.ts -> http/ apart).
    const forbidden = units.filter(
      (u) => u !== unit && !allowed.includes(u) && !(unit.startsWith('http') && u.startsWith('http')),
    );
    zones.push({
      // http/ sits below the routes, but its app.ts registers them: the folder's zone leaves it out.
      target: unit === 'http' ? './server/http/!(app).ts' : serverPath(unit),
      from: forbidden.map(serverPath),
      message: `server/${unit} may import only ${allowed.length ? allowed.join(', ') : 'shared/'} (scripts/layers.ts SERVER_IMPORTS).`,
    });
  }
  return zones;
}
