import { defineCheck, type CheckResult, type Data } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { HostFacts } from '../src/host/types.js';
import {
  FLAT_OPTIONS,
  REMOVED_STORAGE_DRIVERS,
  availableIn,
  closestOption,
  compareRelease,
  deadMirror,
  findOption,
  flagName,
  flattenedKeys,
  goFormat,
  knownKey,
  parseDockerdArgs,
  typeProblem,
  type DaemonOption,
  type FileKey,
  type FlagUse,
  type OptionType,
} from '../src/lib/daemon-options.js';
import { DPKG_STATUS, DPKG_STATUS_MAX_BYTES, statusFromRead } from '../src/lib/dpkg.js';
import { engineFromDpkg } from '../src/lib/engine-version.js';
import { restartDaemonCommands } from '../src/lib/init-system.js';
import { detectBom, firstInvalidUtf8, parseJson, positionOf, type JsonNode, type JsonSyntaxError } from '../src/lib/json-position.js';
import { shQuote } from '../src/lib/shell-quote.js';
import { execWords, withoutWords, type Without } from '../src/lib/exec-words.js';
import { effectiveValues, loadUnit, parseEnvFile, parseEnvironment, resolveExecStart, splitCommand, unitSources, type LoadedUnit } from '../src/lib/systemd-unit.js';

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
  unknownNested: {
    en: '{file}, line {line}: "{key}" is not a dockerd option. It is inside "{parent}" (line {parentLine}), and dockerd takes the keys of such an object for options of their own. dockerd says: "the following directives don\'t match any configuration option: {keys}".',
    'zh-CN': '{file} 第 {line} 行："{key}" 不是 dockerd 的配置项。它位于 "{parent}"（第 {parentLine} 行）之内，而 dockerd 会把这种对象里的键当作独立的配置项。dockerd 的报错是："the following directives don\'t match any configuration option: {keys}"。',
  },
  unknownNestedSuggest: {
    en: '{file}, line {line}: "{key}" is not a dockerd option. It is inside "{parent}" (line {parentLine}), and dockerd takes the keys of such an object for options of their own; did you mean "{suggestion}" instead of "{parent}"? dockerd says: "the following directives don\'t match any configuration option: {keys}".',
    'zh-CN': '{file} 第 {line} 行："{key}" 不是 dockerd 的配置项。它位于 "{parent}"（第 {parentLine} 行）之内，而 dockerd 会把这种对象里的键当作独立的配置项；是不是想把 "{parent}" 写成 "{suggestion}"？dockerd 的报错是："the following directives don\'t match any configuration option: {keys}"。',
  },
  nestedRenameFix: {
    en: 'Rename "{parent}" to "{suggestion}" (line {parentLine}); then check the file and restart the daemon.',
    'zh-CN': '将第 {parentLine} 行的 "{parent}" 改为 "{suggestion}"，然后检查该文件并重启守护进程。',
  },
  nestedFix: {
    en: 'Correct "{parent}" (line {parentLine}): give it a value of its own type, or move what is inside it to the top level of the file; then check the file and restart the daemon.',
    'zh-CN': '修正第 {parentLine} 行的 "{parent}"：给它一个符合其类型的值，或者把其中的内容移到文件的最外层；然后检查该文件并重启守护进程。',
  },
  flagName: {
    en: '{file}, line {line}: "{key}" is the name of the command-line flag --{key}. dockerd accepts it in daemon.json but does not read it there, so it has no effect: the setting is {setting}.',
    'zh-CN': '{file} 第 {line} 行："{key}" 是命令行参数 --{key} 的名字。dockerd 允许它出现在 daemon.json 中，但不会在那里读取它，所以它不起任何作用：对应的配置项是 {setting}。',
  },
  flagNameSince: {
    en: '{file}, line {line}: "{key}" is the name of the command-line flag --{key}. Docker {since} and later accept it in daemon.json but do not read it there, so it has no effect; older releases refuse to start: "the following directives don\'t match any configuration option: {key}". The setting is {setting}.',
    'zh-CN': '{file} 第 {line} 行："{key}" 是命令行参数 --{key} 的名字。Docker {since} 及以后版本允许它出现在 daemon.json 中，但不会在那里读取它，所以它不起作用；更早的版本会拒绝启动："the following directives don\'t match any configuration option: {key}"。对应的配置项是 {setting}。',
  },
  flagNameFix: {
    en: 'Write {setting} instead of "{key}" (line {line}); then check the file and restart the daemon.',
    'zh-CN': '把第 {line} 行的 "{key}" 改写为 {setting}，然后检查该文件并重启守护进程。',
  },
  flagOnly: {
    en: '{file}, line {line}: "{key}" is a command-line flag (--{key}) that has no setting in daemon.json: dockerd accepts the key but ignores it.',
    'zh-CN': '{file} 第 {line} 行："{key}" 是命令行参数（--{key}），在 daemon.json 中没有对应的配置项：dockerd 接受这个键，但会忽略它。',
  },
  flagOnlySince: {
    en: '{file}, line {line}: "{key}" is a command-line flag (--{key}) that has no setting in daemon.json: Docker {since} and later accept the key but ignore it; older releases refuse to start: "the following directives don\'t match any configuration option: {key}".',
    'zh-CN': '{file} 第 {line} 行："{key}" 是命令行参数（--{key}），在 daemon.json 中没有对应的配置项：Docker {since} 及以后版本接受这个键但会忽略它；更早的版本会拒绝启动："the following directives don\'t match any configuration option: {key}"。',
  },
  flagOnlyFix: {
    en: 'Remove "{key}" (line {line}); where the flag is needed, give --{key} to dockerd on its command line instead (a drop-in for docker.service). Then restart the daemon.',
    'zh-CN': '删除 "{key}"（第 {line} 行）；如果确实需要这个参数，请改为在 dockerd 的命令行上指定 --{key}（为 docker.service 写一个 drop-in）。然后重启守护进程。',
  },
  nestedIgnored: {
    en: '{file}, line {line}: "{key}" inside "{parent}" has no effect: dockerd takes the keys of this object for options of their own, accepts "{key}" as one, and then does not read it there.',
    'zh-CN': '{file} 第 {line} 行："{parent}" 里的 "{key}" 不起作用：dockerd 会把这个对象里的键当作独立的配置项，接受了 "{key}"，但并不会在这个位置读取它。',
  },
  ignoredObject: {
    en: '{file}, line {line}: "{key}" is not a dockerd option, yet dockerd does not refuse it: it takes the keys inside it ({inner}) for options of their own, knows them, and reads none of them there. Nothing in "{key}" has any effect.',
    'zh-CN': '{file} 第 {line} 行："{key}" 不是 dockerd 的配置项，但 dockerd 不会因此拒绝启动：它把其中的键（{inner}）当作独立的配置项，认得它们，却不会在这个位置读取其中任何一个。"{key}" 里的内容全部不起作用。',
  },
  ignoredEmptyObject: {
    en: '{file}, line {line}: "{key}" is not a dockerd option; dockerd does not refuse it only because its value is an empty object, and ignores it.',
    'zh-CN': '{file} 第 {line} 行："{key}" 不是 dockerd 的配置项；dockerd 没有因此拒绝启动，只是因为它的值是一个空对象，dockerd 会忽略它。',
  },
  ignoredFrom: {
    en: '{file}, line {line}: "{key}" has no effect from Docker {since} on: Docker {engine} accepts it and only logs that it is deprecated.',
    'zh-CN': '{file} 第 {line} 行：从 Docker {since} 起 "{key}" 不再起任何作用：Docker {engine} 接受它，只会在日志中提示它已被弃用。',
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
    en: 'Remove these entries from "registry-mirrors" (line {line}), or replace them with a mirror that works for you; then restart the daemon.',
    'zh-CN': '从 "registry-mirrors"（第 {line} 行）中删除这些地址，或换成对你可用的镜像加速地址；然后重启守护进程。',
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
  /** The ExecStart= value as written (unexpanded). */
  raw?: string;
  /** Where each $VARIABLE of the ExecStart is set: an EnvironmentFile or an Environment= line. */
  vars?: Record<string, VarSource>;
}

