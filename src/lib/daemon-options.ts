// The options dockerd 20.10 to 28 accepts in daemon.json, their JSON types, the flags that
// set the same thing (a value given both ways stops the daemon), and when an option came or
// went. From moby's daemon/config (json tags) and cmd/dockerd/config*.go (flags), and the
// daemon.json reference: https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file
//
// How dockerd reads the file (daemon/config.getConflictFreeConfiguration): it flattens every
// object but FLAT_OPTIONS into its keys, refuses a key that is neither a flag's name nor an
// option's (NamedOption) name, then decodes the file by the options' JSON keys. So a flag's
// name is accepted and ignored (FLAG_NAMES), and an option's JSON key that no flag carries is
// refused. The names marked 20.10 below were checked against a real dockerd 20.10.24.
import type { JsonNode } from './json-position.js';

export type OptionType =
  | 'string'
  | 'bool'
  | 'int'
  /** opts.MemBytes: "64M" or a number of bytes. */
  | 'size'
  | 'string-list'
  | 'string-map'
  | 'bool-map'
  | 'object'
  | 'object-list';

export interface DaemonOption {
  key: string;
  type: OptionType;
  /** The flag's long name when it is not the key (plural keys: `labels` is `--label`). */
  flag?: string;
  short?: string;
  /** First release that knows it (unset: 20.10 or older). */
  since?: string;
  /** First release that refuses it ("don't match any configuration option"). */
  removedIn?: string;
  /** What to use instead, for removed options. */
  replacement?: string;
  /** Sub-keys of an object option that dockerd checks as options of their own (proxies). */
  fields?: Record<string, OptionType>;
  /** dockerd does not complain when this is set both as a flag and in the file. */
  noConflict?: boolean;
  /** First release that still accepts the key but no longer does anything with it. */
  ignoredFrom?: string;
}

const o = (key: string, type: OptionType, extra: Omit<DaemonOption, 'key' | 'type'> = {}): DaemonOption => ({ key, type, ...extra });

