// Fault scenarios against the shared private dockerd (see harness.ts), each through the real
// CLI: status, code, the data users see and the fix.
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGet, checkOf, expectCheck, makeStaleSocket, runDoctor, runJson, sharedDaemon, statuses, tempDir } from '../helpers/doctor.js';

const daemon = sharedDaemon();
const FOUNDATION = ['docker-cli', 'docker-context', 'daemon-reachable', 'api-version', 'container-run'];

describe.skipIf(!daemon)('against a private dockerd', () => {
  const d = daemon!;
  let tmp: ReturnType<typeof tempDir>;
  let stale: string;
  beforeAll(async () => {
    tmp = tempDir();
    stale = path.join(tmp.dir, 'stale.sock');
    await makeStaleSocket(stale);
  });
  afterAll(() => tmp.cleanup());

  it('healthy: every foundation check passes and hello-world says hello', async () => {
    const { run, report } = await runJson(['--host', d.host], { env: { DOCKER_CONFIG: tmp.dir } });
    for (const id of FOUNDATION) expect(checkOf(report, id).status, JSON.stringify(statuses(report))).toBe('pass');
    expectCheck(report, 'docker-cli', 'pass', 'found');
    expectCheck(report, 'docker-context', 'pass', 'resolved');
    const reach = expectCheck(report, 'daemon-reachable', 'pass', 'reachable');
    expect(reach.data.apiVersion).toMatch(/^1\.\d+$/);
    expect(['compatible', 'negotiated']).toContain(checkOf(report, 'api-version').code);
    const ran = expectCheck(report, 'container-run', 'pass', 'ran');
    expect(JSON.stringify([ran.message, ran.data])).toContain('Hello from Docker!');
    expect(report.summary.fail + report.summary.error).toBe(0);
    expect(report.docker).toMatchObject({ endpoint: d.host, source: 'flag' });
    expect(report.docker.server).toMatchObject({ apiVersion: reach.data.apiVersion });
    expect(run.code).toBe(0);
  });

  it('container-run leaves no container behind', async () => {
    const count = async () => (JSON.parse((await apiGet(d.socket, '/containers/json?all=1')).body) as unknown[]).length;
    const before = await count();
    const { report } = await runJson(['--host', d.host, '--only', 'docker-context,daemon-reachable,container-run'], { env: { DOCKER_CONFIG: tmp.dir } });
    expectCheck(report, 'container-run', 'pass', 'ran');
    expect(await count()).toBe(before);
  });

  const startFix = (report: { host: Record<string, unknown> }) => (report.host.systemd ? /systemctl (enable --now|start) docker/ : /service docker start/);

  it.each([
    { name: '--host at a missing socket', args: (s: string) => ['--host', `unix://${s}/nope.sock`], env: {}, code: 'socket-missing', source: 'flag' },
    { name: '--host at a stale socket', args: (s: string) => ['--host', `unix://${s}/stale.sock`], env: {}, code: 'stale-socket', source: 'flag' },
    { name: 'DOCKER_HOST at a stale socket', args: () => [], env: { DOCKER_HOST: 'stale' }, code: 'stale-socket', source: 'DOCKER_HOST' },
    { name: 'DOCKER_HOST at a missing socket', args: () => [], env: { DOCKER_HOST: 'missing' }, code: 'socket-missing', source: 'DOCKER_HOST' },
  ])('$name: daemon-reachable fails with $code and the start command', async ({ args, env, code, source }) => {
    const envFor = env.DOCKER_HOST
      ? { DOCKER_HOST: `unix://${path.join(tmp.dir, env.DOCKER_HOST === 'stale' ? 'stale.sock' : 'nope.sock')}` }
      : {};
    if (code === 'stale-socket') expect(lstatSync(stale).isSocket()).toBe(true);
    else expect(existsSync(path.join(tmp.dir, 'nope.sock'))).toBe(false);
    const { run, report } = await runJson(args(tmp.dir), { env: { DOCKER_CONFIG: tmp.dir, ...envFor } });
    expect(report.docker.source).toBe(source);
    const c = expectCheck(report, 'daemon-reachable', 'fail', code);
    expect(c.fix?.commands.join('\n')).toMatch(startFix(report));
    expect(c.fix?.docs).toMatch(/^https:\/\//);
    for (const dep of ['api-version', 'container-run']) {
      const s = checkOf(report, dep);
      expect(s.status).toBe('skip');
      expect(s.message).toContain('daemon-reachable');
    }
    expect(report.summary.error).toBe(0);
    expect(run.code).toBe(1);
  });

  it('text mode shows the problem and the exact fix commands, and exits 1', async () => {
    const { report } = await runJson(['--host', `unix://${stale}`], { env: { DOCKER_CONFIG: tmp.dir } });
    const fix = checkOf(report, 'daemon-reachable').fix!;
    const run = await runDoctor(['--host', `unix://${stale}`], { env: { DOCKER_CONFIG: tmp.dir } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('daemon-reachable');
    for (const cmd of fix.commands) expect(run.stdout).toContain(cmd);
    expect(run.stdout).not.toMatch(/\x1b/);
  });

  it('text mode, healthy: no problems and exit 0', async () => {
    const run = await runDoctor(['--host', d.host], { env: { DOCKER_CONFIG: tmp.dir } });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/container-run/);
  });

  it('DOCKER_API_VERSION=1.99: api-version says client-too-new with the daemon’s own words', async () => {
    const { run, report } = await runJson(['--host', d.host], { env: { DOCKER_CONFIG: tmp.dir, DOCKER_API_VERSION: '1.99' } });
    expectCheck(report, 'daemon-reachable', 'pass', 'reachable');
    const c = expectCheck(report, 'api-version', 'fail', 'client-too-new');
    // dockerd answers "client version 1.99 is too new. Maximum supported API version is 1.4x"
    expect(c.message).toMatch(/1\.99 is too new/i);
    expect(JSON.stringify(c.data)).toContain('1.99');
    expect(c.fix?.commands.join('\n')).toMatch(/unset DOCKER_API_VERSION/);
    expect(report.summary.error).toBe(0);
    expect(run.code).toBe(1);
  });

  it('DOCKER_CONTEXT=nosuch: docker-context fails with context-not-found, the daemon checks skip', async () => {
    const { run, report } = await runJson([], { env: { DOCKER_CONFIG: tmp.dir, DOCKER_CONTEXT: 'nosuch' } });
    const c = expectCheck(report, 'docker-context', 'fail', 'context-not-found');
    expect(JSON.stringify([c.message, c.data])).toContain('nosuch');
    expect(c.fix?.commands.join('\n')).toMatch(/docker context (ls|use)|unset DOCKER_CONTEXT/);
    const reach = expectCheck(report, 'daemon-reachable', 'skip', 'dependency-not-passed');
    expect(reach.message).toContain('docker-context');
    expect(report.docker.source).toBe('DOCKER_CONTEXT');
    expect(report.summary.error).toBe(0);
    expect(run.code).toBe(1);
  });

  it('a context that exists is followed to its endpoint', async () => {
    const ctx = tempDir();
    try {
      const { contextDir } = await import('../../src/docker/endpoint.js');
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const meta = path.join(ctx.dir, 'contexts', 'meta', contextDir('private'));
      mkdirSync(meta, { recursive: true });
      writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'private', Metadata: {}, Endpoints: { docker: { Host: d.host, SkipTLSVerify: false } } }));
      writeFileSync(path.join(ctx.dir, 'config.json'), JSON.stringify({ currentContext: 'private' }));
      const { report } = await runJson(['--only', 'docker-context,daemon-reachable'], { env: { DOCKER_CONFIG: ctx.dir } });
      expectCheck(report, 'docker-context', 'pass', 'resolved');
      expectCheck(report, 'daemon-reachable', 'pass', 'reachable');
      expect(report.docker).toMatchObject({ endpoint: d.host, source: 'config', context: 'private' });
    } finally {
      ctx.cleanup();
    }
  });
});
