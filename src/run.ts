import { setMaxListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { AnyCheck, Lang } from './check.js';
import { checkContext, createShared, type DockerVersion, type RunOptions } from './context.js';
import { UsageError } from './errors.js';
import { Recorder, replayProbes, type EvidenceEntry } from './host/evidence.js';
import { liveProbes } from './host/live/index.js';
import type { Probes } from './host/types.js';
import { UI } from './i18n/messages.js';
import { render } from './i18n/render.js';
import { loadChecks } from './registry.js';
import { buildReport, exitCode, renderOutcome, type Report } from './report/build.js';
import { redactDeep } from './report/redact.js';
import { runChecks } from './runner.js';
import { colors, wantColor } from './ui/color.js';
import { checkLine, header, problems } from './ui/text.js';
import { toolVersion } from './version.js';

export interface DoctorOptions extends RunOptions {
  json: boolean;
  output?: string;
  only?: string[];
  skip?: string[];
  strict: boolean;
  verbose: boolean;
  lang: Lang;
}

export interface Io {
  stdout: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  stderr: { write(s: string): boolean };
  env: Record<string, string | undefined>;
}

/** A report read back for `replay`: what it recorded is all the machine there is. */
export interface Replay {
  file: string;
  generatedAt: string;
  host: string;
  evidence: EvidenceEntry[];
}

export function selectChecks(all: AnyCheck[], only?: string[], skip?: string[]): AnyCheck[] {
  const known = new Set(all.map((c) => c.id));
  for (const id of [...(only ?? []), ...(skip ?? [])]) {
    if (!known.has(id)) throw new UsageError(`unknown check id "${id}" (see: docker-doctor list)`);
  }
  return all.filter((c) => (!only?.length || only.includes(c.id)) && !skip?.includes(c.id));
}

export async function doctor(opts: DoctorOptions, io: Io, replay?: Replay): Promise<number> {
  const checks = selectChecks(await loadChecks(), opts.only, opts.skip);
  const controller = new AbortController();
  // every live exec and API probe listens on it; Node would warn on stderr past 10
  setMaxListeners(256, controller.signal);
  const home = replay ? undefined : io.env.HOME || passwdHome();
  const recorder = new Recorder(home);
  const raw: Probes = replay ? replayProbes(replay.evidence) : liveProbes({ root: opts.root, timeoutMs: opts.timeoutMs, signal: controller.signal });
  const probes = recorder.wrap(raw);
  const shared = createShared(probes, opts);

  // the daemon probes and the host facts start together; most checks wait on one of them
  const facts = probes.facts();
  if (!opts.root && checks.some((c) => c.id === 'daemon-reachable')) void shared.docker.ping().catch(() => undefined);
  const f = await facts;

  const color = colors(!opts.json && wantColor(io.stdout, io.env));
  const tty = !opts.json && Boolean(io.stdout.isTTY);
  const ui = tty ? (await import('./ui/progress.js')).progress(checks, opts.lang) : undefined;
  const byId = new Map(checks.map((c) => [c.id, c]));
  const shown = (id: string, o: Parameters<typeof renderOutcome>[1]) => redactDeep(renderOutcome(byId.get(id)!, o, opts.lang), f.user.home);

  if (!opts.json) {
    io.stdout.write(`${header(toolVersion(), f, color)}\n`);
    if (replay) io.stdout.write(`${color.dim(render(UI.replaying!, opts.lang, { file: replay.file, generatedAt: replay.generatedAt, host: replay.host }))}\n`);
    io.stdout.write('\n');
  }
  const listed = ui?.run();
  const outcomes = await runChecks(checks, {
    timeoutMs: opts.timeoutMs,
    platform: f.platform,
    makeContext: (_check, signal, dependency) => checkContext(shared, signal, dependency),
    onDone: (o) => {
      if (ui) ui.done(shown(o.id, o));
      else if (!opts.json) io.stdout.write(`${checkLine(shown(o.id, o), opts.lang, color, opts.verbose)}\n`);
    },
  });
  await listed;

  const endpoint = opts.root ? undefined : await shared.docker.endpoint().catch(() => undefined);
  let server: DockerVersion | undefined;
  if (outcomes.some((o) => o.id === 'daemon-reachable' && o.status === 'pass')) {
    const v = await shared.docker.version().catch(() => undefined);
    if (v?.ok) server = v.value;
  }
  // whatever a check left running (a probe past its check's deadline) stops here
  controller.abort();
  const report = buildReport({
    version: toolVersion(),
    lang: opts.lang,
    checks,
    outcomes,
    facts: f,
    options: opts,
    endpoint,
    server,
    // the transcript is written only into a report that is kept
    evidence: opts.json || opts.output ? recorder.entries : [],
    replayOf: replay?.file,
  });

  const json = () => `${JSON.stringify(report, null, 2)}\n`;
  if (opts.output) {
    try {
      writeFileSync(opts.output, json());
    } catch (err) {
      throw new UsageError(`cannot write ${opts.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (opts.json) io.stdout.write(json());
  else {
    io.stdout.write(`\n${problems(report, opts.lang, color)}\n`);
    if (opts.output) io.stdout.write(`${render(UI.reportWritten!, opts.lang, { file: opts.output })}\n`);
  }
  return exitCode(report.summary, opts.strict);
}

/** The home directory from the user database; undefined for a uid that has no entry there. */
function passwdHome(): string | undefined {
  try {
    return os.userInfo().homedir || undefined;
  } catch {
    return undefined;
  }
}

export type { Report };
