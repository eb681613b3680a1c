import { defineCheck, type CheckResult, type Data } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { HostFacts } from '../src/host/types.js';
import {
  REMOVED_STORAGE_DRIVERS,
  closestOption,
  compareRelease,
  deadMirror,
  findOption,
  flattenedKeys,
  goFormat,
  knownKey,
  parseDockerdArgs,
  typeProblem,
  type DaemonOption,
  type FlagUse,
  type OptionType,
} from '../src/lib/daemon-options.js';
import { DPKG_STATUS, DPKG_STATUS_MAX_BYTES, statusFromRead } from '../src/lib/dpkg.js';
import { engineFromDpkg } from '../src/lib/engine-version.js';
import { detectBom, firstInvalidUtf8, parseJson, positionOf, type JsonNode, type JsonSyntaxError } from '../src/lib/json-position.js';
import { shQuote } from '../src/lib/shell-quote.js';
import { loadUnit, parseEnvFile, resolveExecStart, splitCommand } from '../src/lib/systemd-unit.js';

// dockerd refuses to start on a daemon.json it cannot use, and all the user sees is
// "Job for docker.service failed". We read the file the way dockerd 20.10-28 does, in the same
// order (bytes, JSON syntax, unknown keys, flag conflicts, types, values), and quote dockerd's
// own words, checked against a real dockerd 20.10, so that users recognise them in the journal.
const DOCS = 'https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file';
const DOCS_SYSTEMD = 'https://docs.docker.com/engine/daemon/remote-access/';
const DOCS_MIRROR = 'https://docs.docker.com/docker-hub/image-library/mirror/';
const DOCS_STORAGE = 'https://docs.docker.com/engine/storage/drivers/select-storage-driver/';
const DEFAULT_FILE = '/etc/docker/daemon.json';
const DEFAULT_DEFAULTS = '/etc/default/docker';
const DROPIN_DIR = '/etc/systemd/system/docker.service.d';
const MAX_BYTES = 1024 * 1024;
/** dockerd 23.0 accepts a BOM, UTF-16 and an empty file, and has --validate. */
const TOLERANT = '23.0';
const LOG_LEVELS = ['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace'];

