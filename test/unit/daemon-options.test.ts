import { describe, expect, it } from 'vitest';
import {
  DAEMON_OPTIONS,
  closestOption,
  compareRelease,
  deadMirror,
  availableIn,
  findOption,
  flagName,
  flattenedKeys,
  goFormat,
  parseDockerdArgs,
  typeProblem,
} from '../../src/lib/daemon-options.js';
import { parseJson, type JsonNode } from '../../src/lib/json-position.js';

const node = (json: string): JsonNode => {
  const r = parseJson(new Uint8Array(Buffer.from(json)));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('the option table', () => {
  it('has each key once, and a flag for each plural key', () => {
    const keys = DAEMON_OPTIONS.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of ['registry-mirrors', 'insecure-registries', 'labels', 'hosts', 'log-opts']) expect(findOption(k)?.flag).toBeDefined();
  });
});

// What dockerd 20.10.24 did with each name as a key of daemon.json (test/integration/daemon-config-real.test.ts
// asks the real dockerd again): dockerd looks a key up among its flags, so a flag's name is
// accepted even where it is not a setting of the file, and the file is then read by the keys.
describe('the table against dockerd 20.10', () => {
  it('knows the keys dockerd 20.10 reads', () => {
    for (const k of ['network-diagnostic-port', 'deprecated-key-path', 'default-cgroupns-mode', 'containerd-namespace']) {
      expect(findOption(k), k).toBeDefined();
      expect(availableIn(findOption(k)!, '20.10.24'), k).toBe('yes');
    }
    expect(findOption('network-diagnostic-port')?.type).toBe('int');
  });

  it('does not take for keys what dockerd 20.10 refuses', () => {
    // containerd-plugin-namespace is the field's JSON name, but no flag has it: refused (25.0.3 too)
    for (const k of ['containerd-plugin-namespace', 'swarm-raft-heartbeat-tick', 'swarm-raft-election-tick', 'bridge-accept-fwmark', 'resolv-conf', 'default-init', 'disable-legacy-registry', 'D', 'H']) {
      expect(findOption(k), k).toBeUndefined();
      expect(flagName(k), k).toBeUndefined();
    }
  });

  it.each([
    ['registry-mirror', { key: 'registry-mirrors' }],
    ['insecure-registry', { key: 'insecure-registries' }],
    ['label', { key: 'labels' }],
    ['host', { key: 'hosts' }],
    ['log-opt', { key: 'log-opts' }],
    ['add-runtime', { key: 'runtimes' }],
    ['cluster-store-opt', { key: 'cluster-store-opts', removedIn: '23.0' }],
    ['cdi-spec-dir', { key: 'cdi-spec-dirs', since: '25.0' }],
    ['http-proxy', { key: 'http-proxy', parent: 'proxies', since: '23.0' }],
    ['containerd-plugins-namespace', { key: undefined }],
    ['restart', { key: undefined }],
    ['version', { key: undefined }],
    ['config-file', { key: undefined }],
    ['validate', { key: undefined, since: '23.0' }],
  ])('%s: a flag name dockerd accepts in the file and ignores', (name, want: { key?: string; parent?: string; since?: string; removedIn?: string }) => {
    const f = flagName(name);
    expect([f?.name, f?.key, f?.parent, f?.since, f?.removedIn]).toEqual([name, want.key, want.parent, want.since, want.removedIn]);
  });

  it('keys are not flag names, shorthands are neither', () => {
    for (const k of ['registry-mirrors', 'dns', 'debug', 'D', 'H', 'labels']) expect(flagName(k), k).toBeUndefined();
  });

  it('says when a release has a name', () => {
    expect(availableIn({ since: '23.0' }, '20.10.24')).toBe('too-new');
    expect(availableIn({ since: '23.0' }, '24.0.7')).toBe('yes');
    expect(availableIn({ removedIn: '23.0' }, '24.0.7')).toBe('removed');
    expect(availableIn({ since: '23.0', removedIn: '25.0' }, undefined)).toBe('yes');
  });
});

describe('parseDockerdArgs', () => {
  it.each([
    [['-H', 'fd://', '--containerd=/run/containerd/containerd.sock'], [{ key: 'hosts', flag: '-H', value: 'fd://', index: 0, count: 2 }, { key: 'containerd', flag: '--containerd', value: '/run/containerd/containerd.sock', index: 2, count: 1 }]],
    [['-Hfd://'], [{ key: 'hosts', value: 'fd://', count: 1 }]],
    [['--host=tcp://0.0.0.0:2375', '--host', 'unix:///var/run/docker.sock'], [{ key: 'hosts', value: 'tcp://0.0.0.0:2375' }, { key: 'hosts', value: 'unix:///var/run/docker.sock' }]],
    [['-D', '--iptables=false', '--live-restore'], [{ key: 'debug', value: 'true' }, { key: 'iptables', value: 'false' }, { key: 'live-restore', value: 'true' }]],
    [['--registry-mirror', 'https://m', '--insecure-registry=r:5000'], [{ key: 'registry-mirrors', value: 'https://m' }, { key: 'insecure-registries', value: 'r:5000' }]],
    [['--http-proxy', 'http://p:3128'], [{ key: 'http-proxy', value: 'http://p:3128' }]],
    [['--unknown-flag', 'x', '-H', 'fd://'], [{ key: 'hosts', value: 'fd://' }]],
    // plain flags meet a file key of their own name: dockerd 20.10 refuses the pair
    [['--containerd-plugins-namespace', 'p', '--config-file=/x.json'], [{ key: 'containerd-plugins-namespace', value: 'p' }, { key: 'config-file', value: '/x.json' }]],
  ])('%j', (argv, flags) => {
    expect(parseDockerdArgs(argv).flags).toMatchObject(flags);
  });

  it('finds --config-file', () => {
    expect(parseDockerdArgs(['-H', 'fd://', '--config-file', '/etc/docker/x.json']).configFile).toBe('/etc/docker/x.json');
    expect(parseDockerdArgs(['--config-file=/y.json']).configFile).toBe('/y.json');
  });
});

