/**
 * End-to-end tests run the built web mode (dist/) in the system Chromium: the
 * build machines cannot download Playwright's browsers, and web mode is the
 * same renderer Electron loads. scripts/test-all.sh builds dist/ first.
 */
import { register } from 'node:module';
import { defineConfig, devices } from '@playwright/test';

// The specs import shared/ (makeIin, the PDF text helper), which imports JSON without import
// attributes as Vite allows; Node needs the attribute, so a loader hook adds it. The config is
// loaded by the runner and by every worker, so all of them get the hook.
register('./tests/e2e/support/json-modules.mjs', import.meta.url);

const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  // Two cores shared with the static server and the browser: one worker is faster than thrashing.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Ceilings, not waits: every step waits for an event (an element, a download, a log line) and
  // moves on the moment it comes. They are wide because CI machines are shared: a fresh clone's run
  // beside a CPU-heavy job once took the two-office sync test past a 60 s ceiling.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: BASE_URL,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'node scripts/serve-dist.mjs',
    url: BASE_URL,
    env: { PORT: String(PORT), HOST: '127.0.0.1', ...(process.env.DIST_DIR ? { DIST_DIR: process.env.DIST_DIR } : {}) },
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
