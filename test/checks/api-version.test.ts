import { describe, expect, it } from 'vitest';
import check from '../../checks/api-version.js';
import type { ExecResult, HostFacts } from '../../src/host/types.js';
import { runCheck } from '../helpers/check-tester.js';
import { CLIENT_2010, CLIENT_28, TOO_NEW_150, TOO_OLD_111, VERSION_2010 } from '../helpers/docker-replies.js';
import type { ApiSpec, HostSpec } from '../helpers/fake-host.js';
import { spyProbes } from '../helpers/spy-probes.js';

const CLI = 'docker version --format {{json .Client}}';
const VERSION = 'GET /version';
const WIN: Partial<HostFacts> = { platform: 'win32', distroId: undefined, idLike: undefined, systemd: false };
const MAC: Partial<HostFacts> = { platform: 'darwin', distroId: undefined, idLike: undefined, systemd: false };
const UNSET = ['unset DOCKER_API_VERSION', 'grep -n DOCKER_API_VERSION ~/.bashrc ~/.bash_profile ~/.profile ~/.zshrc /etc/environment 2>/dev/null'];
const UNSET_WIN = ['Remove-Item Env:DOCKER_API_VERSION', "[Environment]::SetEnvironmentVariable('DOCKER_API_VERSION', $null, 'User')"];

const client = (api: string): Partial<ExecResult> => ({ exitCode: 1, stdout: `{"Version":"x","ApiVersion":"${api}","DefaultAPIVersion":"${api}"}\n` });
const daemon = (v: Record<string, unknown>): ApiSpec => ({ status: 200, headers: { 'content-type': 'application/json' }, body: v });
// Docker 29 raised the minimum to 1.44
const DOCKER_29 = daemon({ Version: '29.0.0', ApiVersion: '1.52', MinAPIVersion: '1.44', Os: 'linux' });

interface Case {
  name: string;
  host: HostSpec;
  status: 'pass' | 'warn' | 'fail';
  code: string;
  message?: string;
  data?: Record<string, unknown>;
  commands?: string[];
}

const base = (over: HostSpec = {}): HostSpec => ({ ...over, exec: { [CLI]: CLIENT_28, ...over.exec }, api: { [VERSION]: VERSION_2010, ...over.api } });

