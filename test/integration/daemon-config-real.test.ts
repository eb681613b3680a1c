// The daemon-config check quotes dockerd's own words for a daemon.json it refuses. Here the real
// dockerd of this machine reads each file first, on a private socket and private roots, with no
// bridge and no iptables; then the check reads the same file from a --root tree, and its words
// must contain what dockerd printed. Needs root and dockerd, not the shared daemon of harness.ts.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import check from '../../checks/daemon-config.js';
import { DAEMON_OPTIONS, availableIn, compareRelease, flagNames } from '../../src/lib/daemon-options.js';
import { runCheck } from '../helpers/check-tester.js';
import { forceCleanup } from './dockerd.js';
import { inCI } from './harness.js';

const DOCKERD = ['/usr/sbin/dockerd', '/usr/bin/dockerd', '/usr/local/bin/dockerd'].find((p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});
const why =
  process.platform !== 'linux' ? 'not Linux' : process.getuid?.() !== 0 ? 'not running as root' : !DOCKERD ? 'dockerd not found (apt-get install docker.io)' : '';
if (why && inCI()) throw new Error(`daemon-config against the real dockerd cannot run under CI: ${why}`);
if (why) process.stdout.write(`\n  NOTICE: daemon-config against the real dockerd is skipped: ${why}.\n\n`);

/** "20.10.24" from "Docker version 20.10.24+dfsg1, build 5d6db84". */
function dockerdVersion(): string {
  const r = spawnSync(DOCKERD!, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const v = /version (\d+\.\d+\.\d+)/.exec(r.stdout)?.[1];
  if (!v) throw new Error(`cannot read the version of ${DOCKERD}: ${r.stdout}${r.stderr}`);
  return v;
}
const VERSION = why ? '' : dockerdVersion();
/** dockerd 23.0 and later skip a byte-order mark. */
const TOLERANT = Boolean(VERSION) && compareRelease(VERSION, '23.0') >= 0;

/** What a started daemon showed: GET /info, and the configuration it logs on SIGHUP ("Reloaded configuration"). */
interface Seen {
  info: Record<string, unknown>;
  reloaded?: Record<string, unknown>;
}

type Outcome = { refused: true; code: number | null; stderr: string } | { refused: false; stderr: string; seen: Seen };

function getJson(socketPath: string, p: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: p, headers: { Host: 'docker' }, timeout: 5000, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as Record<string, unknown>);
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${p}: timeout`)));
    req.on('error', reject);
  });
}

/** logrus: msg="Reloaded configuration: {\"mtu\":1500,...}" */
function reloadedConfig(stderr: string): Record<string, unknown> | undefined {
  const m = /msg="Reloaded configuration: ((?:[^"\\]|\\.)*)"/.exec(stderr);
  return m ? (JSON.parse(JSON.parse(`"${m[1]}"`) as string) as Record<string, unknown>) : undefined;
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', headers: { Host: 'docker' }, timeout: 1000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts dockerd on the tree's daemon.json, with its own files in `dir`. It either refuses
 * (exits by itself) or answers /_ping; either way it is gone when this returns: SIGTERM to its
 * process group, SIGKILL after a short grace, then forceCleanup kills whatever still names `dir`
 * (the containerd it starts runs in a session of its own), unmounts and removes `dir`.
 */
async function dockerd(dir: string, configFile: string, opts: { reload?: boolean } = {}): Promise<Outcome> {
  const socket = path.join(dir, 'x.sock');
  const child = spawn(
    DOCKERD!,
    [
      '--config-file', configFile,
      '--data-root', path.join(dir, 'data'),
      '--exec-root', path.join(dir, 'exec'),
      '--pidfile', path.join(dir, 'dockerd.pid'),
      '--host', `unix://${socket}`,
      '--bridge=none', '--iptables=false', '--ip-masq=false', '--ip6tables=false', '--userland-proxy=false',
    ],
    { detached: true, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined } },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    if (stderr.length < 1024 * 1024) stderr += s;
  });
  let exit: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('close', (code) => ((exit = code), resolve())));
  const group = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // gone
    }
  };
  try {
    for (const until = Date.now() + 30_000; Date.now() < until; await sleep(100)) {
      if (exit !== undefined) return { refused: true, code: exit, stderr };
      if (existsSync(socket) && (await ping(socket))) {
        const seen: Seen = { info: await getJson(socket, '/info') };
        if (opts.reload) {
          // SIGHUP makes dockerd read the file again and log the configuration it runs with
          process.kill(child.pid!, 'SIGHUP');
          for (const until = Date.now() + 10_000; !seen.reloaded && Date.now() < until; await sleep(100)) seen.reloaded = reloadedConfig(stderr);
          expect(seen.reloaded, `no "Reloaded configuration" after SIGHUP; stderr:\n${stderr.slice(-2000)}`).toBeDefined();
        }
        return { refused: false, stderr, seen };
      }
    }
    throw new Error(`dockerd neither refused nor answered /_ping within 30 s; stderr:\n${stderr.slice(-2000)}`);
  } finally {
    if (exit === undefined) {
      group('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      group('SIGKILL');
      await Promise.race([exited, sleep(2_000)]);
    }
    forceCleanup(dir);
  }
}

