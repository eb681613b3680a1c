import { describe, expect, it } from 'vitest';
import aptPrerequisites from '../../checks/apt-prerequisites.js';
import libltdl7 from '../../checks/libltdl7.js';
import packageConflicts from '../../checks/package-conflicts.js';
import check from '../../checks/package-state.js';
import { Recorder, replayProbes } from '../../src/host/evidence.js';
import { liveProbes } from '../../src/host/live/index.js';
import type { HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';

const tree = (name: string) => new URL(`../fixtures/trees/${name}/`, import.meta.url).pathname;
const pkg = (name: string, version: string, state = 'install ok installed', extra = '') => `Package: ${name}\nStatus: ${state}\nArchitecture: amd64\nVersion: ${version}${extra ? `\n${extra}` : ''}`;
const host = (stanzas: string[], more: HostSpec = {}): HostSpec => ({ ...more, files: { '/var/lib/dpkg/status': `${stanzas.join('\n\n')}\n`, ...more.files } });
const CE = '5:27.3.1-1~ubuntu.22.04~jammy';
const CE_DEPENDS = 'Depends: containerd.io (>= 1.6.24), docker-ce-cli, iptables';
const HEALTHY = [pkg('containerd.io', '1.7.22-1', undefined, 'Provides: containerd, runc'), pkg('docker-ce', CE, undefined, CE_DEPENDS), pkg('docker-ce-cli', CE), pkg('iptables', '1.8.7-1ubuntu5.2')];
const CONFIGURE = 'sudo dpkg --configure -a';
const FIX_BROKEN = 'sudo apt-get -f install';
// before anything apt must fetch: on a fresh VPS or a container image the package lists are
// empty, and -f install then offers to remove docker-ce instead of fetching what it lacks
const UPDATE = 'sudo apt-get update';
const BACKUPS = ['/var/lib/dpkg/status-old', '/var/backups/dpkg.status.0', '/var/backups/dpkg.status.1.gz'];

const TRIGGERS = [pkg('containerd.io', '1.7.22-1'), pkg('docker-ce', CE, 'install ok triggers-pending'), pkg('docker-ce-cli', CE), pkg('iptables', '1.8.7')];
const STAT = "stat -L -c %i %n /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock";
const INODES = '402117 /var/lib/dpkg/lock-frontend\n402116 /var/lib/dpkg/lock\n';
const APT_RUNNING: HostSpec = {
  files: { '/proc/locks': '1: POSIX  ADVISORY  WRITE 4242 fe:00:402117 0 EOF\n2: FLOCK  ADVISORY  WRITE 812 00:19:1207 0 EOF\n', '/proc/4242/comm': 'apt-get\n' },
  exec: { [STAT]: { stdout: INODES } },
};

interface Case {
  name: string;
  root?: string;
  host?: HostSpec;
  status: string;
  code: string;
  data?: Record<string, unknown>;
  problems?: string[];
  /** The fix's explanation (message id). */
  fix?: string;
  commands?: string[];
}

const cases: Case[] = [
  {
    name: 'healthy Ubuntu 22.04', root: tree('ubuntu-22.04'), status: 'pass', code: 'installed',
    data: { packages: ['containerd.io 1.7.22-1', 'docker-buildx-plugin 0.17.1-1~ubuntu.22.04~jammy', `docker-ce ${CE}`, `docker-ce-cli ${CE}`, `docker-ce-rootless-extras ${CE}`, 'docker-compose-plugin 2.29.7-1~ubuntu.22.04~jammy'] },
  },
  { name: 'healthy Ubuntu 24.04', root: tree('ubuntu-24.04'), status: 'pass', code: 'installed' },
  { name: 'healthy Debian 12', root: tree('debian-12'), status: 'pass', code: 'installed' },
  {
    name: "the install note's VPS: docker-ce unpacked for want of libltdl7",
    root: tree('docker-ce-18-no-libltdl7'), status: 'fail', code: 'unmet-dependencies',
    problems: ['docker-ce → libltdl7 (>= 2.4.6): not-installed (/var/lib/dpkg/status:25)', 'docker-ce 18.06.1~ce~3-0~ubuntu (unpacked, /var/lib/dpkg/status:25)'],
    data: { findings: ['unmet-dependencies', 'not-configured'] },
    commands: [UPDATE, FIX_BROKEN, CONFIGURE],
  },
  {
    name: 'libltdl7 too old', root: tree('docker-ce-18-old-libltdl7'), status: 'fail', code: 'unmet-dependencies',
    problems: ['docker-ce → libltdl7 (>= 2.4.6): libltdl7 2.4.2-1.11 (/var/lib/dpkg/status:25)', 'docker-ce 18.06.1~ce~3-0~ubuntu (unpacked, /var/lib/dpkg/status:25)'],
  },
  { name: 'after apt-get -f install', root: tree('docker-ce-18-fixed'), status: 'pass', code: 'installed', data: { packages: ['docker-ce 18.06.1~ce~3-0~ubuntu'] } },
  {
    name: 'post-install script failed (daemon did not start)', root: tree('docker-ce-half-configured'), status: 'fail', code: 'half-configured',
    data: { names: ['docker-ce'], findings: ['half-configured', 'not-configured'] },
    problems: [`docker-ce ${CE} (half-configured, /var/lib/dpkg/status:119)`, `docker-ce-rootless-extras ${CE} (unpacked, /var/lib/dpkg/status:165)`],
    commands: ['sudo journalctl -u docker --no-pager -n 50', CONFIGURE, UPDATE, FIX_BROKEN],
  },
  {
    name: 'interrupted dpkg run, docker-ce-cli half-installed', root: tree('dpkg-interrupted'), status: 'fail', code: 'dpkg-interrupted',
    data: { count: 2, updates: '/var/lib/dpkg/updates' },
    problems: ['/var/lib/dpkg/updates/0000, /var/lib/dpkg/updates/0001', `docker-ce-cli ${CE} (half-installed, reinstreq, /var/lib/dpkg/status:148)`],
    commands: [CONFIGURE, UPDATE, 'sudo apt-get install --reinstall docker-ce-cli'],
  },
  {
    name: 'containerd.io could not overwrite runc', root: tree('docker-io-and-docker-ce'), status: 'fail', code: 'reinstall-required',
    problems: ['containerd.io 1.7.22-1 (half-installed, reinstreq, /var/lib/dpkg/status:97)'],
    commands: [UPDATE, 'sudo apt-get install --reinstall containerd.io', CONFIGURE],
  },
  {
    // the tree has no backup at all: none is offered, the damaged line is to be mended by hand
    name: 'status overwritten with binary bytes, no backup', root: tree('dpkg-status-binary'), status: 'fail', code: 'status-damaged',
    data: { line: 1, backup: null, backups: BACKUPS },
    fix: 'statusDamagedNoBackupFix',
    commands: ['sudo cp /var/lib/dpkg/status /var/lib/dpkg/status.broken', 'sudoedit /var/lib/dpkg/status', CONFIGURE],
  },
  {
    name: 'status cut off on disk mid-stanza, status-old kept', root: tree('dpkg-status-truncated'), status: 'fail', code: 'status-damaged',
    data: { line: 149, detail: 'install ok inst', backup: '/var/lib/dpkg/status-old' },
    commands: ['sudo cp /var/lib/dpkg/status /var/lib/dpkg/status.broken', 'sudo cp /var/lib/dpkg/status-old /var/lib/dpkg/status', CONFIGURE],
  },
  { name: 'podman only: no Docker package', root: tree('podman-docker'), status: 'skip', code: 'no-docker-packages' },
  { name: 'not a dpkg system', host: {}, status: 'skip', code: 'not-dpkg' },
  { name: 'status unreadable', host: { files: { '/var/lib/dpkg/status': { error: 'EACCES' } } }, status: 'skip', code: 'status-unreadable' },
  { name: 'empty status', host: host(['']), status: 'skip', code: 'no-docker-packages' },
  {
    name: 'triggers pending', host: host(TRIGGERS),
    status: 'fail', code: 'not-configured', problems: [`docker-ce ${CE} (triggers-pending, /var/lib/dpkg/status:6)`], commands: [CONFIGURE, UPDATE, FIX_BROKEN],
  },
  {
    name: 'containerd.io half-configured, systemd', host: host([pkg('containerd.io', '1.7.22-1', 'install ok half-configured'), pkg('docker-ce', CE, 'install ok unpacked', CE_DEPENDS), pkg('docker-ce-cli', CE), pkg('iptables', '1.8.7')]),
    status: 'fail', code: 'half-configured', data: { names: ['containerd.io'] },
    commands: ['sudo journalctl -u containerd --no-pager -n 50', CONFIGURE, UPDATE, FIX_BROKEN],
  },
  {
    name: 'docker-ce half-configured, no systemd (WSL, container)', host: host([pkg('docker-ce', CE, 'install ok half-configured')], { facts: { systemd: false } }),
    status: 'fail', code: 'half-configured', commands: ['sudo tail -n 50 /var/log/docker.log', CONFIGURE],
  },
  {
    name: 'containerd.io removed under an installed docker-ce',
    host: host([pkg('containerd.io', '1.7.22-1', 'deinstall ok config-files'), pkg('docker-ce', CE, undefined, CE_DEPENDS), pkg('docker-ce-cli', CE), pkg('iptables', '1.8.7')]),
    status: 'fail', code: 'unmet-dependencies', problems: ['docker-ce → containerd.io (>= 1.6.24): not-installed (/var/lib/dpkg/status:6)'], commands: [UPDATE, FIX_BROKEN],
  },
  {
    name: 'Debian docker.io without its runc', host: host([pkg('containerd', '1.6.20~ds1-1+deb12u3', undefined, 'Depends: runc (>= 0.1.0~)'), pkg('docker.io', '20.10.24+dfsg1-1+deb12u1+b6', undefined, 'Depends: containerd (>= 1.4~), runc (>= 1.0.0~rc8~)')]),
    status: 'fail', code: 'unmet-dependencies', problems: ['containerd → runc (>= 0.1.0~): not-installed (/var/lib/dpkg/status:1)', 'docker.io → runc (>= 1.0.0~rc8~): not-installed (/var/lib/dpkg/status:7)'],
  },
  { name: 'healthy, dpkg journal only holds its temp file', host: host(HEALTHY, { files: { '/var/lib/dpkg/updates/tmp.i': '' } }), status: 'pass', code: 'installed' },
  {
    name: 'interrupted with no Docker package yet', host: host([pkg('curl', '7.81.0')], { files: { '/var/lib/dpkg/updates/0003': 'Package: curl\n' } }),
    status: 'fail', code: 'dpkg-interrupted', commands: [CONFIGURE],
  },
  {
    name: "a garbage line between stanzas, cron's daily backup kept",
    host: host([...HEALTHY.slice(0, 2), '\u001b[2J\u0000garbage', ...HEALTHY.slice(2)], { files: { '/var/backups/dpkg.status.0': HEALTHY.join('\n\n') } }),
    status: 'fail', code: 'status-damaged', data: { line: 13, backup: '/var/backups/dpkg.status.0' }, fix: 'statusDamagedFix',
    commands: ['sudo cp /var/lib/dpkg/status /var/lib/dpkg/status.broken', 'sudo cp /var/backups/dpkg.status.0 /var/lib/dpkg/status', CONFIGURE],
  },
  {
    name: 'only an older, compressed daily backup',
    host: host(['\u0000', ...HEALTHY], { files: { '/var/backups/dpkg.status.1.gz': { type: 'file' } } }),
    status: 'fail', code: 'status-damaged', data: { line: 1, backup: '/var/backups/dpkg.status.1.gz' },
    commands: ['sudo cp /var/lib/dpkg/status /var/lib/dpkg/status.broken', "sudo sh -c 'zcat /var/backups/dpkg.status.1.gz > /var/lib/dpkg/status'", CONFIGURE],
  },
  {
    name: 'backups are directories, not files: none offered',
    host: host(['\u0000', ...HEALTHY], { files: { '/var/lib/dpkg/status-old/x': '', '/var/backups/dpkg.status.0/x': '' } }),
    status: 'fail', code: 'status-damaged', data: { backup: null }, fix: 'statusDamagedNoBackupFix',
  },
  // apt-get (pid 4242) holds dpkg's frontend lock: what dpkg shows is work in progress
  {
    name: 'triggers pending while apt-get runs', host: host(TRIGGERS, APT_RUNNING), status: 'warn', code: 'dpkg-running',
    data: { pid: 4242, process: 'apt-get', lock: '/var/lib/dpkg/lock-frontend', findings: ['not-configured'] },
    problems: [`docker-ce ${CE} (triggers-pending, /var/lib/dpkg/status:6)`],
    commands: ['ps -o pid,etime,args -p 4242', 'tail --pid=4242 -f /dev/null'],
  },
  {
    name: 'dpkg itself mid-run: journal files and a half-installed package',
    host: host([pkg('containerd.io', '1.7.22-1', 'install reinstreq half-installed'), pkg('docker-ce-cli', CE)], {
      files: { '/var/lib/dpkg/updates/0000': '', '/proc/locks': '7: POSIX  ADVISORY  WRITE 5150 fe:00:402116 0 EOF\n', '/proc/5150/comm': 'dpkg\n' },
      exec: { [STAT]: { stdout: INODES } },
    }),
    status: 'warn', code: 'dpkg-running', data: { pid: 5150, process: 'dpkg', lock: '/var/lib/dpkg/lock', findings: ['dpkg-interrupted', 'reinstall-required'] },
  },
  {
    name: 'another process holds a lock, not on dpkg: a real finding',
    host: host(TRIGGERS, { files: { '/proc/locks': '1: POSIX  ADVISORY  WRITE 4242 fe:00:55 0 EOF\n' }, exec: { [STAT]: { stdout: INODES } } }),
    status: 'fail', code: 'not-configured',
  },
  {
    name: 'only a waiter, a read lock and a flock on the inode: nobody holds it for writing',
    host: host(TRIGGERS, {
      files: { '/proc/locks': '1: -> POSIX  ADVISORY  WRITE 1 fe:00:402117 0 EOF\n2: POSIX  ADVISORY  READ 2 fe:00:402117 0 EOF\n3: FLOCK  ADVISORY  WRITE 3 fe:00:402117 0 EOF\n' },
    }),
    status: 'fail', code: 'not-configured',
  },
  {
    name: 'a lock is held but stat is missing: cannot tell, the finding stands',
    host: host(TRIGGERS, { files: APT_RUNNING.files, exec: { [STAT]: { exitCode: null, notFound: true } } }),
    status: 'fail', code: 'not-configured',
  },
  {
    name: "the holder's name unreadable (it just exited): still a run in progress",
    host: host(TRIGGERS, { files: { '/proc/locks': APT_RUNNING.files!['/proc/locks']! }, exec: APT_RUNNING.exec }),
    status: 'warn', code: 'dpkg-running', data: { pid: 4242, process: '?' },
  },
  {
    name: 'a damaged database is no work in progress (dpkg replaces it whole): no lock probe',
    host: host(['\u0000', ...TRIGGERS], { files: { '/proc/locks': APT_RUNNING.files!['/proc/locks']! } }),
    status: 'fail', code: 'status-damaged',
  },
];

describe('package-state', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, c.root ? { root: c.root } : { host: c.host });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.problems) expect(r.data.problems).toEqual(c.problems);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    if (c.fix) expect(r.outcome.fix?.explain).toBe(c.fix);
    if (r.status === 'fail') {
      expect(r.text.en).toContain('/var/lib/dpkg/');
      expect(r.text['zh-CN']).toContain('/var/lib/dpkg/');
    }
    expect(r.text.en).not.toMatch(/\u001b/);
  });
});

// A report recorded under --root keeps only some of the status file's fields; replayed, the
// package checks must come to the same verdicts and name the same lines of the real file.
describe('recorded under --root, replayed', () => {
  const trees = ['docker-ce-18-no-libltdl7', 'docker-ce-half-configured', 'dpkg-interrupted', 'docker-io-and-docker-ce', 'snap-and-docker-ce', 'podman-docker', 'ubuntu-16.04-old-apt', 'dpkg-status-truncated'];
  it.each(trees)('%s', async (name) => {
    const root = tree(name);
    const recorder = new Recorder(undefined);
    const probes = recorder.wrap(liveProbes({ root, timeoutMs: 3000 }));
    for (const c of [libltdl7, check, packageConflicts, aptPrerequisites]) {
      const live = await runCheck(c, { probes, options: { root } });
      const replayed = await runCheck(c, { probes: replayProbes(recorder.entries), options: { root } });
      expect([replayed.status, replayed.code, replayed.data, replayed.commands], c.id).toEqual([live.status, live.code, live.data, live.commands]);
    }
  });
});