const messages = {
  noConfig: { en: '{file} does not exist: dockerd runs with its defaults.', 'zh-CN': '{file} 不存在：dockerd 使用默认配置运行。' },
  valid: { en: '{file} is valid ({count} settings).', 'zh-CN': '{file} 有效（{count} 项设置）。' },
  unreadable: { en: 'Skipped: {file} cannot be read ({error}).', 'zh-CN': '已跳过：无法读取 {file}（{error}）。' },
  emptyOk: { en: '{file} is empty; Docker {engine} treats that as no settings.', 'zh-CN': '{file} 是空文件；Docker {engine} 将其视为没有任何设置。' },
  emptyOld: {
    en: '{file} is empty, and Docker {engine} refuses an empty file: "unable to configure the Docker daemon with file {file}: EOF".',
    'zh-CN': '{file} 是空文件，而 Docker {engine} 不接受空文件："unable to configure the Docker daemon with file {file}: EOF"。',
  },
  emptyUnknown: {
    en: '{file} is empty: Docker 23.0 and later accept that, older releases refuse to start ("unable to configure the Docker daemon with file {file}: EOF").',
    'zh-CN': '{file} 是空文件：Docker 23.0 及以后版本可以接受，更早的版本会拒绝启动（"unable to configure the Docker daemon with file {file}: EOF"）。',
  },
  emptyFix: { en: 'Write an empty JSON object into the file, then restart the daemon.', 'zh-CN': '向该文件写入一个空的 JSON 对象，然后重启守护进程。' },
  bom: {
    en: '{file} starts with a byte-order mark ({encoding}), invisible in most editors, and Docker {engine} refuses it: "{detail}".',
    'zh-CN': '{file} 以字节顺序标记（BOM，{encoding}）开头，大多数编辑器里看不到它，而 Docker {engine} 会拒绝该文件："{detail}"。',
  },
  bomUnknown: {
    en: '{file} starts with a byte-order mark ({encoding}), invisible in most editors. Docker 23.0 and later skip it; older releases refuse the file: "{detail}".',
    'zh-CN': '{file} 以字节顺序标记（BOM，{encoding}）开头，大多数编辑器里看不到它。Docker 23.0 及以后版本会忽略它；更早的版本会拒绝该文件："{detail}"。',
  },
  bomFix: {
    en: 'Save the file as UTF-8 without a byte-order mark (the first command does that), then restart the daemon.',
    'zh-CN': '将文件保存为不带 BOM 的 UTF-8 编码（第一条命令即可完成），然后重启守护进程。',
  },
  binary: {
    en: '{file} contains binary data (byte {byte} at line {line}, column {column}): it is damaged or not a text file. dockerd says: "{detail}".',
    'zh-CN': '{file} 含有二进制数据（第 {line} 行第 {column} 列的字节 {byte}）：文件已损坏，或者根本不是文本文件。dockerd 的报错是："{detail}"。',
  },
  binaryFix: {
    en: 'Move the damaged file aside (the daemon then starts with its defaults) and write the settings you need again by hand.',
    'zh-CN': '把损坏的文件移走（守护进程随后以默认配置启动），再手动重新写入你需要的设置。',
  },
  trailingComma: {
    en: '{file}, line {line}, column {column}: a comma before the closing bracket, which JSON does not allow. dockerd says: "{detail}".',
    'zh-CN': '{file} 第 {line} 行第 {column} 列：右括号前多了一个逗号，JSON 不允许这样写。dockerd 的报错是："{detail}"。',
  },
  trailingCommaFix: {
    en: 'Delete the comma at line {line}, column {column}; then check the file and restart the daemon.',
    'zh-CN': '删除第 {line} 行第 {column} 列的逗号，然后检查该文件并重启守护进程。',
  },
  syntax: {
    en: '{file}, line {line}, column {column}: not valid JSON. dockerd says: "{detail}".',
    'zh-CN': '{file} 第 {line} 行第 {column} 列：不是有效的 JSON。dockerd 的报错是："{detail}"。',
  },
  syntaxEof: {
    en: '{file} ends too early (line {line}): a closing bracket or quote is missing. dockerd says: "{detail}".',
    'zh-CN': '{file} 提前结束了（第 {line} 行）：缺少右括号或引号。dockerd 的报错是："{detail}"。',
  },
  syntaxComment: {
    en: '{file}, line {line}, column {column}: a comment, but JSON has no comments. dockerd says: "{detail}".',
    'zh-CN': '{file} 第 {line} 行第 {column} 列：这里写了注释，但 JSON 不支持注释。dockerd 的报错是："{detail}"。',
  },
  syntaxFullwidth: {
    en: '{file}, line {line}, column {column}: the full-width character {char} where JSON needs plain ASCII quotes, commas and colons (typical after typing with a Chinese input method). dockerd says: "{detail}".',
    'zh-CN': '{file} 第 {line} 行第 {column} 列：使用了全角字符 {char}，而 JSON 只接受半角（ASCII）的引号、逗号和冒号（常见于用中文输入法输入之后）。dockerd 的报错是："{detail}"。',
  },
  syntaxSingleQuote: {
    en: "{file}, line {line}, column {column}: single quotes; JSON strings need double quotes. dockerd says: \"{detail}\".",
    'zh-CN': '{file} 第 {line} 行第 {column} 列：使用了单引号；JSON 字符串必须使用双引号。dockerd 的报错是："{detail}"。',
  },
  syntaxMissingComma: {
    en: '{file}, line {line}, column {column}: a comma is missing before this entry. dockerd says: "{detail}".',
    'zh-CN': '{file} 第 {line} 行第 {column} 列：这一项之前缺少逗号。dockerd 的报错是："{detail}"。',
  },
  syntaxFix: {
    en: 'Correct the JSON at line {line}, column {column}; then check the file and restart the daemon.',
    'zh-CN': '修正第 {line} 行第 {column} 列处的 JSON，然后检查该文件并重启守护进程。',
  },
  notObject: {
    en: '{file} holds a JSON {found}, but dockerd needs one object. dockerd says: "{detail}".',
    'zh-CN': '{file} 的内容是 JSON {found}，但 dockerd 需要一个对象。dockerd 的报错是："{detail}"。',
  },
  notObjectFix: {
    en: 'The whole file must be a single object of settings, like {"log-level": "info"}; then restart the daemon.',
    'zh-CN': '整个文件必须是一个包含各项设置的对象，例如 {"log-level": "info"}；然后重启守护进程。',
  },
  unknownOption: {
    en: '{file}, line {line}: "{key}" is not a dockerd option. dockerd says: "the following directives don\'t match any configuration option: {keys}".',
    'zh-CN': '{file} 第 {line} 行："{key}" 不是 dockerd 的配置项。dockerd 的报错是："the following directives don\'t match any configuration option: {keys}"。',
  },
  unknownOptionSuggest: {
    en: '{file}, line {line}: "{key}" is not a dockerd option; did you mean "{suggestion}"? dockerd says: "the following directives don\'t match any configuration option: {keys}".',
    'zh-CN': '{file} 第 {line} 行："{key}" 不是 dockerd 的配置项；是不是想写 "{suggestion}"？dockerd 的报错是："the following directives don\'t match any configuration option: {keys}"。',
  },
  unknownFix: {
    en: 'Rename or remove "{key}" (line {line}); then check the file and restart the daemon.',
    'zh-CN': '修改或删除 "{key}"（第 {line} 行），然后检查该文件并重启守护进程。',
  },
  removedOption: {
    en: '{file}, line {line}: "{key}" was removed in Docker {removedIn}, so Docker {engine} refuses the file: "the following directives don\'t match any configuration option: {key}".',
    'zh-CN': '{file} 第 {line} 行："{key}" 已在 Docker {removedIn} 中移除，因此 Docker {engine} 会拒绝该文件："the following directives don\'t match any configuration option: {key}"。',
  },
  removedOptionWarn: {
    en: '{file}, line {line}: "{key}" is deprecated; from Docker {removedIn} on the daemon refuses to start with it ("the following directives don\'t match any configuration option: {key}").',
    'zh-CN': '{file} 第 {line} 行："{key}" 已被弃用；从 Docker {removedIn} 起守护进程会因此拒绝启动（"the following directives don\'t match any configuration option: {key}"）。',
  },
  removedFix: { en: 'Remove "{key}" (line {line}), then restart the daemon.', 'zh-CN': '删除 "{key}"（第 {line} 行），然后重启守护进程。' },
  replaceFix: {
    en: 'Rename "{key}" to "{replacement}" (line {line}), then restart the daemon.',
    'zh-CN': '将 "{key}" 改为 "{replacement}"（第 {line} 行），然后重启守护进程。',
  },
  removedDriver: {
    en: '{file}, line {line}: the storage driver "{value}" was removed in Docker {removedIn}; Docker {engine} cannot start with it.',
    'zh-CN': '{file} 第 {line} 行：存储驱动 "{value}" 已在 Docker {removedIn} 中移除；Docker {engine} 无法用它启动。',
  },
  removedDriverWarn: {
    en: '{file}, line {line}: the storage driver "{value}" is deprecated and gone from Docker {removedIn} on.',
    'zh-CN': '{file} 第 {line} 行：存储驱动 "{value}" 已被弃用，从 Docker {removedIn} 起不再提供。',
  },
  removedDriverFix: {
    en: 'Remove "storage-driver" (line {line}) to use the default overlay2. Images and containers stored by the old driver are not visible under the new one.',
    'zh-CN': '删除 "storage-driver"（第 {line} 行），改用默认的 overlay2。旧驱动存储的镜像和容器在新驱动下不可见。',
  },
  tooNewOption: {
    en: '{file}, line {line}: "{key}" exists only from Docker {since} on; Docker {engine} refuses it: "the following directives don\'t match any configuration option: {key}".',
    'zh-CN': '{file} 第 {line} 行："{key}" 从 Docker {since} 起才有；Docker {engine} 会拒绝它："the following directives don\'t match any configuration option: {key}"。',
  },
  tooNewFix: {
    en: 'Remove "{key}" (line {line}) or upgrade Docker Engine to {since} or later; then restart the daemon.',
    'zh-CN': '删除 "{key}"（第 {line} 行），或将 Docker Engine 升级到 {since} 或更高版本；然后重启守护进程。',
  },
  flagConflict: {
    en: '{file}, line {line}: "{key}" is also given as {flag} in {unit} (line {unitLine}), and dockerd refuses to start: "the following directives are specified both as a flag and in the configuration file: {detail}".',
    'zh-CN': '{file} 第 {line} 行："{key}" 同时通过 {unit}（第 {unitLine} 行）中的 {flag} 参数设置，dockerd 因此拒绝启动："the following directives are specified both as a flag and in the configuration file: {detail}"。',
  },
  conflictDropInFix: {
    en: 'Either remove "{key}" from {file}, or override ExecStart without {flag}: the commands write a drop-in with [Service], an empty ExecStart= and ExecStart={execStart} (`sudo systemctl edit docker` does the same interactively).',
    'zh-CN': '要么从 {file} 中删除 "{key}"，要么在不带 {flag} 的情况下覆盖 ExecStart：下面的命令会写入一个 drop-in 文件，内容为 [Service]、一行空的 ExecStart= 以及 ExecStart={execStart}（也可以用 `sudo systemctl edit docker` 交互式完成）。',
  },
  conflictHostsFix: {
    en: 'Either remove "hosts" from {file}, or override ExecStart without {flag}: the commands write a drop-in with [Service], an empty ExecStart= and ExecStart={execStart} (`sudo systemctl edit docker` does the same interactively). Keep "unix:///var/run/docker.sock" in "hosts" so that the docker command still finds the daemon.',
    'zh-CN': '要么从 {file} 中删除 "hosts"，要么在不带 {flag} 的情况下覆盖 ExecStart：下面的命令会写入一个 drop-in 文件，内容为 [Service]、一行空的 ExecStart= 以及 ExecStart={execStart}（也可以用 `sudo systemctl edit docker` 交互式完成）。请在 "hosts" 中保留 "unix:///var/run/docker.sock"，这样 docker 命令仍能找到守护进程。',
  },
  conflictEditFix: {
    en: 'Remove {flag} from {unit} (line {unitLine}) or "{key}" from {file} (line {line}); then restart the daemon.',
    'zh-CN': '从 {unit}（第 {unitLine} 行）中删除 {flag}，或从 {file}（第 {line} 行）中删除 "{key}"；然后重启守护进程。',
  },
  wrongType: {
    en: '{file}, line {line}, column {column}: "{key}" has the wrong type ({found}). dockerd says: "{detail}". It should look like "{key}": {example}',
    'zh-CN': '{file} 第 {line} 行第 {column} 列："{key}" 的类型错误（{found}）。dockerd 的报错是："{detail}"。正确写法类似 "{key}": {example}',
  },
  wrongTypePlain: {
    en: '{file}, line {line}, column {column}: "{key}" has the wrong type ({found}); dockerd cannot read it. It should look like "{key}": {example}',
    'zh-CN': '{file} 第 {line} 行第 {column} 列："{key}" 的类型错误（{found}），dockerd 无法读取。正确写法类似 "{key}": {example}',
  },
  wrongTypeFix: {
    en: 'Change the value at line {line}, column {column} to that form; then check the file and restart the daemon.',
    'zh-CN': '把第 {line} 行第 {column} 列的值改成上面的形式，然后检查该文件并重启守护进程。',
  },
  invalidMirror: {
    en: '{file}, line {line}: the registry mirror "{value}" must be a URL starting with https:// (or http://). dockerd says: "{detail}".',
    'zh-CN': '{file} 第 {line} 行：镜像加速地址 "{value}" 必须是以 https://（或 http://）开头的 URL。dockerd 的报错是："{detail}"。',
  },
  invalidLogLevel: {
    en: '{file}, line {line}: "{value}" is not a log level (debug, info, warn, error, fatal). dockerd says: "{detail}".',
    'zh-CN': '{file} 第 {line} 行："{value}" 不是有效的日志级别（debug、info、warn、error、fatal）。dockerd 的报错是："{detail}"。',
  },
  invalidValueFix: {
    en: 'Correct the value at line {line}; then check the file and restart the daemon.',
    'zh-CN': '修正第 {line} 行的值，然后检查该文件并重启守护进程。',
  },
  deadMirror: {
    en: '{file}, line {line}: these registry mirrors no longer serve the public: {mirrors}. Every pull waits for them to fail before falling back to Docker Hub.',
    'zh-CN': '{file} 第 {line} 行：以下镜像加速地址已不再对公众提供服务：{mirrors}。每次拉取镜像都要等它们失败后才会回退到 Docker Hub。',
  },
  deadMirrorFix: {
    en: 'Remove these entries from "registry-mirrors" (or replace them with a mirror that works for you), then restart the daemon.',
    'zh-CN': '从 "registry-mirrors" 中删除这些地址（或换成对你可用的镜像加速地址），然后重启守护进程。',
  },
};