/** What dockerd gives as the reason, after "unable to configure the Docker daemon with file F: ". */
function reason(stderr: string, file: string): string {
  const prefix = `unable to configure the Docker daemon with file ${file}: `;
  const line = stderr.split('\n').find((l) => l.includes(prefix));
  expect(line, `dockerd's stderr:\n${stderr}`).toBeDefined();
  return line!.slice(line!.indexOf(prefix) + prefix.length).trim();
}

const UNIT = `[Unit]
Description=Docker Application Container Engine

[Service]
Type=notify
EnvironmentFile=-/etc/default/docker
ExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS
ExecReload=/bin/kill -s HUP $MAINPID
`;

interface Case {
  name: string;
  /** Only for the releases where dockerd refuses it. */
  when?: (version: string) => boolean;
  json: string | Buffer;
  /** Give the tree docker.service with -H fd:// (and /lib/systemd/systemd, which tells the check this is a systemd system). */
  unit?: boolean;
  code: string;
  /** The distinctive words of dockerd's reason. */
  says: string;
  /** dockerd's reason as the check must quote it (default: unchanged). */
  expected?: (reason: string, socket: string) => string;
  data?: Record<string, unknown>;
  commands: string[];
}

const FILE = '/etc/docker/daemon.json';
// --validate came with dockerd 23.0; trees without /lib/systemd/systemd are SysV systems to the check
// sudoedit, not nano (not on RHEL); the line and column are in the explanation
const EDIT = [`sudoedit ${FILE}`, ...(TOLERANT ? [`sudo dockerd --validate --config-file ${FILE}`] : []), 'sudo service docker restart'];

