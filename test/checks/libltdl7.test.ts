import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import check from '../../checks/libltdl7.js';
import packageState from '../../checks/package-state.js';
import type { Probes } from '../../src/host/types.js';
import { truncatedRead, type HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';
import { dpkgTree, hasDpkg, type DpkgTree } from '../helpers/real-dpkg.js';

const tree = (name: string) => new URL(`../fixtures/trees/${name}/`, import.meta.url).pathname;
const status = (...stanzas: string[]): HostSpec => ({ files: { '/var/lib/dpkg/status': `${stanzas.join('\n\n')}\n` } });
const pkg = (name: string, version: string, state = 'install ok installed', extra = '') => `Package: ${name}\nStatus: ${state}\nArchitecture: amd64\nVersion: ${version}${extra ? `\n${extra}` : ''}`;
const DOCKER_18 = pkg('docker-ce', '18.06.1~ce~3-0~ubuntu', 'install ok unpacked', 'Depends: iptables, libltdl7 (>= 2.4.6), libc6 (>= 2.17)');
const BASE = [pkg('iptables', '1.8.7-1ubuntu5.2'), pkg('libc6', '2.35-0ubuntu3.8')];
// update first: with empty package lists (a fresh VPS or container image) apt cannot find
// libltdl7, and -f install then offers to remove docker-ce instead
const FIX_MISSING = ['sudo apt-get update', 'sudo apt-get -f install', 'sudo apt-get install libltdl7'];

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
  {
    name: "the install note's VPS: docker-ce 18.06 unpacked, libltdl7 absent",
    root: tree('docker-ce-18-no-libltdl7'),
    status: 'fail', code: 'missing',
    data: { package: 'docker-ce', version: '18.06.1~ce~3-0~ubuntu', state: 'unpacked', constraint: 'libltdl7 (>= 2.4.6)', file: '/var/lib/dpkg/status', line: 25, found: 'not-installed' },
    commands: FIX_MISSING,
  },
  {
    name: 'libltdl7 older than docker-ce needs',
    root: tree('docker-ce-18-old-libltdl7'),
    status: 'fail', code: 'too-old',
    data: { constraint: 'libltdl7 (>= 2.4.6)', found: '2.4.2-1.11' },
    commands: ['sudo apt-get update && sudo apt-get install libltdl7', 'sudo apt-get -f install'],
  },
  { name: 'after apt-get -f install', root: tree('docker-ce-18-fixed'), status: 'pass', code: 'installed', data: { found: 'libltdl7 2.4.6-2' } },
  // docker-ce 27 only Recommends libltdl7 (22.04 has it installed, 24.04 and Debian 12 not)
  { name: 'healthy Ubuntu 22.04', root: tree('ubuntu-22.04'), status: 'pass', code: 'not-needed' },
  { name: 'healthy Ubuntu 24.04', root: tree('ubuntu-24.04'), status: 'pass', code: 'not-needed' },
  { name: 'healthy Debian 12', root: tree('debian-12'), status: 'pass', code: 'not-needed', data: { docker: ['containerd.io', 'docker-buildx-plugin', 'docker-ce', 'docker-ce-cli', 'docker-ce-rootless-extras', 'docker-compose-plugin'] } },
  { name: 'status overwritten with binary bytes', root: tree('dpkg-status-binary'), status: 'skip', code: 'status-unparsable', data: { line: 1 } },
  { name: 'status cut off on disk after docker-ce', root: tree('dpkg-status-truncated'), status: 'pass', code: 'not-needed' },
  { name: 'not a dpkg system', host: {}, status: 'skip', code: 'not-dpkg' },
  { name: 'status unreadable', host: { files: { '/var/lib/dpkg/status': { error: 'EACCES' } } }, status: 'skip', code: 'status-unreadable', data: { error: 'EACCES' } },
  { name: 'libltdl7 unpacked, not configured', host: status(DOCKER_18, ...BASE, pkg('libltdl7', '2.4.6-15', 'install ok unpacked')), status: 'fail', code: 'not-configured', data: { found: '2.4.6-15 (unpacked)' }, commands: ['sudo dpkg --configure -a', 'sudo apt-get update', 'sudo apt-get -f install'] },
  { name: 'libltdl7 removed, config files left', host: status(DOCKER_18, ...BASE, pkg('libltdl7', '2.4.6-15', 'deinstall ok config-files')), status: 'fail', code: 'missing', commands: FIX_MISSING },
  {
    name: 'docker-ee with libltdl7 in Pre-Depends, docker-ce fine',
    host: status(pkg('docker-ce', '5:27.3.1-1~ubuntu.22.04~jammy'), pkg('docker-ee', '3:19.03.5-3-0~ubuntu-bionic', 'install ok half-configured', 'Pre-Depends: libltdl7 (>= 2.4.6)')),
    status: 'fail', code: 'missing', data: { package: 'docker-ee', state: 'half-configured', packages: ['docker-ee'] }, commands: FIX_MISSING,
  },
  {
    name: 'satisfied by an alternative',
    host: status(pkg('docker-engine', '17.05.0~ce-0~ubuntu-xenial', 'install ok installed', 'Depends: libltdl7 (>= 2.4.6) | libltdl3'), pkg('libltdl3', '1.5.26-1')),
    status: 'pass', code: 'installed', data: { found: 'libltdl3 1.5.26-1', constraint: 'libltdl7 (>= 2.4.6) | libltdl3' },
  },
  {
    name: 'satisfied through a versioned Provides (a renamed library)',
    host: status(DOCKER_18, ...BASE, pkg('libltdl7t64', '2.4.7-7', 'install ok installed', 'Provides: libltdl7 (= 2.4.7-7)')),
    status: 'pass', code: 'installed', data: { found: 'libltdl7t64 2.4.7-7' },
  },
  { name: 'docker.io of Debian does not need it', host: status(pkg('docker.io', '20.10.24+dfsg1-1+deb12u1+b6', 'install ok installed', 'Depends: libc6 (>= 2.34), containerd (>= 1.4~)')), status: 'pass', code: 'not-needed' },
  { name: 'a non-docker package needing libltdl7 is not our business', host: status(pkg('unixodbc', '2.3.9-5', 'install ok unpacked', 'Depends: libltdl7 (>= 2.4.2)')), status: 'pass', code: 'not-needed' },
  {
    name: 'read cut short before libltdl7 would appear',
    probes: truncatedRead('/var/lib/dpkg/status', `${DOCKER_18}\n\n${BASE[0]}\n\nPackage: libc6\nStatus: inst`),
    status: 'skip', code: 'status-incomplete',
  },
  {
    name: 'escape sequences in a version never reach the words',
    host: status(pkg('docker-ce', '18.06\u001b[31m.1', 'install ok unpacked', 'Depends: libltdl7 (>= 2.4.6)')),
    status: 'fail', code: 'missing',
  },
];

