// Desktop end-to-end smoke test of the real Tauri binary: under Xvfb, through tauri-driver and
// Debian's WebKitWebDriver. Start, log in, register a case, save its receipt through the shell's
// one `document` command, see the case in the list.
//
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/desktop/smoke.mjs target/debug/okno
//
// Plain WebDriver over HTTP (fetch): no client library needed. Prints "1 passed, 0 failed".
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const app = resolve(process.argv[2] ?? 'target/debug/okno');
const port = 4444 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${port}`;
const shots = process.env.OKNO_SCREENSHOTS;
const scratch = mkdtempSync(join(tmpdir(), 'okno-desktop-'));
const data = join(scratch, 'okno.db');
// The app's folders (where saved documents go without a Documents folder) in the scratch folder.
const appHome = { XDG_DATA_HOME: join(scratch, 'data'), XDG_CONFIG_HOME: join(scratch, 'config') };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ENTER = '\uE007';
const ARROW_DOWN = '\uE015';

async function wd(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

const driver = spawn('tauri-driver', ['--port', String(port)], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, ...appHome },
});
let session;
let failed = false;
const watchdog = setTimeout(() => {
  console.error('desktop smoke test: timed out (is there a display? run under xvfb-run)');
  driver.kill('SIGKILL');
  process.exit(1);
}, 240_000);

async function waitFor(using, value, { timeout = 30_000, text } = {}) {
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    try {
      const els = await wd('POST', `/session/${session}/elements`, { using, value });
      for (const el of els) {
        const id = Object.values(el)[0];
        if (!text) return id;
        const t = await wd('GET', `/session/${session}/element/${id}/text`);
        if (t.includes(text)) return id;
        last = t;
      }
    } catch (e) {
      last = e.message;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${value}${text ? ` with text ${text}` : ''} (last: ${last})`);
}
const css = (value, opts) => waitFor('css selector', value, opts);
const type = (id, text) => wd('POST', `/session/${session}/element/${id}/value`, { text });
const click = (id) => wd('POST', `/session/${session}/element/${id}/click`, {});
async function screenshot(name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  const png = await wd('GET', `/session/${session}/screenshot`);
  writeFileSync(join(shots, name), Buffer.from(png, 'base64'));
}

/** Every file under `dir`, recursively (none when it does not exist yet). */
function filesUnder(dir) {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
  } catch {
    return [];
  }
}

/** Sums RSS over the process tree rooted at the running `app` binary. */
function residentMemoryMb(appPath) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' })
    .trim().split('\n').map((l) => l.trim().split(/\s+/)).map(([pid, ppid, rss, ...args]) => ({ pid, ppid, rss: +rss, args: args.join(' ') }));
  const roots = rows.filter((r) => r.args.startsWith(appPath));
  const tree = new Set(roots.map((r) => r.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) if (tree.has(r.ppid) && !tree.has(r.pid)) { tree.add(r.pid); grew = true; }
  }
  return rows.filter((r) => tree.has(r.pid)).reduce((kb, r) => kb + r.rss, 0) / 1024;
}

try {
  for (let i = 0; ; i++) {
    try {
      await wd('GET', '/status');
      break;
    } catch {
      if (i > 100) throw new Error('tauri-driver did not start');
      await sleep(100);
    }
  }
  const started = Date.now();
  session = (
    await wd('POST', '/session', {
      capabilities: {
        alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app, args: ['--data', data, '--demo'] } },
      },
    })
  ).sessionId;

  // Log in as the English-speaking demo clerk.
  const user = await css('input[name="username"]', { timeout: 60_000 });
  console.log(`login screen ready ${Date.now() - started} ms after the session was requested`);
  await screenshot('desktop-login.png');
  if (process.env.OKNO_MEASURE) {
    // Idle resident memory of the app and its WebKit processes, after 10 s on the login screen.
    await sleep(10_000);
    console.log(`idle resident memory: ${residentMemoryMb(app).toFixed(0)} MB (app + WebKit processes)`);
  }
  await type(user, 'clerk');
  await type(await css('input[name="password"]'), 'okno-demo' + ENTER);

  // Home: the day's cases. Then the intake form.
  await css('main');
  await click(await css('a[href="#/cases/new"], a[href$="/new"]'));
  await type(await css('input[name="party.name"]'), 'Ľubica Šťastná');
  const service = await css('[role="combobox"]');
  await type(service, 'waste');
  await sleep(300);
  await type(service, ARROW_DOWN + ENTER);
  await type(await css('input[name="subject"]'), 'Waste fee for a new household');
  await click(await css('form button[type="submit"]'));
  const numberEl = await css('.case-number-big');
  const numberText = await wd("GET", `/session/${session}/element/${numberEl}/text`);
  const number = numberText.match(/C-\d{4}\/\d{5}/)?.[0];
  if (!number) throw new Error(`no case number in ${JSON.stringify(numberText)}`);
  console.log(`registered ${number}`);
  await screenshot('desktop-registered.png');

  // Its receipt, saved through the shell's one document command: a PDF under its number.
  await click(await waitFor('xpath', "//button[contains(., 'Save receipt as PDF')]"));
  const receiptName = `receipt-${number.replace('/', '-')}.pdf`;
  await css('[role="status"], .toast', { text: receiptName });
  const saved = filesUnder(appHome.XDG_DATA_HOME).find((f) => f.endsWith(receiptName));
  if (!saved) throw new Error(`no ${receiptName} among ${JSON.stringify(filesUnder(scratch))}`);
  if (readFileSync(saved).subarray(0, 4).toString('latin1') !== '%PDF') throw new Error(`${saved} is not a PDF`);
  console.log(`receipt saved to ${saved}`);

  // The case list shows it.
  await click(await css('a[href="#/cases"], a[href$="/cases"]'));
  // Visible text only (WebDriver's element text is what is rendered).
  await css('main table', { text: number });
  await css('main table', { text: 'Ľubica Šťastná' });
  await screenshot('desktop-cases.png');

  // The waiting-room display: a second window of the app, showing the line without a sign-in.
  await click(await css('a[href="#/queue"]'));
  const main = await wd('GET', `/session/${session}/window`);
  await click(await waitFor('xpath', "//button[contains(., 'Waiting-room display')]"));
  let display = null;
  for (let i = 0; i < 100 && !display; i++) {
    const handles = await wd('GET', `/session/${session}/window/handles`);
    display = handles.find((h) => h !== main) ?? null;
    if (!display) await sleep(100);
  }
  if (!display) throw new Error('the waiting-room display window did not open');
  await wd('POST', `/session/${session}/window`, { handle: display });
  await css('main.display h1', { text: 'Mestský úrad Rajec' });
  await screenshot('desktop-display.png');
  await wd('POST', `/session/${session}/window`, { handle: main });
  console.log('desktop smoke: log in, register a case, save its receipt, see it in the list, open the display — ok');
} catch (e) {
  failed = true;
  console.error('desktop smoke test failed:', e.message);
  try {
    await screenshot('desktop-failure.png');
  } catch {}
} finally {
  if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
  driver.kill();
  clearTimeout(watchdog);
  console.log(failed ? '0 passed, 1 failed' : '1 passed, 0 failed');
  process.exit(failed ? 1 : 0);
}