export const DAEMON_OPTIONS: readonly DaemonOption[] = [
  o('allow-direct-routing', 'bool', { since: '28.2' }),
  // 28.0 only logs a deprecation warning for it (docker/cli#5724); later ones skip it unread
  o('allow-nondistributable-artifacts', 'string-list', { ignoredFrom: '28.0' }),
  o('api-cors-header', 'string', { removedIn: '28.0' }),
  o('authorization-plugins', 'string-list', { flag: 'authorization-plugin' }),
  o('bip', 'string'),
  o('bip6', 'string', { since: '28.0' }),
  o('bridge', 'string', { short: 'b' }),
  o('builder', 'object'),
  o('cdi-spec-dirs', 'string-list', { flag: 'cdi-spec-dir', since: '25.0' }),
  o('cgroup-parent', 'string'),
  o('cluster-advertise', 'string', { removedIn: '23.0' }),
  o('cluster-store', 'string', { removedIn: '23.0' }),
  o('cluster-store-opts', 'string-map', { flag: 'cluster-store-opt', removedIn: '23.0' }),
  o('containerd', 'string'),
  o('containerd-namespace', 'string'),
  // no "containerd-plugin-namespace": the field's JSON key, but no flag carries that name, so
  // dockerd refuses it (20.10; 25.0.3 in docker/docs#19398); the flag's name is in FLAG_NAMES
  o('cpu-rt-period', 'int'),
  o('cpu-rt-runtime', 'int'),
  o('cri-containerd', 'bool'),
  o('data-root', 'string'),
  o('debug', 'bool', { short: 'D' }),
  o('default-address-pools', 'object-list', { flag: 'default-address-pool' }),
  o('default-cgroupns-mode', 'string'),
  o('default-gateway', 'string'),
  o('default-gateway-v6', 'string'),
  o('default-ipc-mode', 'string'),
  o('default-network-opts', 'object', { flag: 'default-network-opt', since: '24.0' }),
  o('default-runtime', 'string'),
  o('default-shm-size', 'size'),
  // 20.10 reads it (the trust key); later releases skip it unread (skipValidateOptions)
  o('deprecated-key-path', 'string'),
  o('default-ulimits', 'object', { flag: 'default-ulimit' }),
  o('dns', 'string-list'),
  o('dns-opts', 'string-list', { flag: 'dns-opt' }),
  o('dns-search', 'string-list'),
  o('exec-opts', 'string-list', { flag: 'exec-opt' }),
  o('exec-root', 'string'),
  o('experimental', 'bool'),
  o('features', 'bool-map'),
  o('firewall-backend', 'string', { since: '28.2' }),
  o('fixed-cidr', 'string'),
  o('fixed-cidr-v6', 'string'),
  o('graph', 'string', { short: 'g', removedIn: '23.0', replacement: 'data-root' }),
  o('group', 'string', { short: 'G' }),
  o('host-gateway-ip', 'string'),
  o('host-gateway-ips', 'string-list', { since: '28.0' }),
  o('hosts', 'string-list', { flag: 'host', short: 'H' }),
  o('icc', 'bool'),
  o('init', 'bool'),
  o('init-path', 'string'),
  o('insecure-registries', 'string-list', { flag: 'insecure-registry' }),
  o('ip', 'string'),
  o('ip-forward', 'bool'),
  o('ip-forward-no-drop', 'bool', { since: '28.0' }),
  o('ip-masq', 'bool'),
  o('ip6tables', 'bool'),
  o('iptables', 'bool'),
  o('ipv6', 'bool'),
  o('labels', 'string-list', { flag: 'label' }),
  o('live-restore', 'bool'),
  o('log-driver', 'string'),
  o('log-format', 'string', { since: '25.0' }),
  o('log-level', 'string', { short: 'l' }),
  o('log-opts', 'string-map', { flag: 'log-opt' }),
  o('max-concurrent-downloads', 'int'),
  o('max-concurrent-uploads', 'int'),
  o('max-download-attempts', 'int'),
  o('metrics-addr', 'string'),
  o('mtu', 'int'),
  o('network-control-plane-mtu', 'int'),
  // a hidden flag, missing from `dockerd --help`; 20.10 reads it
  o('network-diagnostic-port', 'int'),
  o('no-new-privileges', 'bool'),
  o('node-generic-resources', 'string-list', { flag: 'node-generic-resource' }),
  o('oom-score-adjust', 'int', { removedIn: '25.0' }),
  o('pidfile', 'string', { short: 'p' }),
  o('proxies', 'object', { since: '23.0', fields: { 'http-proxy': 'string', 'https-proxy': 'string', 'no-proxy': 'string' } }),
  o('raw-logs', 'bool'),
  o('registry-mirrors', 'string-list', { flag: 'registry-mirror' }),
  o('rootless', 'bool'),
  o('runtimes', 'object', { flag: 'add-runtime', noConflict: true }),
  o('seccomp-profile', 'string'),
  o('selinux-enabled', 'bool'),
  o('shutdown-timeout', 'int'),
  o('storage-driver', 'string', { short: 's' }),
  o('storage-opts', 'string-list', { flag: 'storage-opt' }),
  o('swarm-default-advertise-addr', 'string'),
  o('tls', 'bool'),
  o('tlscacert', 'string'),
  o('tlscert', 'string'),
  o('tlskey', 'string'),
  o('tlsverify', 'bool'),
  o('userland-proxy', 'bool'),
  o('userland-proxy-path', 'string'),
  o('userns-remap', 'string'),
];

const BY_KEY = new Map(DAEMON_OPTIONS.map((x) => [x.key, x]));

/** The proxies' sub-keys are flags of their own (--http-proxy), and dockerd checks them as such. */
const PROXY_FLAGS: Record<string, DaemonOption> = {
  'http-proxy': o('http-proxy', 'string', { since: '23.0' }),
  'https-proxy': o('https-proxy', 'string', { since: '23.0' }),
  'no-proxy': o('no-proxy', 'string', { since: '23.0' }),
};

export function findOption(key: string): DaemonOption | undefined {
  return BY_KEY.get(key);
}

/**
 * A flag's name that dockerd accepts as a key of daemon.json, because it looks keys up among
 * its flags, but never reads there: dockerd 20.10 starts, and /info and its "Reloaded
 * configuration" log show the value unused. `key`: the setting that does work, if any.
 */
