import { describe, expect, it } from 'vitest';
import check from '../../checks/docker-cli.js';
import type { ExecResult, HostFacts } from '../../src/host/types.js';
import { runCheck } from '../helpers/check-tester.js';
import { CLIENT_2010, CLIENT_28 } from '../helpers/docker-replies.js';
import type { HostSpec } from '../helpers/fake-host.js';
import { spyProbes } from '../helpers/spy-probes.js';

const VERSION = 'docker version --format {{json .Client}}';
const DASH = 'docker --version';

const DEBIAN: Partial<HostFacts> = { platform: 'linux', distro: 'Debian GNU/Linux 12 (bookworm)', distroId: 'debian', idLike: [], release: '12', codename: 'bookworm', ubuntuCodename: undefined, systemd: true };
const MINT: Partial<HostFacts> = { platform: 'linux', distroId: 'linuxmint', idLike: ['ubuntu', 'debian'], release: '21.2', codename: 'victoria', ubuntuCodename: 'jammy' };
const FEDORA = (release: string): Partial<HostFacts> => ({ platform: 'linux', distroId: 'fedora', idLike: [], release, codename: undefined, ubuntuCodename: undefined });
const ROCKY: Partial<HostFacts> = { platform: 'linux', distroId: 'rocky', idLike: ['rhel', 'centos', 'fedora'], release: '9.3', codename: undefined, ubuntuCodename: undefined };
const ARCH: Partial<HostFacts> = { platform: 'linux', distroId: 'arch', idLike: [], release: undefined, codename: undefined, ubuntuCodename: undefined };
const VOID: Partial<HostFacts> = { platform: 'linux', distroId: 'void', idLike: [], release: undefined, codename: undefined, ubuntuCodename: undefined };
const MAC: Partial<HostFacts> = { platform: 'darwin', distro: 'macOS', distroId: undefined, idLike: undefined, release: '14.4', systemd: false };
const WIN: Partial<HostFacts> = { platform: 'win32', distro: 'Microsoft Windows 11 Pro', distroId: undefined, idLike: undefined, release: '10.0.22631', systemd: false };

const notFound: Partial<ExecResult> = { exitCode: null, notFound: true };
const UBUNTU_REPO = 'https://download.docker.com/linux/ubuntu $(. /etc/os-release && echo "${UBUNTU_CODENAME:-$VERSION_CODENAME}") stable';
const DEBIAN_REPO = 'https://download.docker.com/linux/debian $(. /etc/os-release && echo "${DEBIAN_CODENAME:-$VERSION_CODENAME}") stable';

const PODMAN_JSON = '{"APIVersion":"4.3.1","Version":"4.3.1","GoVersion":"go1.19.8","GitCommit":"","BuiltTime":"Thu Jan  1 00:00:00 1970","Built":0,"OsArch":"linux/amd64","Os":"linux"}\n';

interface Case {
  name: string;
  host: HostSpec;
  status: 'pass' | 'fail';
  code: string;
  message?: string;
  data?: Record<string, unknown>;
  commands?: string[];
  /** Each must appear somewhere in the fix commands. */
  commandsContain?: string[];
  docs?: string;
}

