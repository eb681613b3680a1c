// dpkg's status database (/var/lib/dpkg/status) and Debian version comparison. Pure: the
// checks read the file through ctx and hand the ReadResult here. Nothing in this file throws
// on bad input; a damaged or truncated file gives fewer packages and a list of problems.
import type { ReadResult } from '../host/types.js';

export const DPKG_STATUS = '/var/lib/dpkg/status';
export const DPKG_UPDATES = '/var/lib/dpkg/updates';
/** Large enough for any real status file: a truncated read would hide packages. */
export const DPKG_STATUS_MAX_BYTES = 64 * 1024 * 1024;

export type DpkgState =
  | 'not-installed'
  | 'config-files'
  | 'half-installed'
  | 'unpacked'
  | 'half-configured'
  | 'triggers-awaited'
  | 'triggers-pending'
  | 'installed';

const STATES: readonly string[] = ['not-installed', 'config-files', 'half-installed', 'unpacked', 'half-configured', 'triggers-awaited', 'triggers-pending', 'installed'];

export interface DpkgStatus {
  /** install, hold, deinstall, purge, unknown */
  want: string;
  /** ok, reinstreq (older dpkg also wrote hold, hold-reinstreq) */
  flag: string;
  state: DpkgState;
}

export type VersionOp = '<<' | '<=' | '=' | '>=' | '>>';

export interface Relation {
  name: string;
  /** any, native or an architecture name, from `name:arch`. */
  arch?: string;
  op?: VersionOp;
  version?: string;
}

/** One comma-separated entry of a relation field: any one alternative satisfies it. */
export type Alternatives = Relation[];

export interface DpkgPackage {
  name: string;
  /** 1-based line of the stanza's Package field in the file as read. */
  line: number;
  status?: DpkgStatus;
  /** The Status field as written, when it is not three known words. */
  statusRaw?: string;
  version?: string;
  architecture?: string;
  multiArch?: string;
  source?: string;
  depends: Alternatives[];
  preDepends: Alternatives[];
  provides: Relation[];
  conflicts: Alternatives[];
  breaks: Alternatives[];
  replaces: Alternatives[];
}

export interface DpkgProblem {
  line: number;
  reason: 'not-a-field' | 'no-package' | 'bad-status';
  text: string;
}

export interface DpkgDb {
  packages: DpkgPackage[];
  /** Lines dpkg itself would refuse (it stops at the first one: "parsing file ... near line N"). */
  problems: DpkgProblem[];
  /** The read was cut short (a read cap or a truncated transcript): the last stanza is dropped. */
  truncated: boolean;
  byName(name: string): DpkgPackage[];
  /** Packages whose Provides names `name`, with the Provides entry. */
  providersOf(name: string): { pkg: DpkgPackage; rel: Relation }[];
  /**
   * Whether the absence of `name` can be trusted. dpkg writes the file sorted by package
   * name, so a cut-off file still tells about every name up to its last whole stanza.
   */
  covers(name: string): boolean;
}

const FIELD = /^([!-9;-~][!-9;-~]*):(.*)$/;
// the fields the checks read (and the only ones a report keeps, src/host/evidence.ts)
const KEPT = new Set(['package', 'status', 'version', 'architecture', 'multi-arch', 'source', 'depends', 'pre-depends', 'provides', 'conflicts', 'breaks', 'replaces']);

interface RawStanza {
  fields: Map<string, string>;
  line: number;
  packageLine: number;
  statusLine: number;
}

// four checks parse the same text of a run: the last answer is kept
let last: { text: string; truncated: boolean; db: DpkgDb } | undefined;

export function parseStatus(text: string, opts: { truncated?: boolean } = {}): DpkgDb {
  const cut = Boolean(opts.truncated);
  if (last && last.text === text && last.truncated === cut) return last.db;
  const db = parse(text, cut);
  last = { text, truncated: cut, db };
  return db;
}

