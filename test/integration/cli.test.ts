// The CLI as a user meets it: usage errors, output modes, files, replay, colour, language and
// what never gets into a report. Most cases need only the built CLI; the rest use the private
// daemon when there is one.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextDir } from '../../src/docker/endpoint.js';
import { BIN, REPO, baseEnv, parseReport, runDoctor, runJson, sharedDaemon, tempDir, type Report } from '../helpers/doctor.js';
import { assertValidReport } from '../helpers/schema.js';

const daemon = sharedDaemon();
const ANSI = /\x1b\[[0-9;]*m/;

let tmp: ReturnType<typeof tempDir>;
let missing: string;
beforeAll(() => {
  tmp = tempDir();
  missing = `unix://${path.join(tmp.dir, 'missing.sock')}`;
});
afterAll(() => tmp.cleanup());

describe('usage errors: exit 2, one line on stderr, no stack trace', () => {
  it.each([
    { args: ['--bogus'], says: /bogus/ },
    { args: ['--only', 'no-such-check'], says: /no-such-check/ },
    { args: ['--skip', 'daemon-reachable,no-such-check'], says: /no-such-check/ },
    { args: ['--timeout', 'abc'], says: /timeout/ },
    { args: ['--timeout', '-5'], says: /timeout|-5/ },
    { args: ['--root', '/nonexistent'], says: /nonexistent/ },
    { args: ['--lang', 'fr'], says: /lang/ },
    { args: ['--host', 'bogus://x'], says: /host/ },
    { args: ['replay', '/nonexistent/report.json'], says: /nonexistent/ },
    { args: ['no-such-command'], says: /no-such-command/ },
  ])('$args', async ({ args, says }) => {
    const run = await runDoctor([...args, '--json']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(says);
    expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+|Error:|internal error/);
  });

  it('replay of a file that is not a report is a usage error too', async () => {
    const f = path.join(tmp.dir, 'not-a-report.json');
    writeFileSync(f, '{"hello": "world"}');
    const run = await runDoctor(['replay', f]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('output', () => {
  it('--version and --help answer with exit 0', async () => {
    const v = await runDoctor(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/\d+\.\d+\.\d+/);
    const h = await runDoctor(['--help']);
    expect(h.code).toBe(0);
    for (const flag of ['--json', '--only', '--skip', '--host', '--timeout', '--lang', 'replay']) expect(h.stdout).toContain(flag);
  });

  it('--json: stdout is exactly one JSON document and nothing else', async () => {
    const run = await runDoctor(['--json', '--host', missing], { env: { DOCKER_CONFIG: tmp.dir, FORCE_COLOR: '1' } });
    expect(run.stdout.trim().startsWith('{')).toBe(true);
    const report = parseReport(run);
    expect(report.invocation.options.host).toBe(missing);
    expect(run.stdout).not.toMatch(ANSI);
    expect(run.code).toBe(1);
  });

  it.each([
    { mode: 'text', args: [] as string[] },
    { mode: 'json', args: ['--json'] },
  ])('-o FILE writes the report ($mode mode)', async ({ mode, args }) => {
    const file = path.join(tmp.dir, `out-${mode}.json`);
    const run = await runDoctor([...args, '-o', file, '--host', missing], { env: { DOCKER_CONFIG: tmp.dir } });
    expect(run.code).toBe(1);
    expect(existsSync(file)).toBe(true);
    const written = JSON.parse(readFileSync(file, 'utf8')) as Report;
    assertValidReport(written);
    expect(written.checks.find((c) => c.id === 'daemon-reachable')?.code).toBe('socket-missing');
    if (mode === 'json') expect((JSON.parse(run.stdout) as Report).checks.map((c) => c.code)).toEqual(written.checks.map((c) => c.code));
    else expect(() => JSON.parse(run.stdout)).toThrow();
  });

  it.each([
    { name: 'a pipe', env: {} },
    { name: 'NO_COLOR=1', env: { NO_COLOR: '1' } },
    { name: 'NO_COLOR=1 over FORCE_COLOR=1', env: { NO_COLOR: '1', FORCE_COLOR: '1' } },
    { name: 'FORCE_COLOR=0', env: { FORCE_COLOR: '0' } },
    { name: 'CI=true on a pipe', env: { CI: 'true' } },
  ])('no ANSI codes: $name', async ({ env }) => {
    const run = await runDoctor(['--host', missing], { env: { DOCKER_CONFIG: tmp.dir, ...env } });
    expect(run.stdout).toMatch(/daemon-reachable/);
    expect(run.stdout + run.stderr).not.toMatch(/\x1b/);
  });

  it('FORCE_COLOR=1 colours even a pipe', async () => {
    const run = await runDoctor(['--host', missing], { env: { DOCKER_CONFIG: tmp.dir, FORCE_COLOR: '1' } });
    expect(run.stdout).toMatch(ANSI);
  });

  it.each([
    { name: '--lang zh-CN', args: ['--lang', 'zh-CN'], env: {} },
    { name: 'LANG=zh_CN.UTF-8', args: [], env: { LANG: 'zh_CN.UTF-8' } },
    { name: 'LC_ALL=zh_CN.UTF-8 over LANG=en_US', args: [], env: { LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' } },
  ])('$name speaks Chinese', async ({ args, env }) => {
    const run = await runDoctor([...args, '--host', missing], { env: { DOCKER_CONFIG: tmp.dir, ...env } });
    expect(run.stdout).toMatch(/[\u4e00-\u9fff]{4}/);
    const { report } = await runJson([...args, '--host', missing], { env: { DOCKER_CONFIG: tmp.dir, ...env } });
    expect(report.invocation.lang).toBe('zh-CN');
    const reach = report.checks.find((c) => c.id === 'daemon-reachable')!;
    expect(reach.message).toMatch(/[\u4e00-\u9fff]/);
    expect(reach.fix?.explanation).toMatch(/[\u4e00-\u9fff]/);
  });

  // `docker-doctor | head`, or quitting a pager early: the reader is gone, and that is no crash
  it('a closed stdout (EPIPE) ends the run quietly, without a stack trace', async () => {
    const child = spawn(process.execPath, [BIN, '--host', missing], {
      cwd: REPO,
      env: { ...baseEnv(), DOCKER_CONFIG: tmp.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    const err: Buffer[] = [];
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    const stderr = Buffer.concat(err).toString();
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\bat .*:\d+:\d+/);
    expect(stderr).toBe('');
    expect(code).not.toBeNull();
  });

  it('English by default', async () => {
    const run = await runDoctor(['--host', missing], { env: { DOCKER_CONFIG: tmp.dir } });
    expect(run.stdout).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('secrets never reach the report', () => {
  it('proxy credentials, registry auths and secret-looking variables are left out; home is ~', async () => {
    const home = path.join(tmp.dir, 'home', 'alice');
    const config = path.join(home, '.docker');
    mkdirSync(config, { recursive: true });
    const auth = Buffer.from('alice:registry-pa55word').toString('base64');
    // the endpoint comes from the config's current context, so config.json is surely read
    writeFileSync(
      path.join(config, 'config.json'),
      JSON.stringify({
        auths: { 'registry.example:5000': { auth } },
        proxies: { default: { httpsProxy: 'http://bob:hunter2@proxy.example:3128' } },
        currentContext: 'private',
      }),
    );
    const meta = path.join(config, 'contexts', 'meta', contextDir('private'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'private', Endpoints: { docker: { Host: daemon?.host ?? missing } } }));
    const secrets = {
      HOME: home,
      HTTPS_PROXY: 'http://user:hunter2@proxy.example:3128',
      https_proxy: 'http://user:hunter2@proxy.example:3128',
      HTTP_PROXY: 'http://user:hunter2@proxy.example:3128',
      MY_API_TOKEN: 's3cr3t',
      DB_PASSWORD: 's3cr3t',
    };
    const file = path.join(tmp.dir, 'secrets.json');
    const { run } = await runJson(['-o', file, '--verbose'], { env: secrets });
    const text = await runDoctor(['--verbose'], { env: secrets });
    for (const out of [run.stdout, run.stderr, readFileSync(file, 'utf8'), text.stdout, text.stderr]) {
      expect(out).not.toContain('hunter2');
      expect(out).not.toContain('s3cr3t');
      expect(out).not.toContain(auth);
      expect(out).not.toContain('registry-pa55word');
      expect(out).not.toContain(home);
    }
    const report = JSON.parse(run.stdout) as Report;
    expect((report.host.user as { home: string }).home).toBe('~');
    expect(report.docker).toMatchObject({ source: 'config', context: 'private' });
    expect(report.evidence.some((e) => e.kind === 'read' && e.request.path === '~/.docker/config.json')).toBe(true);
  });
});

describe.skipIf(!daemon)('replay', () => {
  it('re-diagnoses a recorded report without touching the machine', async () => {
    const file = path.join(tmp.dir, 'recorded.json');
    const { report: live } = await runJson(['-o', file, '--host', daemon!.host], { env: { DOCKER_CONFIG: tmp.dir } });
    expect(live.checks.find((c) => c.id === 'container-run')?.status).toBe('pass');
    // nothing live would work here: no PATH, no daemon at DOCKER_HOST, another config
    const { run, report } = await runJson(['replay', file], {
      env: { PATH: '', DOCKER_HOST: missing, DOCKER_CONFIG: path.join(tmp.dir, 'elsewhere'), DOCKER_API_VERSION: '1.12' },
    });
    const view = (r: Report) => r.checks.map((c) => `${c.id} ${c.status} ${c.code}`);
    expect(view(report)).toEqual(view(live));
    expect(report.invocation.replayOf).toBeTruthy();
    expect(report.docker.endpoint).toBe(daemon!.host);
    expect(run.code).toBe(0);
  });
});
