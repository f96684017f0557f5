/**
 * The project's root folder, for the files the server reads at run time
 * (migrations, fonts, the built console, package.json). This file is one
 * folder below the root, and so is the bundled server (dist-server/main.mjs,
 * scripts/build-server.mjs): the same path from either.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const fromRoot = (...parts: string[]) => join(ROOT, ...parts);
