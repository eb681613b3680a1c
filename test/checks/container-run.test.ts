import { describe, expect, it } from 'vitest';
import check from '../../checks/container-run.js';
import type { HostFacts } from '../../src/host/types.js';
import { runCheck } from '../helpers/check-tester.js';
import { CONTAINER_ID as ID, CREATED, frames, IMAGE_INSPECT_404, NO_CONTENT, PULL_NO_REGISTRY, START_OCI_ERROR, WAIT_0 } from '../helpers/docker-replies.js';
import type { ApiSpec, HostSpec } from '../helpers/fake-host.js';
import { spyProbes } from '../helpers/spy-probes.js';

const INSPECT = 'GET /images/hello-world/json';
const CREATE = 'POST /containers/create';
const START = `POST /containers/${ID}/start`;
const WAIT = `POST /containers/${ID}/wait`;
const LOGS = `GET /containers/${ID}/logs?stdout=1&stderr=1`;
const DELETE = `DELETE /containers/${ID}?force=1&v=1`;
const PULL = 'POST /images/create?fromImage=hello-world&tag=latest';

const WIN: Partial<HostFacts> = { platform: 'win32', distroId: undefined, idLike: undefined, systemd: false };
const IMAGE_OK: ApiSpec = { status: 200, body: { Id: 'sha256:4030b3600b2e735ecf74af886b25de6327d73c00f4046828fb60d2b55b2af8a9', RepoTags: ['hello-world:latest'] } };
// the official hello-world starts with an empty line
const HELLO = frames([1, '\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n']);

type Api = NonNullable<HostSpec['api']>;
const healthy = (over: Api = {}): HostSpec => ({
  api: { [INSPECT]: IMAGE_OK, [CREATE]: CREATED, [START]: NO_CONTENT, [WAIT]: WAIT_0, [LOGS]: { status: 200, binary: frames([1, 'Hello from Docker!\n']) }, [DELETE]: NO_CONTENT, ...over },
});

interface Case {
  name: string;
  host: HostSpec;
  options?: { image?: string; pull?: boolean };
  status: 'pass' | 'fail' | 'skip';
  code: string;
  message?: string;
  data?: Record<string, unknown>;
  commands?: string[];
  /** The container must have been removed (DELETE sent). */
  removed?: boolean;
}