describe('closestOption', () => {
  it.each([
    ['storage-drivr', 'storage-driver'],
    ['registry-mirror', 'registry-mirrors'],
    ['insecure-registry', 'insecure-registries'],
    ['Debug', 'debug'],
    ['log_opts', 'log-opts'],
    ['xyzzy', undefined],
    ['a'.repeat(500), undefined],
  ])('%s -> %s', (typo, want) => expect(closestOption(typo)).toBe(want));
});

describe('typeProblem: what Go json.Unmarshal refuses', () => {
  it.each([
    ['registry-mirrors', '"https://m"', 'json: cannot unmarshal string into Go struct field Config.registry-mirrors of type []string'],
    ['registry-mirrors', '[1]', 'json: cannot unmarshal number into Go struct field Config.registry-mirrors of type string'],
    ['debug', '"true"', 'json: cannot unmarshal string into Go struct field Config.debug of type bool'],
    ['live-restore', '1', 'json: cannot unmarshal number into Go struct field Config.live-restore of type bool'],
    ['max-concurrent-downloads', '"3"', 'json: cannot unmarshal string into Go struct field Config.max-concurrent-downloads of type int'],
    ['mtu', '1500.5', 'json: cannot unmarshal number 1500.5 into Go struct field Config.mtu of type int'],
    ['mtu', '1e3', 'json: cannot unmarshal number 1e3 into Go struct field Config.mtu of type int'],
    ['log-opts', '{"max-file": 3}', 'json: cannot unmarshal number into Go struct field Config.log-opts of type string'],
    ['log-opts', '"max-size=10m"', 'json: cannot unmarshal string into Go struct field Config.log-opts of type map[string]string'],
    ['features', '{"buildkit": "true"}', 'json: cannot unmarshal string into Go struct field Config.features of type bool'],
    ['proxies', '{"http-proxy": 1}', 'json: cannot unmarshal number into Go struct field Config.proxies.http-proxy of type string'],
  ])('%s: %s', (key, json, goError) => {
    expect(typeProblem(findOption(key)!, node(json))?.goError).toBe(goError);
  });

  it.each([
    ['registry-mirrors', '["https://m", null]'],
    ['debug', 'false'],
    ['debug', 'null'],
    ['mtu', '1400'],
    ['default-shm-size', '"64M"'],
    ['default-shm-size', '67108864'],
    ['log-opts', '{"max-size": "10m", "max-file": "3"}'],
    ['default-address-pools', '[{"base": "172.30.0.0/16", "size": 24}]'],
    ['runtimes', '{"nvidia": {"path": "nvidia-container-runtime", "runtimeArgs": []}}'],
  ])('%s accepts %s', (key, json) => expect(typeProblem(findOption(key)!, node(json))).toBeUndefined());

  it('complex types have no Go wording to quote', () => {
    const p = typeProblem(findOption('default-address-pools')!, node('["172.30.0.0/16"]'));
    expect(p?.found).toBe('string');
    expect(p?.goError).toBeUndefined();
  });
});

describe('the rest', () => {
  it('flattens every object but the options whose value is a map, like dockerd', () => {
    // dockerd 20.10: {"foo": {}} starts, {"log-opt": {"max-size": "10m"}} is refused naming max-size
    const root = node('{"debug": true, "proxies": {"http-proxy": "http://p"}, "log-opts": {"max-size": "1m"}, "log-opt": {"max-size": "1m"}, "foo": {}, "runtimes": {"r": {}}}');
    if (root.type !== 'object') throw new Error();
    expect(flattenedKeys(root).map((k) => [k.key, k.parent])).toEqual([['debug', undefined], ['http-proxy', 'proxies'], ['log-opts', undefined], ['max-size', 'log-opt'], ['runtimes', undefined]]);
    expect(flattenedKeys(root)[3]).toMatchObject({ parentOffset: 87 });
  });

  it("formats values like Go's %v", () => {
    expect(goFormat(node('["a", "b"]'))).toBe('[a b]');
    expect(goFormat(node('{"b": 1, "a": true}'))).toBe('map[a:true b:1]');
    expect(goFormat(node('null'))).toBe('<nil>');
  });

  it('formats hostile values without overflowing the stack, and short', () => {
    // "hosts" nested 9990 deep meets -H fd:// in the unit: the flag-conflict detail formats it
    const deep = node(`${'['.repeat(9990)}${']'.repeat(9990)}`);
    expect(() => goFormat(deep)).not.toThrow();
    expect(goFormat(deep).length).toBeLessThanOrEqual(201);
    expect(goFormat(node(JSON.stringify(Array.from({ length: 5000 }, (_, i) => `tcp://10.0.0.${i}:2375`)))).length).toBeLessThanOrEqual(201);
  });

  it('compares releases on major.minor', () => {
    expect(compareRelease('20.10.24', '23.0')).toBeLessThan(0);
    expect(compareRelease('23.0.1', '23.0')).toBe(0);
    expect(compareRelease('27.3.1', '25.0')).toBeGreaterThan(0);
    expect(compareRelease('garbage', '1.0')).toBeLessThan(0);
  });

  it('knows the dead mirrors by host', () => {
    expect(deadMirror('https://hub-mirror.c.163.com/')).toBe('hub-mirror.c.163.com');
    expect(deadMirror('http://REGISTRY.DOCKER-CN.COM')).toBe('registry.docker-cn.com');
    expect(deadMirror('https://mirror.gcr.io')).toBeUndefined();
  });
});