interface VarSource {
  path: string;
  line: number;
  /** An Environment= line of a unit file (daemon-reload to apply), not an EnvironmentFile. */
  unitFile: boolean;
}

const at = (env: Env, offset: number) => positionOf(env.bytes, offset);

// the daemon may have failed to start several times over this file
const restart = (f: HostFacts): string[] => restartDaemonCommands({ ...f, platform: 'linux' }, { resetFailed: true });

function validate(env: Env): string[] {
  // --validate came with dockerd 23.0
  return env.engine && compareRelease(env.engine, TOLERANT) < 0 ? [] : [`sudo dockerd --validate --config-file ${shQuote(env.file)}`];
}

/** sudoedit honours $EDITOR and comes with every sudo (nano is not on RHEL); the fix's words say the line and column. */
function editFile(env: Env): string[] {
  return [`sudoedit ${shQuote(env.file)}`, ...validate(env), ...restart(env.facts)];
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
    const unit = await loadUnit(ctx.files, 'docker.service');
    const exec = await resolveExecStart(ctx.files, unit);
    if (!exec) return { file: DEFAULT_FILE };
    const args = parseDockerdArgs(exec.argv.slice(1));
    const file = args.configFile?.startsWith('/') ? args.configFile : DEFAULT_FILE;
    const vars: Record<string, VarSource> = {};
    for (const w of execWords(exec.raw)) {
      const where = w.variable && (await variableSource(ctx, unit, w.variable));
      if (where) vars[w.variable!] = where;
    }
    return { file, source: { path: exec.path, line: exec.line, argv: exec.argv, flags: args.flags, systemd: true, raw: exec.raw, vars } };
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

/** Where systemd takes $NAME from: the last EnvironmentFile that sets it, else the last Environment= line. */
async function variableSource(ctx: CheckContext, unit: LoadedUnit, name: string): Promise<VarSource | undefined> {
  const sources = unitSources(unit);
  const assigns = new RegExp(`^\\s*(export\\s+)?${name}\\s*=`);
  for (const f of effectiveValues(sources, 'Service', 'EnvironmentFile').reverse()) {
    const path = f.value.replace(/^-/, '');
    const text = path.startsWith('/') ? await ctx.files.text(path, { maxBytes: 64 * 1024 }) : undefined;
    const lines = text?.split('\n') ?? [];
    for (let i = lines.length - 1; i >= 0; i--) if (assigns.test(lines[i]!)) return { path, line: i + 1, unitFile: false };
  }
  const env = effectiveValues(sources, 'Service', 'Environment').reverse().find((l) => name in parseEnvironment([l.value]));
  return env && { path: env.path, line: env.line, unitFile: true };
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
    'unknown-option': 'A key dockerd refuses: no flag or option has that name (data.key, data.suggestion the closest known key), or it sits inside an object that is not an option (data.parent, data.suggestion for it).',
    'ignored-option': "warn: a key dockerd accepts but never reads: a flag's name used as a key (registry-mirror; data.setting is the key meant), a flag with no daemon.json setting, a name inside an object that is not an option, or an option a release no longer uses.",
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
        fix: { explain: 'notObjectFix', commands: editFile(env), docs: DOCS },
      };
    }

    // 4. keys dockerd does not know (in this release), and keys it takes but never reads
    const keys = flattenedKeys(root);
    const refusal = keyProblems(env, root, keys, warns);
    if (refusal) return refusal;

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
        fix: { explain: 'wrongTypeFix', commands: editFile(env), docs: DOCS },
      };
    }

    // 7. values dockerd refuses, then what only slows it down
    const valueProblem = values(env, root, warns);
    if (valueProblem) return valueProblem;
    return first(warns) ?? { status: 'pass', code: 'valid', message: 'valid', data: { file, count: root.entries.length } };
  },
});