type M = keyof typeof messages;
type Result = CheckResult<M>;

interface Env {
  file: string;
  bytes: Uint8Array;
  engine?: string;
  facts: HostFacts;
}

interface FlagSource {
  /** The unit file or /etc/default/docker. */
  path: string;
  line: number;
  argv: string[];
  flags: FlagUse[];
  /** The flags come from a systemd ExecStart= (a drop-in can override it). */
  systemd: boolean;
}

const at = (env: Env, offset: number) => positionOf(env.bytes, offset);

function restart(f: HostFacts): string[] {
  return f.systemd ? ['sudo systemctl reset-failed docker && sudo systemctl restart docker'] : ['sudo service docker restart'];
}

function validate(env: Env): string[] {
  // --validate came with dockerd 23.0
  return env.engine && compareRelease(env.engine, TOLERANT) < 0 ? [] : [`sudo dockerd --validate --config-file ${shQuote(env.file)}`];
}

function editAt(env: Env, line: number, column = 1): string[] {
  return [`sudo nano +${line},${column} ${shQuote(env.file)}`, ...validate(env), ...restart(env.facts)];
}

/** A value the user can copy, in the form the option wants. */
function example(opt: { key: string; type: OptionType }): string {
  if (opt.key === 'log-opts') return '{"max-size": "10m", "max-file": "3"}';
  if (opt.key === 'registry-mirrors') return '["https://mirror.example.com"]';
  if (opt.key === 'hosts') return '["unix:///var/run/docker.sock"]';
  if (opt.key === 'dns') return '["8.8.8.8"]';
  const byType: Record<OptionType, string> = {
    string: '"…"',
    bool: 'true',
    int: '3',
    size: '"64M"',
    'string-list': '["…"]',
    'string-map': '{"name": "value"}',
    'bool-map': '{"name": true}',
    object: '{…}',
    'object-list': '[{…}]',
  };
  return byType[opt.type];
}

