// apt's source lists: the one-line format (sources.list, *.list) and deb822 (*.sources), as
// sources.list(5) describes them. Files come from the examined machine and may hold anything,
// so parsing never throws: what cannot be read becomes an Unparseable with its line.

export type SourceFormat = 'one-line' | 'deb822';

export type SignedBy =
  /** Key file paths and/or fingerprints. */
  | { kind: 'keys'; values: string[] }
  /** deb822 only: the key block itself in the field. */
  | { kind: 'inline'; block: string };

export interface AptSource {
  file: string;
  /** 1-based line of the entry; for deb822 the stanza's first line. */
  line: number;
  /** deb822: the stanza's last line (where a field can be appended). */
  endLine: number;
  format: SourceFormat;
  /** false for a commented-out one-line entry or `Enabled: no`. */
  enabled: boolean;
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  /** arch= / Architectures, when given. */
  architectures?: string[];
  architecturesAdd?: string[];
  architecturesRemove?: string[];
  signedBy?: SignedBy;
  /** One-line: the option tokens as written (`arch=amd64`), to rebuild the line. */
  optionTokens: string[];
  /** deb822: the line of each field, by lower-case name. */
  fieldLines: Record<string, number>;
}

export interface Unparseable {
  file: string;
  line: number;
  /** The line as written, cut short. */
  text: string;
  /** Why apt would reject it: a short kebab-case reason. */
  reason: string;
}

export interface ParsedSources {
  entries: AptSource[];
  unparseable: Unparseable[];
}

const TYPES = new Set(['deb', 'deb-src']);
// C0 controls other than tab, DEL, and U+FFFD (invalid UTF-8 decoded): a binary file
const BINARY = /[\u0000-\u0008\u000a-\u001f\u007f\ufffd]/;

function excerpt(s: string): string {
    const t = s.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?').trim();
  return t.length > 120 ? `${t.slice(0, 120)}…` : t;
}

function splitLines(text: string): string[] {
  return text.replace(/^\ufeff/, '').split('\n').map((l) => l.replace(/\r$/, ''));
}

/** apt's ParseQuoteWord: words split on blanks, but `[...]` and `"..."` keep their blanks. */
function words(s: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    let w = '';
    while (i < s.length && !/\s/.test(s[i]!)) {
      const c = s[i]!;
      if (c === '[' || c === '"') {
        const close = s.indexOf(c === '[' ? ']' : '"', i + 1);
        if (close < 0) return undefined;
        w += s.slice(i, close + 1);
        i = close + 1;
      } else {
        w += c;
        i++;
      }
    }
    out.push(w);
  }
  return out;
}

const list = (v: string) => v.split(/[\s,]+/).filter(Boolean);

/** One line of the one-line format, comment already removed. */
function oneLineEntry(body: string, file: string, line: number, enabled: boolean): AptSource | string {
  const w = words(body);
  if (!w) return 'unclosed-bracket';
  const [type, ...rest] = w;
  if (!type || !TYPES.has(type)) return 'unknown-type';
  const optionTokens: string[] = [];
  const entry: AptSource = {
    file, line, endLine: line, format: 'one-line', enabled, types: [type], uris: [], suites: [], components: [], optionTokens, fieldLines: {},
  };
  if (rest[0]?.startsWith('[')) {
    const opt = rest.shift()!;
    if (!opt.endsWith(']')) return 'unclosed-bracket';
    for (const tok of opt.slice(1, -1).trim().split(/\s+/).filter(Boolean)) {
      const m = /^([A-Za-z][A-Za-z0-9-]*?)(\+|-)?=(.*)$/.exec(tok);
      if (!m || m[3] === '') return 'bad-option';
      optionTokens.push(tok);
      const [, name, op, value] = m;
      const key = name!.toLowerCase();
      if (key === 'arch') {
        const field = op === '+' ? 'architecturesAdd' : op === '-' ? 'architecturesRemove' : 'architectures';
        entry[field] = list(value!);
      } else if (key === 'signed-by' && !op) {
        entry.signedBy = { kind: 'keys', values: list(value!) };
      }
    }
  }
  const [uri, suite, ...components] = rest;
  if (!uri) return 'missing-uri';
  if (!/^[a-z][a-z0-9+.-]*:/i.test(uri)) return 'bad-uri';
  if (!suite) return 'missing-suite';
  if (suite.endsWith('/') && components.length) return 'components-after-exact-path';
  entry.uris = [uri];
  entry.suites = [suite];
  entry.components = components;
  return entry;
}

export function parseOneLine(text: string, file: string): ParsedSources {
  const out: ParsedSources = { entries: [], unparseable: [] };
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    // apt never reads past a '#': bytes in a comment (GBK, Latin-1) are no damage
    if (BINARY.test(raw.split('#')[0]!)) {
      out.unparseable.push({ file, line, text: excerpt(raw), reason: 'binary' });
      return;
    }
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) {
      // a disabled entry ("# deb ... # disabled on upgrade to jammy") is kept, but a plain
      // comment that does not parse is just a comment
      const body = trimmed.replace(/^#+\s*/, '').split('#')[0]!;
      if (/^deb(-src)?\s/.test(body)) {
        const e = oneLineEntry(body, file, line, false);
        if (typeof e !== 'string') out.entries.push(e);
      }
      return;
    }
    // apt ends the line at the first '#', wherever it is
    const body = raw.split('#')[0]!;
    if (!body.trim()) return;
    const e = oneLineEntry(body, file, line, true);
    if (typeof e === 'string') out.unparseable.push({ file, line, text: excerpt(raw), reason: e });
    else out.entries.push(e);
  });
  return out;
}

interface Field {
  name: string;
  value: string;
  line: number;
}

