import { spawn } from 'node:child_process';
import type { ExecOptions, ExecResult } from '../types.js';

const DEFAULT_MAX = 1024 * 1024;

/**
 * Runs a program without a shell, stdin closed, in its own process group so that the whole
 * group dies at the deadline (a `docker` talking to a frozen daemon, a pager, a prompt).
 * Never throws: a missing binary, a non-zero exit or a deadline are all answers.
 */
export function execLive(cmd: string, args: string[], opts: ExecOptions & { timeoutMs: number; signal?: AbortSignal }): Promise<ExecResult> {
  const max = opts.maxBytes ?? DEFAULT_MAX;
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
        env: { ...process.env, LC_ALL: 'C', ...opts.env } as NodeJS.ProcessEnv,
      });
    } catch (err) {
      resolve(failed((err as NodeJS.ErrnoException).code));
      return;
    }
    const out: Buffer[] = [];
    const errs: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let truncated = false;
    let timedOut = false;
    let settled = false;

    const kill = () => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    // Answer at the deadline with what came so far: waiting for 'close' would wait for every
    // holder of the pipes, and a grandchild that left the group (setsid, a daemon it started,
    // any child on Windows, where only the child itself is killed) may hold them for ever.
    const expire = () => {
      timedOut = true;
      kill();
      child.stdout.destroy();
      child.stderr.destroy();
      const enc = opts.encoding === 'buffer' ? 'base64' : 'utf8';
      finish({ exitCode: null, signal: 'SIGKILL', stdout: Buffer.concat(out).toString(enc), stderr: Buffer.concat(errs).toString(enc), notFound: false, timedOut, truncated });
    };
    const timer = setTimeout(expire, opts.timeoutMs);
    opts.signal?.addEventListener('abort', expire, { once: true });

    child.stdout.on('data', (b: Buffer) => {
      if (outBytes < max) out.push(b.subarray(0, max - outBytes));
      else truncated = true;
      outBytes += b.length;
      if (outBytes > max) truncated = true;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errBytes < max) errs.push(b.subarray(0, max - errBytes));
      errBytes += b.length;
      if (errBytes > max) truncated = true;
    });

    const finish = (r: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', expire);
      resolve(r);
    };
    child.on('error', (err: NodeJS.ErrnoException) => finish(failed(err.code)));
    child.on('close', (code, signal) => {
      const enc = opts.encoding === 'buffer' ? 'base64' : 'utf8';
      finish({
        exitCode: timedOut ? null : code,
        signal: signal ?? null,
        stdout: Buffer.concat(out).toString(enc),
        stderr: Buffer.concat(errs).toString(enc),
        notFound: false,
        timedOut,
        truncated,
      });
    });
  });
}

function failed(code: string | undefined): ExecResult {
  return {
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    notFound: code === 'ENOENT',
    timedOut: false,
    truncated: false,
    ...(code && code !== 'ENOENT' ? { error: code } : {}),
  };
}