type Refused = { k: FileKey; why: 'unknown' } | { k: FileKey; opt: DaemonOption; why: 'removed' | 'too-new' };

/**
 * Step 4, as dockerd does it: every key (objects flattened) must be a flag's or an option's
 * name, or dockerd refuses the file naming all that are not. A name it accepts is not always
 * read: a flag's name (registry-mirror), or a name inside an object other than proxies, is
 * accepted and ignored (warn ignored-option). Refusals are returned, warnings pushed.
 */
function keyProblems(env: Env, root: Extract<JsonNode, { type: 'object' }>, keys: FileKey[], warns: Result[]): Result | undefined {
  const { file, engine } = env;
  const lineOf = (offset: number) => at(env, offset).line;
  // objects under a key that is no option: dockerd reads only the keys inside them
  const foreign = new Set(root.entries.filter((e) => e.value.type === 'object' && !FLAT_OPTIONS.has(e.key) && !findOption(e.key)).map((e) => e.key));
  const refused: Refused[] = [];
  const ignored: Result[] = [];
  for (const k of keys) {
    const line = lineOf(k.keyOffset);
    const base = { file, key: k.key, line, engine: engine ?? null };
    // a setting dockerd reads: a top-level key, or a proxy inside "proxies"
    const opt = k.parent ? knownKey(k.key, k.parent) : findOption(k.key);
    if (opt) {
      const a = availableIn(opt, engine);
      if (a !== 'yes') refused.push({ k, opt, why: a });
      else if (opt.removedIn) {
        warns.push({
          status: 'warn', code: 'removed-option', message: 'removedOptionWarn',
          data: { ...base, removedIn: opt.removedIn, replacement: opt.replacement ?? null },
          fix: { explain: opt.replacement ? 'replaceFix' : 'removedFix', commands: editFile(env), docs: DOCS },
        });
      } else if (opt.ignoredFrom && engine && compareRelease(engine, opt.ignoredFrom) >= 0) {
        ignored.push({
          status: 'warn', code: 'ignored-option', message: 'ignoredFrom', data: { ...base, since: opt.ignoredFrom },
          fix: { explain: 'removedFix', commands: editFile(env), docs: DOCS },
        });
      }
      continue;
    }
    // a name dockerd accepts without reading it here: a flag's, or an option's inside an object
    const option = findOption(k.key);
    const flag = option ? undefined : flagName(k.key);
    const named = option ?? flag;
    const a = named ? availableIn(named, engine) : 'too-new';
    if (a !== 'yes') {
      refused.push(option ? { k, opt: option, why: a } : { k, why: 'unknown' });
      continue;
    }
    if (k.parent && foreign.has(k.parent)) continue; // said once, for the object
    if (k.parent) {
      ignored.push({
        status: 'warn', code: 'ignored-option', message: 'nestedIgnored', data: { ...base, parent: k.parent, parentLine: lineOf(k.parentOffset!) },
        fix: { explain: 'nestedFix', commands: editFile(env), docs: DOCS },
      });
      continue;
    }
    // unknown release and a flag newer than 20.10: older releases refuse the key
    const since = !engine && flag!.since ? flag!.since : null;
    if (flag!.key) {
      const setting = flag!.parent ? `"${flag!.parent}": {"${flag!.key}": …}` : `"${flag!.key}"`;
      ignored.push({
        status: 'warn', code: 'ignored-option', message: since ? 'flagNameSince' : 'flagName', data: { ...base, setting, since },
        fix: { explain: 'flagNameFix', commands: editFile(env), docs: DOCS },
      });
    } else {
      ignored.push({
        status: 'warn', code: 'ignored-option', message: since ? 'flagOnlySince' : 'flagOnly', data: { ...base, since },
        fix: { explain: 'flagOnlyFix', commands: editFile(env), docs: DOCS },
      });
    }
  }

  if (refused.length) return refusal(env, refused);
  for (const e of root.entries) {
    if (!foreign.has(e.key) || e.value.type !== 'object') continue;
    const inner = e.value.entries.map((x) => x.key).slice(0, 20);
    ignored.push({
      status: 'warn', code: 'ignored-option', message: inner.length ? 'ignoredObject' : 'ignoredEmptyObject',
      data: { file, key: e.key, line: lineOf(e.keyOffset), inner, engine: engine ?? null },
      fix: { explain: 'unknownFix', commands: editFile(env), docs: DOCS },
    });
  }
  warns.push(...ignored.sort((x, y) => (x.data!.line as number) - (y.data!.line as number)));
  return undefined;
}