async function engineVersion(ctx: CheckContext): Promise<string | undefined> {
  const st = statusFromRead(await ctx.files.read(DPKG_STATUS, { maxBytes: DPKG_STATUS_MAX_BYTES }));
  return st.kind === 'ok' ? engineFromDpkg(st.db)?.version : undefined;
}

interface Launch {
  /** The file dockerd reads: --config-file in the unit, else the default. */
  file: string;
  source?: FlagSource;
}

/** How dockerd is started: the systemd unit's ExecStart, or $DOCKER_OPTS of /etc/default/docker without systemd. */
async function launch(ctx: CheckContext, f: HostFacts): Promise<Launch> {
  if (f.systemd) {
    const exec = await resolveExecStart(ctx.files, await loadUnit(ctx.files, 'docker.service'));
    if (!exec) return { file: DEFAULT_FILE };
    const args = parseDockerdArgs(exec.argv.slice(1));
    const file = args.configFile?.startsWith('/') ? args.configFile : DEFAULT_FILE;
    return { file, source: { path: exec.path, line: exec.line, argv: exec.argv, flags: args.flags, systemd: true } };
  }
  // the SysV scripts of docker-ce and docker.io run dockerd $DOCKER_OPTS from this file
  const text = await ctx.files.text(DEFAULT_DEFAULTS, { maxBytes: 64 * 1024 });
  const opts = text === undefined ? undefined : parseEnvFile(text).DOCKER_OPTS;
  if (!opts) return { file: DEFAULT_FILE };
  const line = text!.split('\n').findIndex((l) => /^\s*(export\s+)?DOCKER_OPTS\s*=/.test(l)) + 1;
  const argv = splitCommand(opts);
  const args = parseDockerdArgs(argv);
  const file = args.configFile?.startsWith('/') ? args.configFile : DEFAULT_FILE;
  return { file, source: { path: DEFAULT_DEFAULTS, line, argv, flags: args.flags, systemd: false } };
}

