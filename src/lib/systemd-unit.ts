// systemd unit files as systemd reads them: the unit from the first directory that has it
// (/etc over /run over the package's /lib), then drop-ins (*.conf in <unit>.d/, sorted by
// file name, /etc winning a name clash), where an empty `ExecStart=` resets the list.
// Parsing is pure; `loadUnit` only uses the Files accessor it is given (ctx.files), so it
// works on the live system, under --root and in replay alike.
import type { Files } from '../context.js';

export const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'] as const;

export interface UnitSource {
  path: string;
  text: string;
}

export interface UnitLine {
  section: string;
  key: string;
  value: string;
  path: string;
  /** 1-based line in that file where the entry starts. */
  line: number;
}

export interface LoadedUnit {
  name: string;
  /** The unit file itself, undefined when no directory has it. */
  main?: UnitSource;
  /** Masked (`systemctl mask`): the unit is a symlink to /dev/null; where. */
  masked?: string;
  dropIns: UnitSource[];
}

const MAX_UNIT_BYTES = 256 * 1024;

export function parseUnit(source: UnitSource): UnitLine[] {
  const out: UnitLine[] = [];
  const lines = source.text.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i]!.replace(/\r$/, '');
    const start = i + 1;
    const trimmed = text.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    // a trailing backslash continues the entry; comment lines inside it are skipped
    while (text.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i]!.replace(/\r$/, '');
      if (/^\s*[#;]/.test(next)) {
        continue;
      }
      text = `${text.slice(0, -1)} ${next}`;
    }
    const t = text.trim();
    const sec = /^\[([^\]]+)\]$/.exec(t);
    if (sec) {
      section = sec[1]!;
      continue;
    }
    const eq = t.indexOf('=');
    if (eq <= 0) continue;
    out.push({ section, key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim(), path: source.path, line: start });
  }
  return out;
}

/** The values of a list setting after all files, where an empty assignment clears what came before. */
export function effectiveValues(sources: readonly UnitSource[], section: string, key: string): UnitLine[] {
  let values: UnitLine[] = [];
  for (const s of sources) {
    for (const l of parseUnit(s)) {
      if (l.section !== section || l.key !== key) continue;
      if (l.value === '') values = [];
      else values.push(l);
    }
  }
  return values;
}

export function unitSources(u: LoadedUnit): UnitSource[] {
  return u.main ? [u.main, ...u.dropIns] : [...u.dropIns];
}

/**
 * Splits a command line the way systemd does: whitespace, "double" and 'single' quotes,
 * backslash escapes. Words that are exactly $NAME are expanded into several words, ${NAME}
 * in place into one, from `env`.
 */
export function splitCommand(value: string, env: Record<string, string> = {}): string[] {
  const words: string[] = [];
  let i = 0;
  const s = value;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    let word = '';
    let quotedAny = false;
    while (i < s.length && !/\s/.test(s[i]!)) {
      const c = s[i]!;
      if (c === '"' || c === "'") {
        quotedAny = true;
        const end = s.indexOf(c, i + 1);
        const inner = end < 0 ? s.slice(i + 1) : s.slice(i + 1, end);
        word += c === '"' ? inner.replace(/\\(.)/g, '$1') : inner;
        i = end < 0 ? s.length : end + 1;
      } else if (c === '\\' && i + 1 < s.length) {
        word += s[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole && !quotedAny) {
      words.push(...(env[whole[1]!] ?? '').split(/\s+/).filter(Boolean));
      continue;
    }
    words.push(word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, n: string) => env[n] ?? ''));
  }
  return words;
}

