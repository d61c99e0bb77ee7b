import { test as base, expect, type Page, type APIRequestContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
const binary = process.env.OKNO_BROWSER_BIN ?? join(repoRoot, 'target', 'debug', 'okno-browser');
const uiDist = process.env.OKNO_UI_DIST ?? join(repoRoot, 'ui', 'dist');

export const DEMO_PASSWORD = 'okno-demo';

export interface Workstation {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The temporary folder holding this test's working copy. */
  dir: string;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Starts okno-browser on a free loopback port with a fresh working copy; resolves when it listens. */
export async function startWorkstation(demo: boolean): Promise<{ ws: Workstation; stop(): Promise<void> }> {
  if (!existsSync(binary)) throw new Error(`okno-browser not found at ${binary} (set OKNO_BROWSER_BIN)`);
  if (!existsSync(join(uiDist, 'index.html'))) throw new Error(`UI not built at ${uiDist} (run npm run build)`);
  const dir = mkdtempSync(join(tmpdir(), 'okno-e2e-'));
  const port = await freePort();
  const args = ['--data', join(dir, 'okno.db'), '--ui', uiDist, '--listen', `127.0.0.1:${port}`];
  if (demo) args.push('--demo');
  // No OS keyring on a test machine: seal keys and device secrets stay in memory.
  args.push('--memory-credentials');
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' } });
  let output = '';
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`okno-browser did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`okno-browser exited with ${code}:\n${output}`));
    });
  });
  // Keep draining output so the child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    ws: { url, dir },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Fixtures = { demo: boolean; workstation: Workstation };

export const test = base.extend<Fixtures>({
  demo: [true, { option: true }],
  workstation: async ({ demo }, use) => {
    const { ws, stop } = await startWorkstation(demo);
    await use(ws);
    await stop();
  },
  baseURL: async ({ workstation }, use) => {
    await use(workstation.url);
  },
});

export { expect };

/** Signs in through the login screen and waits for the workstation shell. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/');
  await page.getByLabel(/^(Username|Používateľské meno|Felhasználónév|Användarnamn|نام کاربری)/).fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await expect(page.locator('nav.sidebar')).toBeVisible();
}

/** Calls the workstation API directly (outside the UI). */
export async function api<T = unknown>(request: APIRequestContext, baseURL: string, command: string, args: unknown, token: string | null): Promise<{ status: number; body: T }> {
  const r = await request.post(`${baseURL}/api/${command}`, { data: { token, args } });
  return { status: r.status(), body: (await r.json()) as T };
}

export async function apiLogin(request: APIRequestContext, baseURL: string, username: string): Promise<string> {
  const r = await api<{ token: string }>(request, baseURL, 'login', { username, password: DEMO_PASSWORD }, null);
  expect(r.status).toBe(200);
  return r.body.token;
}

/** The session token the UI keeps for this tab. */
export async function sessionToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => sessionStorage.getItem('okno.session'));
  if (!raw) throw new Error('not signed in');
  return (JSON.parse(raw) as { token: string }).token;
}
