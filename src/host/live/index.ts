import { apiLive } from './docker-api.js';
import { execLive } from './exec.js';
import { gatherFacts } from './facts.js';
import { LiveFiles } from './files.js';
import type { Probes } from '../types.js';

export interface LiveOptions {
  root?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** The machine itself. With `root`, files are read from that tree and live facts are not taken. */
export function liveProbes(opts: LiveOptions): Probes {
  const files = new LiveFiles(opts.root, opts.timeoutMs);
  const env = opts.env ?? process.env;
  return {
    exec: (cmd, args, o = {}) => execLive(cmd, args, { ...o, timeoutMs: o.timeoutMs ?? opts.timeoutMs, signal: opts.signal }),
    read: (p, o) => files.read(p, o),
    stat: (p, o) => files.stat(p, o),
    list: (p) => files.list(p),
    statfs: (p) => files.statfs(p),
    api: (ep, req) => apiLive(ep, req, opts.timeoutMs, opts.signal),
    env: (name) => env[name],
    facts: () => gatherFacts(files, { rooted: Boolean(opts.root), timeoutMs: opts.timeoutMs }),
  };
}