/** KEY=value lines of an EnvironmentFile (or the assignments of Environment=). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2)) v = v.slice(1, -1);
    env[m[1]!] = v;
  }
  return env;
}

export function parseEnvironment(values: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of values) for (const word of splitCommand(v)) {
    const eq = word.indexOf('=');
    if (eq > 0) env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return env;
}

type UnitFiles = Pick<Files, 'read' | 'lstat' | 'list'>;

async function readText(files: UnitFiles, path: string): Promise<string | undefined> {
  const r = await files.read(path, { maxBytes: MAX_UNIT_BYTES });
  if (!r.ok) return undefined;
  return r.encoding === 'base64' ? Buffer.from(r.content, 'base64').toString('utf8') : r.content;
}

/** Finds and reads a unit and its drop-ins through the given accessor. */
export async function loadUnit(files: UnitFiles, name: string): Promise<LoadedUnit> {
  const unit: LoadedUnit = { name, dropIns: [] };
  const found = await Promise.all(UNIT_DIRS.map(async (dir) => ({ dir, st: await files.lstat(`${dir}/${name}`) })));
  for (const { dir, st } of found) {
    if (!st.ok) continue;
    const path = `${dir}/${name}`;
    if (st.type === 'symlink' && st.linkTarget === '/dev/null') {
      unit.masked = path;
      break;
    }
    const text = await readText(files, path);
    if (text !== undefined) {
      unit.main = { path, text };
      break;
    }
  }
  const lists = await Promise.all(UNIT_DIRS.map(async (dir) => ({ dir, r: await files.list(`${dir}/${name}.d`) })));
  const chosen = new Map<string, string>();
  for (const { dir, r } of lists) {
    if (!r.ok) continue;
    for (const e of r.entries) if (e.name.endsWith('.conf') && !chosen.has(e.name)) chosen.set(e.name, `${dir}/${name}.d/${e.name}`);
  }
  const names = [...chosen.keys()].sort();
  const texts = await Promise.all(names.map((n) => readText(files, chosen.get(n)!)));
  names.forEach((n, k) => {
    if (texts[k] !== undefined) unit.dropIns.push({ path: chosen.get(n)!, text: texts[k]! });
  });
  return unit;
}

export interface ExecStart {
  argv: string[];
  /** Where the winning ExecStart= is written. */
  path: string;
  line: number;
  raw: string;
}

/** The ExecStart systemd would run (the last one after resets), with $VARS expanded. */
export async function resolveExecStart(files: UnitFiles, unit: LoadedUnit): Promise<ExecStart | undefined> {
  const sources = unitSources(unit);
  const lines = effectiveValues(sources, 'Service', 'ExecStart');
  const last = lines[lines.length - 1];
  if (!last) return undefined;
  let env: Record<string, string> = {};
  if (/\$/.test(last.value)) {
    // EnvironmentFile= wins over Environment= (systemd.exec(5))
    env = parseEnvironment(effectiveValues(sources, 'Service', 'Environment').map((l) => l.value));
    for (const f of effectiveValues(sources, 'Service', 'EnvironmentFile')) {
      const path = f.value.replace(/^-/, '');
      const text = path.startsWith('/') ? await readText(files, path) : undefined;
      if (text !== undefined) env = { ...env, ...parseEnvFile(text) };
    }
  }
  // ExecStart=-/usr/bin/dockerd: the prefixes (-@+!:|) say how to run it, they are not the path
  return { argv: splitCommand(last.value.replace(/^[-@+!:|]+/, ''), env), path: last.path, line: last.line, raw: last.value };
}

/** `systemctl show A B`: one block of Key=Value lines per unit, separated by a blank line. */
export function parseShow(text: string): Record<string, string>[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => Object.fromEntries(block.split('\n').map((l) => /^([A-Za-z]+)=(.*)$/.exec(l.trim())).filter((m): m is RegExpExecArray => Boolean(m)).map((m) => [m[1]!, m[2]!.slice(0, 80)])))
    .filter((b) => Object.keys(b).length > 0);
}

/** [boot] systemd=true in /etc/wsl.conf (an INI file; case-insensitive values). */
export function wslSystemdOn(text: string): boolean {
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) section = sec[1]!.trim().toLowerCase();
    else if (section === 'boot' && /^systemd\s*=\s*true$/i.test(line)) return true;
  }
  return false;
}
