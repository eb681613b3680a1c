import { createHash } from 'node:crypto';
import type { Endpoint, ReadResult } from '../host/types.js';

export type EndpointSource = 'flag' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config' | 'default';

export type EndpointResolution =
  | {
      ok: true;
      endpoint: Endpoint;
      source: EndpointSource;
      context?: string;
      configPath: string;
      contextFromHost?: boolean;
      /** config.json is not JSON: the CLI warns, ignores it and goes on with the default. */
      configMalformed?: string;
    }
  | {
      ok: false;
      source: EndpointSource;
      error: 'malformed-host' | 'context-not-found' | 'context-malformed';
      value: string;
      detail: string;
      configPath: string;
      context?: string;
    };

export interface EndpointInputs {
  host?: string;
  context?: string;
  env(name: string): string | undefined;
  read(path: string): Promise<ReadResult>;
  exists(path: string): Promise<boolean>;
  platform: string;
  home: string;
}

export const DEFAULT_UNIX = 'unix:///var/run/docker.sock';
export const DEFAULT_NPIPE = 'npipe:////./pipe/docker_engine';

/** Parses a docker host URL the way the docker CLI accepts it; undefined when it would refuse it. */
export function parseHost(url: string, tls?: Endpoint['tls']): Endpoint | undefined {
  const trimmed = url.trim();
  // an address without a scheme is tcp to the CLI: DOCKER_HOST=localhost:2375 works there
  if (trimmed && !trimmed.includes('://')) url = `tcp://${trimmed}`;
  const m = /^([a-z]+):\/\/(.*)$/.exec(url.trim());
  if (!m) return undefined;
  const scheme = m[1] as Endpoint['scheme'];
  const rest = m[2]!;
  switch (scheme) {
    case 'unix':
      // unix:// alone is the default socket; a relative path is taken as it is
      return rest ? { url, scheme, socketPath: rest } : { url: DEFAULT_UNIX, scheme, socketPath: '/var/run/docker.sock' };
    case 'npipe': {
      // npipe:////./pipe/docker_engine -> \\.\pipe\docker_engine
      if (!/^\/\/[^/]+\/pipe\/.+/.test(rest)) return undefined;
      return { url, scheme, socketPath: rest.replace(/\//g, '\\') };
    }
    case 'tcp':
    case 'http':
    case 'https': {
      // tcp:// and tcp://:2375 are localhost to the CLI; it fills in 2375 also when TLS is on
      const hm = /^(\[[0-9a-fA-F:.]+\]|[^:/[\]]+)?(?::(\d{1,5}))?\/?$/.exec(rest);
      if (!hm) return undefined;
      const port = hm[2] ? Number(hm[2]) : scheme === 'https' ? 2376 : 2375;
      if (port < 1 || port > 65535) return undefined;
      return { url, scheme, host: (hm[1] ?? 'localhost').replace(/^\[|\]$/g, ''), port, ...(tls ? { tls } : {}) };
    }
    case 'ssh':
      return rest.length > 0 ? { url, scheme, host: rest } : undefined;
    default:
      return undefined;
  }
}

export function contextDir(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function joinPath(platform: string, ...parts: string[]): string {
  return parts.join(platform === 'win32' ? '\\' : '/');
}

/**
 * Which daemon the docker CLI would talk to, in its own order: --context / --host flags,
 * DOCKER_HOST, DOCKER_CONTEXT, currentContext in config.json, the platform default.
 */
export async function resolveEndpoint(i: EndpointInputs): Promise<EndpointResolution> {
  const configDir = i.env('DOCKER_CONFIG') || joinPath(i.platform, i.home, '.docker');
  const configPath = joinPath(i.platform, configDir, 'config.json');
  // any non-empty DOCKER_TLS_VERIFY ("0" too) verifies; DOCKER_TLS alone is TLS without
  // verifying the daemon (docker --tls). Read only for a network endpoint.
  const tlsFromEnv = (): Endpoint['tls'] => {
    const verify = Boolean(i.env('DOCKER_TLS_VERIFY'));
    if (!verify && !i.env('DOCKER_TLS')) return undefined;
    return { verify, certPath: i.env('DOCKER_CERT_PATH') || configDir };
  };
  const fromHost = (value: string, source: EndpointSource): EndpointResolution => {
    const plain = parseHost(value);
    const endpoint = plain?.host !== undefined && plain.scheme !== 'ssh' ? parseHost(value, tlsFromEnv()) : plain;
    return endpoint
      ? { ok: true, endpoint, source, configPath }
      : { ok: false, source, error: 'malformed-host', value, detail: `unable to parse docker host "${value}"`, configPath };
  };
  const fallback = (source: EndpointSource): EndpointResolution =>
    fromHost(i.env('DOCKER_HOST') || (i.platform === 'win32' ? DEFAULT_NPIPE : DEFAULT_UNIX), source);

  if (i.host) return fromHost(i.host, 'flag');

  let name: string | undefined;
  let source: EndpointSource = 'default';
  let configMalformed: string | undefined;
  if (i.context) [name, source] = [i.context, 'flag'];
  else if (i.env('DOCKER_HOST')) return fromHost(i.env('DOCKER_HOST')!, 'DOCKER_HOST');
  else if (i.env('DOCKER_CONTEXT')) [name, source] = [i.env('DOCKER_CONTEXT')!, 'DOCKER_CONTEXT'];
  else {
    const cfg = await i.read(configPath);
    if (cfg.ok) {
      let parsed: { currentContext?: unknown } | undefined;
      try {
        parsed = JSON.parse(cfg.content.replace(/^\uFEFF/, '')) as typeof parsed;
      } catch (err) {
        // "WARNING: Error parsing config file": the CLI ignores the file and goes on
        configMalformed = (err as Error).message;
      }
      if (typeof parsed?.currentContext === 'string' && parsed.currentContext) [name, source] = [parsed.currentContext, 'config'];
    }
  }
  if (!name || name === 'default') {
    const r = fallback(source);
    if (r.ok && configMalformed !== undefined) r.configMalformed = configMalformed;
    return name ? { ...r, context: name } : r;
  }

  const metaPath = joinPath(i.platform, configDir, 'contexts', 'meta', contextDir(name), 'meta.json');
  const meta = await i.read(metaPath);
  if (!meta.ok) {
    return { ok: false, source, error: 'context-not-found', value: name, context: name, detail: `context "${name}": context not found: open ${metaPath}: ${meta.error}`, configPath };
  }
  let host: unknown;
  let skipTls = false;
  try {
    const m = JSON.parse(meta.content) as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: boolean } } };
    host = m.Endpoints?.docker?.Host;
    skipTls = Boolean(m.Endpoints?.docker?.SkipTLSVerify);
  } catch (err) {
    return { ok: false, source, error: 'context-malformed', value: name, context: name, detail: `${metaPath}: ${(err as Error).message}`, configPath };
  }
  if (typeof host !== 'string') {
    return { ok: false, source, error: 'context-malformed', value: name, context: name, detail: `${metaPath}: no Endpoints.docker.Host`, configPath };
  }
  const tlsDir = joinPath(i.platform, configDir, 'contexts', 'tls', contextDir(name), 'docker');
  // a context stores TLS material only when its endpoint uses TLS
  const hasTls = /^(tcp|https):/.test(host) && (await i.exists(joinPath(i.platform, tlsDir, 'ca.pem')));
  const endpoint = parseHost(host, hasTls ? { verify: !skipTls, certPath: tlsDir } : undefined);
  if (!endpoint) return { ok: false, source, error: 'malformed-host', value: host, context: name, detail: `context "${name}": unable to parse docker host "${host}"`, configPath };
  return { ok: true, endpoint, source, context: name, configPath };
}