/** dockerd names every key it refuses; the first one in the file is the one explained. */
function refusal(env: Env, refused: Refused[]): Result {
  const { file, engine } = env;
  const x = refused[0]!;
  const line = at(env, x.k.keyOffset).line;
  const parent = x.k.parent ?? null;
  const parentLine = x.k.parentOffset === undefined ? null : at(env, x.k.parentOffset).line;
  const data: Data = { file, key: x.k.key, keys: refused.map((r) => r.k.key).join(', '), line, parent, parentLine, engine: engine ?? null };
  if (x.why === 'removed') {
    return {
      status: 'fail', code: 'removed-option', message: 'removedOption', data: { ...data, removedIn: x.opt.removedIn!, replacement: x.opt.replacement ?? null },
      fix: { explain: x.opt.replacement ? 'replaceFix' : 'removedFix', commands: editFile(env), docs: DOCS },
    };
  }
  if (x.why === 'too-new') {
    return {
      status: 'fail', code: 'too-new-option', message: 'tooNewOption', data: { ...data, since: x.opt.since! },
      fix: { explain: 'tooNewFix', commands: editFile(env), docs: DOCS },
    };
  }
  // inside proxies the key itself is misspelt; inside anything else, it is the object that is wrong
  const fields = parent ? findOption(parent)?.fields : undefined;
  if (!parent || fields) {
    const suggestion = closestOption(x.k.key, fields ? Object.keys(fields) : undefined) ?? null;
    return {
      status: 'fail', code: 'unknown-option', message: suggestion ? 'unknownOptionSuggest' : 'unknownOption', data: { ...data, suggestion },
      fix: { explain: 'unknownFix', commands: editFile(env), docs: DOCS },
    };
  }
  // "log-opt": {...} meant "log-opts"; an option's own name gets no suggestion ("debug": {...})
  const suggestion = flagName(parent)?.key ?? (findOption(parent) ? undefined : closestOption(parent)) ?? null;
  return {
    status: 'fail', code: 'unknown-option', message: suggestion ? 'unknownNestedSuggest' : 'unknownNested', data: { ...data, suggestion },
    fix: { explain: suggestion ? 'nestedRenameFix' : 'nestedFix', commands: editFile(env), docs: DOCS },
  };
}

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
      fix: { explain: 'trailingCommaFix', commands: editFile(env), docs: DOCS },
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
    fix: { explain: 'syntaxFix', commands: editFile(env), docs: DOCS },
  };
}

