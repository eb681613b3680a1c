import { describe, expect, it } from 'vitest';
import check from '../../checks/disk-space.js';
import { fakeProbes, type HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';
import { spyProbes } from '../helpers/spy-probes.js';

const KERNEL = '5.15.0-91-generic';
const GB = 1e9;
const fs = (freeBytes: number, { files = 6_000_000, ffree = 5_000_000, totalBytes = 100 * GB } = {}) => ({
  bsize: 4096, blocks: Math.round(totalBytes / 4096), bavail: Math.round(freeBytes / 4096), files, ffree,
});
const up = (DockerRootDir = '/var/lib/docker', KernelVersion = KERNEL) => ({ 'GET /_ping': { status: 200, body: 'OK' }, 'GET /info': { body: { DockerRootDir, KernelVersion } } });
const DIR = { type: 'directory' as const, mode: 0o710 };
const PRUNE = ['docker system df', 'docker system prune', 'docker builder prune', 'docker image prune -a'];

const cases: { name: string; host: HostSpec; status: string; code: string; data?: Record<string, unknown>; commands?: string[] }[] = [
  {
    name: 'plenty of space, root dir from the daemon',
    host: { facts: { kernel: KERNEL }, api: up(), files: { '/var/lib/docker': DIR }, statfs: { '/var/lib/docker': fs(40 * GB) } },
    status: 'pass', code: 'ok', data: { dir: '/var/lib/docker', source: 'daemon', free: '40.0 GB', total: '100.0 GB', inodesFree: '83%' },
  },
  {
    name: 'custom DockerRootDir',
    host: { facts: { kernel: KERNEL }, api: up('/data/docker'), files: { '/data/docker': DIR }, statfs: { '/data/docker': fs(3 * GB) } },
    status: 'warn', code: 'low-space', data: { dir: '/data/docker', free: '3.0 GB', threshold: '5.0 GB' }, commands: PRUNE,
  },
  {
    name: 'daemon down: data-root from daemon.json, not created yet',
    host: {
      api: { 'GET /_ping': 'socket-missing' },
      files: { '/etc/docker/daemon.json': '{"data-root": "/srv/docker"}', '/srv': DIR },
      statfs: { '/srv': fs(0.4 * GB) },
    },
    status: 'fail', code: 'no-space', data: { dir: '/srv/docker', measured: '/srv', source: 'daemon.json', free: '400 MB' },
    commands: ['df -h /srv', 'sudo du -xh --max-depth=1 /srv | sort -h | tail -n 15', 'sudo apt-get clean', 'sudo journalctl --vacuum-size=200M'],
  },
  {
    // no systemd (WSL, a container): there is no journal to vacuum
    name: 'daemon down, no systemd',
    host: { facts: { systemd: false }, api: { 'GET /_ping': 'socket-missing' }, files: { '/var/lib/docker': DIR }, statfs: { '/var/lib/docker': fs(0.4 * GB) } },
    status: 'fail', code: 'no-space',
    commands: ['df -h /var/lib/docker', 'sudo du -xh --max-depth=1 /var/lib/docker | sort -h | tail -n 15', 'sudo apt-get clean'],
  },
  {
    name: 'daemon down, broken daemon.json: the default',
    host: { api: { 'GET /_ping': 'connection-refused' }, files: { '/etc/docker/daemon.json': '{"data-root": ', '/var/lib/docker': DIR }, statfs: { '/var/lib/docker': fs(20 * GB) } },
    status: 'pass', code: 'ok', data: { dir: '/var/lib/docker', source: 'default' },
  },
  {
    name: 'inodes nearly gone',
    host: { facts: { kernel: KERNEL }, api: up(), files: { '/var/lib/docker': DIR }, statfs: { '/var/lib/docker': fs(50 * GB, { files: 1_000_000, ffree: 5_000 }) } },
    status: 'fail', code: 'low-inodes', data: { inodesFree: '0.5%' }, commands: PRUNE,
  },
  {
    name: 'inodes low',
    host: { facts: { kernel: KERNEL }, api: up(), files: { '/var/lib/docker': DIR }, statfs: { '/var/lib/docker': fs(50 * GB, { files: 1_000_000, ffree: 30_000 }) } },
    status: 'warn', code: 'low-inodes', data: { inodesFree: '3.0%' },
  },
  {
    name: 'btrfs reports no inode counts',
    host: { facts: { kernel: KERNEL }, api: up(), files: { '/var/lib/docker': DIR }, statfs: { '/var/lib/docker': fs(50 * GB, { files: 0, ffree: 0 }) } },
    status: 'pass', code: 'ok', data: { inodesFree: 'n/a' },
  },
  {
    name: 'Docker Desktop VM: not our disk',
    host: { facts: { kernel: KERNEL }, api: up('/var/lib/docker', '6.10.14-linuxkit') }, status: 'skip', code: 'daemon-elsewhere',
  },
  {
    name: 'rootless daemon down: its data in the home directory',
    host: {
      env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, api: { 'GET /_ping': 'socket-missing' },
      files: { '/home/mei/.local/share/docker': DIR }, statfs: { '/home/mei/.local/share/docker': fs(30 * GB) },
    },
    status: 'pass', code: 'ok', data: { dir: '/home/mei/.local/share/docker', source: 'rootless default' },
  },
];

describe('disk-space', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, { host: c.host });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
  });

  it('skips under --root (statfs would measure our own disk)', async () => {
    const r = await runCheck(check, { root: new URL('../fixtures/trees/ubuntu-22.04/', import.meta.url).pathname });
    expect([r.status, r.code]).toEqual(['skip', 'live-only']);
  });

  it('a statfs error is a skip with the reason', async () => {
    const probes = { ...fakeProbes({ api: { 'GET /_ping': 'socket-missing' } }), statfs: async () => ({ ok: false as const, error: 'EACCES' }) };
    const r = await runCheck(check, { probes });
    expect([r.status, r.code, r.data.error]).toEqual(['skip', 'statfs-failed', 'EACCES']);
  });

  it('never waits on a hung daemon beyond the shared ping', async () => {
    const spy = spyProbes({ api: { 'GET /_ping': 'timeout' }, files: { '/var/lib/docker': DIR }, statfs: { '/var/lib/docker': fs(40 * GB) } });
    const r = await runCheck(check, { probes: spy.probes });
    expect(r.code).toBe('ok');
    expect(spy.requests.map((q) => q.path)).toEqual(['/_ping']);
  });
});