function parse(text: string, cut: boolean): DpkgDb {
  const problems: DpkgProblem[] = [];
  const stanzas: RawStanza[] = [];
  const lines = text.split('\n');
  let current: RawStanza | undefined;
  /** The field continuation lines belong to; undefined for fields nobody reads (Description, Conffiles). */
  let kept: string | undefined;
  let inField = false;
  // a binary file would otherwise give one problem per line; the first few say enough
  const problem = (p: DpkgProblem) => problems.length < 50 && problems.push(p);
  const close = () => {
    if (current) stanzas.push(current);
    current = undefined;
    kept = undefined;
    inField = false;
  };
  // a report keeps only some fields: "#N" stands for N lines left out (src/host/evidence.ts)
  let skipped = 0;
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i]!;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    const lineNo = i + 1 + skipped;
    const first = raw.charCodeAt(0);
    if (first === 35 && /^#\d+$/.test(raw)) {
      skipped += Number(raw.slice(1)) - 1;
      kept = undefined;
      continue;
    }
    if (first === 32 || first === 9) {
      // a line of blanks ends the stanza, as an empty one does
      if (!/\S/.test(raw)) close();
      else if (!inField) problem({ line: lineNo, reason: 'not-a-field', text: short(raw) });
      else if (kept && current) current.fields.set(kept, `${current.fields.get(kept)} ${raw.trim()}`);
      continue;
    }
    if (raw.length === 0) {
      close();
      continue;
    }
    const m = FIELD.exec(raw);
    if (!m) {
      problem({ line: lineNo, reason: 'not-a-field', text: short(raw) });
      continue;
    }
    current ??= { fields: new Map(), line: lineNo, packageLine: 0, statusLine: 0 };
    const name = m[1]!.toLowerCase();
    inField = true;
    kept = KEPT.has(name) ? name : undefined;
    if (kept) current.fields.set(name, m[2]!.trim());
    if (name === 'package') current.packageLine = lineNo;
    if (name === 'status') current.statusLine = lineNo;
  }
  close();

  // the last stanza of a cut read may be missing fields, or carry half a Depends line
  if (cut) {
    const lastStanza = stanzas.pop();
    if (lastStanza) for (let k = problems.length - 1; k >= 0 && problems[k]!.line >= lastStanza.line; k--) problems.pop();
  }
  const packages: DpkgPackage[] = [];
  for (const s of stanzas) {
    const name = s.fields.get('package')?.trim();
    if (!name || !/^[a-z0-9][a-z0-9+.-]*$/i.test(name)) {
      problem({ line: s.line, reason: 'no-package', text: short(name ?? '') });
      continue;
    }
    const statusText = s.fields.get('status');
    const status = statusText === undefined ? undefined : parseStatusField(statusText);
    if (statusText !== undefined && !status) problem({ line: s.statusLine, reason: 'bad-status', text: short(statusText) });
    const version = s.fields.get('version')?.trim() || undefined;
    packages.push({
      name: name.toLowerCase(),
      line: s.packageLine,
      ...(status ? { status } : statusText !== undefined ? { statusRaw: short(statusText) } : {}),
      ...(version ? { version } : {}),
      ...(s.fields.get('architecture') ? { architecture: s.fields.get('architecture')!.trim() } : {}),
      ...(s.fields.get('multi-arch') ? { multiArch: s.fields.get('multi-arch')!.trim() } : {}),
      ...(s.fields.get('source') ? { source: s.fields.get('source')!.trim().split(/\s+/)[0]! } : {}),
      provides: parseRelations(s.fields.get('provides')).flat(),
    } as DpkgPackage);
    // defined on the object itself: spreading would call the getters
    lazyRelations(packages[packages.length - 1]!, s.fields);
  }

  const index = new Map<string, DpkgPackage[]>();
  const providers = new Map<string, { pkg: DpkgPackage; rel: Relation }[]>();
  for (const p of packages) {
    index.set(p.name, [...(index.get(p.name) ?? []), p]);
    for (const rel of p.provides) providers.set(rel.name, [...(providers.get(rel.name) ?? []), { pkg: p, rel }]);
  }
  problems.sort((a, b) => a.line - b.line);
  const lastWhole = packages.length ? packages[packages.length - 1]!.name : undefined;
  return {
    packages,
    problems,
    truncated: cut,
    byName: (n) => index.get(n.toLowerCase()) ?? [],
    providersOf: (n) => providers.get(n.toLowerCase()) ?? [],
    covers: (n) => !cut || (lastWhole !== undefined && n.toLowerCase() <= lastWhole),
  };
}