const cases: Case[] = [
  { name: 'ran: the harness’s hello-world, real replies of dockerd 20.10', host: healthy(), status: 'pass', code: 'ran', data: { output: 'Hello from Docker!', removed: true, image: 'hello-world' }, removed: true },
  { name: 'ran: the official hello-world’s leading empty line is skipped', host: healthy({ [LOGS]: { status: 200, binary: HELLO } }), status: 'pass', code: 'ran', data: { output: 'Hello from Docker!' } },
  { name: 'ran: logs not multiplexed (TTY) are used as they are', host: healthy({ [LOGS]: { status: 200, binary: Buffer.from('Hello from Docker!\r\n') } }), status: 'pass', code: 'ran', data: { output: 'Hello from Docker!' } },
  { name: 'ran: logs cannot be read, the exit code decides', host: healthy({ [LOGS]: { status: 500, body: '{"message":"configured logging driver does not support reading"}' } }), status: 'pass', code: 'ran', data: { output: '' } },
  { name: 'ran, but removing failed: removed=false', host: healthy({ [DELETE]: { status: 500, body: '{"message":"device or resource busy"}' } }), status: 'pass', code: 'ran', data: { removed: false } },
  {
    name: 'image missing: skip with docker pull',
    host: { api: { [INSPECT]: IMAGE_INSPECT_404 } },
    status: 'skip', code: 'image-missing', commands: ['docker pull hello-world'],
  },
  {
    name: 'image missing, a registry image with a port and a tag: encoded path, the pull command',
    host: { api: { 'GET /images/registry.example.com%3A5000%2Fteam%2Fapp%3A1.2/json': IMAGE_INSPECT_404 } },
    options: { image: 'registry.example.com:5000/team/app:1.2' },
    status: 'skip', code: 'image-missing', commands: ['docker pull registry.example.com:5000/team/app:1.2'],
  },
  {
    name: '--pull: pulled, then ran',
    host: healthy({ [INSPECT]: IMAGE_INSPECT_404, [PULL]: { status: 200, body: '{"status":"Pulling from library/hello-world","id":"latest"}\n{"status":"Status: Downloaded newer image for hello-world:latest"}\n' } }),
    options: { pull: true },
    status: 'pass', code: 'ran',
  },
  {
    name: '--pull with a digest: the digest goes in tag',
    host: {
      api: {
        'GET /images/alpine%40sha256%3A21a3deaa0d32a8057914f36584b5288d2e5ecc984380bc0118285c70fa8c9300/json': IMAGE_INSPECT_404,
        'POST /images/create?fromImage=alpine&tag=sha256%3A21a3deaa0d32a8057914f36584b5288d2e5ecc984380bc0118285c70fa8c9300': PULL_NO_REGISTRY,
      },
    },
    options: { image: 'alpine@sha256:21a3deaa0d32a8057914f36584b5288d2e5ecc984380bc0118285c70fa8c9300', pull: true },
    status: 'fail', code: 'pull-failed',
  },
  {
    name: '--pull, no registry: the daemon’s error (real)',
    host: { api: { [INSPECT]: IMAGE_INSPECT_404, [PULL]: PULL_NO_REGISTRY } },
    options: { pull: true },
    status: 'fail', code: 'pull-failed',
    data: { detail: 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host' }, commands: ['docker pull hello-world'],
  },
  {
    name: '--pull: 200 with the error inside the progress stream',
    host: { api: { [INSPECT]: IMAGE_INSPECT_404, [PULL]: { status: 200, body: '{"status":"Pulling from library/hello-world"}\n{"errorDetail":{"message":"toomanyrequests: You have reached your pull rate limit."},"error":"toomanyrequests: You have reached your pull rate limit."}\n' } } },
    options: { pull: true },
    status: 'fail', code: 'pull-failed', data: { detail: 'toomanyrequests: You have reached your pull rate limit.' },
  },
  { name: '--pull times out', host: { api: { [INSPECT]: IMAGE_INSPECT_404, [PULL]: { reason: 'timeout', connected: true } } }, options: { pull: true }, status: 'fail', code: 'timeout', data: { step: 'pull', timeoutMs: 20000 } },
  { name: 'an invalid image reference never reaches the daemon', host: {}, options: { image: '../../containers/json?all=1' }, status: 'fail', code: 'create-failed', message: 'invalidImage' },
  { name: 'an image reference with a space', host: {}, options: { image: 'hello world' }, status: 'fail', code: 'create-failed', message: 'invalidImage' },
  {
    name: 'the image lookup fails with a daemon error',
    host: { api: { [INSPECT]: { status: 500, body: '{"message":"error getting image: layer does not exist"}' } } },
    status: 'fail', code: 'create-failed', message: 'inspectFailed', data: { detail: 'error getting image: layer does not exist' },
  },
  {
    name: 'create refused (real 404), nothing to remove',
    host: healthy({ [CREATE]: { status: 404, body: '{"message":"No such image: hello-world:latest"}' } }),
    status: 'fail', code: 'create-failed', message: 'createFailed', data: { detail: 'No such image: hello-world:latest' }, commands: ['docker run --rm --network none hello-world'], removed: false,
  },
  { name: 'create answers 201 with malformed JSON', host: healthy({ [CREATE]: { status: 201, body: '{"Id":' } }), status: 'fail', code: 'create-failed', removed: false },
  { name: 'create answers an Id that is not hex (never put in a path)', host: healthy({ [CREATE]: { status: 201, body: { Id: '../../images/x' } } }), status: 'fail', code: 'create-failed', removed: false },
  { name: 'create: garbage body with escape sequences', host: healthy({ [CREATE]: { status: 500, body: '\u001b[2J\u001b]0;pwned\u0007no space left on device\u009b1m' } }), status: 'fail', code: 'create-failed', data: { detail: 'no space left on device' } },
  { name: 'create times out', host: healthy({ [CREATE]: { reason: 'timeout', connected: true } }), status: 'fail', code: 'timeout', data: { step: 'create', timeoutMs: 3000 } },
  {
    name: 'start fails: the OCI runtime’s words (real), and the container is removed',
    host: healthy({ [START]: START_OCI_ERROR }),
    status: 'fail', code: 'start-failed', message: 'startFailed',
    data: { detail: 'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/nonexistent": stat /nonexistent: no such file or directory: unknown', removed: true },
    removed: true,
  },
  { name: 'start: the connection drops', host: healthy({ [START]: { reason: 'protocol-error', detail: 'ECONNRESET' } }), status: 'fail', code: 'start-failed', data: { detail: 'protocol-error: ECONNRESET' }, removed: true },
  {
    name: 'exit 3 (real frames of stdout and stderr): the last lines',
    host: healthy({ [WAIT]: { status: 200, body: '{"Error":null,"StatusCode":3}' }, [LOGS]: { status: 200, binary: frames([1, 'out\n'], [2, 'err\n']) } }),
    status: 'fail', code: 'exit-nonzero', data: { exitCode: 3, output: 'out | err', removed: true }, commands: ['docker run --rm --network none hello-world'], removed: true,
  },
  {
    name: 'exit 139 with binary garbage and escape sequences in the logs',
    host: healthy({ [WAIT]: { status: 200, body: { StatusCode: 139 } }, [LOGS]: { status: 200, binary: Buffer.concat([frames([2, '\u001b[31mSegmentation fault\u001b[0m\n']), Buffer.from([0xff, 0xfe, 0x1b])]) } }),
    status: 'fail', code: 'exit-nonzero', data: { exitCode: 139 },
  },
  { name: 'wait answers nonsense: exit code unknown', host: healthy({ [WAIT]: { status: 200, body: '{"StatusCode":"zero"}' } }), status: 'fail', code: 'exit-nonzero', data: { exitCode: null }, removed: true },
  { name: 'wait passes 30 s: timeout, the container is still removed', host: healthy({ [WAIT]: { reason: 'timeout', connected: true } }), status: 'fail', code: 'timeout', data: { step: 'wait', timeoutMs: 30000, removed: true }, removed: true },
  {
    name: 'Windows: the same run, the commands paste into PowerShell',
    host: { facts: WIN, ...healthy({ [WAIT]: { status: 200, body: { StatusCode: 1 } } }) },
    status: 'fail', code: 'exit-nonzero', commands: ['docker run --rm --network none hello-world'],
  },
];

const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('container-run', () => {
  it.each(cases)('$name', async (c) => {
    const spy = spyProbes(c.host);
    const r = await runCheck(check, { probes: spy.probes, options: c.options });
    expect([r.status, r.code], JSON.stringify(r.data)).toEqual([c.status, c.code]);
    if (c.message) expect(r.outcome.message).toBe(c.message);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    if (c.status === 'fail') expect(r.outcome.fix?.docs).toMatch(/^https:\/\//);
    const sent = spy.requests.map((q) => `${q.method} ${q.path}`);
    if (c.removed !== undefined) expect(sent.includes(DELETE)).toBe(c.removed);
    // whatever happened, a container that was created is removed
    if (sent.includes(CREATE) && c.code !== 'create-failed' && c.code !== 'timeout') expect(sent).toContain(DELETE);
    expect(JSON.stringify([r.text, r.fixText, r.data])).not.toMatch(controls);
  });

  it('the test container: no name, no network, labelled, not auto-removed; the requests in order', async () => {
    const spy = spyProbes(healthy());
    await runCheck(check, { probes: spy.probes });
    expect(spy.requests.map((q) => `${q.method} ${q.path}`)).toEqual([INSPECT, CREATE, START, WAIT, LOGS, DELETE]);
    const create = spy.requests[1]!;
    expect(create.body).toEqual({ Image: 'hello-world', HostConfig: { NetworkMode: 'none', AutoRemove: false }, Labels: { 'org.docker-doctor': '1' } });
    expect(create.path).not.toMatch(/name=/);
    expect(spy.requests.find((q) => q.path.includes('/logs'))?.binary).toBe(true);
  });

  it('each request uses --timeout except wait (30 s)', async () => {
    const spy = spyProbes(healthy());
    await runCheck(check, { probes: spy.probes, options: { timeoutMs: 1234 } });
    expect(spy.requests.map((q) => q.timeoutMs)).toEqual([1234, 1234, 1234, 30000, 1234, 1234]);
  });

  it('a failure the transcript does not hold still removes the container first', async () => {
    const spy = spyProbes(healthy({ [WAIT]: undefined as unknown as ApiSpec }));
    const r = await runCheck(check, { probes: spy.probes });
    expect([r.status, r.code]).toEqual(['skip', 'not-recorded']);
    expect(spy.requests.map((q) => `${q.method} ${q.path}`)).toContain(DELETE);
  });

  // past the check's deadline the runner gives up on it, and the final DELETE is cut off with
  // the rest: the test container would be left behind
  it.each([1, 3000, 10_000, 30_000])('the deadline (--timeout %i) holds every step’s own budget, --pull included', async (t) => {
    const spy = spyProbes(healthy({ [INSPECT]: IMAGE_INSPECT_404, [PULL]: { status: 200, body: '{"status":"Status: Downloaded newer image for hello-world:latest"}\n' } }));
    const r = await runCheck(check, { probes: spy.probes, options: { pull: true, timeoutMs: t } });
    expect(r.code).toBe('ran');
    const budgets = spy.requests.map((q) => q.timeoutMs ?? t);
    expect(budgets).toHaveLength(7);
    expect(check.deadlineMs!(t)).toBeGreaterThanOrEqual(budgets.reduce((a, b) => a + b, 0));
    expect(check.deadlineMs!(t)).toBeGreaterThanOrEqual(60_000);
  });

  // a pull's progress stream runs to about 1 MB a GB of image; a cap that cuts it closes the
  // connection, the daemon cancels the pull, and the next step fails with "No such image"
  it('reads a pull’s progress stream to the end (a cap that cuts it cancels the pull)', async () => {
    const spy = spyProbes(healthy({ [INSPECT]: IMAGE_INSPECT_404, [PULL]: { status: 200, body: '{"status":"Status: Downloaded newer image for hello-world:latest"}\n' } }));
    await runCheck(check, { probes: spy.probes, options: { pull: true } });
    const pull = spy.requests.find((q) => q.path.startsWith('/images/create'))!;
    expect(pull.maxBytes ?? Infinity).toBeGreaterThanOrEqual(16 * 1024 * 1024);
  });
});