export default defineCheck<M>({
  id: 'daemon-config',
  title: { en: 'Docker daemon configuration (daemon.json)', 'zh-CN': 'Docker 守护进程配置（daemon.json）' },
  category: 'config',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    'no-config': 'There is no daemon.json: dockerd runs with its defaults.',
    valid: 'daemon.json is read by dockerd without complaint (data.count settings).',
    unreadable: 'The file exists but cannot be read (data.error); skipped.',
    'empty-file': 'The file is empty: fine from Docker 23.0 on (pass), refused before (fail), warn when the version is unknown.',
    'byte-order-mark': 'The file starts with a UTF-8 or UTF-16 byte-order mark: refused before Docker 23.0 (fail), warn when the version is unknown.',
    'binary-content': 'The file holds NUL/control bytes or invalid UTF-8 (data.line, data.column, data.byte).',
    'trailing-comma': 'A comma before } or ]: data.line and data.column point at the comma.',
    'syntax-error': "Not valid JSON; data.detail is Go's (dockerd's) message, data.line/column where, data.hint a likely cause (comment, fullwidth, single-quote, missing-comma, eof).",
    'not-an-object': 'The JSON document is not an object.',
    'unknown-option': 'A key no dockerd from 20.10 to 28 knows (data.key, data.suggestion the closest known key).',
    'removed-option': 'An option (or storage driver) that the installed release no longer has (fail), or that is deprecated and will be refused by later releases (warn).',
    'too-new-option': 'An option newer than the installed Docker Engine.',
    'flag-conflict': 'An option also given as a dockerd flag in docker.service ExecStart (or DOCKER_OPTS): "hosts" against -H fd:// is the classic.',
    'wrong-type': 'A known option with a value of the wrong JSON type (data.key, data.found, data.example).',
    'invalid-value': 'A registry mirror without http(s):// or a log-level dockerd does not know.',
    'dead-mirror': 'registry-mirrors lists a mirror known to be shut down (163, docker-cn, ...).',
  },
  messages,
  async run(ctx): Promise<Result> {
    const facts = await ctx.facts();
    const { file, source } = await launch(ctx, facts);
    const r = await ctx.files.read(file, { encoding: 'base64', maxBytes: MAX_BYTES });
    if (!r.ok) {
      if (r.error === 'ENOENT' || r.error === 'ENOTDIR') return { status: 'pass', code: 'no-config', message: 'noConfig', data: { file } };
      return { status: 'skip', code: 'unreadable', message: 'unreadable', data: { file, error: r.error } };
    }
    if (r.truncated) return { status: 'skip', code: 'unreadable', message: 'unreadable', data: { file, error: `larger than ${MAX_BYTES} bytes` } };
    const raw = new Uint8Array(Buffer.from(r.content, r.encoding === 'base64' ? 'base64' : 'utf8'));
    const engine = await engineVersion(ctx);
    const old = engine !== undefined && compareRelease(engine, TOLERANT) < 0;
    const warns: Result[] = [];

    // 1. bytes: a byte-order mark, binary data
    let bytes = raw;
    const bom = detectBom(raw);
    if (bom) {
      const detail = `invalid character ${bom === 'utf-8' ? "'ï'" : bom === 'utf-16le' ? "'ÿ'" : "'þ'"} looking for beginning of value`;
      const data = { file, encoding: bom.toUpperCase(), detail, engine: engine ?? null, line: 1, column: 1 };
      const q = shQuote(file);
      const commands = [
        bom === 'utf-8' ? `sudo sed -i '1s/^\\xEF\\xBB\\xBF//' ${q}` : `sudo sh -c ${shQuote(`iconv -f UTF-16 -t UTF-8 ${q} > ${q}.utf8 && mv ${q}.utf8 ${q}`)}`,
        ...restart(facts),
      ];
      const result: Result = { status: old ? 'fail' : 'warn', code: 'byte-order-mark', message: old ? 'bom' : 'bomUnknown', data, fix: { explain: 'bomFix', commands, docs: DOCS } };
      if (old) return result;
      // newer dockerd decodes it: read on, as it does
      if (engine === undefined) warns.push(result);
      bytes = bom === 'utf-8' ? raw.subarray(3) : new Uint8Array(Buffer.from(new TextDecoder(bom).decode(raw.subarray(2))));
    }
    const env: Env = { file, bytes, engine, facts };
    const badUtf8 = firstInvalidUtf8(bytes);
    if (badUtf8 >= 0) {
      const pos = at(env, badUtf8);
      const detail = `failed to decode configuration JSON at offset ${badUtf8}: encoding: invalid UTF-8`;
      return binary(env, pos.line, pos.column, bytes[badUtf8]!, detail);
    }

    // 2. empty
    if (Buffer.from(bytes).toString('utf8').trim() === '') {
      const data = { file, engine: engine ?? null };
      const fix = { explain: 'emptyFix' as const, commands: [`echo '{}' | sudo tee ${shQuote(file)}`, ...restart(facts)], docs: DOCS };
      if (old) return { status: 'fail', code: 'empty-file', message: 'emptyOld', data, fix };
      if (engine === undefined) return first(warns) ?? { status: 'warn', code: 'empty-file', message: 'emptyUnknown', data, fix };
      return { status: 'pass', code: 'empty-file', message: 'emptyOk', data };
    }

    // 3. JSON syntax
    const parsed = parseJson(bytes);
    if (!parsed.ok) return syntax(env, parsed.error);
    const root = parsed.value;
    if (root.type === 'null') return first(warns) ?? { status: 'pass', code: 'valid', message: 'valid', data: { file, count: 0 } };
    if (root.type !== 'object') {
      const found = root.type === 'boolean' ? 'bool' : root.type;
      return {
        status: 'fail', code: 'not-an-object', message: 'notObject',
        data: { file, found, detail: `json: cannot unmarshal ${found} into Go value of type map[string]interface {}`, line: 1 },
        fix: { explain: 'notObjectFix', commands: editAt(env, 1), docs: DOCS },
      };
    }

    // 4. keys dockerd does not know (in this release)
    const keys = flattenedKeys(root);
    const refused: { key: string; keyOffset: number; opt?: DaemonOption; why: 'unknown' | 'removed' | 'too-new' }[] = [];
    for (const k of keys) {
      const opt = knownKey(k.key, k.parent);
      if (!opt) refused.push({ key: k.key, keyOffset: k.keyOffset, why: 'unknown' });
      else if (opt.removedIn && engine && compareRelease(engine, opt.removedIn) >= 0) refused.push({ key: k.key, keyOffset: k.keyOffset, opt, why: 'removed' });
      else if (opt.since && engine && compareRelease(engine, opt.since) < 0) refused.push({ key: k.key, keyOffset: k.keyOffset, opt, why: 'too-new' });
      else if (opt.removedIn) {
        const line = at(env, k.keyOffset).line;
        warns.push({
          status: 'warn', code: 'removed-option', message: 'removedOptionWarn',
          data: { file, key: k.key, line, removedIn: opt.removedIn, replacement: opt.replacement ?? null, engine: engine ?? null },
          fix: { explain: opt.replacement ? 'replaceFix' : 'removedFix', commands: editAt(env, line), docs: DOCS },
        });
      }
    }
    if (refused.length) {
      const names = refused.map((x) => x.key);
      const x = refused[0]!;
      const line = at(env, x.keyOffset).line;
      const data: Data = { file, key: x.key, keys: names.join(', '), line, engine: engine ?? null };
      if (x.why === 'unknown') {
        const suggestion = closestOption(x.key);
        return {
          status: 'fail', code: 'unknown-option', message: suggestion ? 'unknownOptionSuggest' : 'unknownOption', data: { ...data, suggestion: suggestion ?? null },
          fix: { explain: 'unknownFix', commands: editAt(env, line), docs: DOCS },
        };
      }
      if (x.why === 'removed') {
        return {
          status: 'fail', code: 'removed-option', message: 'removedOption', data: { ...data, removedIn: x.opt!.removedIn!, replacement: x.opt!.replacement ?? null },
          fix: { explain: x.opt!.replacement ? 'replaceFix' : 'removedFix', commands: editAt(env, line), docs: DOCS },
        };
      }
      return {
        status: 'fail', code: 'too-new-option', message: 'tooNewOption', data: { ...data, since: x.opt!.since! },
        fix: { explain: 'tooNewFix', commands: editAt(env, line), docs: DOCS },
      };
    }

    // 5. the same option as a flag and in the file
    const conflict = source && conflictOf(env, source, keys);
    if (conflict) return conflict;

    // 6. value types, in file order as Go decodes them
    for (const e of root.entries) {
      const opt = findOption(e.key);
      if (!opt) continue;
      const p = typeProblem(opt, e.value);
      if (!p) continue;
      const pos = at(env, p.node.offset);
      const data = { file, key: e.key, found: p.found, detail: p.goError ?? null, example: example(opt), line: pos.line, column: pos.column };
      return {
        status: 'fail', code: 'wrong-type', message: p.goError ? 'wrongType' : 'wrongTypePlain', data,
        fix: { explain: 'wrongTypeFix', commands: editAt(env, pos.line, pos.column), docs: DOCS },
      };
    }

    // 7. values dockerd refuses, then what only slows it down
    const valueProblem = values(env, root, warns);
    if (valueProblem) return valueProblem;
    return first(warns) ?? { status: 'pass', code: 'valid', message: 'valid', data: { file, count: root.entries.length } };
  },
});

