import { describe, expect, it } from 'vitest';
import check from '../../checks/docker-service.js';
import type { ExecResult } from '../../src/host/types.js';
import { parseShow, wslSystemdOn } from '../../src/lib/systemd-unit.js';
import type { HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';
import { spyProbes } from '../helpers/spy-probes.js';

const tree = (name: string) => new URL(`../fixtures/trees/${name}/`, import.meta.url).pathname;
const SHOW = 'systemctl show docker.service docker.socket --property=LoadState,ActiveState,SubState,Result,ExecMainStatus,UnitFileState --no-pager';
const UNIT = '/lib/systemd/system/docker.service';
const PING_OK = { status: 200, body: 'OK', headers: { 'api-version': '1.47' } };

function show(svc: Record<string, string>, sock: Record<string, string> = { LoadState: 'loaded', ActiveState: 'active', SubState: 'listening', UnitFileState: 'enabled' }): Partial<ExecResult> {
  const block = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `${k}=${v}`).join('\n');
  return { stdout: `${block(svc)}\n\n${block(sock)}\n` };
}
const svc = (ActiveState: string, SubState: string, UnitFileState = 'enabled', Result = 'success', ExecMainStatus = '0') => ({ LoadState: 'loaded', ActiveState, SubState, Result, ExecMainStatus, UnitFileState });
const installed = { [UNIT]: '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n[Install]\nWantedBy=multi-user.target\n' };
const live = (over: HostSpec): HostSpec => ({ ...over, facts: { systemd: true, ...over.facts }, files: { ...installed, ...over.files } });

describe('docker-service under --root (files only)', () => {
  it.each([
    { name: 'healthy Ubuntu 22.04', tree: 'ubuntu-22.04', status: 'pass', code: 'enabled', data: { unit: UNIT } },
    { name: 'healthy Ubuntu 24.04 (/usr/lib)', tree: 'ubuntu-24.04', status: 'pass', code: 'enabled', data: { unit: '/usr/lib/systemd/system/docker.service' } },
    { name: 'healthy Debian 12', tree: 'debian-12', status: 'pass', code: 'enabled' },
    { name: 'socket activation only', tree: 'docker-service-socket-only', status: 'pass', code: 'enabled', data: { enabledBy: '/etc/systemd/system/sockets.target.wants/docker.socket' } },
    { name: 'installed, not enabled', tree: 'docker-service-not-enabled', status: 'warn', code: 'not-enabled', commands: ['sudo systemctl enable docker.service docker.socket'] },
    { name: 'masked', tree: 'docker-service-masked', status: 'fail', code: 'masked', data: { maskedAt: '/etc/systemd/system/docker.service' }, commands: ['sudo systemctl unmask docker.service docker.socket', 'sudo systemctl enable --now docker'] },
    { name: 'no unit', tree: 'docker-service-not-installed', status: 'warn', code: 'not-installed' },
    { name: 'no systemd in the tree', tree: 'docker-service-sysv', status: 'skip', code: 'no-systemd-tree' },
  ])('$name', async (c) => {
    const r = await runCheck(check, { root: tree(c.tree) });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
  });
});

const START = ['sudo systemctl enable --now docker', 'sudo systemctl status docker --no-pager', 'sudo journalctl -u docker --no-pager -n 50'];

