import { describe, expect, it } from 'vitest';
import { fcntlWriteHolders, parseInodes, parseProcLocks } from '../../src/lib/proc-locks.js';

// /proc/locks as the kernel writes it: id, kind, mode, access, pid, major:minor:inode (hex:hex:dec), range
const SAMPLE = [
  '1: POSIX  ADVISORY  WRITE 4242 fe:00:402117 0 EOF',
  '1: -> POSIX  ADVISORY  WRITE 4300 fe:00:402117 0 EOF',
  '2: FLOCK  ADVISORY  WRITE 812 00:19:1207 0 EOF',
  '3: OFDLCK ADVISORY  READ  -1 00:06:9 0 EOF',
  '4: POSIX  ADVISORY  READ  777 103:02:55 0 EOF',
  '5: LEASE  ACTIVE    READ  90 00:1a:20 0 EOF',
].join('\n');

describe('parseProcLocks', () => {
  it('reads holders and waiters', () => {
    const locks = parseProcLocks(SAMPLE);
    expect(locks).toHaveLength(6);
    expect(locks[0]).toEqual({ kind: 'POSIX', access: 'WRITE', pid: 4242, dev: 'fe:00', inode: 402117, waiting: false });
    expect(locks[1]).toMatchObject({ pid: 4300, waiting: true });
    expect(locks[3]).toMatchObject({ kind: 'OFDLCK', pid: -1, inode: 9 });
  });

  it('skips what is not a lock line, never throws', () => {
    expect(parseProcLocks('')).toEqual([]);
    expect(parseProcLocks('\u0000\u00ff\u001b[2J\ngarbage\n1: POSIX ADVISORY WRITE x y 0 EOF')).toEqual([]);
    expect(parseProcLocks('9: POSIX  ADVISORY  WRITE 12 fe:00:99999999999999999999 0 EOF')).toEqual([]);
  });

  it('keeps the fcntl write locks a process holds: what apt and dpkg take', () => {
    expect(fcntlWriteHolders(parseProcLocks(SAMPLE))).toEqual([{ kind: 'POSIX', access: 'WRITE', pid: 4242, dev: 'fe:00', inode: 402117, waiting: false }]);
  });
});

describe('parseInodes', () => {
  it('reads stat -c "%i %n" lines', () => {
    expect(parseInodes('402117 /var/lib/dpkg/lock-frontend\n402116 /var/lib/dpkg/lock\n')).toEqual(
      new Map([
        ['/var/lib/dpkg/lock-frontend', 402117],
        ['/var/lib/dpkg/lock', 402116],
      ]),
    );
    expect(parseInodes('x /a\n\n12\n')).toEqual(new Map());
  });
});