export interface FlagName {
  name: string;
  key?: string;
  /** The setting is nested: "proxies": {"http-proxy": ...}. */
  parent?: string;
  since?: string;
  removedIn?: string;
}

/** Flags that set nothing daemon.json can: the file is read by the JSON key, not this name. */
const FLAG_ONLY: readonly DaemonOption[] = [
  o('containerd-plugins-namespace', 'string'),
  o('config-file', 'string'),
  o('restart', 'bool'),
  o('version', 'bool'),
  o('help', 'bool'),
  o('validate', 'bool', { since: '23.0' }),
];

const FLAG_NAMES = new Map<string, FlagName>([
  ...DAEMON_OPTIONS.filter((x) => x.flag && x.flag !== x.key).map((x): [string, FlagName] => [x.flag!, { name: x.flag!, key: x.key, since: x.since, removedIn: x.removedIn }]),
  ...Object.values(PROXY_FLAGS).map((x): [string, FlagName] => [x.key, { name: x.key, key: x.key, parent: 'proxies', since: x.since }]),
  ...FLAG_ONLY.map((x): [string, FlagName] => [x.key, { name: x.key, since: x.since }]),
]);

export function flagName(name: string): FlagName | undefined {
  return FLAG_NAMES.get(name);
}

export function flagNames(): FlagName[] {
  return [...FLAG_NAMES.values()];
}

/** Whether a release has the option or flag; an unknown release has them all. */
export function availableIn(x: { since?: string; removedIn?: string }, engine: string | undefined): 'yes' | 'too-new' | 'removed' {
  if (engine && x.since && compareRelease(engine, x.since) < 0) return 'too-new';
  if (engine && x.removedIn && compareRelease(engine, x.removedIn) >= 0) return 'removed';
  return 'yes';
}

/** Flags dockerd takes without a value (a following word is not theirs). */
const BOOL_FLAGS = new Set(['v', ...[...DAEMON_OPTIONS, ...FLAG_ONLY].filter((x) => x.type === 'bool').flatMap((x) => [x.flag ?? x.key, ...(x.short ? [x.short] : [])])]);

const BY_FLAG = new Map<string, DaemonOption>();
for (const x of [...DAEMON_OPTIONS, ...Object.values(PROXY_FLAGS), ...FLAG_ONLY]) {
  BY_FLAG.set(x.flag ?? x.key, x);
  if (x.short) BY_FLAG.set(x.short, x);
}

export interface FlagUse {
  /** The daemon.json key the flag stands for. */
  key: string;
  /** As written, e.g. "-H" or "--containerd". */
  flag: string;
  value: string;
  /** Where in argv, and how many words (2 for "-H fd://"). */
  index: number;
  count: number;
}

export interface DockerdArgs {
  flags: FlagUse[];
  /** --config-file, when the unit points dockerd at another file. */
  configFile?: string;
}

/** The flags of a dockerd command line (argv without the program), the way pflag reads them. */
export function parseDockerdArgs(argv: readonly string[]): DockerdArgs {
  const out: DockerdArgs = { flags: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    let name: string;
    let value: string | undefined;
    let flag: string;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      value = eq > 0 ? arg.slice(eq + 1) : undefined;
      flag = `--${name}`;
    } else if (arg.startsWith('-') && arg.length > 1) {
      // -H fd://, -Hfd://, -H=fd://; bool shorthands may be grouped (-D)
      name = arg[1]!;
      const rest = arg.slice(2);
      value = rest ? rest.replace(/^=/, '') : undefined;
      flag = `-${name}`;
    } else {
      continue;
    }
    const start = i;
    const isBool = BOOL_FLAGS.has(name);
    if (value === undefined && !isBool) value = argv[++i] ?? '';
    if (name === 'config-file') out.configFile = value;
    const opt = BY_FLAG.get(name);
    if (opt) out.flags.push({ key: opt.key, flag, value: value ?? 'true', index: start, count: i - start + 1 });
  }
  return out;
}

