// A hand-written transcript in a friendly shape, answering exactly like the replay context:
// a probe the spec does not mention is "not recorded" (files: missing, as on a real disk).
import { NotRecordedError } from '../../src/host/errors.js';
import type { ApiFailure, ExecResult, FileType, HostFacts, Probes, StatResult } from '../../src/host/types.js';

export type FileSpec =
  | string
  | Buffer
  | { error: string }
  | { type: FileType; mode?: number; uid?: number; gid?: number; content?: string; linkTarget?: string };

export interface ApiSpec {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  binary?: Buffer;
}

export interface HostSpec {
  facts?: Partial<HostFacts>;
  env?: Record<string, string>;
  files?: Record<string, FileSpec>;
  /** Key: the command line, "docker version --format {{json .Client}}". */
  exec?: Record<string, Partial<ExecResult>>;
  /** Key: "GET /_ping". A string value is a failure reason. */
  api?: Record<string, ApiSpec | ApiFailure | { reason: ApiFailure; connected?: boolean; detail?: string }>;
  statfs?: Record<string, { bsize: number; blocks: number; bavail: number; files: number; ffree: number; type?: number }>;
}

export const UBUNTU_2204: Partial<HostFacts> = {
  platform: 'linux',
  arch: 'x64',
  kernel: '5.15.0-91-generic',
  distro: 'Ubuntu 22.04.3 LTS',
  distroId: 'ubuntu',
  idLike: ['debian'],
  release: '22.04',
  codename: 'jammy',
  ubuntuCodename: 'jammy',
  systemd: true,
};

export function fakeFacts(over: Partial<HostFacts> = {}): HostFacts {
  return {
    ...UBUNTU_2204,
    node: 'v20.19.0',
    wsl: false,
    user: { uid: 1000, gid: 1000, groups: [1000], name: 'mei', home: '/home/mei' },
    ...over,
  } as HostFacts;
}

export function fakeProbes(spec: HostSpec): Probes {
  const files = spec.files ?? {};
  const childrenOf = (dir: string) => {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = new Map<string, FileType>();
    for (const p of Object.keys(files)) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const [first, ...more] = rest.split('/');
      if (!first) continue;
      names.set(first, more.length ? 'directory' : typeOfSpec(files[p]!));
    }
    return names;
  };
  const stat = async (p: string): Promise<StatResult> => {
    const f = files[p];
    if (f === undefined) return childrenOf(p).size ? { ok: true, type: 'directory', mode: 0o755, uid: 0, gid: 0, size: 4096, mtimeMs: 0 } : { ok: false, error: 'ENOENT' };
    if (typeof f === 'object' && 'error' in f) return { ok: false, error: f.error };
    const meta = typeof f === 'object' && 'type' in f ? f : undefined;
    return {
      ok: true,
      type: typeOfSpec(f),
      mode: meta?.mode ?? 0o644,
      uid: meta?.uid ?? 0,
      gid: meta?.gid ?? 0,
      size: typeof f === 'string' ? Buffer.byteLength(f) : Buffer.isBuffer(f) ? f.length : 0,
      mtimeMs: 0,
      ...(meta?.linkTarget ? { linkTarget: meta.linkTarget } : {}),
    };
  };
  return {
    facts: async () => fakeFacts(spec.facts),
    env: (name) => spec.env?.[name],
    read: async (p, opts = {}) => {
      const f = files[p];
      if (f === undefined) return childrenOf(p).size ? { ok: false, error: 'EISDIR' } : { ok: false, error: 'ENOENT' };
      if (typeof f === 'object' && 'error' in f) return { ok: false, error: f.error };
      const bytes = typeof f === 'string' ? Buffer.from(f) : Buffer.isBuffer(f) ? f : Buffer.from(f.content ?? '');
      const encoding = opts.encoding === 'base64' ? 'base64' : 'utf8';
      return { ok: true, content: bytes.toString(encoding), encoding, truncated: false, size: bytes.length };
    },
    stat: (p) => stat(p),
    list: async (p) => {
      const kids = childrenOf(p);
      if (!kids.size) return (await stat(p)).ok ? { ok: true, entries: [] } : { ok: false, error: 'ENOENT' };
      return { ok: true, entries: [...kids].sort().map(([name, type]) => ({ name, type })) };
    },
    statfs: async (p) => {
      const s = spec.statfs?.[p];
      if (!s) throw new NotRecordedError(`statfs ${p}`);
      return { ok: true, type: s.type ?? 0xef53, ...s };
    },
    exec: async (cmd, args) => {
      const line = [cmd, ...args].join(' ');
      const r = spec.exec?.[line];
      if (!r) throw new NotRecordedError(`exec ${line}`);
      return { exitCode: 0, signal: null, stdout: '', stderr: '', notFound: false, timedOut: false, truncated: false, ...r };
    },
    api: async (_ep, req) => {
      const key = `${req.method} ${req.path}`;
      const r = spec.api?.[key];
      if (r === undefined) throw new NotRecordedError(`api ${key}`);
      if (typeof r === 'string') return { ok: false, reason: r, connected: r === 'timeout', detail: r };
      if ('reason' in r) return { ok: false, reason: r.reason, connected: r.connected ?? false, detail: r.detail ?? r.reason };
      const body = r.binary ? r.binary.toString('base64') : typeof r.body === 'string' ? r.body : r.body === undefined ? '' : JSON.stringify(r.body);
      return { ok: true, status: r.status ?? 200, headers: r.headers ?? {}, body, encoding: r.binary ? 'base64' : 'utf8', truncated: false };
    },
  };
}

function typeOfSpec(f: FileSpec): FileType {
  return typeof f === 'object' && !Buffer.isBuffer(f) && 'type' in f ? f.type : 'file';
}

/** A transcript whose read of `path` came back cut short (a capped read, a truncated report). */
export function truncatedRead(path: string, text: string): Probes {
  const base = fakeProbes({});
  return { ...base, read: async (p, o) => (p === path ? { ok: true, content: text, encoding: 'utf8', truncated: true, size: text.length * 10 } : base.read(p, o)) };
}