const cases: Case[] = [
  {
    name: 'the same API on both sides (CLI 20.10 against dockerd 20.10, real replies)',
    host: base({ exec: { [CLI]: CLIENT_2010 } }),
    status: 'pass', code: 'compatible', message: 'compatible',
    data: { clientApiVersion: '1.41', serverApiVersion: '1.41', minApiVersion: '1.12', serverVersion: '20.10.24+dfsg1', pinned: null },
  },
  { name: 'CLI 28 (1.50) against 1.41: negotiates down', host: base(), status: 'pass', code: 'negotiated', data: { clientApiVersion: '1.50', serverApiVersion: '1.41' } },
  {
    name: 'DOCKER_API_VERSION=1.50 above 1.41: the daemon’s own words',
    host: base({ env: { DOCKER_API_VERSION: '1.50' }, api: { 'GET /v1.50/version': TOO_NEW_150 } }),
    status: 'fail', code: 'client-too-new', message: 'tooNewSaid',
    data: { pinned: '1.50', serverApiVersion: '1.41', daemonError: 'client version 1.50 is too new. Maximum supported API version is 1.41' }, commands: UNSET,
  },
  {
    name: 'client-too-new on Windows: PowerShell commands',
    host: base({ facts: WIN, env: { DOCKER_API_VERSION: '1.50' }, api: { 'GET /v1.50/version': TOO_NEW_150 } }),
    status: 'fail', code: 'client-too-new', commands: UNSET_WIN,
  },
  {
    name: 'client-too-new when the versioned request gives no message: still too new, no daemonError',
    host: base({ env: { DOCKER_API_VERSION: '1.99' }, api: { 'GET /v1.99/version': { reason: 'timeout', connected: true } } }),
    status: 'fail', code: 'client-too-new', message: 'tooNew', data: { daemonError: null },
  },
  {
    name: 'client-too-new, the daemon’s error text carries escape sequences',
    host: base({ env: { DOCKER_API_VERSION: '1.99' }, api: { 'GET /v1.99/version': { status: 400, body: '{"message":"client version 1.99 is \\u001b[31mtoo new\\u001b[0m"}' } } }),
    status: 'fail', code: 'client-too-new', data: { daemonError: 'client version 1.99 is too new' },
  },
  {
    name: 'pinned below the minimum: the text/plain answer is the daemon’s words',
    host: base({ env: { DOCKER_API_VERSION: '1.11' }, api: { 'GET /v1.11/version': TOO_OLD_111 } }),
    status: 'fail', code: 'client-too-old', message: 'tooOldPinnedSaid',
    data: { daemonError: 'client version 1.11 is too old. Minimum supported API version is 1.12, please upgrade your client to a newer version' }, commands: UNSET,
  },
  {
    name: 'versions compare as numbers: 1.9 is older than 1.12, not newer than 1.41',
    host: base({ env: { DOCKER_API_VERSION: '1.9' }, api: { 'GET /v1.9/version': TOO_OLD_111 } }),
    status: 'fail', code: 'client-too-old', data: { pinned: '1.9', minApiVersion: '1.12' },
  },
  { name: 'pinned within range', host: base({ env: { DOCKER_API_VERSION: '1.40' } }), status: 'pass', code: 'compatible', message: 'pinnedOk', data: { pinned: '1.40' } },
  { name: 'pinned at exactly the maximum', host: base({ env: { DOCKER_API_VERSION: '1.41' } }), status: 'pass', code: 'compatible' },
  { name: 'an empty DOCKER_API_VERSION is unset', host: base({ env: { DOCKER_API_VERSION: '' } }), status: 'pass', code: 'negotiated', data: { pinned: null } },
  // the client strips one leading "v" (checked with docker 20.10.24 and 28.2.2 against 1.41)
  { name: 'DOCKER_API_VERSION=v1.41 works like 1.41', host: base({ env: { DOCKER_API_VERSION: 'v1.41' } }), status: 'pass', code: 'compatible', message: 'pinnedOk', data: { pinned: '1.41' } },
  { name: 'DOCKER_API_VERSION=v1.41 with a 20.10 client too', host: base({ exec: { [CLI]: CLIENT_2010 }, env: { DOCKER_API_VERSION: 'v1.41' } }), status: 'pass', code: 'compatible', data: { pinned: '1.41' } },
  { name: 'DOCKER_API_VERSION=v1.50 is too new like 1.50', host: base({ env: { DOCKER_API_VERSION: 'v1.50' }, api: { 'GET /v1.50/version': TOO_NEW_150 } }), status: 'fail', code: 'client-too-new', data: { pinned: '1.50' } },
  {
    name: 'a CLI older than Docker 29’s minimum: upgrade the client (Ubuntu)',
    host: base({ exec: { [CLI]: client('1.43') }, api: { [VERSION]: DOCKER_29 } }),
    status: 'fail', code: 'client-too-old', message: 'tooOldClient', data: { clientApiVersion: '1.43', minApiVersion: '1.44' },
    commands: ['sudo apt-get update', 'sudo apt-get install --only-upgrade docker-ce-cli'],
  },
  { name: 'client too old on macOS', host: base({ facts: MAC, exec: { [CLI]: client('1.41') }, api: { [VERSION]: DOCKER_29 } }), status: 'fail', code: 'client-too-old', commands: ['brew upgrade --cask docker'] },
  { name: 'client too old on Windows', host: base({ facts: WIN, exec: { [CLI]: client('1.41') }, api: { [VERSION]: DOCKER_29 } }), status: 'fail', code: 'client-too-old', commands: ['winget upgrade -e --id Docker.DockerDesktop'] },
  { name: 'no docker CLI, nothing pinned: clients negotiate', host: base({ exec: { [CLI]: { exitCode: null, notFound: true } } }), status: 'pass', code: 'compatible', message: 'noClient', data: { clientApiVersion: null } },
  {
    name: 'no docker CLI but a pin above the daemon: still too new',
    host: base({ exec: { [CLI]: { exitCode: null, notFound: true } }, env: { DOCKER_API_VERSION: '1.50' }, api: { 'GET /v1.50/version': TOO_NEW_150 } }),
    status: 'fail', code: 'client-too-new',
  },
  { name: 'a broken CLI counts as no CLI', host: base({ exec: { [CLI]: { exitCode: 139, signal: 'SIGSEGV', stdout: '\u0000\u001b[2J' } } }), status: 'pass', code: 'compatible', message: 'noClient' },
  // invalid pins
  ...['abc', 'vv1.41', '1.41.0', '1', '1.x', '\u001b[31m1.41'].map((v): Case => ({
    name: `invalid DOCKER_API_VERSION ${JSON.stringify(v)}`,
    host: base({ env: { DOCKER_API_VERSION: v } }),
    status: 'fail', code: 'invalid-api-version', commands: UNSET,
  })),
  { name: 'invalid pin on Windows', host: base({ facts: WIN, env: { DOCKER_API_VERSION: 'latest' } }), status: 'fail', code: 'invalid-api-version', data: { value: 'latest' }, commands: UNSET_WIN },
  // unreadable /version
  { name: 'malformed JSON', host: base({ api: { [VERSION]: { status: 200, body: '{"Version":"20.10","ApiVersion":"1.41","MinAPIVersion": [' } } }), status: 'warn', code: 'unreadable-version', commands: ['sudo systemctl restart docker', 'sudo journalctl -u docker --no-pager -n 50'] },
  { name: 'no ApiVersion', host: base({ api: { [VERSION]: daemon({ Version: '20.10.24' }) } }), status: 'warn', code: 'unreadable-version', data: { detail: 'no ApiVersion' } },
  { name: 'JSON null', host: base({ api: { [VERSION]: { status: 200, body: 'null' } } }), status: 'warn', code: 'unreadable-version' },
  { name: 'a JSON array', host: base({ api: { [VERSION]: { status: 200, body: '[1,2]' } } }), status: 'warn', code: 'unreadable-version' },
  { name: 'ApiVersion with escape sequences', host: base({ api: { [VERSION]: daemon({ ApiVersion: '1.41\u001b]0;pwned\u0007', MinAPIVersion: '1.12' }) } }), status: 'warn', code: 'unreadable-version' },
  { name: 'ApiVersion not a string', host: base({ api: { [VERSION]: daemon({ ApiVersion: 1.41 }) } }), status: 'warn', code: 'unreadable-version' },
  { name: 'HTTP 500 on /version', host: base({ api: { [VERSION]: { status: 500, body: '{"message":"boom"}' } } }), status: 'warn', code: 'unreadable-version', data: { detail: 'HTTP 500' } },
  { name: '/version times out', host: base({ api: { [VERSION]: { reason: 'timeout', connected: true, detail: 'no answer within 3000 ms' } } }), status: 'warn', code: 'unreadable-version' },
  {
    name: 'binary garbage with escape sequences, macOS: restart Docker Desktop',
    host: base({ facts: MAC, api: { [VERSION]: { status: 200, body: '\u0000\u00ff\u001b[2J{{{' } } }),
    status: 'warn', code: 'unreadable-version', commands: ['docker desktop restart'],
  },
  {
    name: 'garbage Version string next to a good ApiVersion is cleaned',
    host: base({ api: { [VERSION]: daemon({ Version: '20.10\u001b[2J\u009b1m', ApiVersion: '1.41', MinAPIVersion: '1.12' }) } }),
    status: 'pass', code: 'negotiated', data: { serverVersion: '20.10' },
  },
  { name: 'an old daemon without MinAPIVersion', host: base({ exec: { [CLI]: CLIENT_2010 }, api: { [VERSION]: daemon({ Version: '1.13.1', ApiVersion: '1.26' }) } }), status: 'pass', code: 'negotiated', data: { minApiVersion: null } },
];