const cases: Case[] = [
  {
    name: 'trailing comma', json: '{\n  "debug": true,\n}\n', code: 'trailing-comma',
    says: "invalid character '}' looking for beginning of object key string", data: { line: 2, column: 16 }, commands: EDIT,
  },
  {
    name: 'UTF-8 byte-order mark', json: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{\n  "debug": true\n}\n')]), code: 'byte-order-mark',
    says: "invalid character 'ï' looking for beginning of value", data: { encoding: 'UTF-8' },
    commands: [`sudo sed -i '1s/^\\xEF\\xBB\\xBF//' ${FILE}`, 'sudo service docker restart'],
  },
  {
    name: 'wrong type: registry-mirrors as a string', json: '{\n  "registry-mirrors": "https://x"\n}\n', code: 'wrong-type',
    says: 'cannot unmarshal string into Go struct field', data: { key: 'registry-mirrors', line: 2, column: 23 }, commands: EDIT,
  },
  {
    name: 'unknown key storage-drivr', json: '{\n  "storage-drivr": "overlay2"\n}\n', code: 'unknown-option',
    says: "the following directives don't match any configuration option: storage-drivr", data: { key: 'storage-drivr', suggestion: 'storage-driver', line: 2 }, commands: EDIT,
  },
  {
    // dockerd here is given -H unix://<private socket>, the unit in the tree says -H fd:// (as
    // docker.service does): the check names the flag of the unit, everything else is dockerd's
    name: '"hosts" in the file and -H as a flag', json: '{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n', unit: true, code: 'flag-conflict',
    says: 'specified both as a flag and in the configuration file',
    expected: (r, socket) => r.replace(`(from flag: [unix://${socket}]`, '(from flag: [fd://]'),
    data: { key: 'hosts', flag: '-H fd://', unit: '/lib/systemd/system/docker.service', unitLine: 7 },
    // the unit's ExecStart without -H fd://, $DOCKER_OPTS kept for systemd to expand from the
    // EnvironmentFile the drop-in leaves in place
    commands: [
      'sudo mkdir -p /etc/systemd/system/docker.service.d',
      "printf '%s\\n' '[Service]' 'ExecStart=' 'ExecStart=/usr/sbin/dockerd $DOCKER_OPTS' | sudo tee -a /etc/systemd/system/docker.service.d/override.conf",
      'sudo systemctl daemon-reload',
      'sudo systemctl reset-failed docker && sudo systemctl restart docker',
    ],
  },
  {
    // before 23.0 dockerd read the file with a json.Decoder, which says "unexpected EOF" where
    // Go's json.Unmarshal (23.0 on) says "unexpected end of JSON input"; the check words it by
    // the engine version it reads from dpkg (this tree carries the real daemon's version)
    name: 'truncated file', json: '{\n  "debug": true,\n  "log-level": "in', code: 'syntax-error',
    says: TOLERANT ? 'unexpected end of JSON input' : 'unexpected EOF', data: { hint: 'eof', line: 3 }, commands: EDIT,
  },
  {
    // --http-proxy came with 23.0; from then on the key is accepted and ignored (see below)
    name: 'a top-level "http-proxy" before 23.0', when: (v) => compareRelease(v, '23.0') < 0, json: '{\n  "http-proxy": "http://proxy.example:3128"\n}\n', code: 'unknown-option',
    says: "the following directives don't match any configuration option: http-proxy", data: { key: 'http-proxy', line: 2 }, commands: EDIT,
  },
  {
    // the field's JSON key, but no flag has that name (the flag is --containerd-plugins-namespace)
    name: '"containerd-plugin-namespace"', json: '{\n  "containerd-plugin-namespace": "docker-plugins"\n}\n', code: 'unknown-option',
    says: "the following directives don't match any configuration option: containerd-plugin-namespace", data: { key: 'containerd-plugin-namespace' }, commands: EDIT,
  },
  {
    name: '"swarm-raft-heartbeat-tick": a config field no flag carries', json: '{\n  "swarm-raft-heartbeat-tick": 1\n}\n', code: 'unknown-option',
    says: "the following directives don't match any configuration option: swarm-raft-heartbeat-tick", data: { key: 'swarm-raft-heartbeat-tick' }, commands: EDIT,
  },
  {
    // dockerd flattens an object under any key but the map-valued options, and names what is inside
    name: '"log-opt" (the flag\'s name) with an object', json: '{\n  "log-opt": {\n    "max-size": "10m"\n  }\n}\n', code: 'unknown-option',
    says: "the following directives don't match any configuration option: max-size", data: { key: 'max-size', parent: 'log-opt', suggestion: 'log-opts', line: 3, parentLine: 2 }, commands: EDIT,
  },
  {
    name: 'an object given to "debug"', json: '{\n  "debug": {"x": 1}\n}\n', code: 'unknown-option',
    says: "the following directives don't match any configuration option: x", data: { key: 'x', parent: 'debug' }, commands: EDIT,
  },
];

interface Ignored {
  name: string;
  json: string;
  when?: (version: string) => boolean;
  message: string;
  data: Record<string, unknown>;
  /** SIGHUP the daemon for the configuration it runs with. */
  reload?: boolean;
  /** What shows that the value was not used. */
  unused: (seen: Seen, run: string) => void;
}

const registry = (seen: Seen) => seen.info.RegistryConfig as { Mirrors?: string[]; IndexConfigs?: Record<string, unknown> };

