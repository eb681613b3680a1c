// Which daemon a socket belongs to, and how to start or restart that one. The system
// daemon's commands come from init-system.ts; rootless Docker, Docker Desktop for Linux and
// the macOS VMs (colima, OrbStack, Rancher Desktop) each have their own.
import type { Endpoint, HostFacts } from '../host/types.js';
import { daemonLogCommands, restartDaemonCommands, startDaemonCommands } from './init-system.js';

export type DaemonKind = 'system' | 'desktop' | 'desktop-linux' | 'rootless' | 'colima' | 'orbstack' | 'rancher';

export function daemonKind(socketPath: string | undefined, platform: string): DaemonKind {
  const p = socketPath ?? '';
  if (/\/\.colima\//.test(p)) return 'colima';
  if (/\/\.orbstack\//.test(p)) return 'orbstack';
  if (/\/\.rd\/docker\.sock$/.test(p)) return 'rancher';
  if (platform === 'darwin' || platform === 'win32') return 'desktop';
  if (/\/\.docker\/desktop\/docker\.sock$/.test(p)) return 'desktop-linux';
  if (/^(\/var)?\/run\/user\/\d+\//.test(p)) return 'rootless';
  return 'system';
}

/**
 * The daemon behind an endpoint when it is not this machine's system service: a per-user or VM
 * socket (rootless, Docker Desktop, colima, ...) or an address on another host. A TCP address on
 * the loopback may well be the system daemon listening there, so it is not "other".
 */
export function otherDaemon(ep: Endpoint, platform: string): Exclude<DaemonKind, 'system'> | 'remote' | undefined {
  if (ep.scheme === 'unix' || ep.scheme === 'npipe') {
    const kind = daemonKind(ep.socketPath, platform);
    return kind === 'system' ? undefined : kind;
  }
  if (ep.scheme === 'ssh') return 'remote';
  if (ep.scheme === 'fd' || ep.host === undefined) return undefined;
  const host = ep.host.toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\./.test(host) ? undefined : 'remote';
}

/** Docker Desktop's WSL integration links the docker CLI from here (the link dangles while Desktop is stopped). */
export function isDesktopWslLink(target: string | undefined): boolean {
  return /^\/mnt\/wsl\/docker-desktop[^/]*\//.test(target ?? '');
}

/** The uid in /run/user/<uid>/docker.sock (a rootless daemon's socket). */
export function rootlessOwner(socketPath: string | undefined): number | undefined {
  const m = /^(?:\/var)?\/run\/user\/(\d+)\//.exec(socketPath ?? '');
  return m ? Number(m[1]) : undefined;
}

function colimaProfile(p: string): string {
  const m = /\/\.colima\/([^/]+)\//.exec(p);
  return m && m[1] !== 'default' && /^[\w.-]+$/.test(m[1]!) ? ` --profile ${m[1]}` : '';
}

export function startCommands(kind: DaemonKind, f: HostFacts, socketPath = ''): string[] {
  switch (kind) {
    case 'rootless':
      return ['systemctl --user start docker', 'journalctl --user -u docker --no-pager -n 50'];
    case 'desktop-linux':
      return ['systemctl --user start docker-desktop'];
    case 'colima':
      return [`colima start${colimaProfile(socketPath)}`];
    case 'orbstack':
      return ['orb start'];
    case 'rancher':
      return ['rdctl start'];
    default:
      return [...startDaemonCommands(f), ...daemonLogCommands(f)];
  }
}

export function restartCommands(kind: DaemonKind, f: HostFacts, socketPath = ''): string[] {
  switch (kind) {
    case 'rootless':
      return ['systemctl --user restart docker', 'journalctl --user -u docker --no-pager -n 50'];
    case 'desktop-linux':
      return ['systemctl --user restart docker-desktop'];
    case 'colima':
      return [`colima restart${colimaProfile(socketPath)}`];
    case 'orbstack':
      return ['orb restart'];
    case 'rancher':
      return ['rdctl shutdown', 'rdctl start'];
    default:
      return [...restartDaemonCommands(f), ...daemonLogCommands(f)];
  }
}