const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('api-version', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, { host: c.host });
    expect([r.status, r.code], JSON.stringify(r.data)).toEqual([c.status, c.code]);
    if (c.message) expect(r.outcome.message).toBe(c.message);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    if (c.status !== 'pass') expect(r.outcome.fix?.docs).toMatch(/^https:\/\//);
    expect(JSON.stringify([r.text, r.fixText, r.data])).not.toMatch(controls);
  });

  it('client-too-new quotes the daemon in both languages', async () => {
    const r = await runCheck(check, { host: base({ env: { DOCKER_API_VERSION: '1.50' }, api: { 'GET /v1.50/version': TOO_NEW_150 } }) });
    for (const text of Object.values(r.text)) expect(text).toContain('client version 1.50 is too new. Maximum supported API version is 1.41');
  });

  it('runs the same client probe as docker-cli (memoised into one) and asks the daemon only for /version', async () => {
    const spy = spyProbes(base());
    await runCheck(check, { probes: spy.probes });
    expect(spy.execs).toEqual([{ line: CLI, opts: { env: { DOCKER_HOST: 'unix:///nonexistent/docker-doctor.sock', DOCKER_CONTEXT: '', DOCKER_API_VERSION: '' } } }]);
    expect(spy.requests.map((q) => `${q.method} ${q.path}`)).toEqual([VERSION]);
  });
});
