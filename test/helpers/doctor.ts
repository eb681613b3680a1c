// Runs the built CLI the way a user does (node bin/docker-doctor.js), in a clean environment,
// and reads its report. Used by the integration tests; the CLI must be built (npm test does).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
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
export function tempDir(prefix = 'ddoc-t-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir().length <= 40 ? tmpdir() : '/tmp', prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
