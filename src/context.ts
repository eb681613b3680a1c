import { resolveEndpoint, type EndpointResolution } from './docker/endpoint.js';
import { NotAvailableError } from './host/errors.js';
import type { ApiRequest, ApiResponse, ExecOptions, ExecResult, HostFacts, ListResult, Probes, ReadOptions, ReadResult, StatfsResult, StatResult } from './host/types.js';
import type { CheckResult } from './check.js';

export interface RunOptions {
  /** Deadline for every daemon request and command, ms. */
  timeoutMs: number;
  /** Image for container-run. */
  image: string;
  pull: boolean;
  host?: string;
  context?: string;
  /** --root: the examined system's files are under this directory; no live probes. */
  root?: string;
}

export type JsonAnswer<T> =
  | { ok: true; status: number; value: T; headers: Record<string, string> }
  | { ok: false; response: ApiResponse; parseError?: string };

export interface DockerApi {
  /** Which daemon, and why (memoised; docker-context reports it). */
  endpoint(): Promise<EndpointResolution>;
  /** A request to the resolved endpoint. */
  request(req: ApiRequest): Promise<ApiResponse>;
  /** A request whose 2xx body is JSON; malformed JSON is a failure, never a throw. */
  json<T>(req: ApiRequest): Promise<JsonAnswer<T>>;
  ping(): Promise<ApiResponse>;
  version(): Promise<JsonAnswer<DockerVersion>>;
}

export interface DockerVersion {
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
}

export interface Files {
  read(path: string, opts?: ReadOptions): Promise<ReadResult>;
  /** The file's text, or undefined when it cannot be read (the reason is in the evidence). */
  text(path: string, opts?: ReadOptions): Promise<string | undefined>;
  stat(path: string): Promise<StatResult>;
  lstat(path: string): Promise<StatResult>;
  list(path: string): Promise<ListResult>;
  statfs(path: string): Promise<StatfsResult>;
  exists(path: string): Promise<boolean>;
}

/** Everything a check may touch. Nothing in checks/ imports node:* or systeminformation. */
export interface CheckContext {
  readonly options: RunOptions;
  /** True under --root (or replaying a --root report): the live system is not available. */
  readonly rooted: boolean;
  readonly signal: AbortSignal;
  exec(cmd: string, args: string[], opts?: ExecOptions): Promise<ExecResult>;
  readonly files: Files;
  env(name: string): string | undefined;
  facts(): Promise<HostFacts>;
  readonly docker: DockerApi;
  /** The result of a check named in dependsOn (they have finished before this one runs). */
  dependency(id: string): CheckResult | undefined;
}

/** What the run shares between checks: probes (memoised and recorded by the caller) and options. */
export interface SharedContext {
  probes: Probes;
  options: RunOptions;
  rooted: boolean;
}

export function createShared(probes: Probes, options: RunOptions): SharedContext & { docker: DockerApi; files: Files } {
  const rooted = Boolean(options.root);
  const files: Files = {
    read: (p, o) => probes.read(p, o),
    text: async (p, o) => {
      const r = await probes.read(p, o);
      return r.ok ? (r.encoding === 'base64' ? Buffer.from(r.content, 'base64').toString('utf8') : r.content) : undefined;
    },
    stat: (p) => probes.stat(p),
    lstat: (p) => probes.stat(p, { follow: false }),
    list: (p) => probes.list(p),
    statfs: (p) => probes.statfs(p),
    exists: async (p) => (await probes.stat(p)).ok,
  };
  let resolution: Promise<EndpointResolution> | undefined;
  // the endpoint belongs to the live session (its environment), never to a --root tree
  const endpoint = async () => {
    if (rooted) throw new NotAvailableError('docker endpoint', 'root');
    return (resolution ??= probes.facts().then((f) =>
      resolveEndpoint({
        host: options.host,
        context: options.context,
        env: (n) => probes.env(n),
        read: (p) => probes.read(p),
        exists: files.exists,
        platform: f.platform,
        // an empty HOME is unset to the docker CLI too
        home: probes.env(f.platform === 'win32' ? 'USERPROFILE' : 'HOME') || f.user.home,
      }),
    ));
  };
  const request = async (req: ApiRequest): Promise<ApiResponse> => {
    const r = await endpoint();
    return probes.api(r.ok ? r.endpoint : undefined, req);
  };
  const json = async <T>(req: ApiRequest): Promise<JsonAnswer<T>> => {
    const response = await request(req);
    if (!response.ok || response.status < 200 || response.status >= 300) return { ok: false, response };
    try {
      return { ok: true, status: response.status, value: JSON.parse(response.body) as T, headers: response.headers };
    } catch (err) {
      return { ok: false, response, parseError: (err as Error).message };
    }
  };
  const docker: DockerApi = {
    endpoint,
    request,
    json,
    ping: () => request({ method: 'GET', path: '/_ping' }),
    version: () => json<DockerVersion>({ method: 'GET', path: '/version' }),
  };
  return { probes, options, rooted, docker, files };
}

export function checkContext(
  shared: ReturnType<typeof createShared>,
  signal: AbortSignal,
  dependency: (id: string) => CheckResult | undefined,
): CheckContext {
  const { probes, rooted } = shared;
  return {
    options: shared.options,
    rooted,
    signal,
    exec: async (cmd, args, opts) => {
      if (rooted) throw new NotAvailableError(`${cmd} ${args.join(' ')}`, 'root');
      return probes.exec(cmd, args, opts);
    },
    files: shared.files,
    env: (n) => probes.env(n),
    facts: () => probes.facts(),
    docker: shared.docker,
    dependency,
  };
}