const cases: { name: string; host: HostSpec; status: string; code: string; data?: Record<string, unknown>; commands?: string[] }[] = [
  { name: 'active and enabled', host: live({ api: { 'GET /_ping': PING_OK }, exec: { [SHOW]: show(svc('active', 'running')) } }), status: 'pass', code: 'active', data: { subState: 'running' } },
  {
    name: 'active, but the user may not open the socket (daemon-reachable tells)',
    host: live({ api: { 'GET /_ping': 'permission-denied' }, exec: { [SHOW]: show(svc('active', 'running')) } }), status: 'pass', code: 'active',
  },
  {
    name: 'active, enabled only through docker.socket',
    host: live({ api: { 'GET /_ping': PING_OK }, exec: { [SHOW]: show(svc('active', 'running', 'disabled')) } }), status: 'pass', code: 'active',
  },
  {
    name: 'active but nothing enabled',
    host: live({ api: { 'GET /_ping': PING_OK }, exec: { [SHOW]: show(svc('active', 'running', 'disabled'), { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', UnitFileState: 'disabled' }) } }),
    status: 'warn', code: 'not-enabled', commands: ['sudo systemctl enable docker.service docker.socket'],
  },
  {
    name: 'rootless daemon answers, system service off',
    host: live({ env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, api: { 'GET /_ping': PING_OK }, exec: { [SHOW]: show(svc('inactive', 'dead', 'disabled')) } }),
    status: 'pass', code: 'running-without-service', data: { endpoint: 'unix:///run/user/1000/docker.sock', state: 'inactive' },
  },
  {
    name: 'Docker Desktop answers, no docker.service at all',
    host: { facts: { systemd: true }, api: { 'GET /_ping': PING_OK }, exec: { [SHOW]: show({ LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead', UnitFileState: '' }) } },
    status: 'pass', code: 'running-without-service',
  },
  {
    name: 'nothing installed, nothing answers',
    host: { facts: { systemd: true }, api: { 'GET /_ping': 'socket-missing' }, exec: { [SHOW]: show({ LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead', UnitFileState: '' }) } },
    status: 'fail', code: 'not-installed',
  },
  {
    name: 'failed: dockerd exits (daemon.json)',
    host: live({ api: { 'GET /_ping': 'socket-missing' }, exec: { [SHOW]: show(svc('failed', 'failed', 'enabled', 'exit-code', '1')) } }),
    status: 'fail', code: 'failed', data: { result: 'exit-code', exitStatus: '1' },
    commands: ['sudo journalctl -u docker --no-pager -n 50', 'sudo systemctl reset-failed docker', 'sudo systemctl restart docker'],
  },
  {
    name: 'Start request repeated too quickly',
    host: live({ api: { 'GET /_ping': 'connection-refused' }, exec: { [SHOW]: show(svc('failed', 'failed', 'enabled', 'start-limit-hit', '1')) } }),
    status: 'fail', code: 'failed', data: { result: 'start-limit-hit' },
  },
  {
    name: 'restart loop (Restart=always)',
    host: live({ api: { 'GET /_ping': 'socket-missing' }, exec: { [SHOW]: show(svc('activating', 'auto-restart', 'enabled', 'exit-code', '1')) } }),
    status: 'fail', code: 'failed', data: { subState: 'auto-restart' },
  },
  {
    name: 'still starting',
    host: live({ api: { 'GET /_ping': 'socket-missing' }, exec: { [SHOW]: show(svc('activating', 'start')) } }),
    status: 'warn', code: 'starting', commands: ['sudo systemctl status docker --no-pager', 'sudo journalctl -u docker --no-pager -n 50'],
  },
  {
    name: 'installed, stopped, disabled',
    host: live({ api: { 'GET /_ping': 'socket-missing' }, exec: { [SHOW]: show(svc('inactive', 'dead', 'disabled'), { LoadState: 'loaded', ActiveState: 'inactive', SubState: 'dead', UnitFileState: 'disabled' }) } }),
    status: 'fail', code: 'inactive', data: { unitFileState: 'disabled' }, commands: START,
  },
  {
    name: 'masked',
    host: live({ api: { 'GET /_ping': 'socket-missing' }, exec: { [SHOW]: show({ LoadState: 'masked', ActiveState: 'inactive', SubState: 'dead', UnitFileState: 'masked' }) } }),
    status: 'fail', code: 'masked',
  },
  {
    name: 'container without systemd, init script present',
    host: { facts: { systemd: false }, api: { 'GET /_ping': 'socket-missing' }, files: { '/etc/init.d/docker': '#!/bin/sh\n' } },
    status: 'fail', code: 'no-systemd', data: { initScript: true }, commands: ['sudo service docker start', 'sudo tail -n 50 /var/log/docker.log'],
  },
  {
    name: 'without systemd and without init script',
    host: { facts: { systemd: false }, api: { 'GET /_ping': 'socket-missing' } },
    status: 'fail', code: 'no-systemd', data: { initScript: false }, commands: ["sudo sh -c 'dockerd > /var/log/dockerd.log 2>&1 &'", 'sudo tail -n 50 /var/log/dockerd.log'],
  },
  {
    name: 'WSL without systemd',
    host: { facts: { systemd: false, wsl: true }, api: { 'GET /_ping': 'socket-missing' }, files: { '/etc/init.d/docker': '#!/bin/sh\n', '/etc/wsl.conf': '[automount]\nenabled=true\n' } },
    status: 'fail', code: 'wsl-no-systemd', data: { wslConf: 'absent' },
    commands: ['sudo service docker start', "printf '\\n[boot]\\nsystemd=true\\n' | sudo tee -a /etc/wsl.conf", 'wsl.exe --shutdown'],
  },
  {
    name: 'WSL: systemd set in wsl.conf, WSL not restarted',
    host: { facts: { systemd: false, wsl: true }, api: { 'GET /_ping': 'socket-missing' }, files: { '/etc/init.d/docker': '#!/bin/sh\n', '/etc/wsl.conf': '[boot]\nsystemd = true # enable\n' } },
    status: 'fail', code: 'wsl-no-systemd', data: { wslConf: 'systemd=true' }, commands: ['wsl.exe --shutdown', 'sudo service docker start', 'sudo tail -n 50 /var/log/docker.log'],
  },
  { name: 'no systemd, a daemon started by hand answers', host: { facts: { systemd: false }, api: { 'GET /_ping': PING_OK } }, status: 'pass', code: 'running-without-service' },
  {
    name: 'no systemd, dockerd runs (pid file) but the user may not connect',
    host: { facts: { systemd: false }, api: { 'GET /_ping': 'permission-denied' }, files: { '/var/run/docker.pid': '4242\n', '/proc/4242/comm': 'dockerd\n' } },
    status: 'skip', code: 'not-answering', data: { evidence: 'pid 4242' },
  },
  {
    name: 'a stale pid file is not a running daemon',
    host: { facts: { systemd: false }, api: { 'GET /_ping': 'connection-refused' }, files: { '/var/run/docker.pid': '4242\n', '/proc/4242/comm': 'bash\n' } },
    status: 'fail', code: 'no-systemd',
  },
  { name: 'no systemd, daemon hung', host: { facts: { systemd: false }, api: { 'GET /_ping': 'timeout' } }, status: 'skip', code: 'not-answering' },
  {
    name: 'service inactive, but a hand-started daemon hangs on the socket',
    host: live({ api: { 'GET /_ping': 'timeout' }, exec: { [SHOW]: show(svc('inactive', 'dead', 'disabled')) } }), status: 'skip', code: 'not-answering',
  },
  {
    name: 'systemctl missing',
    host: live({ api: { 'GET /_ping': 'socket-missing' }, exec: { [SHOW]: { exitCode: null, notFound: true } } }), status: 'skip', code: 'state-unknown', data: { detail: 'systemctl not found' },
  },
  // the endpoint is not the system daemon: its state says nothing about docker.service, and
  // enabling or installing the system daemon is the wrong advice (daemon-reachable has the right one)
  {
    name: 'rootless daemon stopped, system service disabled as the rootless setup does',
    host: live({ env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, api: { 'GET /_ping': 'socket-missing' }, exec: { [SHOW]: show(svc('inactive', 'dead', 'disabled')) } }),
    status: 'skip', code: 'other-daemon', data: { endpoint: 'unix:///run/user/1000/docker.sock', kind: 'rootless' },
  },
  {
    name: 'Docker Desktop for Linux stopped, no docker.service',
    host: { facts: { systemd: true }, env: { DOCKER_HOST: 'unix:///home/mei/.docker/desktop/docker.sock' }, api: { 'GET /_ping': 'socket-missing' }, exec: { [SHOW]: show({ LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead', UnitFileState: '' }) } },
    status: 'skip', code: 'other-daemon', data: { kind: 'desktop-linux' },
  },
  {
    name: 'a daemon on another host does not answer',
    host: { facts: { systemd: true }, env: { DOCKER_HOST: 'tcp://build.example.com:2376' }, api: { 'GET /_ping': 'host-unreachable' }, exec: { [SHOW]: show({ LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead', UnitFileState: '' }) } },
    status: 'skip', code: 'other-daemon', data: { kind: 'remote' },
  },
  {
    name: 'WSL without systemd, DOCKER_HOST at Docker Desktop on Windows (stopped)',
    host: { facts: { systemd: false, wsl: true }, env: { DOCKER_HOST: 'tcp://192.168.1.20:2375' }, api: { 'GET /_ping': 'connection-refused' } },
    status: 'skip', code: 'other-daemon', data: { kind: 'remote' },
  },
  {
    name: "WSL with Docker Desktop's integration, Desktop stopped (systemd on)",
    host: {
      facts: { systemd: true, wsl: true }, api: { 'GET /_ping': 'socket-missing' },
      files: { '/usr/bin/docker': { type: 'symlink', linkTarget: '/mnt/wsl/docker-desktop/cli-tools/usr/bin/docker' } },
      exec: { [SHOW]: show({ LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead', UnitFileState: '' }) },
    },
    status: 'skip', code: 'other-daemon', data: { kind: 'desktop-wsl' },
  },
  {
    name: "WSL with Docker Desktop's integration, Desktop stopped (no systemd)",
    host: { facts: { systemd: false, wsl: true }, api: { 'GET /_ping': 'socket-missing' }, files: { '/usr/bin/docker': { type: 'symlink', linkTarget: '/mnt/wsl/docker-desktop/cli-tools/usr/bin/docker' } } },
    status: 'skip', code: 'other-daemon', data: { kind: 'desktop-wsl' },
  },
  {
    name: 'a snap docker stopped: its daemon is snap.docker.dockerd, not docker.service',
    host: { facts: { systemd: true }, api: { 'GET /_ping': 'socket-missing' }, files: { '/snap/bin/docker': { type: 'symlink', linkTarget: '/usr/bin/snap' } }, exec: { [SHOW]: show({ LoadState: 'not-found', ActiveState: 'inactive', SubState: 'dead', UnitFileState: '' }) } },
    status: 'skip', code: 'other-daemon', data: { kind: 'snap' },
  },
  {
    name: 'a local daemon over loopback TCP is still the system service',
    host: live({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, api: { 'GET /_ping': 'connection-refused' }, exec: { [SHOW]: show(svc('failed', 'failed', 'enabled', 'exit-code', '1')) } }),
    status: 'fail', code: 'failed',
  },
  { name: 'replay without the systemctl answer', host: live({ api: { 'GET /_ping': 'socket-missing' } }), status: 'skip', code: 'not-recorded' },
];

describe('docker-service on the live system (transcripts)', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, { host: c.host });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
  });

  it('a frozen daemon costs one ping, and an active service is still fine', async () => {
    const spy = spyProbes(live({ api: { 'GET /_ping': 'timeout' }, exec: { [SHOW]: show(svc('active', 'running')) } }));
    const r = await runCheck(check, { probes: spy.probes });
    expect(r.code).toBe('active');
    expect(spy.requests.map((q) => q.path)).toEqual(['/_ping']);
    expect(spy.execs[0]!.opts?.timeoutMs).toBe(3000);
  });

  it('not-installed names the install commands for the distribution', async () => {
    const r = await runCheck(check, { host: cases.find((c) => c.code === 'not-installed')!.host });
    expect(r.commands.join('\n')).toContain('https://download.docker.com/linux/ubuntu/gpg');
  });
});

describe('helpers', () => {
  it('parseShow reads one block per unit', () => {
    expect(parseShow('ActiveState=failed\nResult=exit-code\n\nActiveState=active\n')).toEqual([{ ActiveState: 'failed', Result: 'exit-code' }, { ActiveState: 'active' }]);
    expect(parseShow('\u0000garbage\n')).toEqual([]);
  });
  it.each([
    ['[boot]\nsystemd=true\n', true],
    ['[Boot]\nsystemd=TRUE\n', true],
    ['[boot]\nsystemd=false\n', false],
    ['[user]\nsystemd=true\n', false],
    ['# [boot]\n# systemd=true\n', false],
  ])('wslSystemdOn(%j) = %s', (text, on) => expect(wslSystemdOn(text)).toBe(on));
});