// A status file has hundreds of stanzas and the checks read the relations of a handful:
// parsing them on first use keeps the parse of an Ubuntu desktop's file in the tens of ms.
function lazyRelations(pkg: DpkgPackage, fields: Map<string, string>): void {
  const props = [['depends', 'depends'], ['preDepends', 'pre-depends'], ['conflicts', 'conflicts'], ['breaks', 'breaks'], ['replaces', 'replaces']] as const;
  for (const [prop, field] of props) {
    let cached: Alternatives[] | undefined;
    Object.defineProperty(pkg, prop, { enumerable: true, configurable: true, get: () => (cached ??= parseRelations(fields.get(field))) });
  }
}

/** From a read of the status file: missing (not a dpkg system), unreadable, or parsed. */
export function statusFromRead(r: ReadResult): { kind: 'missing' } | { kind: 'unreadable'; error: string } | { kind: 'ok'; db: DpkgDb } {
  if (!r.ok) return r.error === 'ENOENT' || r.error === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'unreadable', error: r.error };
  const text = r.encoding === 'base64' ? Buffer.from(r.content, 'base64').toString('utf8') : r.content;
  return { kind: 'ok', db: parseStatus(text, { truncated: r.truncated }) };
}

export function parseStatusField(value: string): DpkgStatus | undefined {
  const words = value.trim().split(/\s+/);
  if (words.length !== 3) return undefined;
  const [want, flag, state] = words as [string, string, string];
  if (!['unknown', 'install', 'hold', 'deinstall', 'purge'].includes(want)) return undefined;
  if (!['ok', 'reinstreq', 'hold', 'hold-reinstreq'].includes(flag)) return undefined;
  // older dpkg wrote "post-inst-failed" and "removal-failed" for what is now half-configured/-installed
  const st = state === 'post-inst-failed' ? 'half-configured' : state === 'removal-failed' ? 'half-installed' : state;
  if (!STATES.includes(st)) return undefined;
  return { want, flag, state: st as DpkgState };
}

const RELATION = /^([a-z0-9][a-z0-9+.-]*)(?::([a-z0-9-]+))?\s*(?:\(\s*(<<|<=|>=|>>|=|<|>)\s*([^)\s]+)\s*\))?\s*(?:\[[^\]]*\])?\s*(?:<[^>]*>\s*)*$/i;

/** Depends-style field: comma-separated entries of `|` alternatives. Entries that do not parse are dropped. */
export function parseRelations(value: string | undefined): Alternatives[] {
  if (!value) return [];
  const out: Alternatives[] = [];
  for (const entry of value.replace(/\s+/g, ' ').split(',')) {
    const alts: Relation[] = [];
    for (const part of entry.split('|')) {
      const m = RELATION.exec(part.trim());
      if (!m) continue;
      const rel: Relation = { name: m[1]!.toLowerCase() };
      if (m[2]) rel.arch = m[2].toLowerCase();
      if (m[3] && m[4]) {
        // `<` and `>` are obsolete spellings of `<=` and `>=`
        rel.op = (m[3] === '<' ? '<=' : m[3] === '>' ? '>=' : m[3]) as VersionOp;
        rel.version = m[4];
      }
      alts.push(rel);
    }
    if (alts.length) out.push(alts);
  }
  return out;
}

export function formatRelation(r: Relation): string {
  return `${r.name}${r.arch ? `:${r.arch}` : ''}${r.op ? ` (${r.op} ${r.version})` : ''}`;
}

export function formatAlternatives(a: Alternatives): string {
  return a.map(formatRelation).join(' | ');
}

