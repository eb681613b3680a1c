import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import check from '../../checks/daemon-reachable.js';
import type { HostFacts } from '../../src/host/types.js';
import { runCheck } from '../helpers/check-tester.js';
import { PING_OK } from '../helpers/docker-replies.js';
import type { HostSpec } from '../helpers/fake-host.js';
import { spyProbes } from '../helpers/spy-probes.js';

const PING = 'GET /_ping';
const SOCK = '/var/run/docker.sock';
const PGREP = 'pgrep -x dockerd';

const NO_SYSTEMD: Partial<HostFacts> = { systemd: false, wsl: true };
const MAC: Partial<HostFacts> = { platform: 'darwin', distroId: undefined, idLike: undefined, systemd: false };
const WIN: Partial<HostFacts> = { platform: 'win32', distroId: undefined, idLike: undefined, systemd: false };
const user = (groups: number[], name = 'mei', uid = 1000): Partial<HostFacts> => ({ user: { uid, gid: uid, groups, name, home: `/home/${name}` } });

const SYSTEMD_START = ['sudo systemctl enable --now docker', 'sudo systemctl status docker --no-pager', 'sudo journalctl -u docker --no-pager -n 50'];
const SERVICE_START = ['sudo service docker start', 'sudo tail -n 50 /var/log/docker.log'];
const SYSTEMD_RESTART = ['sudo systemctl restart docker', 'sudo journalctl -u docker --no-pager -n 50'];
const DESKTOP_WIN = ['Start-Process "C:\\Program Files\\Docker\\Docker\\Docker Desktop.exe"'];

const GROUP_FILE = (members = '') => `root:x:0:\ndaemon:x:1:\nsudo:x:27:mei\nmei:x:1000:\ndocker:x:999:${members}\n`;
const socket = (gid = 999, mode = 0o660) => ({ type: 'socket' as const, uid: 0, gid, mode });
const meta = (name: string, host: string) => ({
  [`/home/mei/.docker/contexts/meta/${createHash('sha256').update(name).digest('hex')}/meta.json`]: JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host } } }),
});

interface Case {
  name: string;
  host: HostSpec;
  options?: { host?: string };
  status: 'pass' | 'fail' | 'skip';
  code: string;
  message?: string;
  data?: Record<string, unknown>;
  commands?: string[];
  docs?: string;
}

