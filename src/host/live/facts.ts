import os from 'node:os';
import { parseOsRelease } from '../os-release.js';
import type { HostFacts, Probes } from '../types.js';

type FileProbes = Pick<Probes, 'read' | 'stat'>;

async function text(files: FileProbes, p: string): Promise<string | undefined> {
  const r = await files.read(p, { maxBytes: 64 * 1024 });
  return r.ok ? r.content : undefined;
}

/**
 * Host facts, gathered once. On Linux they come from files (os-release, /proc), which is
 * faster than spawning tools and works on a --root tree; systeminformation is loaded only
 * where it does what a file cannot (the OS name and version on Windows and macOS).
 */
export async function gatherFacts(files: FileProbes, opts: { rooted: boolean; timeoutMs: number }): Promise<HostFacts> {
  let info: os.UserInfo<string> | undefined;
  try {
    info = os.userInfo();
  } catch {
    // a uid with no passwd entry (docker run -u 1234, OpenShift, CI runners): not a reason to crash
  }
  const uid = info?.uid ?? process.getuid?.() ?? -1;
  const user = {
    uid,
    gid: info?.gid ?? process.getgid?.() ?? -1,
    groups: process.getgroups?.() ?? [],
    name: process.env.USER || info?.username || String(uid),
    // an empty HOME counts as unset, as it does for the docker CLI
    home: process.env.HOME || info?.homedir || '',
  };
  const facts: HostFacts = {
    platform: opts.rooted ? 'linux' : process.platform,
    arch: process.arch,
    node: process.version,
    wsl: false,
    systemd: false,
    user,
    ...(opts.rooted ? {} : { kernel: os.release(), memTotal: os.totalmem() }),
  };
  if (facts.platform === 'linux') {
    const rel = parseOsRelease((await text(files, '/etc/os-release')) ?? (await text(files, '/usr/lib/os-release')) ?? '');
    Object.assign(facts, {
      distro: rel.PRETTY_NAME ?? rel.NAME,
      distroId: rel.ID,
      idLike: rel.ID_LIKE?.split(/\s+/).filter(Boolean),
      release: rel.VERSION_ID,
      codename: rel.VERSION_CODENAME,
      ubuntuCodename: rel.UBUNTU_CODENAME,
    });
    if (opts.rooted) {
      // a copied tree has no running init: judge by what is installed
      facts.systemd = (await files.stat('/lib/systemd/systemd')).ok || (await files.stat('/usr/lib/systemd/systemd')).ok;
    } else {
      const [comm, runDir, osrelease, cpuinfo] = await Promise.all([
        text(files, '/proc/1/comm'),
        files.stat('/run/systemd/system'),
        text(files, '/proc/sys/kernel/osrelease'),
        files.read('/proc/cpuinfo', { maxBytes: 16 * 1024 }),
      ]);
      facts.systemd = comm?.trim() === 'systemd' && runDir.ok;
      facts.wsl = /microsoft|wsl/i.test(osrelease ?? '') || Boolean(process.env.WSL_DISTRO_NAME);
      if (cpuinfo.ok) facts.virtualization = /\b(vmx|svm)\b/.test(cpuinfo.content);
    }
  } else {
    await otherOsFacts(facts, opts.timeoutMs);
  }
  return facts;
}

async function otherOsFacts(facts: HostFacts, timeoutMs: number): Promise<void> {
  try {
    const si = (await import('systeminformation')).default;
    let timer: NodeJS.Timeout | undefined;
    const osInfo = await Promise.race([si.osInfo(), new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), timeoutMs)))]);
    clearTimeout(timer);
    if (osInfo) Object.assign(facts, { distro: osInfo.distro, release: osInfo.release, codename: osInfo.codename || undefined });
  } catch {
    // facts stay partial; checks that need them say so
  }
}
