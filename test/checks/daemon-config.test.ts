// daemon.json read from --root trees (test/fixtures/trees/daemon-config-*), one tree per case.
// The quoted dockerd words were checked against a real dockerd 20.10 given the same files; the
// lead's integration harness runs the real dockerd again.
import { describe, expect, it } from 'vitest';
import check from '../../checks/daemon-config.js';
import type { HostSpec } from '../helpers/fake-host.js';
import { runCheck } from '../helpers/check-tester.js';

const tree = (name: string) => new URL(`../fixtures/trees/${name}/`, import.meta.url).pathname;
const FILE = '/etc/docker/daemon.json';
const RESTART = 'sudo systemctl reset-failed docker && sudo systemctl restart docker';
const SERVICE_RESTART = 'sudo service docker restart';
const VALIDATE = `sudo dockerd --validate --config-file ${FILE}`;
// sudoedit honours $EDITOR and comes with every sudo (nano is not on RHEL); the line and column are in the words
const EDIT = `sudoedit ${FILE}`;

interface Case {
  name: string;
  tree: string;
  status: string;
  code: string;
  data?: Record<string, unknown>;
  commands?: string[];
  /** Words that must appear in the English message (dockerd's own). */
  says?: string;
}

const cases: Case[] = [
  { name: 'healthy Ubuntu 22.04 file', tree: 'ubuntu-22.04', status: 'pass', code: 'valid', data: { file: FILE, count: 3 } },
  { name: 'no daemon.json', tree: 'ubuntu-24.04', status: 'pass', code: 'no-config', data: { file: FILE } },
  {
    name: 'trailing comma points at the comma',
    tree: 'daemon-config-trailing-comma', status: 'fail', code: 'trailing-comma',
    data: { line: 2, column: 48 },
    // no engine installed in this tree: --validate is offered (dockerd 23+); no systemd in the tree
    commands: [EDIT, VALIDATE, SERVICE_RESTART],
    says: "invalid character '}' looking for beginning of object key string",
  },
  {
    name: 'BOM with dockerd 20.10 (no --validate there)',
    tree: 'daemon-config-bom-20.10', status: 'fail', code: 'byte-order-mark', data: { encoding: 'UTF-8', engine: '20.10.24' },
    commands: [`sudo sed -i '1s/^\\xEF\\xBB\\xBF//' ${FILE}`, SERVICE_RESTART],
    says: "invalid character 'ï' looking for beginning of value",
  },
  { name: 'BOM, engine unknown', tree: 'daemon-config-bom-unknown', status: 'warn', code: 'byte-order-mark', data: { encoding: 'UTF-8', engine: null } },
  { name: 'BOM with Docker 27 (accepted since 23.0)', tree: 'daemon-config-bom-27', status: 'pass', code: 'valid', data: { count: 1 } },
  {
    name: 'UTF-16 from Notepad/PowerShell',
    tree: 'daemon-config-utf16', status: 'fail', code: 'byte-order-mark', data: { encoding: 'UTF-16LE' },
    commands: [`sudo sh -c 'iconv -f UTF-16 -t UTF-8 ${FILE} > ${FILE}.utf8 && mv ${FILE}.utf8 ${FILE}'`, SERVICE_RESTART],
    says: "invalid character 'ÿ' looking for beginning of value",
  },
  {
    name: 'binary garbage', tree: 'daemon-config-binary', status: 'fail', code: 'binary-content', data: { line: 4, column: 6, byte: '0x8b' },
    commands: [`sudo mv ${FILE} ${FILE}.broken`, SERVICE_RESTART],
  },
  { name: 'NUL inside a string', tree: 'daemon-config-nul-in-string', status: 'fail', code: 'binary-content', data: { line: 2, column: 22, byte: '0x00' }, says: "invalid character '\\x00' in string literal" },
  {
    name: 'full-width quotes from a Chinese input method',
    tree: 'daemon-config-fullwidth', status: 'fail', code: 'syntax-error', data: { line: 2, column: 3, hint: 'fullwidth', char: '\u201c' },
    commands: [EDIT, VALIDATE, SERVICE_RESTART],
    says: "invalid character 'â' looking for beginning of object key string",
  },
  { name: 'a // comment', tree: 'daemon-config-comment', status: 'fail', code: 'syntax-error', data: { line: 2, column: 3, hint: 'comment' }, says: "invalid character '/'" },
  { name: 'file cut short', tree: 'daemon-config-truncated', status: 'fail', code: 'syntax-error', data: { line: 4, hint: 'eof', detail: 'unexpected end of JSON input' } },
  { name: 'missing comma', tree: 'daemon-config-missing-comma', status: 'fail', code: 'syntax-error', data: { line: 3, column: 3, hint: 'missing-comma' }, says: 'after object key:value pair' },
  { name: 'not an object', tree: 'daemon-config-not-object', status: 'fail', code: 'not-an-object', data: { found: 'array' }, says: 'json: cannot unmarshal array into Go value of type map[string]interface {}' },
  {
    name: 'typo in a key', tree: 'daemon-config-unknown-option', status: 'fail', code: 'unknown-option', data: { key: 'storage-drivr', suggestion: 'storage-driver', line: 2 },
    says: "the following directives don't match any configuration option: storage-drivr",
  },
  {
    name: '"graph" on Docker 24', tree: 'daemon-config-graph-24', status: 'fail', code: 'removed-option', data: { key: 'graph', removedIn: '23.0', replacement: 'data-root', engine: '24.0.7' },
    commands: [EDIT, VALIDATE, SERVICE_RESTART],
  },
  { name: '"graph" on Docker 20.10 (deprecated, still read)', tree: 'daemon-config-graph-20.10', status: 'warn', code: 'removed-option', data: { key: 'graph', replacement: 'data-root' } },
  { name: 'an option newer than the engine', tree: 'daemon-config-too-new', status: 'fail', code: 'too-new-option', data: { key: 'log-format', since: '25.0', engine: '20.10.24' } },
  {
    name: '"hosts" against -H fd:// in docker.service',
    tree: 'daemon-config-hosts-conflict', status: 'fail', code: 'flag-conflict',
    data: {
      key: 'hosts', line: 2, flag: '-H fd://', unit: '/lib/systemd/system/docker.service', unitLine: 13,
      detail: 'hosts: (from flag: [fd://], from file: [unix:///var/run/docker.sock tcp://127.0.0.1:2375])',
      execStart: '/usr/bin/dockerd --containerd=/run/containerd/containerd.sock',
    },
    commands: [
      'sudo mkdir -p /etc/systemd/system/docker.service.d',
      "printf '%s\\n' '[Service]' 'ExecStart=' 'ExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock' | sudo tee -a /etc/systemd/system/docker.service.d/override.conf",
      'sudo systemctl daemon-reload',
      RESTART,
    ],
    says: 'the following directives are specified both as a flag and in the configuration file: hosts: (from flag: [fd://], from file: [unix:///var/run/docker.sock tcp://127.0.0.1:2375])',
  },
  { name: 'a drop-in already overrides ExecStart without -H', tree: 'daemon-config-hosts-drop-in', status: 'pass', code: 'valid' },
  {
    name: 'conflict written in a drop-in: edit that file',
    tree: 'daemon-config-conflict-in-drop-in', status: 'fail', code: 'flag-conflict',
    data: { key: 'debug', flag: '-D true', unit: '/etc/systemd/system/docker.service.d/debug.conf', unitLine: 3, detail: 'debug: (from flag: true, from file: true)' },
    commands: ['sudoedit /etc/systemd/system/docker.service.d/debug.conf', 'sudo systemctl daemon-reload', RESTART],
  },
  {
    name: '--containerd of the packaged unit against "containerd"',
    tree: 'daemon-config-containerd-conflict', status: 'fail', code: 'flag-conflict',
    data: { key: 'containerd', detail: 'containerd: (from flag: /run/containerd/containerd.sock, from file: /run/containerd/containerd.sock)', execStart: '/usr/bin/dockerd -H fd://' },
  },
  {
    name: 'without systemd: DOCKER_OPTS in /etc/default/docker',
    tree: 'daemon-config-docker-opts', status: 'fail', code: 'flag-conflict',
    data: { key: 'dns', unit: '/etc/default/docker', unitLine: 4, execStart: null, detail: 'dns: (from flag: [114.114.114.114], from file: [8.8.8.8])' },
    commands: ['sudoedit /etc/default/docker', SERVICE_RESTART],
  },
  {
    name: '--config-file in ExecStart: that file is checked',
    tree: 'daemon-config-config-file-flag', status: 'fail', code: 'wrong-type', data: { file: '/etc/docker/custom.json', key: 'debug', line: 2, column: 12 },
    says: 'json: cannot unmarshal string into Go struct field Config.debug of type bool',
  },
  {
    name: 'registry-mirrors as a string', tree: 'daemon-config-mirrors-string', status: 'fail', code: 'wrong-type',
    data: { key: 'registry-mirrors', found: 'string', example: '["https://mirror.example.com"]', line: 2, column: 23 },
    commands: [EDIT, VALIDATE, SERVICE_RESTART],
    says: 'json: cannot unmarshal string into Go struct field Config.registry-mirrors of type []string',
  },
  {
    name: 'log-opts max-file as a number', tree: 'daemon-config-log-opts-number', status: 'fail', code: 'wrong-type', data: { key: 'log-opts', found: 'number', line: 5, column: 17 },
    says: 'json: cannot unmarshal number into Go struct field Config.log-opts of type string',
  },
  {
    name: "the install note's dead mirrors", tree: 'daemon-config-dead-mirror', status: 'warn', code: 'dead-mirror',
    data: { mirrors: ['hub-mirror.c.163.com', 'registry.docker-cn.com'], line: 3 },
  },
  {
    name: 'mirror without https://', tree: 'daemon-config-mirror-no-scheme', status: 'fail', code: 'invalid-value', data: { value: 'hub-mirror.c.163.com', line: 2 },
    says: 'invalid mirror: unsupported scheme "" in "hub-mirror.c.163.com"',
  },
  {
    name: 'empty file on 20.10', tree: 'daemon-config-empty-20.10', status: 'fail', code: 'empty-file',
    commands: [`echo '{}' | sudo tee ${FILE}`, SERVICE_RESTART], says: `${FILE}: EOF`,
  },
  { name: 'empty file on 27', tree: 'daemon-config-empty-27', status: 'pass', code: 'empty-file' },
  { name: 'devicemapper on 27', tree: 'daemon-config-devicemapper-27', status: 'fail', code: 'removed-option', data: { value: 'devicemapper', removedIn: '25.0' } },
];