const cases: Case[] = [
  // answers
  { name: 'reachable: the real /_ping of dockerd 20.10', host: { api: { [PING]: PING_OK } }, status: 'pass', code: 'reachable', data: { apiVersion: '1.41', endpoint: 'unix:///var/run/docker.sock', source: 'default' } },
  {
    name: 'reachable on Windows through the named pipe',
    host: { facts: WIN, api: { [PING]: { status: 200, headers: { 'Api-Version': '1.47' }, body: 'OK' } } },
    status: 'pass', code: 'reachable', data: { apiVersion: '1.47', endpoint: 'npipe:////./pipe/docker_engine', socket: '\\\\.\\pipe\\docker_engine' },
  },
  // nothing there
  { name: 'socket missing, systemd', host: { api: { [PING]: 'socket-missing' } }, status: 'fail', code: 'socket-missing', message: 'socketMissing', data: { socket: SOCK }, commands: SYSTEMD_START },
  { name: 'socket missing, no systemd (WSL, containers)', host: { facts: NO_SYSTEMD, api: { [PING]: 'socket-missing' } }, status: 'fail', code: 'socket-missing', commands: SERVICE_START },
  { name: 'socket missing, Windows: start Docker Desktop', host: { facts: WIN, api: { [PING]: 'socket-missing' } }, status: 'fail', code: 'socket-missing', message: 'socketMissingDesktop', commands: DESKTOP_WIN },
  { name: 'socket missing, macOS: start Docker Desktop', host: { facts: MAC, api: { [PING]: 'socket-missing' } }, status: 'fail', code: 'socket-missing', message: 'socketMissingDesktop', commands: ['open -a Docker'] },
  {
    name: 'DOCKER_HOST at a colima socket on macOS: colima start, or unset DOCKER_HOST',
    host: { facts: MAC, env: { DOCKER_HOST: 'unix:///Users/mei/.colima/default/docker.sock' }, api: { [PING]: 'socket-missing' } },
    status: 'fail', code: 'socket-missing', message: 'socketMissing', commands: ['colima start', 'unset DOCKER_HOST'],
  },
  {
    name: 'DOCKER_HOST at a rootless socket: systemctl --user, or unset DOCKER_HOST',
    host: { env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, api: { [PING]: 'socket-missing' } },
    status: 'fail', code: 'socket-missing', commands: ['systemctl --user start docker', 'journalctl --user -u docker --no-pager -n 50', 'unset DOCKER_HOST'], docs: 'https://docs.docker.com/engine/security/rootless/',
  },
  {
    name: 'the desktop-linux context while Docker Desktop for Linux is stopped',
    host: { files: { '/home/mei/.docker/config.json': '{"currentContext":"desktop-linux"}', ...meta('desktop-linux', 'unix:///home/mei/.docker/desktop/docker.sock') }, api: { [PING]: 'socket-missing' } },
    status: 'fail', code: 'socket-missing', data: { source: 'config' }, commands: ['systemctl --user start docker-desktop', 'docker context use default'],
  },
  {
    name: 'DOCKER_HOST naming the default socket adds no unset',
    host: { env: { DOCKER_HOST: 'unix:///var/run/docker.sock' }, api: { [PING]: 'socket-missing' } },
    status: 'fail', code: 'socket-missing', commands: SYSTEMD_START,
  },
  {
    name: 'Windows, DOCKER_HOST elsewhere: PowerShell’s Remove-Item',
    host: { facts: WIN, env: { DOCKER_HOST: 'npipe:////./pipe/dockerDesktopLinuxEngine' }, api: { [PING]: 'socket-missing' } },
    status: 'fail', code: 'socket-missing', commands: [...DESKTOP_WIN, 'Remove-Item Env:DOCKER_HOST'],
  },
  // stale
  { name: 'stale socket (connection refused)', host: { files: { [SOCK]: socket() }, api: { [PING]: 'connection-refused' } }, status: 'fail', code: 'stale-socket', message: 'staleSocket', commands: SYSTEMD_START },
  {
    name: 'a directory where the socket should be (bind-mounted while the daemon was down)',
    host: { files: { [`${SOCK}/placeholder`]: 'x' }, api: { [PING]: 'connection-refused' } },
    status: 'fail', code: 'stale-socket', message: 'notSocket', data: { fileType: 'directory' }, commands: ['sudo rmdir /var/run/docker.sock', ...SYSTEMD_START],
  },
  {
    name: 'an unforeseen errno on an existing socket is reported as stale with the errno',
    host: { files: { [SOCK]: socket() }, api: { [PING]: { reason: 'other', detail: 'ENOTSOCK' } } },
    status: 'fail', code: 'stale-socket', data: { detail: 'ENOTSOCK' },
  },
  { name: 'an unforeseen errno and no socket: socket-missing', host: { api: { [PING]: { reason: 'other', detail: 'ENAMETOOLONG' } } }, status: 'fail', code: 'socket-missing' },
  // tcp
  {
    name: 'tcp on localhost refused: start the local daemon, or unset DOCKER_HOST',
    host: { env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, api: { [PING]: 'connection-refused' } },
    status: 'fail', code: 'connection-refused', data: { host: '127.0.0.1', port: 2375 }, commands: [...SYSTEMD_START, 'unset DOCKER_HOST'],
  },
  {
    name: 'tcp to another host refused, Windows',
    host: { facts: WIN, env: { DOCKER_HOST: 'tcp://build.example:2375' }, api: { [PING]: 'connection-refused' } },
    status: 'fail', code: 'connection-refused', commands: ['Remove-Item Env:DOCKER_HOST'],
  },
  {
    name: 'tcp: DNS fails',
    host: { env: { DOCKER_HOST: 'tcp://nosuch.example:2376' }, api: { [PING]: { reason: 'host-unreachable', detail: 'ENOTFOUND' } } },
    status: 'fail', code: 'host-unreachable', data: { host: 'nosuch.example', detail: 'ENOTFOUND' }, commands: ['unset DOCKER_HOST'],
  },
  {
    name: 'tcp: the connection attempt times out (firewall drops it)',
    host: { env: { DOCKER_HOST: 'tcp://build.example:2376' }, api: { [PING]: { reason: 'timeout', connected: false } } },
    status: 'fail', code: 'host-unreachable',
  },
  {
    name: 'tcp: TLS handshake fails on the certificate',
    host: { env: { DOCKER_HOST: 'tcp://build.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/home/mei/certs' }, api: { [PING]: { reason: 'tls-error', detail: 'DEPTH_ZERO_SELF_SIGNED_CERT' } } },
    status: 'fail', code: 'tls-error', message: 'tlsError', data: { certPath: '/home/mei/certs', host: 'build.example' },
    commands: ['ls -l /home/mei/certs', 'openssl s_client -connect build.example:2376 -CAfile /home/mei/certs/ca.pem -cert /home/mei/certs/cert.pem -key /home/mei/certs/key.pem </dev/null'],
  },
  {
    name: 'tcp: TLS against a plain-HTTP daemon (EPROTO, wrong version number)',
    host: { env: { DOCKER_HOST: 'tcp://build.example:2375', DOCKER_TLS_VERIFY: '1' }, api: { [PING]: { reason: 'tls-error', detail: 'EPROTO' } } },
    status: 'fail', code: 'tls-error', message: 'tlsPlain', data: { port: 2375 }, commands: ['unset DOCKER_TLS_VERIFY'],
  },
  {
    // DOCKER_TLS (docker --tls) is what turned TLS on: unsetting DOCKER_TLS_VERIFY would change nothing
    name: 'tcp: TLS from DOCKER_TLS against a plain-HTTP daemon',
    host: { env: { DOCKER_HOST: 'tcp://build.example:2375', DOCKER_TLS: '1' }, api: { [PING]: { reason: 'tls-error', detail: 'EPROTO' } } },
    status: 'fail', code: 'tls-error', message: 'tlsPlain', data: { port: 2375 }, commands: ['unset DOCKER_TLS'],
  },
  {
    name: 'Windows: TLS certificate problem, a path with spaces is quoted for PowerShell',
    host: { facts: WIN, env: { DOCKER_HOST: 'tcp://build.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: 'C:\\Users\\Mei Chen\\certs' }, api: { [PING]: { reason: 'tls-error', detail: 'CERT_HAS_EXPIRED' } } },
    status: 'fail', code: 'tls-error', commands: ["Get-ChildItem 'C:\\Users\\Mei Chen\\certs'"],
  },
  {
    name: 'HTTP sent to an HTTPS daemon: turn TLS on',
    host: { env: { DOCKER_HOST: 'tcp://build.example:2376' }, api: { [PING]: { status: 400, headers: { 'content-type': 'text/plain' }, body: 'Client sent an HTTP request to an HTTPS server.\n' } } },
    status: 'fail', code: 'http-error', message: 'httpsNeeded', commands: ['export DOCKER_TLS_VERIFY=1', 'export DOCKER_CERT_PATH="$HOME/.docker"'],
  },
  {
    name: 'HTTP sent to an HTTPS daemon, Windows',
    host: { facts: WIN, env: { DOCKER_HOST: 'tcp://build.example:2376' }, api: { [PING]: { status: 400, body: 'Client sent an HTTP request to an HTTPS server.\n' } } },
    status: 'fail', code: 'http-error', commands: ['$Env:DOCKER_TLS_VERIFY = "1"', '$Env:DOCKER_CERT_PATH = "$HOME\\.docker"'],
  },
  // permissions
  {
    name: 'permission denied, user not in the docker group: usermod',
    host: { files: { [SOCK]: socket(), '/etc/group': GROUP_FILE() }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'permission-denied', message: 'permissionDenied', data: { user: 'mei', group: 'docker', mode: '0660' },
    commands: ['sudo usermod -aG docker $USER', 'newgrp docker'], docs: 'https://docs.docker.com/engine/install/linux-postinstall/',
  },
  {
    name: 'listed in /etc/group but not in this session: newgrp, not usermod',
    host: { files: { [SOCK]: socket(), '/etc/group': GROUP_FILE('alice,mei') }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'docker-group-not-active', message: 'groupNotActive', commands: ['newgrp docker'],
  },
  {
    name: 'another user listed (a name that merely contains ours) is not us',
    host: { files: { [SOCK]: socket(), '/etc/group': GROUP_FILE('meier') }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'permission-denied',
  },
  {
    name: 'no docker group at all: groupadd and restart, never chmod',
    host: { files: { [SOCK]: socket(0), '/etc/group': 'root:x:0:\nmei:x:1000:\n' }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'socket-permissions', message: 'noDockerGroup',
    commands: ['sudo groupadd docker', 'sudo systemctl restart docker', 'sudo usermod -aG docker $USER', 'newgrp docker'],
  },
  {
    name: 'no docker group, no systemd: service restart',
    host: { facts: NO_SYSTEMD, files: { [SOCK]: socket(0), '/etc/group': 'root:x:0:\n' }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'socket-permissions', commands: ['sudo groupadd docker', 'sudo service docker restart', 'sudo usermod -aG docker $USER', 'newgrp docker'],
  },
  {
    name: 'socket owned by group root',
    host: { files: { [SOCK]: socket(0), '/etc/group': GROUP_FILE('mei') }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'socket-permissions', message: 'badSocket', data: { group: 'root', mode: '0660' }, commands: ['sudo systemctl restart docker'],
  },
  {
    name: 'socket mode 0600',
    host: { files: { [SOCK]: socket(999, 0o600), '/etc/group': GROUP_FILE('mei') }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'socket-permissions', message: 'badSocket', data: { group: 'docker', mode: '0600' },
  },
  {
    name: 'the session has the group and is still denied: a directory or SELinux',
    host: { facts: user([1000, 999]), files: { [SOCK]: socket(), '/etc/group': GROUP_FILE('mei') }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'socket-permissions', message: 'permissionsBlocked', commands: ['namei -l /var/run/docker.sock'],
  },
  {
    name: 'socket cannot be stat’ed and /etc/group unreadable: usermod is the best guess',
    host: { files: { [SOCK]: { error: 'EACCES' }, '/etc/group': { error: 'EACCES' } }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'permission-denied', commands: ['sudo usermod -aG docker $USER', 'newgrp docker'],
  },
  {
    name: 'another user’s rootless socket: not a docker-group matter',
    host: { env: { DOCKER_HOST: 'unix:///run/user/1001/docker.sock' }, files: { '/run/user/1001/docker.sock': { type: 'socket', uid: 1001, gid: 1001, mode: 0o600 }, '/etc/group': GROUP_FILE() }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'permission-denied', message: 'rootlessOther', data: { owner: 1001 },
    commands: ['export DOCKER_HOST=unix:///run/user/1000/docker.sock', 'systemctl --user start docker'],
  },
  {
    name: 'my own rootless socket denied: restart it',
    host: { env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'socket-permissions', message: 'rootlessOwn', commands: ['systemctl --user restart docker'],
  },
  {
    name: 'Windows: access to the pipe denied: docker-users',
    host: { facts: { ...WIN, ...user([], 'Mei Chen') }, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'permission-denied', message: 'permissionDeniedWindows', commands: ["net localgroup docker-users 'Mei Chen' /add"],
  },
  {
    name: 'macOS: permission denied on the Desktop socket',
    host: { facts: MAC, api: { [PING]: 'permission-denied' } },
    status: 'fail', code: 'permission-denied', message: 'permissionDeniedDesktop', commands: ['docker desktop restart'],
  },
  // hung
  {
    name: 'frozen with SIGSTOP: the stopped dockerd and kill -CONT',
    host: {
      api: { [PING]: 'timeout' },
      exec: { [PGREP]: { stdout: '5501\n7790\n' } },
      files: { '/proc/5501/status': 'Name:\tdockerd\nUmask:\t0022\nState:\tS (sleeping)\n', '/proc/7790/status': 'Name:\tdockerd\nUmask:\t0022\nState:\tT (stopped)\n' },
    },
    status: 'fail', code: 'daemon-not-responding', message: 'notRespondingStopped', data: { stopped: true, pid: 7790, state: 'T (stopped)', timeoutMs: 3000 }, commands: ['sudo kill -CONT 7790'],
  },
  {
    name: 'several dockerds: the one whose command line names the socket is ours, although another is stopped',
    host: {
      env: { DOCKER_HOST: 'unix:///tmp/ddoc/docker.sock' },
      api: { [PING]: 'timeout' },
      exec: { [PGREP]: { stdout: '100\n200\n' } },
      files: {
        '/proc/100/status': 'Name:\tdockerd\nState:\tT (stopped)\n',
        '/proc/100/cmdline': '/usr/sbin/dockerd\u0000--host\u0000unix:///tmp/other/docker.sock\u0000',
        '/proc/200/status': 'Name:\tdockerd\nState:\tS (sleeping)\n',
        '/proc/200/cmdline': '/usr/sbin/dockerd\u0000--host=unix:///tmp/ddoc/docker.sock\u0000--data-root\u0000/tmp/ddoc/data\u0000',
      },
    },
    status: 'fail', code: 'daemon-not-responding', message: 'notResponding', data: { stopped: false, pid: 200 }, commands: SYSTEMD_RESTART,
  },
  {
    name: 'several dockerds: ours is the stopped one (-H in its command line)',
    host: {
      env: { DOCKER_HOST: 'unix:///tmp/ddoc/docker.sock' },
      api: { [PING]: 'timeout' },
      exec: { [PGREP]: { stdout: '100\n200\n' } },
      files: {
        '/proc/100/status': 'Name:\tdockerd\nState:\tS (sleeping)\n',
        '/proc/200/status': 'Name:\tdockerd\nState:\tT (stopped)\n',
        '/proc/200/cmdline': 'dockerd\u0000-H\u0000unix:///tmp/ddoc/docker.sock\u0000',
      },
    },
    status: 'fail', code: 'daemon-not-responding', data: { stopped: true, pid: 200 }, commands: ['sudo kill -CONT 200'],
  },
  {
    name: 'hung but running: restart and the log',
    host: { api: { [PING]: 'timeout' }, exec: { [PGREP]: { stdout: '5501\n' } }, files: { '/proc/5501/status': 'Name:\tdockerd\nState:\tD (disk sleep)\n' } },
    status: 'fail', code: 'daemon-not-responding', message: 'notResponding', data: { stopped: false, pid: 5501, state: 'D (disk sleep)' }, commands: SYSTEMD_RESTART,
  },
  {
    name: 'no pgrep: the pidfile finds the stopped dockerd',
    host: { facts: NO_SYSTEMD, api: { [PING]: 'timeout' }, exec: { [PGREP]: { exitCode: null, notFound: true } }, files: { '/var/run/docker.pid': '4242', '/proc/4242/status': 'Name:\tdockerd\nState:\tt (tracing stop)\n' } },
    status: 'fail', code: 'daemon-not-responding', data: { stopped: true, pid: 4242 }, commands: ['sudo kill -CONT 4242'],
  },
  {
    name: 'a stale pidfile naming another program is ignored',
    host: { facts: NO_SYSTEMD, api: { [PING]: 'timeout' }, exec: { [PGREP]: { exitCode: 1 } }, files: { '/var/run/docker.pid': '4242', '/proc/4242/status': 'Name:\tbash\nState:\tT (stopped)\n' } },
    status: 'fail', code: 'daemon-not-responding', data: { stopped: false }, commands: ['sudo service docker restart', 'sudo tail -n 50 /var/log/docker.log'],
  },
  {
    name: 'hostile /proc status and pgrep output do not crash it',
    host: { api: { [PING]: 'timeout' }, exec: { [PGREP]: { stdout: '\u001b[2J12\nnot-a-pid\n99999999999\n' } }, files: { '/proc/12/status': Buffer.from([0, 1, 2, 0xff, 0x1b]) } },
    status: 'fail', code: 'daemon-not-responding', data: { stopped: false },
  },
  { name: 'hung Docker Desktop on macOS: restart it, no /proc', host: { facts: MAC, api: { [PING]: 'timeout' } }, status: 'fail', code: 'daemon-not-responding', commands: ['docker desktop restart'] },
  // not Docker
  {
    name: 'Windows: Docker Desktop’s pipe answers 500 while its engine is stopped',
    host: { facts: WIN, api: { [PING]: { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' } } },
    status: 'fail', code: 'http-error', message: 'desktopNotReady', data: { status: 500 }, commands: DESKTOP_WIN,
  },
  {
    name: '200 OK without an Api-Version header is not Docker',
    host: { api: { [PING]: { status: 200, headers: { server: 'nginx' }, body: 'OK' } } },
    status: 'fail', code: 'http-error', message: 'httpError', data: { status: 200 }, commands: SYSTEMD_RESTART,
  },
  {
    name: 'something else behind DOCKER_HOST: 404 from a web server, unset DOCKER_HOST',
    host: { env: { DOCKER_HOST: 'tcp://127.0.0.1:8080' }, api: { [PING]: { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>Not Found</body></html>' } } },
    status: 'fail', code: 'http-error', data: { status: 404, detail: '<html><body>Not Found</body></html>' }, commands: ['unset DOCKER_HOST'],
  },
  {
    name: 'escape sequences in the Api-Version header and the body',
    host: { api: { [PING]: { status: 200, headers: { 'api-version': '1.41\u001b]0;pwned\u0007' }, body: 'OK\u001b[2J\u009b31m' } } },
    status: 'fail', code: 'http-error',
  },
  {
    name: 'binary garbage for a body',
    host: { api: { [PING]: { status: 200, headers: { 'api-version': '1.41' }, body: '\u0000\u0001\u00ff\u00fe\u001b[31m' } } },
    status: 'fail', code: 'http-error',
  },
  { name: 'a peer that does not speak HTTP', host: { api: { [PING]: { reason: 'protocol-error', detail: 'HPE_INVALID_CONSTANT' } } }, status: 'fail', code: 'http-error', message: 'notHttp', data: { detail: 'HPE_INVALID_CONSTANT' } },
  // not probed
  { name: 'ssh:// is not probed', host: { env: { DOCKER_HOST: 'ssh://mei@build.example' } }, status: 'skip', code: 'unsupported-endpoint', message: 'unsupportedEndpoint', data: { scheme: 'ssh' } },
  { name: 'an endpoint that does not resolve', host: { env: { DOCKER_HOST: 'bogus://localhost:2375' } }, status: 'skip', code: 'unsupported-endpoint', message: 'noEndpoint' },
];

const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('daemon-reachable', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, { host: c.host, options: c.options });
    expect([r.status, r.code], JSON.stringify(r.data)).toEqual([c.status, c.code]);
    if (c.message) expect(r.outcome.message).toBe(c.message);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    if (c.docs) expect(r.outcome.fix?.docs).toBe(c.docs);
    if (c.status === 'fail') expect(r.outcome.fix?.docs).toMatch(/^https:\/\//);
    // never the world-writable "fix"
    expect(r.commands.join('\n')).not.toMatch(/chmod/);
    expect(JSON.stringify([r.text, r.fixText, r.data])).not.toMatch(controls);
  });

  it('pings once and asks nothing else of a healthy daemon', async () => {
    const spy = spyProbes({ api: { [PING]: PING_OK } });
    await runCheck(check, { probes: spy.probes });
    expect(spy.requests.map((q) => `${q.method} ${q.path}`)).toEqual([PING]);
    expect(spy.execs).toEqual([]);
  });

  it('looks for dockerd with a short deadline of its own', async () => {
    const spy = spyProbes({ api: { [PING]: 'timeout' }, exec: { [PGREP]: { exitCode: 1 } } });
    await runCheck(check, { probes: spy.probes, options: { timeoutMs: 500 } });
    expect(spy.execs).toEqual([{ line: PGREP, opts: { timeoutMs: 500 } }]);
    const spy2 = spyProbes({ api: { [PING]: 'timeout' }, exec: { [PGREP]: { exitCode: 1 } } });
    await runCheck(check, { probes: spy2.probes, options: { timeoutMs: 3000 } });
    expect(spy2.execs[0]?.opts).toEqual({ timeoutMs: 1000 });
  });

  it('the session’s primary group counts as having the group', async () => {
    const r = await runCheck(check, {
      host: { facts: { user: { uid: 1000, gid: 999, groups: [], name: 'mei', home: '/home/mei' } }, files: { [SOCK]: socket(), '/etc/group': GROUP_FILE() }, api: { [PING]: 'permission-denied' } },
    });
    expect([r.code, r.outcome.message]).toEqual(['socket-permissions', 'permissionsBlocked']);
  });

  it('says which user and socket in both languages', async () => {
    const r = await runCheck(check, { host: { files: { [SOCK]: socket(), '/etc/group': GROUP_FILE('mei') }, api: { [PING]: 'permission-denied' } } });
    for (const text of Object.values(r.text)) expect(text).toMatch(/\/var\/run\/docker\.sock.*mei|mei.*\/var\/run\/docker\.sock/);
    expect(r.fixText['zh-CN']).toContain('newgrp docker');
  });
});
