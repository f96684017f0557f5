/**
 * The district server as one bundled file, dist-server/main.mjs: what the
 * service runs (`node dist-server/main.mjs`). Run through the tsx loader the
 * server keeps its TypeScript transform and every module's source in memory
 * (about 200 MiB of a district server's resident memory); bundled, it starts
 * sooner and holds less. Packages stay in node_modules (PGlite finds its wasm
 * files there). The bundle sits one folder below the root, as server/paths.ts
 * does, so the files read at run time are found from either.
 *
 *   npm run build:server
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

async function buildServer(outfile = 'dist-server/main.mjs') {
  await build({
    absWorkingDir: root,
    entryPoints: ['server/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${await buildServer()}`);
}