// dockerd looks each key up among its flags, so a flag's name passes; it then reads the file by
// the options' keys, so the value under a flag's name is never used
const ignored: Ignored[] = [
  {
    name: '"registry-mirror"', json: '{\n  "registry-mirror": ["https://mirror.example.com"]\n}\n', message: 'flagName', data: { key: 'registry-mirror', setting: '"registry-mirrors"', line: 2 },
    unused: (seen) => expect(registry(seen).Mirrors ?? []).toEqual([]),
  },
  {
    name: '"insecure-registry"', json: '{"insecure-registry": ["reg.example:5000"]}\n', message: 'flagName', data: { key: 'insecure-registry', setting: '"insecure-registries"' },
    unused: (seen) => expect(Object.keys(registry(seen).IndexConfigs ?? {})).not.toContain('reg.example:5000'),
  },
  {
    name: '"label"', json: '{"label": ["doctor=yes"]}\n', message: 'flagName', data: { key: 'label', setting: '"labels"' },
    unused: (seen) => expect(seen.info.Labels ?? []).not.toContain('doctor=yes'),
  },
  {
    name: '"host"', json: '{"host": ["unix:///RUN/extra.sock"]}\n', message: 'flagName', data: { key: 'host', setting: '"hosts"' },
    unused: (_seen, run) => expect(existsSync(path.join(run, 'extra.sock'))).toBe(false),
  },
  {
    // since 23.0 --http-proxy exists, and the setting is "proxies": {"http-proxy": ...}
    name: 'a top-level "http-proxy" from 23.0 on', when: (v) => compareRelease(v, '23.0') >= 0, json: '{"http-proxy": "http://proxy.example:3128"}\n', message: 'flagName',
    data: { key: 'http-proxy', setting: '"proxies": {"http-proxy": …}' }, unused: (seen) => expect(seen.info.HttpProxy ?? '').toBe(''),
  },
  {
    name: '"containerd-plugins-namespace"', json: '{"containerd-plugins-namespace": "doctor-plugins"}\n', message: 'flagOnly', data: { key: 'containerd-plugins-namespace' }, reload: true,
    unused: (seen) => expect(seen.reloaded!['containerd-plugin-namespace']).not.toBe('doctor-plugins'),
  },
  {
    name: 'an object that is no option, around known keys', json: '{"settings": {"debug": true, "max-concurrent-downloads": 9}}\n', message: 'ignoredObject',
    data: { key: 'settings', inner: ['debug', 'max-concurrent-downloads'] }, reload: true,
    unused: (seen) => {
      expect(seen.info.Debug).toBe(false);
      expect(seen.reloaded!['max-concurrent-downloads']).not.toBe(9);
    },
  },
];