/** Closest known key for a typo (storage-drivr -> storage-driver), or undefined when nothing is close. */
export function closestOption(key: string, among: readonly string[] = DAEMON_OPTIONS.map((x) => x.key)): string | undefined {
  const k = key.toLowerCase().replace(/_/g, '-');
  let best: string | undefined;
  let bestScore = Infinity;
  for (const x of among) {
    const d = distance(k, x);
    if (d < bestScore) [best, bestScore] = [x, d];
  }
  // a third of the word may be wrong, at most 4 edits; exact after case/underscore fixes counts
  return best !== undefined && (bestScore === 0 || bestScore <= Math.min(4, Math.max(1, Math.floor(key.length / 3)))) ? best : undefined;
}

function distance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

// ---- types ----

export interface TypeProblem {
  /** Key path as dockerd's Go error names it: log-opts, proxies.http-proxy. */
  path: string;
  expected: OptionType;
  /** The JSON kind found: string, number, bool, array, object. */
  found: string;
  node: JsonNode;
  /** Go's own error text for the simple cases (dockerd prints it), else undefined. */
  goError?: string;
}

const GO_TYPE: Partial<Record<OptionType, string>> = {
  string: 'string',
  bool: 'bool',
  int: 'int',
  'string-list': '[]string',
  'string-map': 'map[string]string',
  'bool-map': 'map[string]bool',
};

function kind(n: JsonNode): string {
  if (n.type === 'boolean') return 'bool';
  return n.type;
}

function goError(path: string, n: JsonNode, goType: string): string {
  const what = n.type === 'number' ? `number ${n.raw}` : kind(n);
  // Go names a number only when its text does not fit the type (1500.5 into int)
  const shown = n.type === 'number' && /^-?\d+$/.test(n.raw) ? 'number' : what;
  return `json: cannot unmarshal ${shown} into Go struct field Config.${path} of type ${goType}`;
}

/** Whether a value fits the option's type the way Go's json.Unmarshal decides it (null always fits). */
export function typeProblem(opt: Pick<DaemonOption, 'key' | 'type' | 'fields'>, node: JsonNode, path = opt.key): TypeProblem | undefined {
  if (node.type === 'null') return undefined;
  const bad = (n: JsonNode, goType: string | undefined, expected: OptionType = opt.type): TypeProblem => ({
    path,
    expected,
    found: kind(n),
    node: n,
    ...(goType ? { goError: goError(path, n, goType) } : {}),
  });
  switch (opt.type) {
    case 'string':
      return node.type === 'string' ? undefined : bad(node, 'string');
    case 'bool':
      return node.type === 'boolean' ? undefined : bad(node, 'bool');
    case 'int':
      if (node.type !== 'number') return bad(node, 'int');
      return /^-?\d+$/.test(node.raw) && Math.abs(Number(node.raw)) <= Number.MAX_SAFE_INTEGER ? undefined : bad(node, 'int');
    case 'size':
      return node.type === 'string' || node.type === 'number' ? undefined : bad(node, undefined);
    case 'string-list': {
      if (node.type !== 'array') return bad(node, '[]string');
      const item = node.items.find((n) => n.type !== 'string' && n.type !== 'null');
      return item ? bad(item, 'string') : undefined;
    }
    case 'string-map':
    case 'bool-map': {
      if (node.type !== 'object') return bad(node, GO_TYPE[opt.type]);
      const want = opt.type === 'string-map' ? 'string' : 'boolean';
      const entry = node.entries.find((e) => e.value.type !== want && e.value.type !== 'null');
      return entry ? bad(entry.value, want === 'string' ? 'string' : 'bool') : undefined;
    }
    case 'object': {
      if (node.type !== 'object') return bad(node, undefined);
      for (const e of node.entries) {
        const t = opt.fields?.[e.key];
        if (!t) continue;
        const p = typeProblem({ key: e.key, type: t }, e.value, `${path}.${e.key}`);
        if (p) return p;
      }
      return undefined;
    }
    case 'object-list': {
      if (node.type !== 'array') return bad(node, undefined);
      const item = node.items.find((n) => n.type !== 'object' && n.type !== 'null');
      return item ? bad(item, undefined) : undefined;
    }
  }
}

// ---- what dockerd does with the file before it reads it into its Config ----

/** Options whose value is an object dockerd takes whole (its flatOptions; 20.10 checked, default-network-opts from 24.0's source). */
export const FLAT_OPTIONS: ReadonlySet<string> = new Set(['cluster-store-opts', 'default-network-opts', 'log-opts', 'runtimes', 'default-ulimits', 'features', 'builder']);