describe('daemon-config from --root trees', () => {
  it.each(cases)('$name', async (c) => {
    const r = await runCheck(check, { root: tree(c.tree) });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    if (c.says) expect(r.text.en).toContain(c.says);
    if (r.status === 'warn' || r.status === 'fail') expect(r.outcome.fix?.docs).toMatch(/^https:\/\//);
    // "edit this file" fixes say where: the line in both languages, and the column when there is one
    // (not an object: the whole file is wrong, there is no line to name)
    if (r.commands.some((x) => x.startsWith('sudoedit ')) && r.code !== 'not-an-object') {
      const line = r.commands[0] === `sudoedit ${r.data.file}` ? r.data.line : r.data.unitLine;
      expect(r.fixText.en).toMatch(new RegExp(`line ${line}\\b`));
      expect(r.fixText['zh-CN']).toContain(`第 ${line} 行`);
      if (c.data?.column) expect(r.fixText.en).toContain(`column ${c.data.column}`);
    }
  });
});

// Cases the trees do not cover, as transcripts.
const unit = (execStart: string) => `[Service]\nType=notify\nExecStart=${execStart}\nEnvironmentFile=-/etc/default/docker\n`;

const transcripts: { name: string; host: HostSpec; status: string; code: string; data?: Record<string, unknown>; says?: string; fix?: string; commands?: string[] }[] = [
  { name: 'unreadable file', host: { files: { [FILE]: { error: 'EACCES' } } }, status: 'skip', code: 'unreadable', data: { error: 'EACCES' } },
  { name: 'empty, engine unknown', host: { files: { [FILE]: '  \n' } }, status: 'warn', code: 'empty-file' },
  { name: 'a JSON null is what Go reads as no settings', host: { files: { [FILE]: 'null' } }, status: 'pass', code: 'valid' },
  { name: 'log-level verbose', host: { files: { [FILE]: '{"log-level": "verbose"}' } }, status: 'fail', code: 'invalid-value', says: 'unable to parse logging level: verbose' },
  { name: 'mtu with a fraction', host: { files: { [FILE]: '{"mtu": 1500.5}' } }, status: 'fail', code: 'wrong-type', says: 'json: cannot unmarshal number 1500.5 into Go struct field Config.mtu of type int' },
  { name: 'dns entries must be strings', host: { files: { [FILE]: '{"dns": [8]}' } }, status: 'fail', code: 'wrong-type', says: 'Config.dns of type string' },
  { name: 'proxies sub-key type', host: { files: { [FILE]: '{"proxies": {"http-proxy": 8080}}' } }, status: 'fail', code: 'wrong-type', says: 'Config.proxies.http-proxy of type string' },
  { name: 'unknown proxies sub-key', host: { files: { [FILE]: '{"proxies": {"http_proxy": "http://p:3128"}}' } }, status: 'fail', code: 'unknown-option', data: { key: 'http_proxy' } },
  { name: 'default-address-pools needs objects', host: { files: { [FILE]: '{"default-address-pools": ["172.30.0.0/16"]}' } }, status: 'fail', code: 'wrong-type', data: { key: 'default-address-pools', found: 'string' } },
  { name: 'mis-cased key', host: { files: { [FILE]: '{"Debug": true}' } }, status: 'fail', code: 'unknown-option', data: { suggestion: 'debug' }, says: 'configuration option: Debug' },
  { name: 'escape sequences in a key stay out of the words', host: { files: { [FILE]: '{"\\u001b[31mred": 1}' } }, status: 'fail', code: 'unknown-option' },
  {
    // the flag is in $DOCKER_OPTS: a drop-in cannot take it out, /etc/default/docker is where it is
    name: 'the conflicting flag comes from $DOCKER_OPTS: edit the EnvironmentFile',
    host: {
      facts: { systemd: true },
      files: {
        [FILE]: '{"insecure-registries": ["reg:5000"]}',
        '/lib/systemd/system/docker.service': unit('/usr/sbin/dockerd -H fd:// $DOCKER_OPTS'),
        '/etc/default/docker': '# Docker options\nDOCKER_OPTS="--insecure-registry=reg:5000"\n',
      },
    },
    status: 'fail', code: 'flag-conflict',
    data: { key: 'insecure-registries', detail: 'insecure-registries: (from flag: [reg:5000], from file: [reg:5000])', unit: '/etc/default/docker', unitLine: 2, flag: '--insecure-registry reg:5000', execStart: null },
    fix: 'conflictEditFix', commands: ['sudoedit /etc/default/docker', RESTART],
  },
  {
    name: 'Environment=DOCKER_OPTS in a drop-in: edit that line',
    host: {
      facts: { systemd: true },
      files: {
        [FILE]: '{"dns": ["8.8.8.8"]}',
        '/lib/systemd/system/docker.service': unit('/usr/sbin/dockerd -H fd:// $DOCKER_OPTS'),
        '/etc/systemd/system/docker.service.d/opts.conf': '[Service]\nEnvironment="DOCKER_OPTS=--dns 1.1.1.1"\n',
      },
    },
    status: 'fail', code: 'flag-conflict', data: { key: 'dns', unit: '/etc/systemd/system/docker.service.d/opts.conf', unitLine: 2 },
    commands: ['sudoedit /etc/systemd/system/docker.service.d/opts.conf', 'sudo systemctl daemon-reload', RESTART],
  },
  {
    // systemd would expand $DOCKER_OPTS again from the EnvironmentFile the drop-in keeps
    name: '-H fd:// with $DOCKER_OPTS: the drop-in keeps $DOCKER_OPTS, unexpanded',
    host: {
      facts: { systemd: true },
      files: {
        [FILE]: '{"hosts": ["unix:///var/run/docker.sock"]}',
        '/lib/systemd/system/docker.service': unit('/usr/sbin/dockerd -H fd:// $DOCKER_OPTS'),
        '/etc/default/docker': 'DOCKER_OPTS="--dns 8.8.8.8 --label=load=50%"\n',
      },
    },
    status: 'fail', code: 'flag-conflict', data: { key: 'hosts', flag: '-H fd://', execStart: '/usr/sbin/dockerd $DOCKER_OPTS' },
    fix: 'conflictHostsFix',
    commands: [
      'sudo mkdir -p /etc/systemd/system/docker.service.d',
      "printf '%s\\n' '[Service]' 'ExecStart=' 'ExecStart=/usr/sbin/dockerd $DOCKER_OPTS' | sudo tee -a /etc/systemd/system/docker.service.d/override.conf",
      'sudo systemctl daemon-reload',
      RESTART,
    ],
  },
  {
    // the drop-in is a unit file too: %H and %% mean there what they meant in the unit
    name: 'the unit\'s own words, % specifiers, quotes and prefix stay as written',
    host: {
      facts: { systemd: true },
      files: {
        [FILE]: '{"hosts": ["unix:///var/run/docker.sock"]}',
        '/lib/systemd/system/docker.service': unit('-/usr/bin/dockerd -H fd:// --label="host=%H" --label=cpu=100%% --exec-root=\'/run/my docker\''),
      },
    },
    status: 'fail', code: 'flag-conflict', data: { execStart: '-/usr/bin/dockerd --label="host=%H" --label=cpu=100%% --exec-root=\'/run/my docker\'' },
    commands: [
      'sudo mkdir -p /etc/systemd/system/docker.service.d',
      `printf '%s\\n' '[Service]' 'ExecStart=' 'ExecStart=-/usr/bin/dockerd --label="host=%H" --label=cpu=100%% --exec-root='\\''/run/my docker'\\''' | sudo tee -a /etc/systemd/system/docker.service.d/override.conf`,
      'sudo systemctl daemon-reload',
      RESTART,
    ],
  },
  {
    name: '/etc/systemd/system/docker.service replaces the packaged unit',
    host: {
      facts: { systemd: true },
      files: {
        [FILE]: '{"hosts": ["unix:///var/run/docker.sock"]}',
        '/lib/systemd/system/docker.service': unit('/usr/bin/dockerd -H fd://'),
        '/etc/systemd/system/docker.service': unit('/usr/bin/dockerd'),
      },
    },
    status: 'pass', code: 'valid',
  },
];

// Keys dockerd accepts because a flag has that name, but never reads from the file, and keys it
// refuses although a field of its config has them: each checked against dockerd 20.10.24 (the
// integration test asks the real one again); 23.0 and later from moby's source.
const dpkg = (version: string) => `Package: docker-ce\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5:${version}-1~ubuntu.22.04~jammy\n\n`;
const withEngine = (json: string, engine?: string): HostSpec => ({ files: { [FILE]: json, ...(engine ? { '/var/lib/dpkg/status': dpkg(engine) } : {}) } });
const REFUSED = (keys: string) => `the following directives don't match any configuration option: ${keys}`;

interface KeyCase {
  name: string;
  json: string;
  engine?: string;
  status: string;
  code: string;
  message?: string;
  data?: Record<string, unknown>;
  says?: string;
  fix?: string;
  commands?: string[];
}

const keyCases: KeyCase[] = [
  {
    name: '"registry-mirror" (the flag\'s name) on 20.10: accepted and ignored', json: '{\n  "registry-mirror": ["https://mirror.example.com"]\n}', engine: '20.10.24',
    status: 'warn', code: 'ignored-option', message: 'flagName', data: { key: 'registry-mirror', setting: '"registry-mirrors"', line: 2 },
    says: 'dockerd accepts it in daemon.json but does not read it there', fix: 'flagNameFix', commands: [EDIT, RESTART],
  },
  { name: '"insecure-registry"', json: '{"insecure-registry": ["reg:5000"]}', engine: '20.10.24', status: 'warn', code: 'ignored-option', data: { key: 'insecure-registry', setting: '"insecure-registries"' } },
  { name: '"label"', json: '{"label": ["a=b"]}', status: 'warn', code: 'ignored-option', data: { key: 'label', setting: '"labels"' } },
  { name: '"host"', json: '{"host": ["unix:///var/run/docker.sock"]}', engine: '24.0.7', status: 'warn', code: 'ignored-option', data: { key: 'host', setting: '"hosts"' }, commands: [EDIT, VALIDATE, RESTART] },
  { name: '"dns" is both the flag and the key: read', json: '{"dns": ["8.8.8.8"]}', engine: '20.10.24', status: 'pass', code: 'valid' },
  { name: 'a top-level "http-proxy" on 20.10: refused', json: '{"http-proxy": "http://p:3128"}', engine: '20.10.24', status: 'fail', code: 'unknown-option', says: REFUSED('http-proxy') },
  {
    name: 'a top-level "http-proxy" on 24.0: accepted (the --http-proxy flag) and ignored', json: '{"http-proxy": "http://p:3128"}', engine: '24.0.7',
    status: 'warn', code: 'ignored-option', message: 'flagName', data: { key: 'http-proxy', setting: '"proxies": {"http-proxy": …}' },
  },
  {
    name: 'a top-level "https-proxy", release unknown: refused before 23.0, ignored after', json: '{"https-proxy": "http://p:3128"}',
    status: 'warn', code: 'ignored-option', message: 'flagNameSince', data: { since: '23.0' }, says: REFUSED('https-proxy'),
  },
  { name: '"validate" on 20.10: no such flag yet, refused', json: '{"validate": true}', engine: '20.10.24', status: 'fail', code: 'unknown-option' },
  { name: '"validate" on 24.0: a flag only', json: '{"validate": true}', engine: '24.0.7', status: 'warn', code: 'ignored-option', message: 'flagOnly', fix: 'flagOnlyFix' },
  { name: '"restart": "always" (a restart policy) on 20.10: the deprecated flag, ignored', json: '{"restart": "always"}', engine: '20.10.24', status: 'warn', code: 'ignored-option', message: 'flagOnly' },
  {
    name: '"containerd-plugin-namespace" (the docs\' old example) is refused', json: '{"containerd-plugin-namespace": "docker-plugins"}', engine: '20.10.24',
    status: 'fail', code: 'unknown-option', says: REFUSED('containerd-plugin-namespace'),
  },
  { name: '"containerd-plugins-namespace" is accepted and ignored', json: '{"containerd-plugins-namespace": "docker-plugins"}', engine: '20.10.24', status: 'warn', code: 'ignored-option', message: 'flagOnly' },
  { name: '"network-diagnostic-port" is read by 20.10', json: '{"network-diagnostic-port": 2000}', engine: '20.10.24', status: 'pass', code: 'valid' },
  { name: '"deprecated-key-path" is read by 20.10', json: '{"deprecated-key-path": "/etc/docker/key.json"}', engine: '20.10.24', status: 'pass', code: 'valid' },
  { name: '"swarm-raft-heartbeat-tick" has no flag: refused', json: '{"swarm-raft-heartbeat-tick": 1}', engine: '20.10.24', status: 'fail', code: 'unknown-option', says: REFUSED('swarm-raft-heartbeat-tick') },
  { name: '"bridge-accept-fwmark" is not in 20.10', json: '{"bridge-accept-fwmark": "0x1"}', engine: '20.10.24', status: 'fail', code: 'unknown-option' },
  {
    name: '"log-opt" with an object: dockerd refuses the keys inside it', json: '{\n  "log-opt": {\n    "max-size": "10m"\n  }\n}', engine: '20.10.24',
    status: 'fail', code: 'unknown-option', message: 'unknownNestedSuggest', data: { key: 'max-size', parent: 'log-opt', suggestion: 'log-opts', line: 3, parentLine: 2 },
    says: REFUSED('max-size'), fix: 'nestedRenameFix',
  },
  {
    name: 'an object given to a scalar option: its keys are refused first', json: '{"debug": {"x": 1}}', engine: '20.10.24',
    status: 'fail', code: 'unknown-option', message: 'unknownNested', data: { key: 'x', parent: 'debug', suggestion: null }, says: REFUSED('x'), fix: 'nestedFix',
  },
  { name: 'an empty object for a scalar option: the wrong type', json: '{"debug": {}}', status: 'fail', code: 'wrong-type', says: 'json: cannot unmarshal object into Go struct field Config.debug of type bool' },
  { name: 'a known key inside a scalar option: the wrong type wins', json: '{"log-level": {"debug": true}}', status: 'fail', code: 'wrong-type', says: 'Config.log-level of type string' },
  { name: 'an unknown key with an empty object: accepted, no effect', json: '{"registry": {}}', engine: '20.10.24', status: 'warn', code: 'ignored-option', message: 'ignoredEmptyObject', data: { key: 'registry', inner: [] }, fix: 'unknownFix' },
  {
    name: 'an unknown key around known ones: accepted, none of them read', json: '{"settings": {"debug": true, "max-concurrent-downloads": 9}}', engine: '20.10.24',
    status: 'warn', code: 'ignored-option', message: 'ignoredObject', data: { key: 'settings', inner: ['debug', 'max-concurrent-downloads'] },
  },
  { name: 'a known name inside "proxies" that is not a proxy setting', json: '{"proxies": {"debug": true}}', engine: '24.0.7', status: 'warn', code: 'ignored-option', message: 'nestedIgnored', data: { key: 'debug', parent: 'proxies' } },
  { name: 'a refused key wins over an ignored one', json: '{"registry-mirror": [], "storage-drivr": "overlay2"}', status: 'fail', code: 'unknown-option', data: { key: 'storage-drivr' } },
  { name: 'allow-nondistributable-artifacts on 27: read', json: '{"allow-nondistributable-artifacts": ["r:5000"]}', engine: '27.3.1', status: 'pass', code: 'valid' },
  {
    name: 'allow-nondistributable-artifacts on 28: accepted, no longer does anything', json: '{"allow-nondistributable-artifacts": ["r:5000"]}', engine: '28.0.1',
    status: 'warn', code: 'ignored-option', message: 'ignoredFrom', data: { key: 'allow-nondistributable-artifacts', since: '28.0' }, fix: 'removedFix',
  },
];

describe('daemon-config: what dockerd accepts, ignores or refuses', () => {
  it.each(keyCases)('$name', async (c) => {
    const r = await runCheck(check, { host: withEngine(c.json, c.engine) });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.message) expect(r.outcome.message).toBe(c.message);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.says) expect(r.text.en).toContain(c.says);
    if (c.fix) expect(r.outcome.fix?.explain).toBe(c.fix);
    if (c.commands) expect(r.commands).toEqual(c.commands);
  });
});

