import { describe, expect, it } from 'vitest';
import check from '../../checks/docker-group.js';
import type { HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';

const tree = (name: string) => new URL(`../fixtures/trees/${name}/`, import.meta.url).pathname;
const SOCK = '/var/run/docker.sock';
const GROUP = 'root:x:0:\nsudo:x:27:mei\nmei:x:1000:\ndocker:x:999:mei,bob\n';
const GROUP_NOT_MEI = 'root:x:0:\nmei:x:1000:\ndocker:x:999:bob\n';
const GROUP_NONE = 'root:x:0:\nmei:x:1000:\n';
const sock = (mode: number, gid = 999) => ({ type: 'socket' as const, mode, uid: 0, gid });
// the fake user mei: uid 1000, session groups [1000] unless given
const mei = (groups: number[]) => ({ user: { uid: 1000, gid: 1000, groups, name: 'mei', home: '/home/mei' } });

describe('docker-group under --root', () => {
  it.each([
    { tree: 'ubuntu-22.04', status: 'skip', code: 'rooted-group-exists', data: { gid: 999, members: 'ubuntu' } },
    { tree: 'debian-12', status: 'skip', code: 'rooted-group-exists', data: { gid: 996 } },
    { tree: 'docker-group-missing', status: 'fail', code: 'group-missing', commands: ['sudo groupadd docker', 'sudo usermod -aG docker $USER', 'sudo service docker restart', 'newgrp docker'] },
  ])('$tree', async (c) => {
    const r = await runCheck(check, { root: tree(c.tree) });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
  });
});

const cases: { name: string; host: HostSpec; status: string; code: string; data?: Record<string, unknown>; commands?: string[] }[] = [
  {
    name: 'member, session has it, socket root:docker 0660',
    host: { facts: mei([1000, 999]), files: { '/etc/group': GROUP, [SOCK]: sock(0o660) } },
    status: 'pass', code: 'member', data: { user: 'mei', gid: 999, socketGroup: 'docker', socketMode: '0660' },
  },
  {
    name: 'member, daemon not running (no socket)',
    host: { facts: mei([1000, 999]), files: { '/etc/group': GROUP } }, status: 'pass', code: 'member', data: { socket: SOCK },
  },
  {
    name: 'not in the group',
    host: { facts: mei([1000]), files: { '/etc/group': GROUP_NOT_MEI, [SOCK]: sock(0o660) } },
    status: 'fail', code: 'user-not-member', data: { members: 'bob' }, commands: ['sudo usermod -aG docker $USER', 'newgrp docker'],
  },
  {
    name: 'listed, but the session predates it: never usermod again',
    host: { facts: mei([1000]), files: { '/etc/group': GROUP, [SOCK]: sock(0o660) } },
    status: 'fail', code: 'session-lacks-group', commands: ['newgrp docker'],
  },
  {
    name: 'no docker group anywhere',
    host: { facts: { ...mei([1000]), systemd: true }, files: { '/etc/group': GROUP_NONE }, exec: { 'getent group docker': { exitCode: 2 } } },
    status: 'fail', code: 'group-missing', data: { source: '/etc/group, getent group docker' },
    commands: ['sudo groupadd docker', 'sudo usermod -aG docker $USER', 'sudo systemctl restart docker.socket docker.service', 'newgrp docker'],
  },
  {
    name: 'docker group from LDAP/sssd (getent)',
    host: { facts: mei([1000, 5001]), files: { '/etc/group': GROUP_NONE, [SOCK]: sock(0o660, 5001) }, exec: { 'getent group docker': { stdout: 'docker:*:5001:mei\n' } } },
    status: 'pass', code: 'member', data: { gid: 5001, socketGroup: '5001' },
  },
  {
    name: 'socket owned by root:root 0660 (group was missing when it was made)',
    host: { facts: { ...mei([1000, 999]), systemd: true }, files: { '/etc/group': GROUP, [SOCK]: sock(0o660, 0) } },
    status: 'fail', code: 'socket-permissions', data: { socketGroup: 'root', socketMode: '0660' }, commands: ['sudo systemctl restart docker.socket docker.service'],
  },
  {
    name: 'socket 0600',
    host: { facts: mei([1000, 999]), files: { '/etc/group': GROUP, [SOCK]: sock(0o600) } }, status: 'fail', code: 'socket-permissions', data: { socketMode: '0600' },
  },
  {
    name: 'socket chmod 666',
    host: { facts: mei([1000, 999]), files: { '/etc/group': GROUP, [SOCK]: sock(0o666) } }, status: 'warn', code: 'socket-too-open', data: { socketMode: '0666' },
  },
  { name: 'root', host: { facts: { user: { uid: 0, gid: 0, groups: [0], name: 'root', home: '/root' } }, files: { '/etc/group': GROUP } }, status: 'pass', code: 'root' },
  {
    name: 'sudo by a user who is not in the group',
    host: { facts: { user: { uid: 0, gid: 0, groups: [0], name: 'root', home: '/root' } }, env: { SUDO_USER: 'mei' }, files: { '/etc/group': GROUP_NOT_MEI } },
    status: 'warn', code: 'sudo-user-not-member', commands: ['sudo usermod -aG docker mei'],
  },
  {
    name: 'rootless endpoint needs no group',
    host: { facts: mei([1000]), env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, files: { '/etc/group': GROUP_NONE } },
    status: 'pass', code: 'rootless-endpoint', data: { endpoint: 'unix:///run/user/1000/docker.sock' },
  },
  {
    name: 'Docker Desktop for Linux needs no group',
    host: { facts: mei([1000]), env: { DOCKER_HOST: 'unix:///home/mei/.docker/desktop/docker.sock' }, files: { '/etc/group': GROUP_NOT_MEI } },
    status: 'pass', code: 'rootless-endpoint',
  },
  { name: 'tcp endpoint', host: { facts: mei([1000]), env: { DOCKER_HOST: 'tcp://10.0.0.5:2376' }, files: { '/etc/group': GROUP_NOT_MEI } }, status: 'skip', code: 'not-unix-socket' },
  { name: 'no /etc/group', host: { facts: mei([1000]) }, status: 'skip', code: 'group-file-unreadable' },
  {
    name: 'garbage in /etc/group never crashes',
    host: { facts: mei([1000]), files: { '/etc/group': Buffer.from([0, 1, 2, 0x3a, 0x3a, 0xff, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d]) }, exec: { 'getent group docker': { exitCode: 2 } } },
    status: 'fail', code: 'group-missing',
  },
];

describe('docker-group on the live system (transcripts)', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, { host: c.host });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    // the classic wrong advice, and the dangerous one
    if (c.code === 'session-lacks-group') expect(r.commands.join(' ')).not.toContain('usermod');
    expect(r.commands.join(' ')).not.toMatch(/chmod/);
  });
});
