import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execLive } from '../../src/host/live/exec.js';

/** Running, not a zombie waiting to be reaped (/proc: Linux only). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s*[ZX]/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe.runIf(process.platform === 'linux')('execLive deadline', () => {
  // a grandchild in its own session escapes the group kill and keeps stdout open: the probe
  // must answer at its deadline, not when that process finally exits
  it('answers at the deadline even when an escaped grandchild holds the output pipe', async () => {
    const r = await execLive('sh', ['-c', 'setsid sleep 8 & echo $!; exec sleep 30'], { timeoutMs: 300 });
    const pid = Number(r.stdout.trim().split('\n')[0]);
    try {
      expect(r.timedOut).toBe(true);
      expect(r.exitCode).toBeNull();
      expect(Number.isInteger(pid) && pid > 0).toBe(true);
      // still running: execLive did not wait for it to close the pipe
      expect(alive(pid)).toBe(true);
    } finally {
      if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('a command that finishes in time keeps its exit code and output', async () => {
    const r = await execLive('sh', ['-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 5000 });
    expect(r).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, notFound: false });
  });

  it('a missing program is notFound, not a throw', async () => {
    const r = await execLive('docker-doctor-no-such-program', [], { timeoutMs: 1000 });
    expect(r).toMatchObject({ notFound: true, exitCode: null });
  });
});