describe('daemon-config from transcripts', () => {
  it.each(transcripts)('$name', async (c) => {
    const r = await runCheck(check, { host: c.host });
    expect([r.status, r.code], r.text.en).toEqual([c.status, c.code]);
    if (c.data) expect(r.data).toMatchObject(c.data);
    if (c.says) expect(r.text.en).toContain(c.says);
    if (c.fix) expect(r.outcome.fix?.explain).toBe(c.fix);
    if (c.commands) expect(r.commands).toEqual(c.commands);
    expect(r.text.en).not.toMatch(/\u001b/);
  });

  it('huge garbage never crashes the check', async () => {
    let seed = 1;
    const junk = Buffer.alloc(200_000).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    for (const prefix of ['', '{"a": "', '[', '{']) {
      const r = await runCheck(check, { host: { files: { [FILE]: Buffer.concat([Buffer.from(prefix), junk]) } } });
      expect(['fail', 'warn']).toContain(r.status);
    }
  });

  it('Chinese words are filled too', async () => {
    const r = await runCheck(check, { root: tree('daemon-config-trailing-comma') });
    expect(r.text['zh-CN']).toContain('第 2 行第 48 列');
    expect(r.fixText['zh-CN']).toContain('删除第 2 行第 48 列的逗号');
  });
});
