import { describe, expect, it } from 'vitest';
import check from '../../checks/kernel.js';
import type { HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';
import { spyProbes } from '../helpers/spy-probes.js';

const KERNEL = '5.15.0-91-generic';
const CGROUP2 = 0x63677270;
const TMPFS = 0x01021994;
const FS_OVERLAY = 'nodev\tsysfs\nnodev\ttmpfs\nnodev\tcgroup2\n\text4\nnodev\toverlay\n';
const FS_NO_OVERLAY = 'nodev\tsysfs\nnodev\ttmpfs\n\text4\n';
const statfs = (type: number) => ({ '/sys/fs/cgroup': { type, bsize: 4096, blocks: 0, bavail: 0, files: 0, ffree: 0 } });
const dpkg = (pkg: string, version: string) => `Package: ${pkg}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n\n`;
const daemon = (Version: string, KernelVersion = KERNEL) => ({ 'GET /_ping': { status: 200, body: 'OK' }, 'GET /version': { body: { Version, ApiVersion: '1.47', KernelVersion } } });

function host(over: { facts?: HostSpec['facts']; files?: HostSpec['files']; api?: HostSpec['api']; cgroup?: number; env?: Record<string, string> } = {}): HostSpec {
  return {
    facts: { kernel: KERNEL, ...over.facts },
    env: over.env,
    files: { '/proc/filesystems': FS_OVERLAY, ...over.files },
    api: over.api ?? { 'GET /_ping': 'socket-missing' },
    statfs: statfs(over.cgroup ?? CGROUP2),
  };
}

const cases: { name: string; host: HostSpec; status: string; code: string; data?: Record<string, unknown>; commands?: string[] }[] = [
  {
    name: 'Ubuntu 22.04, cgroup v2, daemon 27 answers',
    host: host({ api: daemon('27.3.1') }), status: 'pass', code: 'ok',
    data: { kernel: KERNEL, arch: 'x64', cgroup: 'v2', overlay: 'loaded', engine: '27.3.1', source: 'daemon' },
  },
  {
    name: 'daemon down: engine from dpkg (Debian docker.io 20.10)',
    host: host({ files: { '/var/lib/dpkg/status': dpkg('docker.io', '20.10.24+dfsg1-1+b3') } }), status: 'pass', code: 'ok', data: { engine: '20.10.24', source: 'dpkg docker.io' },
  },
  {
    name: 'cgroup v2 with docker-ce 19.03 (from dpkg)',
    host: host({ files: { '/var/lib/dpkg/status': dpkg('docker-ce', '5:19.03.15~3-0~ubuntu-focal') } }),
    status: 'fail', code: 'cgroup2-engine-too-old', data: { engine: '19.03.15', cgroup: 'v2' },
    commands: ['sudo apt-get update', 'sudo apt-get install --only-upgrade docker-ce'],
  },
  { name: 'cgroup v2 with a 19.03 daemon', host: host({ api: daemon('19.03.15') }), status: 'fail', code: 'cgroup2-engine-too-old', data: { source: 'daemon' } },
  { name: 'cgroup v1 with 19.03 is fine', host: host({ api: daemon('19.03.15'), cgroup: TMPFS }), status: 'pass', code: 'ok', data: { cgroup: 'v1' } },
  {
    name: 'Docker Desktop VM: its kernel, not ours',
    host: host({ api: daemon('19.03.15', '6.10.14-linuxkit') }), status: 'pass', code: 'ok', data: { engine: null },
  },
  {
    name: 'CentOS 7 kernel 3.10',
    host: host({ facts: { kernel: '3.10.0-1160.el7.x86_64', distroId: 'centos', idLike: ['rhel', 'fedora'] }, cgroup: TMPFS }),
    status: 'warn', code: 'kernel-old', data: { minimum: '4.0' }, commands: ['sudo yum update kernel', 'sudo reboot'],
  },
  {
    name: 'kernel 3.2',
    host: host({ facts: { kernel: '3.2.0-4-amd64', distroId: 'debian', idLike: [] } }),
    status: 'fail', code: 'kernel-too-old', data: { minimum: '3.10' }, commands: ['sudo apt-get update', 'sudo apt-get dist-upgrade', 'sudo reboot'],
  },
  {
    name: 'no overlay anywhere',
    host: host({ files: { '/proc/filesystems': FS_NO_OVERLAY } }),
    status: 'warn', code: 'overlay-missing', data: { overlay: 'missing' }, commands: ['sudo modprobe overlay', 'echo overlay | sudo tee /etc/modules-load.d/overlay.conf'],
  },
  {
    name: 'overlay not loaded but installed as a module',
    host: host({ files: { '/proc/filesystems': FS_NO_OVERLAY, [`/lib/modules/${KERNEL}/kernel/fs/overlayfs/overlay.ko.zst`]: '' } }),
    status: 'pass', code: 'ok', data: { overlay: 'module' },
  },
  {
    name: 'WSL 1',
    host: host({ facts: { kernel: '4.4.0-19041-Microsoft', wsl: true }, env: { WSL_DISTRO_NAME: 'Ubuntu-22.04' } }),
    status: 'fail', code: 'wsl1', commands: ['wsl --set-version Ubuntu-22.04 2', 'wsl --set-default-version 2'],
  },
  { name: 'WSL 2 is fine', host: host({ facts: { kernel: '5.15.153.1-microsoft-standard-WSL2', wsl: true } }), status: 'pass', code: 'ok' },
  { name: '32-bit x86', host: host({ facts: { arch: 'ia32' } }), status: 'fail', code: 'arch-unsupported', data: { arch: 'ia32' } },
  { name: '32-bit ARM', host: host({ facts: { arch: 'arm', kernel: '6.6.31+rpt-rpi-v7' } }), status: 'warn', code: 'arm-32bit' },
  { name: 'statfs not in the transcript', host: { ...host(), statfs: {} }, status: 'skip', code: 'not-recorded' },
  { name: 'garbage in /proc/filesystems', host: host({ files: { '/proc/filesystems': Buffer.from([0, 0xff, 0x1b, 0x0a]) } }), status: 'warn', code: 'overlay-missing' },
];

describe('kernel', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, { host: c.host });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
  });

  it('skips under --root', async () => {
    const r = await runCheck(check, { root: new URL('../fixtures/trees/ubuntu-22.04/', import.meta.url).pathname });
    expect([r.status, r.code]).toEqual(['skip', 'live-only']);
  });

  it('does not ask /version of a daemon that did not answer the ping', async () => {
    const spy = spyProbes(host({ api: { 'GET /_ping': 'timeout' } }));
    await runCheck(check, { probes: spy.probes });
    expect(spy.requests.map((q) => q.path)).toEqual(['/_ping']);
  });
});
