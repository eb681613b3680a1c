import type { AnyCheck, CheckResult, Data, Fix, Platform, ReportStatus } from './check.js';
import { NotAvailableError, NotRecordedError } from './host/errors.js';
import type { CheckContext } from './context.js';

/** What the runner made of one check; messages are still ids, rendered by the reporter. */
export interface Outcome {
  id: string;
  status: ReportStatus;
  code: string;
  /** A message id of the check, or of the runner's own messages when `runnerMessage`. */
  message: string;
  runnerMessage: boolean;
  data: Data;
  fix?: Fix;
  durationMs: number;
}

export interface RunnerOptions {
  timeoutMs: number;
  platform: Platform | string;
  makeContext(check: AnyCheck, signal: AbortSignal, dependency: (id: string) => CheckResult | undefined): CheckContext;
  onStart?(id: string): void;
  onDone?(outcome: Outcome): void;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function runnerOutcome(id: string, status: ReportStatus, code: string, data: Data, durationMs = 0): Outcome {
  return { id, status, code, message: code, runnerMessage: true, data, durationMs };
}

/** A result that breaks the contract is the check's bug: shown as `error`, never trusted. */
function validate(check: AnyCheck, r: CheckResult | undefined): string | undefined {
  if (!r || typeof r !== 'object') return 'no result';
  if (!['pass', 'warn', 'fail', 'skip'].includes(r.status)) return `bad status ${String(r.status)}`;
  if (typeof r.code !== 'string' || !KEBAB.test(r.code)) return `bad code ${String(r.code)}`;
  if (!(r.code in check.codes)) return `undocumented code ${r.code}`;
  if (!(r.message in check.messages)) return `unknown message ${String(r.message)}`;
  if ((r.status === 'warn' || r.status === 'fail') && !r.fix) return `${r.status} without a fix`;
  if (r.fix && !(r.fix.explain in check.messages)) return `unknown fix message ${String(r.fix.explain)}`;
  return undefined;
}

/**
 * Runs every check concurrently; a check waits only for the checks it depends on. One check
 * that throws, hangs or lies never stops the others: it becomes an `error` outcome.
 */
export function runChecks(checks: readonly AnyCheck[], opts: RunnerOptions): Promise<Outcome[]> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const running = new Map<string, Promise<{ outcome: Outcome; result?: CheckResult }>>();

  const runOne = async (check: AnyCheck): Promise<{ outcome: Outcome; result?: CheckResult }> => {
    const deps = (check.dependsOn ?? []).filter((d) => byId.has(d));
    const depResults = new Map<string, { outcome: Outcome; result?: CheckResult }>();
    for (const d of deps) depResults.set(d, await start(byId.get(d)!));
    const done = (outcome: Outcome, result?: CheckResult) => {
      opts.onDone?.(outcome);
      return { outcome, result };
    };
    if (!check.platforms.includes(opts.platform as Platform)) {
      return done(runnerOutcome(check.id, 'skip', 'not-applicable', { platform: opts.platform }));
    }
    const blocked = deps.find((d) => !['pass', 'warn'].includes(depResults.get(d)!.outcome.status));
    if (blocked) return done(runnerOutcome(check.id, 'skip', 'dependency-not-passed', { dependency: blocked }));

    opts.onStart?.(check.id);
    const controller = new AbortController();
    const deadline = check.deadlineMs?.(opts.timeoutMs) ?? opts.timeoutMs + 2000;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), deadline)));
    try {
      const ctx = opts.makeContext(check, controller.signal, (id) => depResults.get(id)?.result);
      const r = await Promise.race([check.run(ctx), timeout]);
      if (r === 'timeout') {
        controller.abort();
        return done(runnerOutcome(check.id, 'error', 'check-timeout', { deadlineMs: deadline }, elapsed()));
      }
      const problem = validate(check, r);
      if (problem) return done(runnerOutcome(check.id, 'error', 'invalid-result', { detail: problem }, elapsed()));
      const outcome: Outcome = { id: check.id, status: r.status, code: r.code, message: r.message, runnerMessage: false, data: r.data ?? {}, durationMs: elapsed() };
      if (r.fix) outcome.fix = r.fix;
      return done(outcome, r);
    } catch (err) {
      if (err instanceof NotRecordedError) return done(runnerOutcome(check.id, 'skip', 'not-recorded', { probe: err.probe }, elapsed()));
      if (err instanceof NotAvailableError) return done(runnerOutcome(check.id, 'skip', 'not-available-with-root', { probe: err.probe }, elapsed()));
      const detail = err instanceof Error ? err.message : String(err);
      return done(runnerOutcome(check.id, 'error', 'check-crashed', { detail }, elapsed()));
    } finally {
      clearTimeout(timer);
    }
  };

  const start = (check: AnyCheck) => {
    let p = running.get(check.id);
    if (!p) {
      p = runOne(check);
      running.set(check.id, p);
    }
    return p;
  };

  return Promise.all(checks.map((c) => start(c).then((x) => x.outcome)));
}
