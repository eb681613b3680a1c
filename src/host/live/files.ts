import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { FileType, ListResult, ReadOptions, ReadResult, StatResult, StatfsResult } from '../types.js';

const DEFAULT_MAX = 8 * 1024 * 1024;

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'EIO';
}

/** Races an fs call against the deadline: a dead NFS mount must not stall the run. */
async function deadline<T>(ms: number, work: Promise<T>): Promise<T | 'TIMEOUT'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'TIMEOUT'>((r) => (timer = setTimeout(() => r('TIMEOUT'), ms)));
  try {
    return await Promise.race([work, t]);
  } finally {
    clearTimeout(timer);
  }
}

function typeOf(s: Stats): FileType {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  if (s.isSocket()) return 'socket';
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isFIFO()) return 'fifo';
  return 'other';
}

/**
 * Maps a path of the examined system onto the real disk. With --root, symlinks are followed
 * inside the tree: an absolute link in a mounted image (/etc/os-release -> /usr/lib/os-release)
 * must not escape to the machine the doctor runs on.
 */
export async function resolveInRoot(root: string | undefined, p: string, followLast = true): Promise<string> {
  if (!root) return p;
  const parts = p.split('/').filter(Boolean);
  let current = '/';
  for (let hops = 0, i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '.') continue;
    if (part === '..') {
      current = path.posix.dirname(current);
      continue;
    }
    const next = path.posix.join(current, part);
    const isLast = i === parts.length - 1;
    if (isLast && !followLast) return path.join(root, next);
    let target: string;
    try {
      target = await fs.readlink(path.join(root, next));
    } catch {
      current = next;
      continue;
    }
    if (++hops > 40) throw Object.assign(new Error('ELOOP'), { code: 'ELOOP' });
    const rest = parts.slice(i + 1);
    const resolved = target.startsWith('/') ? target : path.posix.join(current, target);
    parts.splice(0, parts.length, ...resolved.split('/').filter(Boolean), ...rest);
    current = '/';
    i = -1;
  }
  return path.join(root, current);
}

export class LiveFiles {
  constructor(
    private readonly root: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  async read(p: string, opts: ReadOptions = {}): Promise<ReadResult> {
    const max = opts.maxBytes ?? DEFAULT_MAX;
    const work = (async (): Promise<ReadResult> => {
      const real = await resolveInRoot(this.root, p);
      const fh = await fs.open(real, 'r');
      try {
        const st = await fh.stat();
        if (st.isDirectory()) return { ok: false, error: 'EISDIR' };
        const buf = Buffer.alloc(Math.min(max, Math.max(st.size, 64 * 1024)));
        let n = 0;
        for (;;) {
          const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
          if (bytesRead === 0) break;
          n += bytesRead;
          if (n >= buf.length) break;
        }
        const truncated = n >= max && st.size > max;
        const bytes = buf.subarray(0, n);
        const encoding = opts.encoding === 'base64' ? 'base64' : 'utf8';
        return { ok: true, content: bytes.toString(encoding), encoding, truncated, size: st.size };
      } finally {
        await fh.close();
      }
    })().catch((err: unknown): ReadResult => ({ ok: false, error: errCode(err) }));
    const r = await deadline(this.timeoutMs, work);
    return r === 'TIMEOUT' ? { ok: false, error: 'TIMEOUT' } : r;
  }

  async stat(p: string, opts: { follow?: boolean } = {}): Promise<StatResult> {
    const follow = opts.follow !== false;
    const work = (async (): Promise<StatResult> => {
      const real = await resolveInRoot(this.root, p, follow);
      const s = follow ? await fs.stat(real) : await fs.lstat(real);
      const base = { ok: true as const, type: typeOf(s), mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size, mtimeMs: Math.round(s.mtimeMs) };
      if (base.type === 'symlink') return { ...base, linkTarget: await fs.readlink(real) };
      return base;
    })().catch((err: unknown): StatResult => ({ ok: false, error: errCode(err) }));
    const r = await deadline(this.timeoutMs, work);
    return r === 'TIMEOUT' ? { ok: false, error: 'TIMEOUT' } : r;
  }

  async list(p: string): Promise<ListResult> {
    const work = (async (): Promise<ListResult> => {
      const real = await resolveInRoot(this.root, p);
      const dirents = await fs.readdir(real, { withFileTypes: true });
      const entries = dirents
        .map((d) => ({
          name: d.name,
          type: (d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : d.isSocket() ? 'socket' : 'other') as FileType,
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { ok: true, entries };
    })().catch((err: unknown): ListResult => ({ ok: false, error: errCode(err) }));
    const r = await deadline(this.timeoutMs, work);
    return r === 'TIMEOUT' ? { ok: false, error: 'TIMEOUT' } : r;
  }

  async statfs(p: string): Promise<StatfsResult> {
    const work = (async (): Promise<StatfsResult> => {
      const s = await fs.statfs(await resolveInRoot(this.root, p));
      return { ok: true, type: s.type, bsize: s.bsize, blocks: s.blocks, bavail: s.bavail, files: s.files, ffree: s.ffree };
    })().catch((err: unknown): StatfsResult => ({ ok: false, error: errCode(err) }));
    const r = await deadline(this.timeoutMs, work);
    return r === 'TIMEOUT' ? { ok: false, error: 'TIMEOUT' } : r;
  }
}
