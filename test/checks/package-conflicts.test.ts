import { describe, expect, it } from 'vitest';
import check from '../../checks/package-conflicts.js';
import type { Probes } from '../../src/host/types.js';
import { truncatedRead, type HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';

const tree = (name: string) => new URL(`../fixtures/trees/${name}/`, import.meta.url).pathname;
const pkg = (name: string, version: string, state = 'install ok installed', extra = '') => `Package: ${name}\nStatus: ${state}\nArchitecture: amd64\nVersion: ${version}${extra ? `\n${extra}` : ''}`;
const STATUS = '/var/lib/dpkg/status';
const host = (stanzas: string[], more: HostSpec = {}): HostSpec => ({ ...more, files: { [STATUS]: `${stanzas.join('\n\n')}\n`, ...more.files } });
const CE = [pkg('containerd.io', '1.7.22-1', undefined, 'Provides: containerd, runc\nConflicts: containerd, runc'), pkg('docker-ce', '5:27.3.1-1~ubuntu.22.04~jammy'), pkg('docker-ce-cli', '5:27.3.1-1~ubuntu.22.04~jammy')];
const SHIM = '#!/bin/sh\n[ -e /etc/containers/nodocker ] || \\\necho "Emulate Docker CLI using podman. Create /etc/containers/nodocker to quiet msg." >&2\nexec /usr/bin/podman "$@"\n';
const SNAP_LINK = { type: 'symlink', linkTarget: '/usr/bin/snap' } as const;

interface Case {
  name: string;
  root?: string;
  host?: HostSpec;
  probes?: Probes;
  status: string;
  code: string;
  data?: Record<string, unknown>;
  commands?: string[];
  /** Also in the words, in both languages. */
  text?: string;
}

const cases: Case[] = [
  { name: 'healthy Ubuntu 22.04 (containerd.io provides containerd and runc)', root: tree('ubuntu-22.04'), status: 'pass', code: 'none' },
  { name: 'healthy Ubuntu 24.04', root: tree('ubuntu-24.04'), status: 'pass', code: 'none' },
  { name: 'healthy Debian 12', root: tree('debian-12'), status: 'pass', code: 'none' },
  {
    name: "Debian's docker.io, containerd and runc under docker-ce", root: tree('docker-io-and-docker-ce'), status: 'fail', code: 'distro-and-docker',
    data: { distro: ['docker.io', 'containerd', 'runc'], docker: ['docker-ce', 'docker-ce-cli', 'containerd.io', 'docker-buildx-plugin', 'docker-compose-plugin', 'docker-ce-rootless-extras'], file: STATUS, line: 89 },
    commands: ['sudo apt-get remove docker.io containerd runc'],
  },
  {
    name: 'snap docker next to docker-ce', root: tree('snap-and-docker-ce'), status: 'fail', code: 'snap-and-deb',
    data: { snap: ['/snap/bin/docker', '/var/lib/snapd/snaps/docker_2915.snap'], deb: ['docker-ce', 'docker-ce-cli'] },
    commands: ['sudo snap remove docker'],
  },
  {
    name: "podman-docker's shim is the docker command", root: tree('podman-docker'), status: 'warn', code: 'podman-shim',
    data: { path: '/usr/bin/docker' }, commands: ['sudo apt-get remove podman-docker'],
  },
  { name: 'binary status: nothing to go on but files, nothing found', root: tree('dpkg-status-binary'), status: 'pass', code: 'none' },
  { name: 'snap docker alone', host: { files: { '/snap/bin/docker': SNAP_LINK } }, status: 'warn', code: 'snap-docker', commands: ['sudo snap remove docker'] },
  { name: 'snap file only (bin link missing)', host: { files: { '/var/lib/snapd/snaps/docker_2893.snap': '', '/var/lib/snapd/snaps/core22_1380.snap': '' } }, status: 'warn', code: 'snap-docker', data: { snap: ['/var/lib/snapd/snaps/docker_2893.snap'] } },
  { name: 'other snaps are fine', host: host(CE, { files: { '/var/lib/snapd/snaps/lxd_29351.snap': '', '/snap/bin/lxc': SNAP_LINK } }), status: 'pass', code: 'none' },
  { name: "Debian's docker.io with a snap docker", host: host([pkg('docker.io', '20.10.24+dfsg1-1+deb12u1')], { files: { '/snap/bin/docker': SNAP_LINK } }), status: 'fail', code: 'snap-and-deb', data: { deb: ['docker.io'] } },
  {
    name: 'podman shim on Fedora (no dpkg)', host: { facts: { distroId: 'fedora', idLike: [] }, files: { '/usr/bin/docker': SHIM } },
    status: 'warn', code: 'podman-shim', commands: ['sudo dnf remove podman-docker'],
  },
  { name: 'podman shim in /usr/local/bin', host: { files: { '/usr/local/bin/docker': SHIM } }, status: 'warn', code: 'podman-shim', data: { path: '/usr/local/bin/docker' }, commands: [] },
  {
    name: 'podman-docker with docker-ce-cli: both want /usr/bin/docker', host: host([...CE, pkg('podman-docker', '4.9.3+ds1-1ubuntu0.2')], { files: { '/usr/bin/docker': SHIM } }),
    status: 'fail', code: 'distro-and-docker', data: { codes: ['distro-and-docker', 'podman-shim'] }, commands: ['sudo apt-get remove podman-docker'],
  },
  { name: 'docker.io alone is a valid install', host: host([pkg('containerd', '1.6.20'), pkg('docker.io', '20.10.24'), pkg('runc', '1.1.5')]), status: 'pass', code: 'none' },
  // only real clashes count: Conflicts, or the same file in both packages; compose v1 (/usr/bin/docker-compose)
  // and docker-doc sit next to docker-ce without trouble, and apt installs them there
  { name: 'compose v1 next to docker-ce works', host: host([...CE, pkg('docker-compose', '1.29.2-1', 'install ok installed')]), status: 'pass', code: 'none' },
  { name: 'docker-doc next to docker-ce works', host: host([...CE, pkg('docker-doc', '20.10.24+dfsg1-1')]), status: 'pass', code: 'none' },
  { name: "Ubuntu's compose v2 with docker-ce but without Docker's compose plugin", host: host([...CE, pkg('docker-compose-v2', '2.24.6')]), status: 'pass', code: 'none' },
  {
    name: "Ubuntu's compose v2 and Docker's compose plugin: the same cli-plugins file", host: host([...CE, pkg('docker-compose-plugin', '2.29.7-1'), pkg('docker-compose-v2', '2.24.6')]),
    status: 'fail', code: 'distro-and-docker', data: { distro: ['docker-compose-v2'] }, commands: ['sudo apt-get remove docker-compose-v2'],
  },
  { name: "docker.io with Docker's compose plugin only", host: host([pkg('containerd', '1.6.20'), pkg('docker.io', '20.10.24'), pkg('runc', '1.1.5'), pkg('docker-compose-plugin', '2.29.7-1')]), status: 'pass', code: 'none' },
  { name: 'docker.io removed, config files left', host: host([...CE, pkg('docker.io', '20.10.24', 'deinstall ok config-files')]), status: 'pass', code: 'none' },
  {
    name: 'runc next to a half-installed containerd.io (trying to overwrite /usr/sbin/runc)',
    host: host([pkg('containerd.io', '1.7.22-1', 'install reinstreq half-installed'), pkg('runc', '1.1.12-0ubuntu2~22.04.1')]),
    status: 'fail', code: 'distro-and-docker', commands: ['sudo apt-get remove runc'],
  },
  { name: 'the real docker binary', host: host(CE, { files: { '/usr/bin/docker': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]) } }), status: 'pass', code: 'none' },
  { name: 'a wrapper script that is not podman', host: host(CE, { files: { '/usr/local/bin/docker': '#!/bin/sh\nexec /usr/bin/docker --config /etc/dockercfg "$@"\n' } }), status: 'pass', code: 'none' },
  {
    name: 'everything at once: the worst first, every fix',
    host: host([...CE, pkg('docker.io', '20.10.24')], { files: { '/snap/bin/docker': SNAP_LINK } }),
    status: 'fail', code: 'distro-and-docker', commands: ['sudo apt-get remove docker.io', 'sudo snap remove docker'],
    text: '[+ snap docker + docker-ce docker-ce-cli docker.io]',
  },
  {
    name: 'read of the status file cut short, nothing found', status: 'skip', code: 'status-incomplete',
    probes: truncatedRead(STATUS, `${CE[0]}\n\nPackage: docker-ce\nStat`),
  },
];

describe('package-conflicts', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, c.root ? { root: c.root } : c.probes ? { probes: c.probes } : { host: c.host });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    if (c.text) for (const lang of ['en', 'zh-CN'] as const) expect(r.text[lang]).toContain(c.text);
    if (r.code === 'distro-and-docker') {
      expect(r.text.en).toMatch(/\/var\/lib\/dpkg\/status, line \d+/);
      expect(r.text['zh-CN']).toMatch(/\/var\/lib\/dpkg\/status 第 \d+ 行/);
    }
  });
});