describe('libltdl7', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, c.root ? { root: c.root } : c.probes ? { probes: c.probes } : { host: c.host });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    if (r.status === 'fail') {
      // names the file and the stanza's line, in both languages
      expect(r.text.en).toMatch(/\/var\/lib\/dpkg\/status, line \d+/);
      expect(r.text['zh-CN']).toMatch(/\/var\/lib\/dpkg\/status 第 \d+ 行/);
    }
    expect(r.text.en).not.toMatch(/\u001b/);
  });
});

// The case this project started from, made by dpkg itself: a docker-ce .deb that depends on
// libltdl7, installed into an empty dpkg database, which dpkg leaves unpacked.
describe.skipIf(!hasDpkg && !process.env.CI)('a docker-ce unpacked by the real dpkg', () => {
  let t: DpkgTree;
  beforeAll(() => {
    t = dpkgTree();
  });
  afterAll(() => t?.cleanup());
  const deb = (name: string, version: string, depends?: string) => t.deb({ name, version, depends });

  it('dpkg leaves docker-ce unpacked, and both checks find it', async () => {
    const { root, admin } = t;
    const r = t.dpkg('-i', deb('docker-ce', '18.06.1~ce~3-0~ubuntu', 'libltdl7 (>= 2.4.6), iptables'));
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('dependency problems prevent configuration of docker-ce');
    expect(r.stderr).toContain('docker-ce depends on libltdl7 (>= 2.4.6); however:');
    // what dpkg itself wrote: the state the checks read
    expect(readFileSync(join(admin, 'status'), 'utf8')).toMatch(/^Package: docker-ce\nStatus: install ok unpacked\n/);

    const lib = await runCheck(check, { root });
    expect([lib.status, lib.code]).toEqual(['fail', 'missing']);
    expect(lib.data).toMatchObject({ package: 'docker-ce', version: '18.06.1~ce~3-0~ubuntu', state: 'unpacked', constraint: 'libltdl7 (>= 2.4.6)', line: 1 });
    expect(lib.commands).toEqual(FIX_MISSING);

    const state = await runCheck(packageState, { root });
    expect([state.status, state.code]).toEqual(['fail', 'unmet-dependencies']);
    expect(state.data.problems).toEqual([
      'docker-ce → libltdl7 (>= 2.4.6): not-installed (/var/lib/dpkg/status:1)',
      'docker-ce → iptables: not-installed (/var/lib/dpkg/status:1)',
      'docker-ce 18.06.1~ce~3-0~ubuntu (unpacked, /var/lib/dpkg/status:1)',
    ]);
    expect(state.commands).toEqual(['sudo apt-get update', 'sudo apt-get -f install', 'sudo dpkg --configure -a']);
  });

  it('once the dependencies are there and dpkg has configured it, both pass', async () => {
    const { root } = t;
    const r1 = t.dpkg('-i', deb('libltdl7', '2.4.6-15build2'), deb('iptables', '1.8.7-1ubuntu5.2'));
    expect(r1.status, r1.stderr).toBe(0);
    const r2 = t.dpkg('--configure', '-a');
    expect(r2.status, r2.stderr).toBe(0);
    expect(readFileSync(join(root, 'var/lib/dpkg/status'), 'utf8')).toMatch(/Package: docker-ce\nStatus: install ok installed\n/);

    const lib = await runCheck(check, { root });
    expect([lib.status, lib.code, lib.data.found]).toEqual(['pass', 'installed', 'libltdl7 2.4.6-15build2']);
    const state = await runCheck(packageState, { root });
    expect([state.status, state.code]).toEqual(['pass', 'installed']);
  });
});
