// How the doctor asks the docker CLI for its own version without letting it contact a
// daemon (a frozen one would hang it): a dead endpoint, no context, no pinned API version.
// docker-cli and api-version run exactly this probe, so it runs once (probes are memoised).
import { cleanValue } from '../sanitize.js';

export const CLIENT_VERSION_ARGS = ['version', '--format', '{{json .Client}}'];

/** An endpoint nothing listens on: the CLI prints the client part, then fails fast. */
export function deadEndpoint(platform: string): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker-doctor-nonexistent' : 'unix:///nonexistent/docker-doctor.sock';
}

export function clientVersionEnv(platform: string): Record<string, string> {
  // an empty DOCKER_API_VERSION is "unset" to the CLI, so ApiVersion is its own maximum
  return { DOCKER_HOST: deadEndpoint(platform), DOCKER_CONTEXT: '', DOCKER_API_VERSION: '' };
}

export interface ClientVersion {
  version: string;
  /** The client's own maximum API version (absent from podman's emulation). */
  apiVersion?: string;
  /** podman's client JSON (APIVersion, OsArch) rather than docker's (ApiVersion). */
  podman?: boolean;
}

const SHORT = /^[\w.+~:-]{1,64}$/;

/** The JSON line of `docker version --format '{{json .Client}}'`; undefined when there is none. */
export function parseClientJson(stdout: string): ClientVersion | undefined {
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    if (typeof o.Version !== 'string' || !SHORT.test(o.Version)) continue;
    const api = typeof o.DefaultAPIVersion === 'string' && SHORT.test(o.DefaultAPIVersion) ? o.DefaultAPIVersion : o.ApiVersion;
    const podman = 'OsArch' in o || ('APIVersion' in o && !('ApiVersion' in o));
    if (podman) return { version: o.Version, podman };
    return { version: o.Version, ...(typeof api === 'string' && SHORT.test(api) ? { apiVersion: api } : {}) };
  }
  return undefined;
}

/** `docker --version`: "Docker version 28.2.2, build e6534b4"; podman: "podman version 4.3.1". */
export function parseDashVersion(stdout: string): string | undefined {
  return /\bversion\s+v?(\d+\.\d+[\w.+~-]*?)(?:,|\s|$)/i.exec(stdout)?.[1];
}

/** Old clients refuse `--format` on `docker version`. */
export function formatUnsupported(stderr: string): boolean {
  return /(unknown|not defined).{0,40}--format/i.test(stderr);
}

/** podman-docker's /usr/bin/docker announces itself ("Emulate Docker CLI using podman"). */
export function mentionsPodman(text: string): boolean {
  return /podman/i.test(text);
}

/** The first line that says something, skipping the CLI's complaint about the dead endpoint. */
export function firstLine(text: string, max = 200): string {
  const line = text.split('\n').map((l) => cleanValue(l, max)).find((l) => l && !/docker-doctor(\.sock|-nonexistent)/.test(l));
  return line ?? '';
}
