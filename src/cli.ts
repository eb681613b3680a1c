import { cac, type CAC } from 'cac';
import { statSync } from 'node:fs';
import { parseHost } from './docker/endpoint.js';
import { UsageError } from './errors.js';
import { detectLang, isLang } from './i18n/locale.js';
import { toolVersion } from './version.js';
import type { DoctorOptions, Io } from './run.js';

export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_IMAGE = 'hello-world';

type Raw = Record<string, unknown>;

/** The cac instance, without running anything: tests parse argv strings with it. */
export function createCLI(): CAC {
  const cli = cac('docker-doctor');
  const runOptions = (cmd: ReturnType<CAC['command']>) =>
    cmd
      .option('--json', 'Print the report as one JSON document on stdout, and nothing else')
      .option('-o, --output <file>', 'Also write the JSON report to FILE')
      .option('--only <ids>', 'Run only these checks (comma-separated ids; see `list`)')
      .option('--skip <ids>', 'Do not run these checks (comma-separated ids)')
      .option('--strict', 'Exit with 1 on warnings too')
      .option('--verbose', 'Show each check’s data and duration')
      .option('--lang <lang>', 'Language of the output: en or zh-CN (default: from LC_ALL, LC_MESSAGES, LANG)');
  runOptions(
    cli
      .command('', 'Diagnose this machine’s Docker install')
      .option('--host <url>', 'Docker endpoint to diagnose (like docker -H), e.g. unix:///var/run/docker.sock')
      .option('--context <name>', 'Docker context to diagnose (like docker --context)')
      .option('--timeout <ms>', `Deadline for every daemon request and command, in ms (default: ${DEFAULT_TIMEOUT_MS})`)
      .option('--image <ref>', `Image for the container-run check (default: ${DEFAULT_IMAGE})`)
      .option('--pull', 'Let container-run pull the image when it is missing')
      .option('--root <dir>', 'Read the system’s files from DIR instead of / (a copy or mounted image); live checks skip'),
  );
  runOptions(cli.command('replay <report>', 'Re-diagnose a saved JSON report without touching this machine'));
  cli
    .command('list', 'List the checks')
    .option('--json', 'As JSON, with every check’s codes')
    .option('--markdown', 'As Markdown, with every check’s codes (docs/checks.md)')
    .option('--lang <lang>', 'Language: en or zh-CN');
  cli.help((sections) => {
    sections.push({
      title: 'Exit codes',
      body: '  0  no check failed\n  1  a check failed or broke (with --strict: also a warning)\n  2  usage error (unknown option or check id, bad value)',
    });
  });
  cli.version(toolVersion());
  return cli;
}

function ids(v: unknown, flag: string): string[] | undefined {
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' || typeof x === 'number' ? String(x).split(',') : []));
  const clean = parts.map((s) => s.trim()).filter(Boolean);
  if (!clean.length) throw new UsageError(`${flag} needs a comma-separated list of check ids`);
  return clean;
}

function single(v: unknown, flag: string): string | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new UsageError(`${flag} may be given only once`);
  if (typeof v === 'boolean' || v === '') throw new UsageError(`${flag} needs a value`);
  return String(v);
}

function langOption(raw: Raw): string | undefined {
  const langFlag = single(raw.lang, '--lang');
  if (langFlag !== undefined && !isLang(langFlag)) throw new UsageError(`--lang must be en or zh-CN, not "${langFlag}"`);
  return langFlag;
}

export function toOptions(raw: Raw, env: Record<string, string | undefined>): DoctorOptions {
  const langFlag = langOption(raw);
  const timeoutRaw = single(raw.timeout, '--timeout');
  const timeoutMs = timeoutRaw === undefined ? DEFAULT_TIMEOUT_MS : Number(timeoutRaw);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    throw new UsageError(`--timeout must be a whole number of milliseconds between 1 and 600000, not "${timeoutRaw}"`);
  }
  const host = single(raw.host, '--host');
  if (host !== undefined && !parseHost(host)) throw new UsageError(`--host "${host}" is not a docker host URL (e.g. unix:///var/run/docker.sock, tcp://127.0.0.1:2375)`);
  const context = single(raw.context, '--context');
  if (host !== undefined && context !== undefined) throw new UsageError('--host and --context cannot be given together (docker refuses them together too)');
  const root = single(raw.root, '--root');
  if (root !== undefined) {
    let isDir = false;
    try {
      isDir = statSync(root).isDirectory();
    } catch {
      throw new UsageError(`--root "${root}" does not exist`);
    }
    if (!isDir) throw new UsageError(`--root "${root}" is not a directory`);
  }
  const image = single(raw.image, '--image') ?? DEFAULT_IMAGE;
  return {
    json: Boolean(raw.json),
    output: single(raw.output, '--output'),
    only: ids(raw.only, '--only'),
    skip: ids(raw.skip, '--skip'),
    strict: Boolean(raw.strict),
    verbose: Boolean(raw.verbose),
    lang: detectLang(langFlag, env),
    timeoutMs,
    image,
    pull: Boolean(raw.pull),
    host,
    context,
    root,
  };
}

type RunModules = typeof import('./run.js') & typeof import('./list.js') & typeof import('./replay.js');

/** The run path: one bundled file after `npm run build`, the separate modules under the tests. */
async function runModules(): Promise<RunModules> {
  try {
    // a variable specifier: tsc must not resolve a file that exists only in dist/
    const bundle = './run.bundle.js';
    return (await import(bundle)) as RunModules;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    const [run, list, replay] = await Promise.all([import('./run.js'), import('./list.js'), import('./replay.js')]);
    return { ...run, ...list, ...replay };
  }
}

/** Runs the CLI; returns the exit code. Heavy modules load only once a command needs them. */
export async function main(argv: string[], io: Io): Promise<number> {
  const cli = createCLI();
  try {
    const parsed = cli.parse(['node', 'docker-doctor', ...argv], { run: false });
    if (parsed.options.help || parsed.options.version) return 0;
    const name = cli.matchedCommandName;
    if (!cli.matchedCommand) throw new UsageError(`unknown command "${parsed.args[0]}" (see: docker-doctor --help)`);
    cli.matchedCommand.checkUnknownOptions();
    cli.matchedCommand.checkOptionValue();
    if (name === 'list') {
      const { listChecks } = await runModules();
      const format = parsed.options.json ? 'json' : parsed.options.markdown ? 'markdown' : 'text';
      return listChecks(format, detectLang(langOption(parsed.options), io.env), io);
    }
    const opts = toOptions(parsed.options, io.env);
    const { doctor, readReplay } = await runModules();
    if (name === 'replay') {
      const replay = await readReplay(String(parsed.args[0]), opts.timeoutMs);
      const recorded = Object.fromEntries(Object.entries(replay.options).filter(([, v]) => v !== undefined));
      return await doctor({ ...opts, ...recorded }, io, replay);
    }
    if (parsed.args.length) throw new UsageError(`unexpected argument "${parsed.args[0]}" (see: docker-doctor --help)`);
    return await doctor(opts, io);
  } catch (err) {
    const e = err as Error;
    // by name: the bundled run path has its own copy of the UsageError class
    if (e.name === 'UsageError' || e.name === 'CACError') {
      io.stderr.write(`docker-doctor: ${e.message.split('\n')[0]}\n`);
      return 2;
    }
    io.stderr.write(`docker-doctor: internal error: ${e.message.split('\n')[0]} (please report this)\n`);
    return 1;
  }
}
