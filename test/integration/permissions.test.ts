// Who may use the socket: dockerd makes it root:docker 0660. Users are created here and the
// doctor runs as them through setpriv, with exactly the groups a login session would have.
import { spawnSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, checkOf, expectCheck, runJson, sharedDaemon, tempDir } from '../helpers/doctor.js';

const daemon = sharedDaemon();
// per test process: two runs of the suite at once must not delete each other's users
const NO_GROUP = `ddoc-n${process.pid}`;
const IN_GROUP = `ddoc-g${process.pid}`;

function sh(cmd: string, args: string[]): string {
  for (let attempt = 0; ; attempt++) {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status === 0) return r.stdout.trim();
    // useradd and userdel give up at once when another one holds the lock on /etc/passwd
    if (attempt < 20 && /lock/i.test(r.stderr)) {
      spawnSync('sleep', ['0.2']);
      continue;
    }
    throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
  }
}

function removeUser(name: string): void {
  if (spawnSync('id', ['-u', name]).status === 0) sh('userdel', [name]);
  if (spawnSync('getent', ['group', name]).status === 0) sh('groupdel', [name]);
}

function ids(name: string): { uid: number; gid: number } {
  return { uid: Number(sh('id', ['-u', name])), gid: Number(sh('id', ['-g', name])) };
}

describe.skipIf(!daemon)('socket permissions for users other than root', () => {
  const d = daemon!;
  let tmp: ReturnType<typeof tempDir>;
  let dockerGid: number;
  beforeAll(() => {
    // docker.io's postinst creates the group; dockerd gives it the socket
    const group = sh('getent', ['group', 'docker']);
    dockerGid = Number(group.split(':')[2]);
    const st = statSync(d.socket);
    expect({ gid: st.gid, mode: (st.mode & 0o777).toString(8) }).toEqual({ gid: dockerGid, mode: '660' });
    for (const u of [NO_GROUP, IN_GROUP]) removeUser(u);
    sh('useradd', ['--no-create-home', '--user-group', '--shell', '/usr/sbin/nologin', NO_GROUP]);
    sh('useradd', ['--no-create-home', '--user-group', '--groups', 'docker', '--shell', '/usr/sbin/nologin', IN_GROUP]);
    tmp = tempDir();
    chmodSync(tmp.dir, 0o755);
    const { uid, gid } = ids(NO_GROUP);
    const probe = spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--init-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)}, 4)`], { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error(`an unprivileged user cannot read ${BIN} (every directory above it must be world-readable): ${probe.stderr}`);
  });
  afterAll(() => {
    tmp?.cleanup();
    for (const u of [NO_GROUP, IN_GROUP]) removeUser(u);
  });

  const as = (name: string, groups: 'init' | 'none') => {
    const { uid, gid } = ids(name);
    return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, groups === 'init' ? '--init-groups' : '--clear-groups', '--'];
  };
  const run = (name: string, groups: 'init' | 'none') =>
    runJson(['--host', d.host, '--only', 'docker-context,daemon-reachable,api-version'], {
      prefix: as(name, groups),
      env: { HOME: tmp.dir, USER: name, LOGNAME: name, DOCKER_CONFIG: tmp.dir },
    });

  it('a user without the docker group: permission-denied, fixed with usermod', async () => {
    const { run: r, report } = await run(NO_GROUP, 'init');
    expect(report.host.user).toMatchObject({ name: NO_GROUP });
    const c = expectCheck(report, 'daemon-reachable', 'fail', 'permission-denied');
    const commands = c.fix?.commands.join('\n') ?? '';
    expect(commands).toMatch(new RegExp(`usermod -aG docker (${NO_GROUP}|"?\\$USER"?)`));
    expect(commands).not.toMatch(/chmod .*666|chmod .*777/);
    expect(report.summary.error).toBe(0);
    expect(r.code).toBe(1);
  });

  it('listed in the docker group but not in this session: docker-group-not-active, newgrp and not usermod', async () => {
    expect(sh('getent', ['group', 'docker']).split(':')[3]?.split(',')).toContain(IN_GROUP);
    const { run: r, report } = await run(IN_GROUP, 'none');
    expect(report.host.user).toMatchObject({ name: IN_GROUP });
    expect((report.host.user as { groups: number[] }).groups).not.toContain(dockerGid);
    const c = expectCheck(report, 'daemon-reachable', 'fail', 'docker-group-not-active');
    const commands = c.fix?.commands.join('\n') ?? '';
    expect(commands).toContain('newgrp docker');
    expect(commands).not.toContain('usermod');
    expect(r.code).toBe(1);
  });

  // `docker run -u 1234`, OpenShift, CI runners: no passwd entry, where os.userInfo() throws
  it('a uid with no passwd entry still gets a report: permission-denied, not an internal error', async () => {
    const uid = 4000 + (process.pid % 50000);
    expect(spawnSync('getent', ['passwd', String(uid)]).status).not.toBe(0);
    const { run: r, report } = await runJson(['--host', d.host, '--only', 'docker-context,daemon-reachable'], {
      prefix: ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--'],
      env: { HOME: tmp.dir, USER: undefined, LOGNAME: undefined, DOCKER_CONFIG: tmp.dir },
    });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(report.host.user).toMatchObject({ uid, name: String(uid) });
    expectCheck(report, 'daemon-reachable', 'fail', 'permission-denied');
    expect(r.code).toBe(1);
  });

  it('the same user with the group active in the session reaches the daemon', async () => {
    const { report } = await run(IN_GROUP, 'init');
    expect((report.host.user as { groups: number[] }).groups).toContain(dockerGid);
    expectCheck(report, 'daemon-reachable', 'pass', 'reachable');
    expect(checkOf(report, 'api-version').status).toBe('pass');
  });
});