describe.skipIf(Boolean(why))('daemon-config against the real dockerd', () => {
  let base = '';
  let n = 0;
  beforeAll(() => {
    // the harness's reapStale() removes a ddoc-* directory whose owner died (a killed run)
    base = mkdtempSync(path.join(tmpdir().length <= 40 ? tmpdir() : '/tmp', 'ddoc-cfg-'));
    writeFileSync(path.join(base, 'owner'), String(process.pid));
  });
  afterAll(() => {
    if (base) forceCleanup(base);
  });

  /** A --root tree with daemon.json, the real daemon's version in dpkg's status, and a dir for dockerd's own files. */
  function tree(json: string | Buffer, unit = false): { root: string; file: string; run: string } {
    const dir = path.join(base, String(++n));
    const root = path.join(dir, 'tree');
    const run = path.join(dir, 'run');
    // a path in the file that must stay inside this test's directory
    if (typeof json === 'string') json = json.replaceAll('/RUN/', `${run}/`);
    mkdirSync(path.join(root, 'etc/docker'), { recursive: true });
    mkdirSync(path.join(root, 'var/lib/dpkg'), { recursive: true });
    mkdirSync(run);
    const file = path.join(root, 'etc/docker/daemon.json');
    writeFileSync(file, json);
    writeFileSync(
      path.join(root, 'var/lib/dpkg/status'),
      `Package: docker.io\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${VERSION}+dfsg1-1+deb12u1+b6\nDescription: Linux container runtime\n\n`,
    );
    if (unit) {
      mkdirSync(path.join(root, 'lib/systemd/system'), { recursive: true });
      writeFileSync(path.join(root, 'lib/systemd/systemd'), '');
      writeFileSync(path.join(root, 'lib/systemd/system/docker.service'), UNIT);
    }
    return { root, file, run };
  }

  // on 23.0 and later the BOM case is the last test's
  it.each(cases.filter((c) => !(TOLERANT && c.code === 'byte-order-mark') && (c.when?.(VERSION) ?? true)))('$name: dockerd refuses it, the check fails with $code and quotes it', async (c) => {
    const t = tree(c.json, c.unit);
    const out = await dockerd(t.run, t.file);
    expect(out.refused, `dockerd started on a file it must refuse; stderr:\n${out.stderr}`).toBe(true);
    if (out.refused) expect(out.code).not.toBe(0);
    const said = reason(out.stderr, t.file);
    expect(said).toContain(c.says);

    const r = await runCheck(check, { root: t.root });
    expect([r.status, r.code], r.text.en).toEqual(['fail', c.code]);
    const quoted = c.expected ? c.expected(said, path.join(t.run, 'x.sock')) : said;
    expect(r.text.en).toContain(quoted);
    expect(r.text['zh-CN']).toContain(quoted);
    expect(r.data).toMatchObject({ file: FILE, ...c.data });
    expect(r.commands).toEqual(c.commands);
  }, 60_000);

  it('a valid daemon.json: dockerd starts and answers /_ping, the check passes', async () => {
    const json = '{\n  "log-level": "warn",\n  "max-concurrent-downloads": 3,\n  "log-driver": "json-file",\n  "log-opts": {"max-size": "10m", "max-file": "3"}\n}\n';
    const t = tree(json);
    const out = await dockerd(t.run, t.file);
    expect(out.refused, `dockerd refused a valid file; stderr:\n${out.stderr}`).toBe(false);
    const r = await runCheck(check, { root: t.root });
    expect([r.status, r.code], r.text.en).toEqual(['pass', 'valid']);
    expect(r.data).toMatchObject({ file: FILE, count: 4 });
  }, 60_000);

  it.each(ignored.filter((c) => c.when?.(VERSION) ?? true))('$name: dockerd starts and does not use it, the check warns ignored-option', async (c) => {
    const t = tree(c.json);
    const out = await dockerd(t.run, t.file, { reload: c.reload });
    expect(out.refused, `dockerd refused a file it accepts; stderr:\n${out.stderr}`).toBe(false);
    if (!out.refused) c.unused(out.seen, t.run);
    const r = await runCheck(check, { root: t.root });
    expect([r.status, r.code, r.outcome.message], r.text.en).toEqual(['warn', 'ignored-option', c.message]);
    expect(r.data).toMatchObject({ file: FILE, ...c.data });
    expect(r.commands).toEqual(EDIT);
  }, 60_000);

  it('"network-diagnostic-port" is a setting 20.10 reads: the check passes', async () => {
    const t = tree('{"network-diagnostic-port": 47999}\n');
    const out = await dockerd(t.run, t.file, { reload: true });
    expect(out.refused, out.stderr).toBe(false);
    if (!out.refused) expect(out.seen.reloaded!['network-diagnostic-port']).toBe(47999);
    const r = await runCheck(check, { root: t.root });
    expect([r.status, r.code], r.text.en).toEqual(['pass', 'valid']);
  }, 60_000);

  it('the option table says of every name what this dockerd does with it', async () => {
    // dockerd names every key it refuses in one message; names no table has, but people write
    const strangers = [
      'swarm-raft-heartbeat-tick', 'swarm-raft-election-tick', 'bridge-accept-fwmark', 'containerd-plugin-namespace', 'resolv-conf', 'default-init',
      'network-diagnostic-port', 'deprecated-key-path', 'disable-legacy-registry', 'D', 'H',
    ];
    const names = [...new Set([...DAEMON_OPTIONS.map((o) => o.key), ...flagNames().map((f) => f.name), ...strangers])];
    const t = tree(`{${names.map((k) => `"${k}": null`).join(', ')}}\n`);
    const out = await dockerd(t.run, t.file);
    expect(out.refused, out.stderr).toBe(true);
    const said = reason(out.stderr, t.file);
    const prefix = "the following directives don't match any configuration option: ";
    expect(said.startsWith(prefix), said).toBe(true);
    const refused = new Set(said.slice(prefix.length).split(', '));
    const expected = new Set([
      ...DAEMON_OPTIONS.filter((o) => availableIn(o, VERSION) !== 'yes').map((o) => o.key),
      ...flagNames().filter((f) => availableIn(f, VERSION) !== 'yes').map((f) => f.name),
      ...strangers.filter((k) => !DAEMON_OPTIONS.some((o) => o.key === k) && !flagNames().some((f) => f.name === k)),
    ]);
    expect([...refused].sort()).toEqual([...expected].sort());
  }, 60_000);

  it.runIf(TOLERANT)('a byte-order mark: dockerd 23.0 and later start, the check passes', async () => {
    const t = tree(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"debug": false}\n')]));
    const out = await dockerd(t.run, t.file);
    expect(out.refused, out.stderr).toBe(false);
    const r = await runCheck(check, { root: t.root });
    expect([r.status, r.code]).toEqual(['pass', 'valid']);
  }, 60_000);
});