function stanzaEntry(fields: Field[], file: string, first: number, last: number): AptSource | string {
  const get = (n: string) => fields.find((f) => f.name === n);
  const fieldLines: Record<string, number> = {};
  for (const f of fields) fieldLines[f.name] ??= f.line;
  const enabledValue = get('enabled')?.value.trim().toLowerCase();
  const enabled = !['no', 'false', 'off', '0', 'without', 'disable'].includes(enabledValue ?? '');
  const types = list(get('types')?.value ?? '');
  const uris = list(get('uris')?.value ?? '');
  const suites = list(get('suites')?.value ?? '');
  const entry: AptSource = {
    file, line: first, endLine: last, format: 'deb822', enabled, types, uris, suites,
    components: list(get('components')?.value ?? ''), optionTokens: [], fieldLines,
  };
  const arch = get('architectures');
  if (arch) entry.architectures = list(arch.value);
  const add = get('architectures-add');
  if (add) entry.architecturesAdd = list(add.value);
  const remove = get('architectures-remove');
  if (remove) entry.architecturesRemove = list(remove.value);
  const signed = get('signed-by');
  if (signed) entry.signedBy = /-----BEGIN PGP/.test(signed.value) ? { kind: 'inline', block: signed.value.trim() } : { kind: 'keys', values: list(signed.value) };
  // apt does not look further into a disabled stanza
  if (!enabled) return entry;
  if (!types.length) return 'missing-types';
  if (types.some((t) => !TYPES.has(t))) return 'unknown-type';
  if (!uris.length) return 'missing-uris';
  if (!suites.length) return 'missing-suites';
  return entry;
}

export function parseDeb822(text: string, file: string): ParsedSources {
  const out: ParsedSources = { entries: [], unparseable: [] };
  let fields: Field[] = [];
  let first = 0;
  let last = 0;
  let broken = false;
  const flush = () => {
    if (fields.length && !broken) {
      const e = stanzaEntry(fields, file, first, last);
      if (typeof e === 'string') out.unparseable.push({ file, line: first, text: excerpt(`${fields[0]!.name}: ${fields[0]!.value}`), reason: e });
      else out.entries.push(e);
    }
    fields = [];
    broken = false;
  };
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.startsWith('#')) return;
    if (BINARY.test(raw)) {
      out.unparseable.push({ file, line, text: excerpt(raw), reason: 'binary' });
      broken = true;
      return;
    }
    if (!raw.trim()) return flush();
    if (/^\s/.test(raw)) {
      const prev = fields[fields.length - 1];
      if (!prev) {
        out.unparseable.push({ file, line, text: excerpt(raw), reason: 'continuation-without-field' });
        broken = true;
        return;
      }
      prev.value += `\n${raw.trim()}`;
      last = line;
      return;
    }
    const m = /^([^\s:#][^\s:]*):(.*)$/.exec(raw);
    if (!m) {
      out.unparseable.push({ file, line, text: excerpt(raw), reason: 'not-a-field' });
      broken = true;
      return;
    }
    if (!fields.length) first = line;
    fields.push({ name: m[1]!.toLowerCase(), value: m[2]!.trim(), line });
    last = line;
  });
  flush();
  return out;
}

/** By file name, as apt does: *.sources is deb822, everything else one-line. */
export function parseSources(file: string, text: string): ParsedSources {
  return file.endsWith('.sources') ? parseDeb822(text, file) : parseOneLine(text, file);
}

/** apt reads only these names in sources.list.d (others get "Ignoring file ..."). */
export function isSourcesFileName(name: string): boolean {
  return /^[A-Za-z0-9_.-]+\.(list|sources)$/.test(name);
}

// ---- Docker's repository -------------------------------------------------------------

/** download.docker.com or a mirror of it (mirrors.aliyun.com/docker-ce, mirrors.ustc.edu.cn/docker-ce, ...). */
export function isDockerUri(uri: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/\s]+)(\/[^\s]*)?$/i.exec(uri);
  if (!m) return false;
  const host = m[1]!.toLowerCase().replace(/^[^@]*@/, '').replace(/:\d+$/, '');
  return host === 'download.docker.com' || /(^|\/)docker-ce(\/|$)/i.test(m[2] ?? '');
}

/** ubuntu, debian, raspbian, ... from `.../linux/<distro>` in the URI. */
export function dockerRepoDistro(uri: string): string | undefined {
  return /\/linux\/([a-z]+)\/?$/i.exec(uri)?.[1]?.toLowerCase();
}

/** The same URI as apt compares it: a trailing slash, host in lower case. */
export function normalizeUri(uri: string): string {
  const withSlash = uri.endsWith('/') ? uri : `${uri}/`;
  return withSlash.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/]+)/i, (_all, scheme: string, host: string) => `${scheme.toLowerCase()}${host.toLowerCase()}`);
}

/** The architectures apt will fetch for an entry, given the machine's native one. */
export function effectiveArchitectures(e: AptSource, native: string, foreign: string[] = []): string[] {
  let archs = e.architectures ?? [native, ...foreign];
  if (e.architecturesAdd) archs = [...archs, ...e.architecturesAdd];
  if (e.architecturesRemove) archs = archs.filter((a) => !e.architecturesRemove!.includes(a));
  return [...new Set(archs)];
}

/** Rebuilds a one-line entry with some parts replaced (the comment is dropped). */
export function oneLineText(e: AptSource, over: { uri?: string; suite?: string; optionTokens?: string[] } = {}): string {
  const opts = over.optionTokens ?? e.optionTokens;
  return [e.types[0], opts.length ? `[${opts.join(' ')}]` : undefined, over.uri ?? e.uris[0], over.suite ?? e.suites[0], ...e.components]
    .filter((p): p is string => Boolean(p))
    .join(' ');
}
