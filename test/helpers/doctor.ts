// Runs the built CLI the way a user does (node bin/docker-doctor.js), in a clean environment,
// and reads its report. Used by the integration tests; the CLI must be built (npm test does).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';
import type { DaemonInfo } from '../integration/harness.js';
import { assertValidReport } from './schema.js';

export const BIN = fileURLToPath(new URL('../../bin/docker-doctor.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface ReportCheck {
  id: string;
  title: string;
  category: string;
  status: 'pass' | 'warn' | 'fail' | 'skip' | 'error';
  code: string;
  message: string;
  data: Record<string, unknown>;
  fix: { explanation: string; commands: string[]; docs: string | null } | null;
  durationMs: number;
}

export interface Report {
  schemaVersion: number;
  invocation: { lang: string; options: Record<string, unknown>; replayOf: string | null };
  host: Record<string, unknown>;
  docker: { endpoint: string | null; source: string | null; context: string | null; client: unknown; server: unknown };
  checks: ReportCheck[];
  summary: Record<'pass' | 'warn' | 'fail' | 'skip' | 'error', number>;
  evidence: { kind: string; request: Record<string, unknown>; response: unknown; ms?: number }[];
}

export interface DoctorRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, ms. */
  ms: number;
}

export interface RunOptions {
  /** Merged over the clean base environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** A command put before `node bin/docker-doctor.js` (setpriv ...). */
  prefix?: string[];
  /** Kill the doctor after this long: a hang must fail the test, not the whole suite. */
  killAfterMs?: number;
  cwd?: string;
}

const DROP = /^(DOCKER_|LANG$|LANGUAGE$|LC_|NO_COLOR$|FORCE_COLOR$|CLICOLOR|TERM$|COLORTERM$|https?_proxy$|no_proxy$|all_proxy$|NODE_OPTIONS$)/i;

/** The test runner's environment without anything that changes what the doctor does. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !DROP.test(k)) env[k] = v;
  env.LANG = 'C.UTF-8';
  return env;
}

export function runDoctor(args: string[], opts: RunOptions = {}): Promise<DoctorRun> {
  const env: Record<string, string> = baseEnv();
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const argv = [...(opts.prefix ?? []), process.execPath, BIN, ...args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, cwd: opts.cwd ?? REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(killer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      });
    });
  });
}

/** stdout as exactly one JSON document, validated against the schema. */
export function parseReport(run: DoctorRun): Report {
  let report: unknown;
  try {
    report = JSON.parse(run.stdout);
  } catch (err) {
    throw new Error(`stdout is not one JSON document (${(err as Error).message}); exit ${run.code}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`);
  }
  assertValidReport(report);
  return report as Report;
}

/** Runs with --json, checks the document and returns it with the run. */
export async function runJson(args: string[], opts: RunOptions = {}): Promise<{ run: DoctorRun; report: Report }> {
  const run = await runDoctor(['--json', ...args], opts);
  return { run, report: parseReport(run) };
}

export function checkOf(report: Report, id: string): ReportCheck {
  const c = report.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check "${id}" in the report (have: ${report.checks.map((x) => x.id).join(', ')})`);
  return c;
}

/** A compact view for assertion messages: id status code per check. */
export function statuses(report: Report): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, `${c.status} ${c.code}`]));
}

/** Asserts status and code of a check, showing the whole check when they differ. */
export function expectCheck(report: Report, id: string, status: ReportCheck['status'], code: string): ReportCheck {
  const c = checkOf(report, id);
  expect({ id, status: c.status, code: c.code }, JSON.stringify(c, null, 2)).toEqual({ id, status, code });
  return c;
}

/** A temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'ddt-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir().length <= 40 ? tmpdir() : '/tmp', prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The shared private daemon from the integration globalSetup, or null when those tests skip. */
export function sharedDaemon(): DaemonInfo | null {
  return inject('dockerd');
}

/**
 * A unix socket file with nobody listening: a listener in a child process that is then
 * SIGKILLed, so nothing gets the chance to unlink the file (as after a crashed dockerd).
 */
export async function makeStaleSocket(socketPath: string): Promise<void> {
  const code = `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.stdout.write('listening'))`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (c) => reject(new Error(`socket listener exited early (${c})`)));
  });
  child.removeAllListeners('exit');
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

/** GET on a daemon's socket, straight, for what the tests need to know besides the doctor. */
export function apiGet(socketPath: string, urlPath: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: urlPath, headers: { Host: 'docker' }, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${urlPath}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