function first(warns: Result[]): Result | undefined {
  return warns[0];
}

function binary(env: Env, line: number, column: number, byte: number, detail: string): Result {
  const q = shQuote(env.file);
  return {
    status: 'fail', code: 'binary-content', message: 'binary',
    data: { file: env.file, line, column, byte: `0x${byte.toString(16).padStart(2, '0')}`, detail },
    fix: { explain: 'binaryFix', commands: [`sudo mv ${q} ${q}.broken`, ...restart(env.facts)], docs: DOCS },
  };
}

const FULLWIDTH = /^[\u201c\u201d\u2018\u2019\uff0c\uff1a\uff5b\uff5d\uff3b\uff3d\u3001\u3000\uff02]$/;

function syntax(env: Env, e: JsonSyntaxError): Result {
  // before 23.0 dockerd read the file with json.Decoder, which words the end of input differently
  const old = env.engine !== undefined && compareRelease(env.engine, TOLERANT) < 0;
  const data = { file: env.file, line: e.line, column: e.column, detail: e.byte === undefined && old ? 'unexpected EOF' : e.message };
  if (e.byte !== undefined && ((e.byte < 0x20 && ![0x09, 0x0a, 0x0d].includes(e.byte)) || e.byte === 0x7f)) {
    return binary(env, e.line, e.column, e.byte, e.message);
  }
  if (e.trailingComma) {
    const { line, column } = e.trailingComma;
    return {
      status: 'fail', code: 'trailing-comma', message: 'trailingComma', data: { ...data, line, column },
      fix: { explain: 'trailingCommaFix', commands: editAt(env, line, column), docs: DOCS },
    };
  }
  let message: M = 'syntax';
  let hint: string | null = null;
  if (e.byte === undefined) [message, hint] = ['syntaxEof', 'eof'];
  else if (e.char && FULLWIDTH.test(e.char)) [message, hint] = ['syntaxFullwidth', 'fullwidth'];
  else if (e.byte === 0x2f || e.byte === 0x23) [message, hint] = ['syntaxComment', 'comment'];
  else if (e.byte === 0x27) [message, hint] = ['syntaxSingleQuote', 'single-quote'];
  else if (e.byte === 0x22 && (e.context === 'after object key:value pair' || e.context === 'after array element')) [message, hint] = ['syntaxMissingComma', 'missing-comma'];
  return {
    status: 'fail', code: 'syntax-error', message, data: { ...data, hint, char: e.char ?? null },
    fix: { explain: 'syntaxFix', commands: editAt(env, e.line, e.column), docs: DOCS },
  };
}

