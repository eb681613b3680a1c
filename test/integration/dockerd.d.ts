export interface PrivateDockerd {
  /** The temporary directory holding socket, data and exec roots, log and pid file. */
  dir: string;
  socket: string;
  /** unix://<socket> */
  host: string;
  pid: number;
  logFile: string;
  logTail(lines?: number): string;
  /** SIGSTOP / SIGCONT to dockerd itself (not containerd). */
  freeze(): void;
  thaw(): void;
  ping(timeoutMs?: number): Promise<boolean>;
  stop(graceMs?: number): Promise<void>;
  stopSync(): void;
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
}

export function unavailableReason(): string | undefined;
export function dockerCli(): string | undefined;
export function forceCleanup(dir: string): void;
export function reapStale(): void;
export function startDockerd(opts?: { deadlineMs?: number; label?: string }): Promise<PrivateDockerd>;
export function importHelloWorld(daemon: PrivateDockerd, ref?: string): string;