// ---- Debian version comparison (deb-version(7), dpkg's verrevcmp) ----

interface SplitVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

function splitVersion(v: string): SplitVersion {
  let s = v.trim();
  let epoch = 0;
  const colon = s.indexOf(':');
  if (colon > 0 && /^\d+$/.test(s.slice(0, colon))) {
    epoch = Number(s.slice(0, colon));
    s = s.slice(colon + 1);
  }
  const dash = s.lastIndexOf('-');
  return dash >= 0 ? { epoch, upstream: s.slice(0, dash), revision: s.slice(dash + 1) } : { epoch, upstream: s, revision: '' };
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

function order(c: string): number {
  if (c === '') return 0;
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i]!)) || (j < b.length && !isDigit(b[j]!))) {
      const ac = order(a[i] ?? '');
      const bc = order(b[j] ?? '');
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && j < b.length && isDigit(a[i]!) && isDigit(b[j]!)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigit(a[i]!)) return 1;
    if (j < b.length && isDigit(b[j]!)) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

/** Negative, zero or positive, as `dpkg --compare-versions`. */
export function compareVersions(a: string, b: string): number {
  const x = splitVersion(a);
  const y = splitVersion(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  const u = verrevcmp(x.upstream, y.upstream);
  if (u) return Math.sign(u);
  return Math.sign(verrevcmp(x.revision, y.revision));
}

export function versionSatisfies(version: string, op: VersionOp, ref: string): boolean {
  const c = compareVersions(version, ref);
  switch (op) {
    case '<<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '=':
      return c === 0;
    case '>=':
      return c >= 0;
    case '>>':
      return c > 0;
  }
}

// ---- what is installed and what satisfies a relation ----

/** Present on disk in some form: counts for conflicts and for "is it there at all". */
export function isPresent(p: DpkgPackage): boolean {
  return Boolean(p.status) && p.status!.state !== 'not-installed' && p.status!.state !== 'config-files';
}

/** Configured: what satisfies a dependency for dpkg (trigger states count, as in dpkg). */
export function isConfigured(p: DpkgPackage): boolean {
  return Boolean(p.status) && ['installed', 'triggers-pending', 'triggers-awaited'].includes(p.status!.state);
}

/** Fully installed, nothing left to do. */
export function isHealthy(p: DpkgPackage): boolean {
  return p.status?.state === 'installed' && p.status.flag === 'ok';
}

function archMatches(rel: Relation, p: DpkgPackage): boolean {
  // unqualified, :any and :native are matched leniently: a doctor must not invent breakage
  if (!rel.arch || rel.arch === 'any' || rel.arch === 'native') return true;
  return !p.architecture || p.architecture === 'all' || p.architecture === rel.arch;
}

export interface Candidate {
  /** The package that is (or provides) the name. */
  pkg: DpkgPackage;
  /** Set when it satisfies through Provides. */
  via?: string;
}

/** Packages that match one relation by name, version and architecture, given a predicate on their state. */
export function candidatesFor(db: DpkgDb, rel: Relation, ok: (p: DpkgPackage) => boolean = isPresent): Candidate[] {
  const out: Candidate[] = [];
  for (const p of db.byName(rel.name)) {
    if (!ok(p) || !archMatches(rel, p)) continue;
    if (rel.op && (!p.version || !versionSatisfies(p.version, rel.op, rel.version!))) continue;
    out.push({ pkg: p });
  }
  for (const { pkg: p, rel: pr } of db.providersOf(rel.name)) {
    if (!ok(p)) continue;
    // an unversioned Provides never satisfies a versioned dependency (Debian policy 7.5)
    if (rel.op && (pr.op !== '=' || !pr.version || !versionSatisfies(pr.version, rel.op, rel.version!))) continue;
    out.push({ pkg: p, via: rel.name });
  }
  return out;
}

export interface Unmet {
  /** The entry as written in Depends, e.g. "libltdl7 (>= 2.4.6)". */
  relation: string;
  alternatives: Alternatives;
  field: 'Depends' | 'Pre-Depends';
  /** What is there instead: "not-installed", "libltdl7 2.4.2-1", "libltdl7 2.4.6-15 unpacked". */
  found: string;
  /**
   * missing: no alternative is there in any version (apt has to install something);
   * mismatch: there, but not in a version (or architecture) that satisfies;
   * unconfigured: there, not configured yet.
   */
  kind: 'missing' | 'mismatch' | 'unconfigured';
}

/**
 * Depends and Pre-Depends entries of `pkg` that no configured package satisfies.
 * Entries whose names the (truncated) database cannot speak for are left out.
 */
export function unmetDependencies(db: DpkgDb, pkg: DpkgPackage): Unmet[] {
  const out: Unmet[] = [];
  const fields: [Unmet['field'], Alternatives[]][] = [
    ['Pre-Depends', pkg.preDepends],
    ['Depends', pkg.depends],
  ];
  for (const [field, groups] of fields) {
    for (const alts of groups) {
      if (alts.some((r) => candidatesFor(db, r, isConfigured).length > 0)) continue;
      if (!alts.every((r) => db.covers(r.name))) continue;
      out.push({ relation: formatAlternatives(alts), alternatives: alts, field, ...describeMissing(db, alts) });
    }
  }
  return out;
}

function describeMissing(db: DpkgDb, alts: Alternatives): { found: string; kind: Unmet['kind'] } {
  // words are dpkg's own (state names), so the text reads the same in every language
  for (const r of alts) {
    const c = candidatesFor(db, r, isPresent)[0];
    if (c) return { found: `${c.pkg.name} ${c.pkg.version ?? '?'} ${c.pkg.status!.state}`, kind: 'unconfigured' };
  }
  for (const r of alts) {
    const p = db.byName(r.name).find(isPresent);
    if (p) return { found: `${p.name}${r.arch && p.architecture ? `:${p.architecture}` : ''} ${p.version ?? '?'}`, kind: 'mismatch' };
  }
  return { found: 'not-installed', kind: 'missing' };
}

export function describeState(p: DpkgPackage): string {
  if (!p.status) return p.statusRaw ? `status "${p.statusRaw}"` : 'no status';
  const { want, flag, state } = p.status;
  return flag === 'ok' ? state : `${state}, ${flag}${want === 'install' ? '' : `, ${want}`}`;
}

/** Bounded, with control characters shown as \xNN: a problem's text is shown to people. */
function short(s: string, max = 80): string {
  const v = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return v.length > max ? `${v.slice(0, max)}…` : v;
}

// ---- which packages are Docker's ----

/** Docker's own packages from download.docker.com. */
export const DOCKER_CE_PACKAGES: readonly string[] = [
  'docker-ce',
  'docker-ce-cli',
  'containerd.io',
  'docker-buildx-plugin',
  'docker-compose-plugin',
  'docker-ce-rootless-extras',
  'docker-model-plugin',
  'docker-scan-plugin',
];

/** The distributions' packages that Docker's install guide removes first (plus their newer splits). */
export const DISTRO_DOCKER_PACKAGES: readonly string[] = [
  'docker.io',
  'docker-doc',
  'docker-compose',
  'docker-compose-v2',
  'podman-docker',
  'containerd',
  'runc',
  'docker-cli',
  'docker-buildx',
];

const OTHER_DOCKER_PACKAGES = ['docker-engine', 'docker-ee', 'docker-ee-cli', 'docker-containerd', 'docker-runc'];

/**
 * A package that is part of some Docker engine install: Docker's, the distribution's,
 * Mirantis', Microsoft's moby. podman-docker is not: it only matters as a conflict.
 */
export function isDockerPackage(name: string): boolean {
  if (name === 'podman-docker') return false;
  return DOCKER_CE_PACKAGES.includes(name) || DISTRO_DOCKER_PACKAGES.includes(name) || OTHER_DOCKER_PACKAGES.includes(name) || /^moby-/.test(name);
}
