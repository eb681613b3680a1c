// A dpkg database in a temporary tree, changed by the real dpkg-deb and dpkg, so that the states
// a check reads are the ones dpkg itself writes. Maintainer scripts run chrootless, that is on
// this machine as the test user: keep them to exit, sleep and touch in the tree.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasDpkg = spawnSync('dpkg-deb', ['--version']).status === 0 && spawnSync('dpkg', ['--version']).status === 0;

export interface DebSpec {
  name: string;
  version: string;
  depends?: string;
  /** Maintainer scripts by name (preinst, postinst, ...), their whole text. */
  scripts?: Record<string, string>;
}

export interface DpkgTree {
  work: string;
  /** The --root tree. */
  root: string;
  /** root/var/lib/dpkg */
  admin: string;
  /** Builds the package with dpkg-deb and returns the .deb's path. */
  deb(spec: DebSpec): string;
  dpkg(...args: string[]): SpawnSyncReturns<string>;
  /** dpkg in a process group of its own (detached), for killing it with everything it started. */
  spawnDpkg(...args: string[]): ChildProcess;
  cleanup(): void;
}

const ENV = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`, LC_ALL: 'C' };
const NEEDRESTART = '/run/needrestart';

// Even with --root, dpkg reads the host's /etc/dpkg/dpkg.cfg.d: as root, needrestart's
// status-logger there touches /run/needrestart/{unpacked,errored}, which makes the next apt
// run on the host start needrestart. Where a mount namespace is allowed, dpkg gets a private
// empty /run; otherwise the marker files our runs created are removed by cleanup().
let isolation: boolean | undefined;
function isolated(): boolean {
  isolation ??= process.getuid?.() === 0 && spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs tmpfs /run'], { stdio: 'ignore' }).status === 0;
  return isolation;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function dpkgTree(prefix = 'doctor-dpkg-'): DpkgTree {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const root = join(work, 'root');
  const admin = join(root, 'var/lib/dpkg');
  for (const d of ['info', 'updates', 'triggers']) mkdirSync(join(admin, d), { recursive: true });
  writeFileSync(join(admin, 'status'), '');
  writeFileSync(join(admin, 'available'), '');
  const markersBefore = new Set(list(NEEDRESTART));
  const argv = (args: string[]) => {
    const dpkg = ['dpkg', `--root=${root}`, '--force-not-root', '--force-script-chrootless', '--log=/dev/null', ...args];
    return isolated() ? ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs tmpfs /run && exec "$@"', 'sh', ...dpkg] : dpkg;
  };
  return {
    work,
    root,
    admin,
    deb({ name, version, depends, scripts = {} }) {
      const dir = join(work, 'build', `${name}_${version.replace(/[^\w.+~-]/g, '_')}`);
      mkdirSync(join(dir, 'DEBIAN'), { recursive: true });
      mkdirSync(join(dir, 'usr/share/doc', name), { recursive: true });
      writeFileSync(join(dir, 'usr/share/doc', name, 'README'), `${name} test package\n`);
      writeFileSync(
        join(dir, 'DEBIAN/control'),
        `Package: ${name}\nVersion: ${version}\nArchitecture: all\nMaintainer: Test <test@example.invalid>\n${depends ? `Depends: ${depends}\n` : ''}Description: ${name} for docker-doctor tests\n built by test/helpers/real-dpkg.ts\n`,
      );
      for (const [script, text] of Object.entries(scripts)) {
        writeFileSync(join(dir, 'DEBIAN', script), text);
        chmodSync(join(dir, 'DEBIAN', script), 0o755);
      }
      const out = `${dir}.deb`;
      const r = spawnSync('dpkg-deb', ['--root-owner-group', '--build', dir, out], { env: ENV, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`dpkg-deb --build ${name} failed: ${r.stderr}`);
      return out;
    },
    dpkg: (...args) => {
      const [cmd, ...rest] = argv(args);
      return spawnSync(cmd!, rest, { env: ENV, encoding: 'utf8' });
    },
    spawnDpkg: (...args) => {
      const [cmd, ...rest] = argv(args);
      return spawn(cmd!, rest, { env: ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    },
    cleanup() {
      if (!isolated() && existsSync(NEEDRESTART)) for (const f of list(NEEDRESTART)) if (!markersBefore.has(f)) rmSync(join(NEEDRESTART, f), { force: true });
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The text of dpkg's pending journal entries (updates/NNNN), by name. */
export function pendingUpdates(admin: string): Record<string, string> {
  const dir = join(admin, 'updates');
  return Object.fromEntries(list(dir).filter((f) => /^\d+$/.test(f)).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}
