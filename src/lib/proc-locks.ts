// /proc/locks, one lock per line: "1: POSIX  ADVISORY  WRITE 4242 fe:00:402117 0 EOF" (kind,
// mode, access, owner pid, device major:minor in hex, inode), "1: -> POSIX ..." for a waiter.

export interface FileLock {
  /** POSIX (fcntl), OFDLCK (open file description), FLOCK, LEASE, ... */
  kind: string;
  access: string;
  /** -1 for OFD locks, which no process owns. */
  pid: number;
  /** "fe:00" as the kernel prints it. */
  dev: string;
  inode: number;
  /** Blocked, waiting for the lock above it. */
  waiting: boolean;
}

const LINE = /^\d+:\s+(->\s+)?([A-Z]+)\s+\S+\s+([A-Z]+)\s+(-?\d+)\s+([0-9a-f]+:[0-9a-f]+):(\d+)\s/;

export function parseProcLocks(text: string): FileLock[] {
  const out: FileLock[] = [];
  for (const line of text.split('\n').slice(0, 10_000)) {
    const m = LINE.exec(line);
    if (!m) continue;
    const inode = Number(m[6]);
    const pid = Number(m[4]);
    if (!Number.isSafeInteger(inode) || !Number.isSafeInteger(pid)) continue;
    out.push({ kind: m[2]!, access: m[3]!, pid, dev: m[5]!, inode, waiting: Boolean(m[1]) });
  }
  return out;
}

/** Write locks taken with fcntl(F_SETLK) and held by a process: how apt and dpkg lock. */
export function fcntlWriteHolders(locks: readonly FileLock[]): FileLock[] {
  return locks.filter((l) => !l.waiting && l.kind === 'POSIX' && l.access === 'WRITE' && l.pid > 0);
}

/** `stat -L -c '%i %n' FILE...`: path -> inode. */
export function parseInodes(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\d+) (\/.+)$/.exec(line.trim());
    if (m && Number.isSafeInteger(Number(m[1]))) out.set(m[2]!, Number(m[1]));
  }
  return out;
}
