import { describe, expect, it } from 'vitest';
import check from '../../checks/apt-prerequisites.js';
import type { Probes } from '../../src/host/types.js';
import { truncatedRead, type HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';

const tree = (name: string) => new URL(`../fixtures/trees/${name}/`, import.meta.url).pathname;
const pkg = (name: string, version: string, state = 'install ok installed', extra = '') => `Package: ${name}\nStatus: ${state}\nArchitecture: amd64\nVersion: ${version}${extra ? `\n${extra}` : ''}`;
const STATUS = '/var/lib/dpkg/status';
const host = (...stanzas: string[]): HostSpec => ({ files: { [STATUS]: `${stanzas.join('\n\n')}\n` } });
const INSTALL = 'sudo apt-get update && sudo apt-get install -y ca-certificates curl gnupg';
const INSTALL_OLD_APT = `${INSTALL} apt-transport-https`;
const CA = pkg('ca-certificates', '20240203');
const CURL = pkg('curl', '8.5.0-2ubuntu10.4');

interface Case {
  name: string;
  root?: string;
  host?: HostSpec;
  probes?: Probes;
  status: string;
  code: string;
  data?: Record<string, unknown>;
  commands?: string[];
}

const cases: Case[] = [
  { name: 'healthy Ubuntu 22.04', root: tree('ubuntu-22.04'), status: 'pass', code: 'installed', data: { aptVersion: '2.4.13', packages: ['ca-certificates 20240203~22.04.1', 'curl 7.81.0-1ubuntu1.18', 'gnupg 2.2.27-3ubuntu2.1'] } },
  { name: 'healthy Ubuntu 24.04', root: tree('ubuntu-24.04'), status: 'pass', code: 'installed' },
  { name: 'healthy Debian 12', root: tree('debian-12'), status: 'pass', code: 'installed', data: { aptVersion: '2.6.1' } },
  {
    name: 'minimal image: no curl, no gnupg, ca-certificates unpacked', root: tree('minimal-no-curl'), status: 'warn', code: 'missing',
    data: { missing: ['ca-certificates (unpacked)', 'curl', 'gnupg'], file: STATUS }, commands: [INSTALL],
  },
  { name: 'Ubuntu 16.04: apt 1.2 needs apt-transport-https', root: tree('ubuntu-16.04-old-apt'), status: 'warn', code: 'missing', data: { missing: ['apt-transport-https'], aptVersion: '1.2.35' }, commands: [INSTALL_OLD_APT] },
  { name: 'Ubuntu 16.04 with apt-transport-https and gnupg2', root: tree('ubuntu-16.04-apt-https'), status: 'pass', code: 'installed', data: { packages: ['ca-certificates 20210119~16.04.1', 'curl 7.47.0-1ubuntu2.19', 'gnupg2 2.1.11-6ubuntu2.1', 'apt-transport-https 1.2.35'] } },
  { name: 'status overwritten with binary bytes', root: tree('dpkg-status-binary'), status: 'skip', code: 'status-unparsable' },
  // docker-ce is in it: gnupg, cut off or not, is no longer needed
  { name: 'status cut off on disk before gnupg, docker-ce installed', root: tree('dpkg-status-truncated'), status: 'pass', code: 'installed' },
  {
    name: 'status damaged and curl missing, Docker not installed', host: host(pkg('apt', '2.7.14'), CA, 'Package: gnupg\nStatus: install ok installed\nVersion: 2.4.4\n\x01garbage'),
    status: 'skip', code: 'status-damaged',
  },
  { name: 'not a dpkg system', host: {}, status: 'skip', code: 'not-dpkg' },
  { name: 'status unreadable', host: { files: { [STATUS]: { error: 'EIO' } } }, status: 'skip', code: 'status-unreadable', data: { error: 'EIO' } },
  { name: 'gpg alone does the key work', host: host(pkg('apt', '2.7.14'), CA, CURL, pkg('gpg', '2.4.4-2ubuntu17')), status: 'pass', code: 'installed' },
  { name: 'gnupg removed, config files left', host: host(pkg('apt', '2.7.14'), CA, CURL, pkg('gnupg', '2.4.4', 'deinstall ok config-files')), status: 'warn', code: 'missing', data: { missing: ['gnupg'] }, commands: [INSTALL] },
  { name: 'Debian 9: apt 1.4 without apt-transport-https', host: host(pkg('apt', '1.4.11'), CA, CURL, pkg('gnupg', '2.1.18-8~deb9u4')), status: 'warn', code: 'missing', data: { missing: ['apt-transport-https'], aptVersion: '1.4.11' }, commands: [INSTALL_OLD_APT] },
  { name: 'apt 1.4 with apt-transport-https unpacked', host: host(pkg('apt', '1.4.11'), pkg('apt-transport-https', '1.4.11', 'install ok unpacked'), CA, CURL, pkg('gnupg', '2.1.18')), status: 'warn', code: 'missing', data: { missing: ['apt-transport-https (unpacked)'] } },
  { name: 'apt 1.5 pre-release already speaks https', host: host(pkg('apt', '1.5~beta1'), CA, CURL, pkg('gnupg', '2.1.18')), status: 'pass', code: 'installed' },
  // dpkg installed on Fedora or Arch (it is packaged there) leaves a status file without apt
  { name: 'empty status: no apt, not an apt system', host: host(''), status: 'skip', code: 'no-apt' },
  { name: 'dpkg without apt (a Fedora box with dpkg)', host: host(pkg('dpkg', '1.22.6')), status: 'skip', code: 'no-apt' },
  // Docker is installed already: the steps that needed curl and gnupg are behind
  { name: "docker.io from the distribution, no curl or gnupg", host: host(pkg('apt', '2.6.1'), CA, pkg('docker.io', '20.10.24+dfsg1-1+deb12u1')), status: 'skip', code: 'not-needed', data: { engine: 'docker.io 20.10.24+dfsg1-1+deb12u1' } },
  { name: "docker-ce from Docker's repository, curl removed since", host: host(pkg('apt', '2.4.13'), CA, pkg('docker-ce', '5:27.3.1-1~ubuntu.22.04~jammy')), status: 'pass', code: 'installed', data: { packages: ['ca-certificates 20240203'] } },
  {
    name: "WSL with Docker Desktop's integration, no curl", host: { files: { ...host(pkg('apt', '2.4.13'), CA).files, '/usr/bin/docker': { type: 'symlink', linkTarget: '/mnt/wsl/docker-desktop/cli-tools/usr/bin/docker' } } },
    status: 'skip', code: 'not-needed', data: { engine: 'Docker Desktop (/usr/bin/docker -> /mnt/wsl/docker-desktop/cli-tools/usr/bin/docker)' },
  },
  { name: 'a snap docker, no curl', host: { files: { ...host(pkg('apt', '2.4.13'), CA).files, '/snap/bin/docker': { type: 'symlink', linkTarget: '/usr/bin/snap' } } }, status: 'skip', code: 'not-needed' },
  {
    name: 'docker-ce installed but ca-certificates missing: its https updates fail', host: host(pkg('apt', '2.4.13'), CURL, pkg('docker-ce', '5:27.3.1-1~ubuntu.22.04~jammy')),
    status: 'warn', code: 'missing', data: { missing: ['ca-certificates'] }, commands: [INSTALL],
  },
  {
    name: 'read cut short before curl', status: 'skip', code: 'status-incomplete', data: { missing: ['curl', 'gnupg'] },
    probes: truncatedRead(STATUS, `${pkg('apt', '2.7.14')}\n\n${CA}\n\nPackage: cron\nStatus: ins`),
  },
];

describe('apt-prerequisites', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, c.root ? { root: c.root } : c.probes ? { probes: c.probes } : { host: c.host });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    if (r.status === 'warn') {
      expect(r.text.en).toContain(STATUS);
      expect(r.text['zh-CN']).toContain(STATUS);
    }
  });
});