export interface FileKey {
  key: string;
  node: JsonNode;
  keyOffset: number;
  /** The object the key was taken out of, and where that object's own key is. */
  parent?: string;
  parentOffset?: number;
}

/**
 * The keys dockerd checks against its flags. It flattens any other object value into its
 * sub-keys, whatever the key: that is how "proxies": {"http-proxy"} meets --http-proxy, and why
 * {"log-opt": {"max-size": "10m"}} is refused for "max-size" and {"foo": {}} starts.
 */
export function flattenedKeys(root: Extract<JsonNode, { type: 'object' }>): FileKey[] {
  const out: FileKey[] = [];
  for (const e of root.entries) {
    if (e.value.type === 'object' && !FLAT_OPTIONS.has(e.key)) {
      for (const s of e.value.entries) out.push({ key: s.key, node: s.value, keyOffset: s.keyOffset, parent: e.key, parentOffset: e.keyOffset });
      continue;
    }
    out.push({ key: e.key, node: e.value, keyOffset: e.keyOffset });
  }
  return out;
}

/** A key dockerd knows in some release from 20.10 to 28 (including proxies' sub-keys in place). */
export function knownKey(key: string, parent?: string): DaemonOption | undefined {
  if (parent) return BY_KEY.get(parent)?.fields?.[key] ? PROXY_FLAGS[key] : undefined;
  return BY_KEY.get(key);
}

const GO_FORMAT_MAX = 200;

/**
 * Go's %v of a decoded JSON value, as dockerd prints it in the flag-conflict message; cut at
 * 200 characters (it is shown in a message) and at depth 32 (the file may nest 10000 deep).
 */
export function goFormat(node: JsonNode): string {
  const s = format(node, 0);
  return s.length > GO_FORMAT_MAX ? `${s.slice(0, GO_FORMAT_MAX)}…` : s;
}

function format(node: JsonNode, depth: number): string {
  if (depth > 32) return '…';
  const inner = (n: JsonNode) => format(n, depth + 1);
  switch (node.type) {
    case 'array':
      return `[${node.items.slice(0, 50).map(inner).join(' ')}${node.items.length > 50 ? ' …' : ''}]`;
    case 'object':
      return `map[${[...node.entries].sort((a, b) => (a.key < b.key ? -1 : 1)).slice(0, 50).map((e) => `${e.key}:${inner(e.value)}`).join(' ')}${node.entries.length > 50 ? ' …' : ''}]`;
    case 'string':
      return node.value;
    case 'number':
      return String(Number(node.raw));
    case 'boolean':
      return String(node.value);
    case 'null':
      return '<nil>';
  }
}

// ---- versions ----

/** "24.0.7" vs "23.0": negative, zero or positive, on major.minor only. */
export function compareRelease(version: string, release: string): number {
  const p = (v: string) => (/^(\d+)\.(\d+)/.exec(v) ?? [, '0', '0']).slice(1).map(Number) as [number, number];
  const [a1, a2] = p(version);
  const [b1, b2] = p(release);
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}

/**
 * Registry mirrors that no longer serve the public: the original install note used the first
 * two (163's mirror and Docker's own China mirror); the others closed to outside users since.
 */
export const DEAD_MIRRORS: readonly { host: string; note: string }[] = [
  { host: 'hub-mirror.c.163.com', note: 'NetEase 163' },
  { host: 'registry.docker-cn.com', note: 'Docker China' },
  { host: 'dockerhub.azk8s.cn', note: 'Azure China (Azure-internal only since 2020)' },
  { host: 'docker.mirrors.ustc.edu.cn', note: 'USTC (campus only since 2024)' },
];

export function deadMirror(url: string): string | undefined {
  const host = /^(?:[a-z]+:\/\/)?([^/:]+)/i.exec(url.trim())?.[1]?.toLowerCase();
  return DEAD_MIRRORS.find((m) => m.host === host)?.host;
}

/** Storage drivers a release no longer has ("error initializing graphdriver"). */
export const REMOVED_STORAGE_DRIVERS: Record<string, string> = { aufs: '24.0', overlay: '24.0', devicemapper: '25.0' };
