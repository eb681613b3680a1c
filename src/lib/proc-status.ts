// /proc/<pid>/status lines "Name:\tdockerd" and "State:\tT (stopped)".

export interface ProcStatus {
  name?: string;
  /** The state letter: R, S, D, T, t, Z, X, I. */
  state?: string;
  /** As written, e.g. "T (stopped)". */
  stateText?: string;
}

export function parseProcStatus(text: string): ProcStatus {
  const out: ProcStatus = {};
  for (const line of text.split('\n').slice(0, 64)) {
    const m = /^(Name|State):\s*(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2]!.trim().slice(0, 64);
    if (m[1] === 'Name') out.name = value;
    else {
      out.stateText = value;
      out.state = /^([A-Za-z])\b/.exec(value)?.[1];
    }
  }
  return out;
}

/** Stopped by a signal (SIGSTOP, SIGTSTP) or by a tracer: frozen until SIGCONT. */
export function isStopped(s: ProcStatus): boolean {
  return s.state === 'T' || s.state === 't';
}

/** pgrep prints one pid a line; anything else is ignored. */
export function parsePids(text: string, max = 8): number[] {
  const pids: number[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (/^\d{1,9}$/.test(t) && Number(t) > 0) pids.push(Number(t));
    if (pids.length >= max) break;
  }
  return pids;
}