const cases: Case[] = [
  {
    name: 'docker 28 (real output), found on PATH',
    host: { exec: { [VERSION]: CLIENT_28 }, env: { PATH: '/home/mei/bin:/usr/local/bin:/usr/bin' }, files: { '/usr/local/bin/docker': { type: 'file', mode: 0o755 }, '/usr/bin/docker': { type: 'file', mode: 0o755 } } },
    status: 'pass', code: 'found', message: 'foundAt', data: { version: '28.2.2', apiVersion: '1.50', path: '/usr/local/bin/docker', podman: false },
  },
  {
    name: 'docker 20.10 (real output); a non-executable file earlier on PATH is not it',
    host: { exec: { [VERSION]: CLIENT_2010 }, env: { PATH: '/opt/x:/usr/bin' }, files: { '/opt/x/docker': { type: 'file', mode: 0o644 }, '/usr/bin/docker': { type: 'file', mode: 0o755 } } },
    status: 'pass', code: 'found', data: { version: '20.10.24+dfsg1', apiVersion: '1.41', path: '/usr/bin/docker' },
  },
  {
    name: 'found, PATH unknown: no path, still found',
    host: { exec: { [VERSION]: CLIENT_28 } },
    status: 'pass', code: 'found', message: 'found', data: { version: '28.2.2', path: null },
  },
  {
    name: 'Windows: docker.exe found on a ;-separated PATH',
    host: {
      facts: WIN,
      exec: { [VERSION]: { ...CLIENT_28, stderr: 'error during connect: open //./pipe/docker-doctor-nonexistent: The system cannot find the file specified.\n' } },
      env: { PATH: 'C:\\Windows\\system32;C:\\Program Files\\Docker\\Docker\\resources\\bin\\' },
      files: { 'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe': { type: 'file', mode: 0o666 } },
    },
    status: 'pass', code: 'found', data: { path: 'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe', apiVersion: '1.50' },
  },
  {
    name: 'podman-docker shim announces itself on stderr',
    host: { exec: { [VERSION]: { exitCode: 0, stdout: PODMAN_JSON, stderr: 'Emulate Docker CLI using podman. Create /etc/containers/nodocker to quiet msg.\n' } } },
    status: 'pass', code: 'found', message: 'foundPodman', data: { podman: true, version: '4.3.1', apiVersion: null },
  },
  {
    name: 'podman shim quieted (/etc/containers/nodocker): recognised by its JSON',
    host: { exec: { [VERSION]: { exitCode: 0, stdout: PODMAN_JSON } } },
    status: 'pass', code: 'found', message: 'foundPodman', data: { podman: true },
  },
  {
    name: 'a client too old for --format falls back to docker --version',
    host: { exec: { [VERSION]: { exitCode: 2, stderr: 'flag provided but not defined: --format\nSee \'docker version --help\'.\n' }, [DASH]: { stdout: 'Docker version 1.7.1, build 786b29d\n' } } },
    status: 'pass', code: 'found', message: 'foundOld', data: { version: '1.7.1', apiVersion: null },
  },
  {
    name: 'not installed, Ubuntu: Docker’s apt repository, keyrings, UBUNTU_CODENAME',
    host: { exec: { [VERSION]: notFound } },
    status: 'fail', code: 'not-found', docs: 'https://docs.docker.com/engine/install/ubuntu/',
    commandsContain: ['sudo install -m 0755 -d /etc/apt/keyrings', 'sudo curl -fsSL https://download.docker.com/linux/ubuntu/gpg -o /etc/apt/keyrings/docker.asc', UBUNTU_REPO, 'sudo apt-get install -y docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin'],
  },
  {
    name: 'not installed, Linux Mint: the Ubuntu repository, not Mint’s codename',
    host: { facts: MINT, exec: { [VERSION]: notFound } },
    status: 'fail', code: 'not-found', commandsContain: [UBUNTU_REPO],
  },
  {
    name: 'not installed, Debian: Docker’s Debian repository, docker.io named as the alternative',
    host: { facts: DEBIAN, exec: { [VERSION]: notFound } },
    status: 'fail', code: 'not-found', data: { alternative: 'sudo apt-get install docker.io' },
    commandsContain: ['sudo curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc', DEBIAN_REPO],
  },
  {
    name: 'not installed, Fedora 40: dnf4 config-manager',
    host: { facts: FEDORA('40'), exec: { [VERSION]: notFound } },
    status: 'fail', code: 'not-found', commandsContain: ['sudo dnf config-manager --add-repo https://download.docker.com/linux/fedora/docker-ce.repo', 'sudo systemctl enable --now docker'],
  },
  {
    name: 'not installed, Fedora 41: dnf5 addrepo',
    host: { facts: FEDORA('41'), exec: { [VERSION]: notFound } },
    status: 'fail', code: 'not-found', commandsContain: ['sudo dnf config-manager addrepo --from-repofile=https://download.docker.com/linux/fedora/docker-ce.repo'],
  },
  {
    name: 'not installed, Rocky Linux: the RHEL repository',
    host: { facts: ROCKY, exec: { [VERSION]: notFound } },
    status: 'fail', code: 'not-found', commandsContain: ['sudo dnf config-manager --add-repo https://download.docker.com/linux/rhel/docker-ce.repo'],
  },
  { name: 'not installed, Arch', host: { facts: ARCH, exec: { [VERSION]: notFound } }, status: 'fail', code: 'not-found', commands: ['sudo pacman -S --needed docker', 'sudo systemctl enable --now docker'] },
  {
    name: 'not installed, an unknown distribution: the convenience script',
    host: { facts: VOID, exec: { [VERSION]: notFound } },
    status: 'fail', code: 'not-found', commands: ['curl -fsSL https://get.docker.com -o get-docker.sh', 'sudo sh get-docker.sh'],
  },
  {
    name: 'not installed, macOS: Docker Desktop with Homebrew',
    host: { facts: MAC, exec: { [VERSION]: notFound } },
    status: 'fail', code: 'not-found', commands: ['brew install --cask docker', 'open -a Docker'], docs: 'https://docs.docker.com/desktop/setup/install/mac-install/',
  },
  {
    name: 'not installed, Windows: Docker Desktop with winget',
    host: { facts: WIN, exec: { [VERSION]: notFound } },
    status: 'fail', code: 'not-found', commands: ['winget install -e --id Docker.DockerDesktop'], docs: 'https://docs.docker.com/desktop/setup/install/windows-install/',
  },
  {
    name: 'broken: a missing shared library',
    host: { exec: { [VERSION]: { exitCode: 127, stderr: 'docker: error while loading shared libraries: libdevmapper.so.1.02.1: cannot open shared object file\n' } } },
    status: 'fail', code: 'broken', message: 'brokenExit', data: { exitCode: 127, detail: 'docker: error while loading shared libraries: libdevmapper.so.1.02.1: cannot open shared object file' },
    commandsContain: ['sudo apt-get update'],
  },
  {
    name: 'broken: only the complaint about our dead endpoint is skipped in the detail',
    host: { exec: { [VERSION]: { exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///nonexistent/docker-doctor.sock. Is the docker daemon running?\ntemplate: :1: function "json" not defined\n' } } },
    status: 'fail', code: 'broken', data: { detail: 'template: :1: function "json" not defined' },
  },
  { name: 'broken: crashed with SIGSEGV', host: { exec: { [VERSION]: { exitCode: null, signal: 'SIGSEGV' } } }, status: 'fail', code: 'broken', message: 'brokenSignal', data: { signal: 'SIGSEGV', detail: '-' } },
  { name: 'broken: hung past the deadline', host: { exec: { [VERSION]: { exitCode: null, timedOut: true, signal: 'SIGKILL' } } }, status: 'fail', code: 'broken', message: 'brokenTimeout', data: { timeoutMs: 3000 } },
  { name: 'broken: not executable', host: { exec: { [VERSION]: { exitCode: null, error: 'EACCES' } } }, status: 'fail', code: 'broken', message: 'brokenSpawn', data: { detail: 'EACCES' } },
  {
    name: 'broken: binary garbage and escape sequences instead of JSON',
    host: { exec: { [VERSION]: { exitCode: 0, stdout: '\u0000\u0001\u00ff{\u001b[2J\u001b]0;pwned\u0007', stderr: '\u001b[31mSegmentation\u009b1m fault\u001b[0m\n' } } },
    status: 'fail', code: 'broken', message: 'brokenExit',
  },
  { name: 'broken: truncated JSON', host: { exec: { [VERSION]: { exitCode: 0, stdout: '{"Version":"28.2.2","ApiVers' } } }, status: 'fail', code: 'broken' },
  { name: 'broken: JSON without a Version', host: { exec: { [VERSION]: { exitCode: 1, stdout: '{"ApiVersion":"1.50"}\n' } } }, status: 'fail', code: 'broken' },
  {
    name: 'broken: --format unsupported and --version fails too',
    host: { exec: { [VERSION]: { exitCode: 2, stderr: 'unknown flag: --format\n' }, [DASH]: { exitCode: 1, stderr: 'boom\n' } } },
    status: 'fail', code: 'broken', data: { exitCode: 2, detail: 'unknown flag: --format' },
  },
  {
    name: 'broken on Windows: reinstall Docker Desktop',
    host: { facts: WIN, exec: { [VERSION]: { exitCode: 3221225781, stderr: '' } } },
    status: 'fail', code: 'broken', commands: ['winget install -e --id Docker.DockerDesktop'],
  },
];

const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('docker-cli', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, { host: c.host });
    expect([r.status, r.code]).toEqual([c.status, c.code]);
    if (c.message) expect(r.outcome.message).toBe(c.message);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    for (const cmd of c.commandsContain ?? []) expect(r.commands.join('\n')).toContain(cmd);
    if (c.docs) expect(r.outcome.fix?.docs).toBe(c.docs);
    if (c.status === 'fail') expect(r.commands.length).toBeGreaterThan(0);
    expect(JSON.stringify([r.text, r.fixText, r.data])).not.toMatch(controls);
  });

  it.each([
    ['linux', 'unix:///nonexistent/docker-doctor.sock'],
    ['darwin', 'unix:///nonexistent/docker-doctor.sock'],
    ['win32', 'npipe:////./pipe/docker-doctor-nonexistent'],
  ])('%s: the CLI is pointed at a dead endpoint, no context, no pinned API version', async (platform, host) => {
    const spy = spyProbes({ facts: { platform }, exec: { [VERSION]: CLIENT_28 }, env: { DOCKER_HOST: 'unix:///var/run/docker.sock', DOCKER_API_VERSION: '1.41' } });
    const r = await runCheck(check, { probes: spy.probes });
    expect(r.code).toBe('found');
    expect(spy.execs).toEqual([{ line: VERSION, opts: { env: { DOCKER_HOST: host, DOCKER_CONTEXT: '', DOCKER_API_VERSION: '' } } }]);
  });

  it('Debian’s fix names docker.io in both languages', async () => {
    const r = await runCheck(check, { host: { facts: DEBIAN, exec: { [VERSION]: notFound } } });
    expect(r.fixText.en).toContain('sudo apt-get install docker.io');
    expect(r.fixText['zh-CN']).toContain('sudo apt-get install docker.io');
  });

  it('never asks the daemon anything', async () => {
    const spy = spyProbes({ exec: { [VERSION]: CLIENT_28 } });
    await runCheck(check, { probes: spy.probes });
    expect(spy.requests).toEqual([]);
  });

  it('skips under --root: running the client needs the live system', async () => {
    const r = await runCheck(check, { root: '/nonexistent-tree' });
    expect([r.status, r.code]).toEqual(['skip', 'not-available-with-root']);
  });
});
