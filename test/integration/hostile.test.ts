// A peer on the docker socket that sends terminal escape sequences (ESC and the one-byte C1 CSI)
// in headers and bodies and malformed JSON: the doctor must neither crash nor pass them on to
// the terminal. Needs only the built CLI, no dockerd.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDaemon, type FakeDaemon, type FakeRoute } from '../helpers/fake-daemon.js';
import { expectCheck, runDoctor, runJson, tempDir } from '../helpers/doctor.js';

const ESC = '\x1b';
const CSI = '\x9b'; // a C1 control: one byte in latin1 headers, U+009B once decoded
const nasty = `${ESC}[2J${ESC}]0;pwned${ESC}\\${ESC}]8;;http://evil.example/${ESC}\\${ESC}[31mred${CSI}1mbold\x07\x08\r`;

// escapes in the bodies, C1 bytes in headers other than Api-Version: reachable, /version is garbage
const bodies: FakeRoute = (method, p) => {
  const headers = ['Api-Version: 1.41', `Server: Docker/20.10 (linux)${CSI}2J`, `Ostype: linux${CSI}0m`, 'Content-Type: application/json'];
  if (/\/_ping$/.test(p)) return { status: 200, headers: [...headers.slice(0, 3), 'Content-Type: text/plain'], body: 'OK' };
  if (/\/version$/.test(p)) return { status: 200, headers, body: `{"Version":"20.10${nasty}","ApiVersion":"1.41${nasty}","MinAPIVersion": [` };
  return { status: method === 'GET' ? 404 : 500, headers, body: `{"message":"no such thing ${nasty}"` };
};
// escapes in the headers themselves: node's HTTP parser rejects that peer outright
const headers: FakeRoute = () => ({ status: 200, headers: [`Api-Version: 1.41${nasty}`, `Server: ${nasty}`], body: `OK${nasty}` });

const controls = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/;

describe.each([
  { name: 'escapes in bodies, malformed /version', route: bodies, reach: ['pass', 'reachable'] as const },
  { name: 'escapes in headers', route: headers, reach: ['fail', 'http-error'] as const },
])('a hostile fake daemon: $name', ({ route, reach }) => {
  let tmp: ReturnType<typeof tempDir>;
  let fake: FakeDaemon;
  beforeAll(async () => {
    tmp = tempDir();
    fake = await fakeDaemon(path.join(tmp.dir, 'docker.sock'), route);
  });
  afterAll(async () => {
    await fake?.close();
    tmp?.cleanup();
  });

  it('--json: one valid document, no check broke, the verdict fits', async () => {
    const { run, report } = await runJson(['--host', `unix://${fake.socket}`], { env: { DOCKER_CONFIG: tmp.dir } });
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(report.summary.error, JSON.stringify(report.checks.filter((c) => c.status === 'error'))).toBe(0);
    expectCheck(report, 'daemon-reachable', reach[0], reach[1]);
    if (reach[0] === 'pass') expectCheck(report, 'api-version', 'warn', 'unreadable-version');
    // what the doctor says about the peer is cleaned; the raw evidence may keep the bytes (JSON-escaped)
    for (const c of report.checks) expect(JSON.stringify([c.message, c.data, c.fix]), c.id).not.toMatch(controls);
    expect(run.stdout).not.toContain(ESC);
    expect([0, 1]).toContain(run.code);
  });

  it.each([[[] as string[]], [['--verbose']], [['--lang', 'zh-CN', '--verbose']]])('text mode %j: no control characters reach the terminal', async (extra) => {
    const run = await runDoctor(['--host', `unix://${fake.socket}`, ...extra], { env: { DOCKER_CONFIG: tmp.dir, FORCE_COLOR: '0' } });
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.stdout.replace(/\n/g, '')).not.toMatch(controls);
    expect(run.stderr.replace(/\n/g, '')).not.toMatch(controls);
    expect(run.stdout).toMatch(/daemon-reachable/);
    expect([0, 1]).toContain(run.code);
  });
});
