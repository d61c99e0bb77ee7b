import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, repoRoot } from './fixtures';

/**
 * The office server for browser tests: okno-server over a fresh database of the PostgreSQL that
 * DATABASE_URL names (scripts/test runs the suite under scripts/with-postgres), with the demo
 * office created by okno-demo.
 */
const serverBin = process.env.OKNO_SERVER_BIN ?? join(repoRoot, 'target', 'debug', 'okno-server');
const demoBin = process.env.OKNO_DEMO_BIN ?? join(repoRoot, 'target', 'debug', 'okno-demo');

/** An okno-server over a fresh PostgreSQL database, with the demo office and an enrolment code. */
export interface OfficeServer {
  url: string;
  office: string;
  code: string;
  /** A new enrolment code (each enrols one workstation). */
  newCode(): string;
  /** The address of a desk's rating tablet, with its key (`/rate?office=…&desk=…&key=…`). */
  ratingTablet(desk: string): string;
  stop(): void;
}

function databaseUrl(name: string): { admin: string; url: string } {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run under scripts/with-postgres');
  const u = new URL(base);
  const admin = u.toString();
  u.pathname = `/${name}`;
  return { admin, url: u.toString() };
}

export async function startServer(): Promise<OfficeServer> {
  if (!existsSync(serverBin)) throw new Error(`okno-server not found at ${serverBin}`);
  const name = `okno_e2e_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const { admin, url } = databaseUrl(name);
  execFileSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${name}`]);
  const env = { ...process.env, DATABASE_URL: url, RUST_LOG: 'warn' };
  execFileSync(serverBin, ['migrate'], { env });
  const office = execFileSync(demoBin, ['office'], { env }).toString().trim().split(/\s+/).pop()!;
  const code = execFileSync(serverBin, ['enrolment-code', '--office', office], { env }).toString().trim();
  const port = await freePort();
  const child: ChildProcess = spawn(serverBin, ['serve', '--listen', `127.0.0.1:${port}`], { env, stdio: 'ignore' });
  const serverUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${serverUrl}/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: serverUrl,
    office,
    code,
    newCode: () => execFileSync(serverBin, ['enrolment-code', '--office', office], { env }).toString().trim(),
    ratingTablet: (desk) => execFileSync(serverBin, ['rating-tablet', '--office', office, '--desk', desk], { env }).toString().trim(),
    stop() {
      child.kill('SIGTERM');
    },
  };
}

