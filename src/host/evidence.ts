import { isSecretName, redactDeep } from '../report/redact.js';
import { NotRecordedError } from './errors.js';
import type { Probes } from './types.js';

export type ProbeKind = 'exec' | 'read' | 'stat' | 'list' | 'statfs' | 'api' | 'env' | 'facts';

/** One probe and its answer, as written to the report's `evidence`. */
export interface EvidenceEntry {
  kind: ProbeKind;
  request: Record<string, unknown>;
  response: unknown;
  ms?: number;
  /** The answer was dropped because the report's evidence budget was spent. */
  omitted?: boolean;
}

export const LIMITS = {
  probeBytes: 64 * 1024,
  totalBytes: 2 * 1024 * 1024,
};

// dpkg's status database is the truth for the package checks but runs to megabytes; only
// the fields they read are kept, which brings an Ubuntu desktop's file to ~200 KB. A run of
// dropped lines leaves a "#N" line (N lines left out; dpkg's format has no comments), so the
// line numbers the checks report from a replayed report are those of the real file.
const DPKG_FIELDS = /^(Package|Status|Version|Architecture|Depends|Pre-Depends|Provides|Conflicts|Breaks|Replaces|Source|Multi-Arch):/;
const DPKG_MULTILINE = /^(Depends|Pre-Depends|Provides|Conflicts|Breaks|Replaces):/;
const COMPACTORS: { match: RegExp; compact: (s: string) => string; limit: number }[] = [
  { match: /\/var\/lib\/dpkg\/status$/, compact: compactDpkgStatus, limit: 1024 * 1024 },
];

export function compactDpkgStatus(s: string): string {
  const out: string[] = [];
  let dropped = 0;
  let continuing = false;
  for (const line of s.split('\n')) {
    const blank = /^\s*$/.test(line);
    const isContinuation = !blank && (line.startsWith(' ') || line.startsWith('\t'));
    if (!isContinuation) continuing = DPKG_MULTILINE.test(line);
    if (blank || DPKG_FIELDS.test(line) || (isContinuation && continuing)) {
      if (dropped) out.push(`#${dropped}`);
      dropped = 0;
      out.push(line);
    } else dropped++;
  }
  if (dropped) out.push(`#${dropped}`);
  return out.join('\n');
}

export function probeKey(kind: ProbeKind, request: Record<string, unknown>): string {
  return `${kind} ${JSON.stringify(request)}`;
}

function truncateStrings(value: unknown, limit: number): unknown {
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of ['stdout', 'stderr', 'content', 'body']) {
    const v = out[field];
    if (typeof v === 'string' && v.length > limit) {
      out[field] = v.slice(0, limit);
      out.truncated = true;
    }
  }
  return out;
}

/** Wraps live probes: memoises identical probes and writes a redacted, bounded transcript. */
export class Recorder {
  private readonly raw: EvidenceEntry[] = [];
  private written: EvidenceEntry[] | undefined;
  private readonly memo = new Map<string, unknown>();

  constructor(private readonly home: string | undefined) {}

  /**
   * The transcript, redacted and bounded. Built on first use, after the checks: a run that
   * prints text and writes no report never pays for it, and the checks never wait on it.
   */
  get entries(): EvidenceEntry[] {
    if (this.written) return this.written;
    let bytes = 0;
    this.written = this.raw.map((e) => {
      const entry = this.bounded(e);
      const size = JSON.stringify(entry).length;
      if (bytes + size > LIMITS.totalBytes) return { ...entry, response: null, omitted: true };
      bytes += size;
      return entry;
    });
    return this.written;
  }

  private bounded({ kind, request, response, ms }: EvidenceEntry): EvidenceEntry {
    const compactor = kind === 'read' ? COMPACTORS.find((c) => c.match.test(String(request.path))) : undefined;
    let res = response;
    if (compactor && res && typeof res === 'object' && (res as { ok?: boolean }).ok) {
      const r = res as { content: string };
      res = { ...r, content: compactor.compact(r.content) };
    }
    res = truncateStrings(res, compactor?.limit ?? LIMITS.probeBytes);
    return redactDeep({ kind, request, response: res, ...(ms === undefined ? {} : { ms }) }, this.home);
  }