/** dockerd's flag.Value.String(): lists print as [a b]. */
function flagValue(key: string, uses: FlagUse[]): string {
  const t = findOption(key)?.type;
  const list = t === 'string-list' || t === 'object-list';
  return list ? `[${uses.map((u) => u.value).join(' ')}]` : uses[uses.length - 1]!.value;
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
  const key = k.parent && findOption(k.parent)?.fields ? k.parent : firstKey;
  // ExecStart without the conflicting flags (argv[0] is dockerd itself, the flags index from 1),
  // made of the unit's own words: $DOCKER_OPTS, % specifiers and quotes stay as they were written
  const drop = new Set(hits.flatMap((h) => Array.from({ length: h.count }, (_, n) => h.index + 1 + n)));
  const without: Without = source.systemd && source.raw !== undefined ? withoutWords(source.raw, source.argv, drop) : { ok: false };
  const data = { file: env.file, key, line, flag, unit: source.path, unitLine: source.line, detail, execStart: null as string | null };
  const base = { status: 'fail' as const, code: 'flag-conflict', message: 'flagConflict' as const, data };
  const edit = (path: string, reload: boolean): Result => ({
    ...base,
    fix: { explain: 'conflictEditFix', commands: [`sudoedit ${shQuote(path)}`, ...(reload ? ['sudo systemctl daemon-reload'] : []), ...restart(env.facts)], docs: DOCS_SYSTEMD },
  });
  // the flag is in $DOCKER_OPTS (or another variable): it is taken out where the variable is set
  const from = !without.ok && without.variable ? source.vars?.[without.variable] : undefined;
  if (from) {
    Object.assign(data, { unit: from.path, unitLine: from.line });
    return edit(from.path, from.unitFile);
  }
  if (!without.ok || !env.facts.systemd || source.path.includes('.service.d/')) return edit(source.path, source.systemd);
  data.execStart = without.text;
  const dropIn = `${DROPIN_DIR}/override.conf`;
  const commands = [
    `sudo mkdir -p ${DROPIN_DIR}`,
    `printf '%s\\n' '[Service]' 'ExecStart=' ${shQuote(`ExecStart=${without.text}`)} | sudo tee -a ${dropIn}`,
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
            fix: { explain: 'invalidValueFix', commands: editFile(env), docs: DOCS_MIRROR },
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
        fix: { explain: 'invalidValueFix', commands: editFile(env), docs: DOCS },
      };
    }
    if (e.key === 'storage-driver' && e.value.type === 'string' && REMOVED_STORAGE_DRIVERS[e.value.value]) {
      const removedIn = REMOVED_STORAGE_DRIVERS[e.value.value]!;
      const gone = env.engine !== undefined && compareRelease(env.engine, removedIn) >= 0;
      const result: Result = {
        status: gone ? 'fail' : 'warn', code: 'removed-option', message: gone ? 'removedDriver' : 'removedDriverWarn',
        data: { file, line: pos.line, value: e.value.value, removedIn, engine: env.engine ?? null },
        fix: { explain: 'removedDriverFix', commands: editFile(env), docs: DOCS_STORAGE },
      };
      if (gone) return result;
      warns.push(result);
    }
  }
  if (dead.length) {
    warns.push({
      status: 'warn', code: 'dead-mirror', message: 'deadMirror', data: { file, line: deadLine, mirrors: dead },
      fix: { explain: 'deadMirrorFix', commands: editFile(env), docs: DOCS_MIRROR },
    });
  }
  return undefined;
}
