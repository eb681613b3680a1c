// The only door from a check to the machine. Two implementations: live (records a
// transcript as it goes) and replay (answers from a transcript). Every answer is plain
// data so that it can be written to a report and read back unchanged.

export interface ExecOptions {
  /** Deadline in ms; the child (and its process group) is killed when it passes. */
  timeoutMs?: number;
  /** Output cap per stream in bytes. */
  maxBytes?: number;
  /** 'buffer' gives base64 of the raw bytes (OEM code pages, UTF-16LE from wsl.exe). */
  encoding?: 'utf8' | 'buffer';
  /** Extra environment for the child, merged over the doctor's own. */
  env?: Record<string, string | undefined>;
}

export interface ExecResult {
  /** null when the process did not exit normally (killed, not found). */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  notFound: boolean;
  timedOut: boolean;
  truncated: boolean;
  /** errno code when the command could not be started for another reason (EACCES, ...). */
  error?: string;
}

export type FileError = 'ENOENT' | 'EACCES' | 'EISDIR' | 'ENOTDIR' | 'ELOOP' | 'TIMEOUT' | 'EIO' | string;

export type ReadResult =
  | { ok: true; content: string; encoding: 'utf8' | 'base64'; truncated: boolean; size: number }
  | { ok: false; error: FileError };

export type FileType = 'file' | 'directory' | 'socket' | 'symlink' | 'fifo' | 'other';

export type StatResult =
  | { ok: true; type: FileType; mode: number; uid: number; gid: number; size: number; mtimeMs: number; linkTarget?: string }
  | { ok: false; error: FileError };

export type ListResult = { ok: true; entries: { name: string; type: FileType }[] } | { ok: false; error: FileError };

export type StatfsResult =
  | { ok: true; type: number; bsize: number; blocks: number; bavail: number; files: number; ffree: number }
  | { ok: false; error: FileError };

export interface ReadOptions {
  maxBytes?: number;
  encoding?: 'utf8' | 'base64';
}

/** Why a Docker Engine API request did not give an HTTP answer. */
export type ApiFailure =
  | 'no-endpoint' // the endpoint could not be resolved (see docker-context)
  | 'socket-missing' // ENOENT on a unix socket or named pipe
  | 'connection-refused' // ECONNREFUSED: a stale socket, or nothing on that port
  | 'permission-denied' // EACCES on the socket
  | 'timeout' // connected (or not) but no answer before the deadline
  | 'tls-error'
  | 'protocol-error' // the peer did not speak HTTP
  | 'host-unreachable'
  | 'unsupported-endpoint'
  | 'other';

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'HEAD';
  path: string;
  body?: unknown;
  timeoutMs?: number;
  /** Cap on the response body in bytes. */
  maxBytes?: number;
  /** The body is bytes (container logs): returned as base64. */
  binary?: boolean;
}

export type ApiResponse =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      body: string;
      /** base64 when the body is binary (container logs). */
      encoding: 'utf8' | 'base64';
      truncated: boolean;
    }
  | { ok: false; reason: ApiFailure; connected: boolean; detail: string };

export interface Endpoint {
  /** As the user would write it: unix:///var/run/docker.sock, tcp://host:2376, npipe:////./pipe/docker_engine */
  url: string;
  scheme: 'unix' | 'tcp' | 'npipe' | 'ssh' | 'fd' | 'http' | 'https';
  /** Socket or pipe path, for unix and npipe. */
  socketPath?: string;
  host?: string;
  port?: number;
  tls?: { verify: boolean; certPath?: string };
}

export interface UserInfo {
  uid: number;
  gid: number;
  /** Supplementary groups of this process: what the current session really has. */
  groups: number[];
  name: string;
  home: string;
}

export interface HostFacts {
  platform: 'linux' | 'darwin' | 'win32' | string;
  /** Node's naming: x64, arm64, ... */
  arch: string;
  kernel?: string;
  distro?: string;
  distroId?: string;
  idLike?: string[];
  release?: string;
  codename?: string;
  /** UBUNTU_CODENAME from os-release on Ubuntu derivatives (Linux Mint, Pop!_OS, ...). */
  ubuntuCodename?: string;
  node: string;
  wsl: boolean;
  /** PID 1 is systemd and /run/systemd/system exists. */
  systemd: boolean;
  memTotal?: number;
  virtualization?: boolean;
  user: UserInfo;
}

/** The raw probes, identical in live and replay. Keys for the transcript come from the arguments. */
export interface Probes {
  exec(cmd: string, args: string[], opts?: ExecOptions): Promise<ExecResult>;
  read(path: string, opts?: ReadOptions): Promise<ReadResult>;
  stat(path: string, opts?: { follow?: boolean }): Promise<StatResult>;
  list(path: string): Promise<ListResult>;
  statfs(path: string): Promise<StatfsResult>;
  api(endpoint: Endpoint | undefined, req: ApiRequest): Promise<ApiResponse>;
  env(name: string): string | undefined;
  facts(): Promise<HostFacts>;
}