  private add(kind: ProbeKind, request: Record<string, unknown>, response: unknown, ms?: number): void {
    this.written = undefined;
    this.raw.push({ kind, request, response, ...(ms === undefined ? {} : { ms }) });
  }

  private once<T>(kind: ProbeKind, request: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
    const key = probeKey(kind, request);
    const hit = this.memo.get(key);
    if (hit) return hit as Promise<T>;
    const started = performance.now();
    const p = run().then((res) => {
      this.add(kind, request, res, Math.round(performance.now() - started));
      return res;
    });
    this.memo.set(key, p);
    return p;
  }

  wrap(inner: Probes): Probes {
    return {
      exec: (cmd, args, opts = {}) =>
        this.once('exec', execRequest(cmd, args, opts), () => inner.exec(cmd, args, opts)),
      read: (path, opts = {}) => this.once('read', { path, ...(opts.encoding === 'base64' ? { encoding: 'base64' } : {}) }, () => inner.read(path, opts)),
      stat: (path, opts = {}) => this.once('stat', { path, ...(opts.follow === false ? { follow: false } : {}) }, () => inner.stat(path, opts)),
      list: (path) => this.once('list', { path }, () => inner.list(path)),
      statfs: (path) => this.once('statfs', { path }, () => inner.statfs(path)),
      api: (endpoint, req) => this.once('api', apiRequest(endpoint?.url, req), () => inner.api(endpoint, req)),
      facts: () => this.once('facts', {}, () => inner.facts()),
      env: (name) => {
        const value = inner.env(name);
        const key = probeKey('env', { name });
        if (!this.memo.has(key)) {
          this.memo.set(key, value);
          // a secret-looking variable is recorded as set or unset, never with its value
          this.add('env', { name }, isSecretName(name) ? { set: value !== undefined } : { value: value ?? null });
        }
        return value;
      },
    };
  }
}

export function execRequest(cmd: string, args: string[], opts: { encoding?: string; env?: Record<string, string | undefined> }) {
  return {
    cmd,
    args,
    ...(opts.encoding === 'buffer' ? { encoding: 'buffer' } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  };
}

export function apiRequest(endpoint: string | undefined, req: { method: string; path: string; body?: unknown }) {
  return { endpoint: endpoint ?? null, method: req.method, path: req.path, ...(req.body === undefined ? {} : { body: req.body }) };
}

/** Answers probes from a transcript; a probe that is not there throws NotRecordedError. */
export function replayProbes(entries: EvidenceEntry[], home?: string): Probes {
  const index = new Map<string, EvidenceEntry>();
  for (const e of entries) index.set(probeKey(e.kind, e.request), e);
  // requests are looked up in their redacted form, the form they were written in
  const look = <T>(kind: ProbeKind, request: Record<string, unknown>): T => {
    const key = probeKey(kind, redactDeep(request, home));
    const e = index.get(key);
    if (!e || e.omitted) throw new NotRecordedError(key);
    return e.response as T;
  };
  return {
    exec: async (cmd, args, opts = {}) => look('exec', execRequest(cmd, args, opts)),
    read: async (path, opts = {}) => look('read', { path, ...(opts.encoding === 'base64' ? { encoding: 'base64' } : {}) }),
    stat: async (path, opts = {}) => look('stat', { path, ...(opts.follow === false ? { follow: false } : {}) }),
    list: async (path) => look('list', { path }),
    statfs: async (path) => look('statfs', { path }),
    api: async (endpoint, req) => look('api', apiRequest(endpoint?.url, req)),
    facts: async () => look('facts', {}),
    env: (name) => {
      const r = look<{ value?: string | null; set?: boolean }>('env', { name });
      if ('value' in r) return r.value ?? undefined;
      return r.set ? '***' : undefined;
    },
  };
}