/** dockerd's flag.Value.String(): lists print as [a b]. */
function flagValue(key: string, uses: FlagUse[]): string {
  const t = findOption(key)?.type;
  const list = t === 'string-list' || t === 'object-list';
  return list ? `[${uses.map((u) => u.value).join(' ')}]` : uses[uses.length - 1]!.value;
}

/** systemd quoting for one ExecStart word. */
function unitWord(w: string): string {
  return /^[^\s"'\\]+$/.test(w) ? w : `"${w.replace(/(["\\])/g, '\\$1')}"`;
}

function conflictOf(env: Env, source: FlagSource, keys: ReturnType<typeof flattenedKeys>): Result | undefined {
  const inFile = new Map(keys.map((k) => [k.key, k]));
  const hits = source.flags.filter((u) => inFile.has(u.key) && !findOption(u.key)?.noConflict);
  if (!hits.length) return undefined;
  const byKey = new Map<string, FlagUse[]>();
  for (const h of hits) byKey.set(h.key, [...(byKey.get(h.key) ?? []), h]);
  const detail = [...byKey].map(([key, uses]) => `${key}: (from flag: ${flagValue(key, uses)}, from file: ${goFormat(inFile.get(key)!.node)})`).join(', ');
  const firstKey = [...byKey.keys()][0]!;
  const k = inFile.get(firstKey)!;
  const line = at(env, k.keyOffset).line;
  const flag = `${byKey.get(firstKey)![0]!.flag} ${byKey.get(firstKey)![0]!.value}`;
  // the daemon.json key is the other half: it names the parent for proxies' sub-keys
  const key = k.parent ?? firstKey;
  // ExecStart without the conflicting flags (argv[0] is dockerd itself, the flags index from 1)
  const drop = new Set(hits.flatMap((h) => Array.from({ length: h.count }, (_, n) => h.index + 1 + n)));
  const execStart = source.systemd ? source.argv.filter((_, i) => !drop.has(i)).map(unitWord).join(' ') : null;
  const data = { file: env.file, key, line, flag, unit: source.path, unitLine: source.line, detail, execStart };
  const base = { status: 'fail' as const, code: 'flag-conflict', message: 'flagConflict' as const, data };
  if (!source.systemd || !env.facts.systemd || source.path.includes('.service.d/')) {
    const commands = [`sudo nano +${source.line} ${shQuote(source.path)}`, ...(source.systemd ? ['sudo systemctl daemon-reload'] : []), ...restart(env.facts)];
    return { ...base, fix: { explain: 'conflictEditFix', commands, docs: DOCS_SYSTEMD } };
  }
  const dropIn = `${DROPIN_DIR}/override.conf`;
  const commands = [
    `sudo mkdir -p ${DROPIN_DIR}`,
    `printf '%s\\n' '[Service]' 'ExecStart=' ${shQuote(`ExecStart=${execStart}`)} | sudo tee -a ${dropIn}`,
    'sudo systemctl daemon-reload',
    ...restart(env.facts),
  ];
  return { ...base, fix: { explain: key === 'hosts' ? 'conflictHostsFix' : 'conflictDropInFix', commands, docs: DOCS_SYSTEMD } };
}

function values(env: Env, root: Extract<JsonNode, { type: 'object' }>, warns: Result[]): Result | undefined {
  const file = env.file;
  const dead: string[] = [];
  let deadLine = 0;
  for (const e of root.entries) {
    const pos = at(env, e.value.offset);
    if (e.key === 'registry-mirrors' && e.value.type === 'array') {
      for (const item of e.value.items) {
        if (item.type !== 'string') continue;
        const line = at(env, item.offset).line;
        const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(item.value)?.[1]?.toLowerCase() ?? '';
        if (scheme !== 'http' && scheme !== 'https') {
          return {
            status: 'fail', code: 'invalid-value', message: 'invalidMirror',
            data: { file, line, value: item.value, detail: `invalid mirror: unsupported scheme "${scheme}" in "${item.value}"` },
            fix: { explain: 'invalidValueFix', commands: editAt(env, line), docs: DOCS_MIRROR },
          };
        }
        const d = deadMirror(item.value);
        if (d) {
          dead.push(d);
          deadLine ||= line;
        }
      }
    }
    if (e.key === 'log-level' && e.value.type === 'string' && e.value.value !== '' && !LOG_LEVELS.includes(e.value.value.toLowerCase())) {
      return {
        status: 'fail', code: 'invalid-value', message: 'invalidLogLevel',
        data: { file, line: pos.line, value: e.value.value, detail: `unable to parse logging level: ${e.value.value}` },
        fix: { explain: 'invalidValueFix', commands: editAt(env, pos.line), docs: DOCS },
      };
    }
    if (e.key === 'storage-driver' && e.value.type === 'string' && REMOVED_STORAGE_DRIVERS[e.value.value]) {
      const removedIn = REMOVED_STORAGE_DRIVERS[e.value.value]!;
      const gone = env.engine !== undefined && compareRelease(env.engine, removedIn) >= 0;
      const result: Result = {
        status: gone ? 'fail' : 'warn', code: 'removed-option', message: gone ? 'removedDriver' : 'removedDriverWarn',
        data: { file, line: pos.line, value: e.value.value, removedIn, engine: env.engine ?? null },
        fix: { explain: 'removedDriverFix', commands: editAt(env, pos.line), docs: DOCS_STORAGE },
      };
      if (gone) return result;
      warns.push(result);
    }
  }
  if (dead.length) {
    warns.push({
      status: 'warn', code: 'dead-mirror', message: 'deadMirror', data: { file, line: deadLine, mirrors: dead },
      fix: { explain: 'deadMirrorFix', commands: editAt(env, deadLine), docs: DOCS_MIRROR },
    });
  }
  return undefined;
}
