import { defineCheck, type CheckResult, type Data, type Text } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import { parseOsRelease } from '../src/host/os-release.js';
import { readStatus } from '../src/lib/dpkg-read.js';
import { DOCKER_KEY_SHORT_ID, DOCKER_SIGNING_SUBKEY, hasDockerKey, keyringProblem, type KeyringProblem } from '../src/lib/apt-keys.js';
import { dockerWithoutApt } from '../src/lib/docker-without-apt.js';
import { CODENAME_EXPR, DEBIAN_CODENAME_EXPR, DOCKER_KEYRING, correctedText, keyFetchCommands, removeEntryCommand, rewriteCommands, setupCommands, type Literal, type Rewrite } from '../src/lib/apt-commands.js';
import { shQuote } from '../src/lib/shell-quote.js';
import {
  dockerRepoDistro, effectiveArchitectures, isDockerUri, isSourcesFileName, normalizeUri, parseSources, type AptSource, type Unparseable,
} from '../src/lib/apt-sources.js';

const DOCS = 'https://docs.docker.com/engine/install/ubuntu/#install-using-the-repository';
const DOCS_BY_REPO: Record<string, string> = {
  ubuntu: DOCS,
  debian: 'https://docs.docker.com/engine/install/debian/#install-using-the-repository',
  raspbian: 'https://docs.docker.com/engine/install/raspberry-pi-os/#install-using-the-repository',
};
const SOURCES_LIST = '/etc/apt/sources.list';
const SOURCES_DIR = '/etc/apt/sources.list.d';
// suites Docker publishes: another one of these installs, just for the wrong release
const UBUNTU_SUITES = ['trusty', 'xenial', 'bionic', 'cosmic', 'disco', 'eoan', 'focal', 'groovy', 'hirsute', 'impish', 'jammy', 'kinetic', 'lunar', 'mantic', 'noble', 'oracular', 'plucky', 'questing'];
const DEBIAN_SUITES = ['jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky'];
const ARCH_BY_NODE: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf', ia32: 'i386', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64' };

const t = (en: string, zh: string): Text => ({ en, 'zh-CN': zh });
const messages = {
  ok: t("Docker's apt source {where} fits this system ({uri} {suite}).", 'Docker 的 apt 源 {where} 与本系统相符（{uri} {suite}）。'),
  distributionPackage: t(
    "Docker's apt repository is not configured; Docker comes from the distribution's docker.io package ({version}), which needs none.",
    'Docker 官方 apt 仓库未配置；Docker 来自发行版自带的 docker.io 软件包（{version}），不需要该仓库。',
  ),
  otherInstall: t(
    "Docker's apt repository is not configured and no Docker package is installed: Docker is installed another way ({how}), which does not use it.",
    '未配置 Docker 的 apt 仓库，也没有安装 Docker 软件包：Docker 是以其他方式安装的（{how}），不需要该仓库。',
  ),
  noApt: t('Not an apt system: /etc/apt does not exist.', '不是使用 apt 的系统：/etc/apt 不存在。'),
  sourcesUnreadable: t('No Docker source was found, but these source files could not be read: {unreadable}.', '未找到 Docker 软件源，但以下源文件无法读取：{unreadable}。'),
  sourceMissing: t(
    "No apt source for Docker's repository (download.docker.com or a docker-ce mirror) in /etc/apt/sources.list or /etc/apt/sources.list.d, and no Docker package is installed. {others}",
    '/etc/apt/sources.list 和 /etc/apt/sources.list.d 中没有 Docker 仓库（download.docker.com 或 docker-ce 镜像）的 apt 源，也没有安装任何 Docker 软件包。{others}',
  ),
  sourceMissingInstalled: t(
    "{packages} installed, but no apt source for Docker's repository is configured: Docker gets no updates from apt. {others}",
    '已安装 {packages}，但没有配置 Docker 仓库的 apt 源：apt 无法为 Docker 提供更新。{others}',
  ),
  sourceMissingFix: t(
    "Add Docker's repository the current way: the key in /etc/apt/keyrings and a source line that names it with signed-by.",
    '按当前推荐的方式添加 Docker 仓库：密钥放在 /etc/apt/keyrings 中，软件源配置行用 signed-by 指向它。',
  ),
  sourceDisabled: t(
    '{where}: Docker\'s source is disabled (commented out or "Enabled: no"; release upgrades do this), so apt sees no Docker repository. {others}',
    '{where}：Docker 的软件源已被禁用（被注释掉或设为 "Enabled: no"，系统版本升级时会这样做），apt 看不到 Docker 仓库。{others}',
  ),
  sourceDisabledFix: t('Enable the entry again, with the codename of this release: {corrected}', '重新启用该条目，并使用本系统版本的代号：{corrected}'),
  malformed: t(
    '{where}: apt cannot parse this line ({reason}): "{text}". apt then stops with "The list of sources could not be read" and installs nothing. {others}',
    '{where}：apt 无法解析这一行（{reason}）："{text}"。apt 会因此报错 "The list of sources could not be read"，什么都装不了。{others}',
  ),
  malformedFix: t('Correct the line or comment it out (or move the broken file out of the way), then run apt-get update.', '修正该行或将其注释掉（或把损坏的文件移走），然后运行 apt-get update。'),
  conflict: t(
    'apt stops with "E: {aptError}": {where} and {otherWhere} both configure Docker\'s repository, with different keys. {others}',
    'apt 报错 "E: {aptError}"：{where} 和 {otherWhere} 都配置了 Docker 仓库，但使用的密钥不同。{others}',
  ),
  conflictFix: t('Keep one Docker source ({keep}), remove the other, then run apt-get update.', '只保留一个 Docker 软件源（{keep}），删除另一个，然后运行 apt-get update。'),
  distroMismatch: t(
    "{where}: the Docker source points at Docker's {repoDistro} repository, but this system is {distro}, which needs the {expected} one. {others}",
    '{where}：Docker 软件源指向 Docker 的 {repoDistro} 仓库，但本系统是 {distro}，应使用 {expected} 仓库。{others}',
  ),
  distroMismatchFix: t("Point the source at the {expected} repository, with this release's codename: {corrected}", '把软件源改为 {expected} 仓库，并使用本系统版本的代号：{corrected}'),
  suiteUnknown: t(
    '{where}: the Docker source asks for the suite "{suite}", which Docker\'s repository does not have; this system is {distro} and needs "{expected}" ({expectedFrom} in /etc/os-release). apt says: "The repository \'{uri} {suite} Release\' does not have a Release file." {others}',
    '{where}：Docker 软件源使用的代号 "{suite}" 在 Docker 仓库中不存在；本系统是 {distro}，应使用 "{expected}"（/etc/os-release 中的 {expectedFrom}）。apt 会报错："The repository \'{uri} {suite} Release\' does not have a Release file."{others}',
  ),
  suiteOther: t(
    '{where}: the Docker source uses the suite "{suite}", but this system is {distro} ("{expected}"): apt installs Docker packages built for another release. {others}',
    '{where}：Docker 软件源使用的代号是 "{suite}"，但本系统是 {distro}（"{expected}"）：apt 会安装为其他系统版本构建的 Docker 软件包。{others}',
  ),
  suiteFix: t(
    'Use the codename of this release; on derivatives such as Linux Mint that is the Ubuntu base (UBUNTU_CODENAME), not what `lsb_release -cs` prints. The corrected entry: {corrected}',
    '使用本系统版本的代号；在 Linux Mint 等衍生发行版上，应使用其 Ubuntu 基础版本的代号（UBUNTU_CODENAME），而不是 `lsb_release -cs` 的输出。修正后的条目：{corrected}',
  ),
  archMismatch: t(
    '{where}: the Docker source is limited to {archs}, but this machine is {machineArch}: apt finds no Docker packages for it ("Package \'docker-ce\' has no installation candidate"). {others}',
    '{where}：Docker 软件源限定为 {archs} 架构，但本机是 {machineArch}：apt 找不到适合本机的 Docker 软件包（"Package \'docker-ce\' has no installation candidate"）。{others}',
  ),
  archFix: t('Let dpkg name the architecture, arch=$(dpkg --print-architecture). The corrected entry: {corrected}', '让 dpkg 给出架构：arch=$(dpkg --print-architecture)。修正后的条目：{corrected}'),
  keyMissing: t('{where}: Signed-By names {key}, which does not exist: apt fails with "NO_PUBKEY {subkey}". {others}', '{where}：Signed-By 指定的 {key} 不存在：apt 会报错 "NO_PUBKEY {subkey}"。{others}'),
  keyMissingNoSignedBy: t(
    '{where}: the Docker source has no Signed-By and Docker\'s key is in none of apt\'s keyrings: apt fails with "NO_PUBKEY {subkey}". {others}',
    '{where}：Docker 软件源没有 Signed-By，apt 的密钥环中也没有 Docker 的密钥：apt 会报错 "NO_PUBKEY {subkey}"。{others}',
  ),
  keyFetchFix: t("Download Docker's key to {key}, make it readable for everyone, then run apt-get update.", '把 Docker 的密钥下载到 {key}，设为所有用户可读，然后运行 apt-get update。'),
  keyMissingNoSignedByFix: t(
    "Download Docker's key to /etc/apt/keyrings/docker.asc and name it in the source with signed-by: {corrected}",
    '把 Docker 的密钥下载到 /etc/apt/keyrings/docker.asc，并在软件源中用 signed-by 指向它：{corrected}',
  ),
  keyNotFile: t(
    '{where}: Signed-By names {key}, which is a {type}, not a key file: apt cannot read Docker\'s key from it ("NO_PUBKEY {subkey}"). {others}',
    '{where}：Signed-By 指定的 {key} 不是密钥文件（其类型为 {type}）：apt 无法从中读取 Docker 的密钥（"NO_PUBKEY {subkey}"）。{others}',
  ),
  keyNotFileFix: t(
    "Leave {key} as it is; download Docker's key to /etc/apt/keyrings/docker.asc and point Signed-By at that file: {corrected}",
    '不要改动 {key}；把 Docker 的密钥下载到 /etc/apt/keyrings/docker.asc，并让 Signed-By 指向该文件：{corrected}',
  ),
  keyUnreadable: t(
    '{where}: the key {key} has mode {mode}; apt reads keys as the user _apt, so it must be readable by everyone. {others}',
    '{where}：密钥 {key} 的权限是 {mode}；apt 以 _apt 用户身份读取密钥，因此它必须对所有用户可读。{others}',
  ),
  keyDirUnreadable: t(
    '{where}: the directory {dir} that holds the key {key} has mode {mode}; apt reads keys as the user _apt, which cannot enter it. {others}',
    '{where}：存放密钥 {key} 的目录 {dir} 权限是 {mode}；apt 以 _apt 用户身份读取密钥，无法进入该目录。{others}',
  ),
  keyUnreadableFix: t('Make it readable for everyone, then run apt-get update.', '将其设为所有用户可读，然后运行 apt-get update。'),
  keyInvalidEmpty: t('{where}: the key file {key} is empty (its download failed): apt fails with "NO_PUBKEY {subkey}". {others}', '{where}：密钥文件 {key} 是空的（下载失败）：apt 会报错 "NO_PUBKEY {subkey}"。{others}'),
  keyInvalidArmored: t(
    '{where}: {key} holds an ASCII-armored key under a .gpg name; apt says "The key(s) in the keyring {key} are ignored as the file has an unsupported filetype." {others}',
    '{where}：{key} 以 .gpg 为扩展名，内容却是 ASCII 格式（armored）的密钥；apt 会提示 "The key(s) in the keyring {key} are ignored as the file has an unsupported filetype."{others}',
  ),
  keyInvalidKeybox: t(
    '{where}: {key} is a GnuPG keybox (what `gpg --keyring ... --import` writes), which apt cannot read: "The key(s) in the keyring {key} are ignored as the file has an unsupported filetype." {others}',
    '{where}：{key} 是 GnuPG keybox 格式（`gpg --keyring ... --import` 生成的），apt 无法读取："The key(s) in the keyring {key} are ignored as the file has an unsupported filetype."{others}',
  ),
  keyInvalidNotKey: t(
    '{where}: {key} is not an OpenPGP key (often an error page that curl saved): apt cannot verify Docker\'s repository with it. {others}',
    '{where}：{key} 不是 OpenPGP 密钥（常见原因是 curl 保存了一个错误页面）：apt 无法用它验证 Docker 仓库。{others}',
  ),
  legacyAptKey: t(
    'Docker\'s key was added with the deprecated apt-key into /etc/apt/trusted.gpg, and {where} has no Signed-By: apt warns "Key is stored in legacy trusted.gpg keyring (/etc/apt/trusted.gpg)", and newer releases no longer have apt-key. {others}',
    'Docker 的密钥是用已弃用的 apt-key 添加到 /etc/apt/trusted.gpg 的，而 {where} 没有 Signed-By：apt 会警告 "Key is stored in legacy trusted.gpg keyring (/etc/apt/trusted.gpg)"，较新的发行版已不再提供 apt-key。{others}',
  ),
  legacyAptKeyFix: t(
    'Move to the /etc/apt/keyrings way: the key in /etc/apt/keyrings/docker.asc, the source with signed-by ({corrected}), and the old key removed from trusted.gpg.',
    '改用 /etc/apt/keyrings 方式：密钥放在 /etc/apt/keyrings/docker.asc，软件源加上 signed-by（{corrected}），并从 trusted.gpg 中删除旧密钥。',
  ),
};
type Msg = keyof typeof messages;

interface Finding {
  status: 'fail' | 'warn';
  code: string;
  /** Lower is shown first among findings of the same status. */
  rank: number;
  message: Msg;
  explain: Msg;
  where: string;
  /** Short, language-neutral detail for the findings list. */
  detail: string;
  data: Data;
  commands: string[];
}

interface Release {
  name: string;
  /** Docker repository paths (linux/<repo>) that fit; empty when unknown. */
  repos: string[];
  repo: string;
  codename?: string;
  codenameFrom?: string;
  codenameExpr: string;
}

function releaseOf(osr: Record<string, string>): Release {
  const id = osr.ID ?? '';
  const like = (osr.ID_LIKE ?? '').split(/\s+/);
  const name = osr.PRETTY_NAME ?? osr.NAME ?? (id || 'this system');
  const from = (field: string) => (osr[field] ? { codename: osr[field], codenameFrom: field } : {});
  if (id === 'ubuntu' || osr.UBUNTU_CODENAME || like.includes('ubuntu')) {
    return { name, repos: ['ubuntu'], repo: 'ubuntu', codenameExpr: CODENAME_EXPR, ...(osr.UBUNTU_CODENAME ? from('UBUNTU_CODENAME') : id === 'ubuntu' ? from('VERSION_CODENAME') : {}) };
  }
  if (id === 'raspbian') return { name, repos: ['raspbian', 'debian'], repo: 'raspbian', codenameExpr: CODENAME_EXPR, ...from('VERSION_CODENAME') };
  if (id === 'debian') return { name, repos: ['debian'], repo: 'debian', codenameExpr: CODENAME_EXPR, ...from('VERSION_CODENAME') };
  if (like.includes('debian')) {
    // LMDE names its Debian base; other derivatives (Kali, ...) have no field for it
    return osr.DEBIAN_CODENAME ? { name, repos: ['debian'], repo: 'debian', codenameExpr: DEBIAN_CODENAME_EXPR, ...from('DEBIAN_CODENAME') } : { name, repos: ['debian'], repo: 'debian', codenameExpr: CODENAME_EXPR };
  }
  return { name, repos: [], repo: 'ubuntu', codenameExpr: CODENAME_EXPR };
}

interface Pkg {
  installed: boolean;
  arch?: string;
  version?: string;
}

/** What this check needs of dpkg's database, from the parse the package checks share. */
function packagesOf(st: Awaited<ReturnType<typeof readStatus>>): (name: string) => Pkg | undefined {
  if (st.kind !== 'ok') return () => undefined;
  return (name) => {
    const all = st.db.byName(name);
    const p = all.find((x) => x.status?.state === 'installed') ?? all[0];
    return p && { installed: p.status?.state === 'installed', arch: p.architecture, version: p.version };
  };
}

const octal = (mode: number) => `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
const dirname = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';
const UPDATE = 'sudo apt-get update';

async function readBytes(ctx: CheckContext, path: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: string }> {
  const r = await ctx.files.read(path, { encoding: 'base64', maxBytes: 16 * 1024 * 1024 });
  if (!r.ok) return { ok: false, error: r.error };
  return { ok: true, bytes: Uint8Array.from(Buffer.from(r.content, r.encoding === 'base64' ? 'base64' : 'utf8')) };
}

type LegacyKey = { where: 'ok' } | { where: 'trusted.gpg' } | { where: 'invalid'; file: string; problem: KeyringProblem } | { where: 'none' } | { where: 'unknown' };

/** Docker that needs no apt source: a snap, Docker Desktop's WSL integration, or any daemon that answers. */
async function otherInstall(ctx: CheckContext, ask: boolean): Promise<string | undefined> {
  const other = await dockerWithoutApt(ctx.files);
  if (other) return other.detail;
  // only when it decides the result: a replayed report without the ping must still show the other findings
  if (ctx.rooted || !ask) return undefined;
  const ping = await ctx.docker.ping();
  if (!ping.ok || ping.status !== 200) return undefined;
  const ep = await ctx.docker.endpoint();
  return `daemon at ${ep.ok ? ep.endpoint.url : ep.value}`;
}

/** Where apt would find Docker's key for a source without Signed-By. */
async function findUnscopedKey(ctx: CheckContext): Promise<LegacyKey> {
  let unknown = false;
  let invalid: LegacyKey | undefined;
  const dir = await ctx.files.list('/etc/apt/trusted.gpg.d');
  for (const e of dir.ok ? dir.entries : []) {
    if (!/\.(gpg|asc)$/.test(e.name)) continue;
    const file = `/etc/apt/trusted.gpg.d/${e.name}`;
    const r = await readBytes(ctx, file);
    if (!r.ok) {
      unknown ||= r.error !== 'ENOENT';
      continue;
    }
    if (!hasDockerKey(r.bytes)) continue;
    const problem = keyringProblem(file, r.bytes);
    if (!problem) return { where: 'ok' };
    invalid ??= { where: 'invalid', file, problem };
  }
  const legacy = await readBytes(ctx, '/etc/apt/trusted.gpg');
  if (legacy.ok && hasDockerKey(legacy.bytes)) return { where: 'trusted.gpg' };
  if (invalid) return invalid;
  if (!legacy.ok && legacy.error !== 'ENOENT') unknown = true;
  return unknown || !dir.ok && dir.error !== 'ENOENT' ? { where: 'unknown' } : { where: 'none' };
}

const INVALID_MESSAGE: Record<KeyringProblem, Msg> = { empty: 'keyInvalidEmpty', 'armored-in-gpg': 'keyInvalidArmored', keybox: 'keyInvalidKeybox', 'not-a-key': 'keyInvalidNotKey' };

/** What is wrong with a Signed-By key file, if anything. */
async function keyFileFinding(ctx: CheckContext, path: string, where: string, repo: string): Promise<Finding | undefined> {
  const base = { where, detail: path, data: { key: path, subkey: DOCKER_SIGNING_SUBKEY } };
  const fetch = [...keyFetchCommands(path, repo), UPDATE];
  const st = await ctx.files.stat(path);
  if (!st.ok) {
    // EACCES and the like: this user cannot tell, apt (as root, then _apt) may well can
    if (st.error !== 'ENOENT' && st.error !== 'ENOTDIR') return undefined;
    return { ...base, status: 'fail', code: 'key-missing', rank: 50, message: 'keyMissing', explain: 'keyFetchFix', commands: fetch };
  }
  // a directory or a device is never removed (rm -r /etc/apt/keyrings would take every other key along):
  // the source gets a key file of its own instead, see examine()
  if (st.type !== 'file') return { ...base, data: { ...base.data, type: st.type }, status: 'fail', code: 'key-invalid', rank: 52, message: 'keyNotFile', explain: 'keyNotFileFix', commands: [] };
  if ((st.mode & 0o004) === 0) {
    return { ...base, data: { ...base.data, mode: octal(st.mode) }, status: 'fail', code: 'key-unreadable', rank: 51, message: 'keyUnreadable', explain: 'keyUnreadableFix', commands: [`sudo chmod a+r ${shQuote(path)}`, UPDATE] };
  }
  const dir = await ctx.files.stat(dirname(path));
  if (dir.ok && (dir.mode & 0o001) === 0) {
    return {
      ...base, data: { ...base.data, dir: dirname(path), mode: octal(dir.mode) }, status: 'fail', code: 'key-unreadable', rank: 51,
      message: 'keyDirUnreadable', explain: 'keyUnreadableFix', commands: [`sudo chmod a+rx ${shQuote(dirname(path))}`, UPDATE],
    };
  }
  const r = await readBytes(ctx, path);
  const problem = r.ok ? keyringProblem(path, r.bytes) : undefined;
  if (!problem) return undefined;
  return { ...base, detail: `${path} ${problem}`, status: 'fail', code: 'key-invalid', rank: 52, message: INVALID_MESSAGE[problem], explain: 'keyFetchFix', commands: fetch };
}

function fieldWhere(e: AptSource, field: string): string {
  return `${e.file}:${e.format === 'deb822' ? (e.fieldLines[field] ?? e.line) : e.line}`;
}

function malformedFinding(file: string, bad: Unparseable[]): Finding {
  const first = bad[0]!;
  const oneLine = !file.endsWith('.sources');
  const commentOut = oneLine && (file === SOURCES_LIST || bad.every((b) => b.reason !== 'binary'));
  const commands = commentOut ? bad.slice(0, 10).map((b) => `sudo sed -i '${b.line}s/^/# /' ${shQuote(file)}`) : [`sudo mv ${shQuote(file)} ${shQuote(`${file}.disabled`)}`];
  return {
    status: 'fail', code: 'malformed-source', rank: 10, message: 'malformed', explain: 'malformedFix', where: `${file}:${first.line}`,
    detail: bad.length > 1 ? `${first.reason} (${bad.length} lines)` : first.reason,
    data: { reason: first.reason, text: first.text, badLines: bad.length }, commands: [...commands, UPDATE],
  };
}

export default defineCheck({
  id: 'apt-repository',
  title: { en: "Docker's apt repository", 'zh-CN': 'Docker 的 apt 软件源' },
  category: 'install',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    ok: "Docker's source is present, enabled, and fits the release, architecture and key.",
    'distribution-package': "No Docker source, and none needed: docker.io (the distribution's package) is installed.",
    'no-apt': 'Not an apt system (no /etc/apt).',
    'other-install': 'No Docker source and no Docker package, but Docker is installed another way (a snap, Docker Desktop in WSL, a daemon that answers): nothing to add.',
    'sources-unreadable': 'No Docker source was found, and some source files could not be read.',
    'source-missing': "No source for Docker's repository (download.docker.com or a docker-ce mirror).",
    'source-disabled': "Docker's source is there but commented out or Enabled: no.",
    'malformed-source': 'A source line apt cannot parse: apt reads no sources at all.',
    'signed-by-conflict': "Two Docker entries for the same URI and suite with different Signed-By: apt's \"Conflicting values set for option Signed-By\".",
    'distro-mismatch': "The source points at Docker's repository for another distribution (debian on Ubuntu or the reverse).",
    'suite-mismatch': "The suite is not this release's codename (fail when Docker has no such suite, warn when it is another release's).",
    'arch-mismatch': "arch= / Architectures excludes the machine's dpkg architecture.",
    'key-missing': "Signed-By names a file that does not exist, or there is no Signed-By and Docker's key is in no apt keyring.",
    'key-unreadable': 'The Signed-By key (or its directory) is not readable by everyone; apt reads keys as _apt.',
    'key-invalid': 'The key file is empty, a keybox, armored under .gpg, or not a key: apt ignores it.',
    'legacy-apt-key': "Docker's key is in /etc/apt/trusted.gpg (added with the deprecated apt-key) and the source has no Signed-By.",
  },
  messages,
  async run(ctx): Promise<CheckResult<Msg>> {
    if (!(await ctx.files.stat('/etc/apt')).ok) return { status: 'skip', code: 'no-apt', message: 'noApt' };
    const facts = await ctx.facts();
    const rel = releaseOf(parseOsRelease((await ctx.files.text('/etc/os-release')) ?? (await ctx.files.text('/usr/lib/os-release')) ?? ''));
    const pkg = packagesOf(await readStatus(ctx));
    const native = pkg('dpkg')?.arch ?? ARCH_BY_NODE[facts.arch];
    const foreign = ((await ctx.files.text('/var/lib/dpkg/arch')) ?? '').split(/\s+/).filter((a) => a && a !== native);
    const repoDocs = DOCS_BY_REPO[rel.repo] ?? DOCS;

    // apt's order: sources.list, then sources.list.d by name
    const files = [SOURCES_LIST];
    const dir = await ctx.files.list(SOURCES_DIR);
    if (dir.ok) for (const e of dir.entries) if (e.type !== 'directory' && isSourcesFileName(e.name)) files.push(`${SOURCES_DIR}/${e.name}`);
    const entries: AptSource[] = [];
    const unreadable: string[] = [];
    const findings: Finding[] = [];
    for (const file of files) {
      const r = await ctx.files.read(file, { maxBytes: 4 * 1024 * 1024 });
      if (!r.ok) {
        if (r.error !== 'ENOENT') unreadable.push(file);
        continue;
      }
      const text = r.encoding === 'base64' ? Buffer.from(r.content, 'base64').toString('utf8') : r.content;
      const parsed = parseSources(file, text);
      entries.push(...parsed.entries);
      if (parsed.unparseable.length) findings.push(malformedFinding(file, parsed.unparseable));
    }

    const isDocker = (e: AptSource) => e.uris.some(isDockerUri);
    const docker = entries.filter((e) => e.enabled && isDocker(e));
    const dockerDeb = docker.filter((e) => e.types.includes('deb'));
    const lit: Literal = { codenameExpr: rel.codenameExpr, codename: rel.codename, arch: native };
    const keyTrouble = new Set<AptSource>();
    let unscoped: Promise<LegacyKey> | undefined;

    // what is wrong with one entry, and the rewrite that repairs its line(s)
    const examine = async (e: AptSource, rw: Rewrite): Promise<Finding[]> => {
      const uri = e.uris.find(isDockerUri)!;
      const out: Finding[] = [];
      const repoDistro = dockerRepoDistro(uri);
      const add = (f: Omit<Finding, 'commands' | 'data'> & { data: Data }) => out.push({ ...f, commands: [] });
      if (rel.repos.length && repoDistro && !rel.repos.includes(repoDistro)) {
        rw.uri = uri.replace(/\/linux\/[a-z]+(\/?)$/i, `/linux/${rel.repo}$1`);
        if (rel.codename) rw.suite = true;
        add({ status: 'fail', code: 'distro-mismatch', rank: 30, message: 'distroMismatch', explain: 'distroMismatchFix', where: fieldWhere(e, 'uris'), detail: `${repoDistro} != ${rel.repo}`, data: { repoDistro, distro: rel.name, expected: rel.repo, uri } });
      }
      const wrongSuite = rel.codename ? e.suites.find((s) => s !== rel.codename) : undefined;
      if (wrongSuite) {
        rw.suite = true;
        const published = (rel.repo === 'ubuntu' ? UBUNTU_SUITES : DEBIAN_SUITES).includes(wrongSuite);
        add({
          status: published ? 'warn' : 'fail', code: 'suite-mismatch', rank: published ? 60 : 31, message: published ? 'suiteOther' : 'suiteUnknown', explain: 'suiteFix',
          where: fieldWhere(e, 'suites'), detail: `${wrongSuite} != ${rel.codename}`,
          data: { suite: wrongSuite, expected: rel.codename!, expectedFrom: rel.codenameFrom ?? 'VERSION_CODENAME', distro: rel.name, uri: uri.replace(/\/+$/, '') },
        });
      }
      const archs = native ? effectiveArchitectures(e, native, foreign) : [];
      if (native && !archs.includes(native)) {
        rw.arch = true;
        add({ status: 'fail', code: 'arch-mismatch', rank: 40, message: 'archMismatch', explain: 'archFix', where: fieldWhere(e, 'architectures'), detail: `${archs.join(',') || '-'} != ${native}`, data: { archs: archs.join(', ') || '-', machineArch: native } });
      }
      if (e.signedBy?.kind === 'keys') {
        for (const key of e.signedBy.values.filter((v) => v.startsWith('/'))) {
          const f = await keyFileFinding(ctx, key, fieldWhere(e, 'signed-by'), rw.uri ?? uri);
          if (f) {
            if (f.message === 'keyNotFile') rw.signedBy = DOCKER_KEYRING;
            out.push(f);
            keyTrouble.add(e);
          }
        }
      } else if (!e.signedBy) {
        const k = await (unscoped ??= findUnscopedKey(ctx));
        const where = `${e.file}:${e.line}`;
        if (k.where === 'trusted.gpg') {
          rw.signedBy = DOCKER_KEYRING;
          add({ status: 'warn', code: 'legacy-apt-key', rank: 61, message: 'legacyAptKey', explain: 'legacyAptKeyFix', where, detail: '/etc/apt/trusted.gpg', data: { key: '/etc/apt/trusted.gpg' } });
        } else if (k.where === 'none') {
          rw.signedBy = DOCKER_KEYRING;
          add({ status: 'fail', code: 'key-missing', rank: 50, message: 'keyMissingNoSignedBy', explain: 'keyMissingNoSignedByFix', where, detail: 'no-signed-by', data: { subkey: DOCKER_SIGNING_SUBKEY, key: DOCKER_KEYRING } });
        } else if (k.where === 'invalid') {
          out.push({
            status: 'fail', code: 'key-invalid', rank: 52, message: INVALID_MESSAGE[k.problem], explain: 'keyFetchFix', where, detail: `${k.file} ${k.problem}`,
            data: { key: k.file, subkey: DOCKER_SIGNING_SUBKEY }, commands: [...keyFetchCommands(k.file, rw.uri ?? uri), UPDATE],
          });
        }
        if (k.where !== 'ok' && k.where !== 'unknown') keyTrouble.add(e);
      }
      // every finding on this entry gets the one rewrite that repairs all of them
      const corrected = correctedText(e, rw, lit);
      const rewrite = rewriteCommands(e, rw, lit);
      for (const f of out) {
        f.data = { ...f.data, corrected };
        if (f.commands.length) continue;
        if (f.code === 'legacy-apt-key' || f.code === 'key-missing' || f.message === 'keyNotFile') {
          f.commands = [...keyFetchCommands(DOCKER_KEYRING, rw.uri ?? uri), ...rewrite, ...(f.code === 'legacy-apt-key' ? [`sudo apt-key del ${DOCKER_KEY_SHORT_ID}`] : []), UPDATE];
        } else f.commands = [...rewrite, UPDATE];
      }
      return out;
    };

    for (const e of dockerDeb) findings.push(...(await examine(e, {})));
    findings.push(...conflicts(docker, entries, keyTrouble));

    if (!dockerDeb.length) {
      let how: string | undefined;
      const ours = ['docker-ce', 'docker-ce-cli', 'containerd.io', 'docker-engine'].filter((p) => pkg(p)?.installed);
      const distro = pkg('docker.io');
      const disabled = entries.find((e) => !e.enabled && isDocker(e) && e.types.includes('deb'));
      if (distro?.installed && !ours.length) {
        if (!findings.length) return { status: 'pass', code: 'distribution-package', message: 'distributionPackage', data: { version: distro.version ?? '?' } };
      } else if (disabled) {
        const rw: Rewrite = { enable: true };
        // enabling it brings back whatever else is wrong with it: repair that in the same go
        const found = await examine(disabled, rw);
        const commands = [...found.flatMap((f) => f.commands.filter((c) => c !== UPDATE)), ...rewriteCommands(disabled, rw, lit), UPDATE];
        findings.push({
          status: 'warn', code: 'source-disabled', rank: 62, message: 'sourceDisabled', explain: 'sourceDisabledFix', where: `${disabled.file}:${disabled.line}`,
          detail: found.map((f) => f.code).join(','), data: { corrected: correctedText(disabled, rw, lit) }, commands: [...new Set(commands)],
        });
      } else if (unreadable.length) {
        if (!findings.length) return { status: 'skip', code: 'sources-unreadable', message: 'sourcesUnreadable', data: { unreadable } };
      } else if (!ours.length && (how = await otherInstall(ctx, !findings.length))) {
        if (!findings.length) return { status: 'pass', code: 'other-install', message: 'otherInstall', data: { how } };
      } else {
        const repo = `https://download.docker.com/linux/${rel.repo}`;
        const install = ours.length ? [] : ['sudo apt-get install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin'];
        findings.push({
          status: 'warn', code: 'source-missing', rank: 63, message: ours.length ? 'sourceMissingInstalled' : 'sourceMissing', explain: 'sourceMissingFix', where: '/etc/apt',
          detail: ours.join(','), data: { packages: ours.join(', ') }, commands: [...setupCommands(repo, rel.codenameExpr), ...install],
        });
      }
    }

    if (!findings.length) {
      const e = dockerDeb[0]!;
      return { status: 'pass', code: 'ok', message: 'ok', data: { where: `${e.file}:${e.line}`, uri: e.uris.find(isDockerUri)!, suite: e.suites.join(' '), sources: dockerDeb.length } };
    }
    findings.sort((a, b) => (a.status === b.status ? a.rank - b.rank : a.status === 'fail' ? -1 : 1));
    const [top, ...rest] = findings as [Finding, ...Finding[]];
    const data: Data = {
      ...top.data,
      where: top.where,
      findings: findings.map((f) => `${f.where}: ${f.code}${f.detail ? ` ${f.detail}` : ''}`),
      others: rest.length ? `(+${rest.length}: ${rest.map((f) => `${f.where} ${f.code}`).join('; ')})` : '',
    };
    return { status: top.status, code: top.code, message: top.message, data, fix: { explain: top.explain, commands: top.commands, docs: repoDocs } };
  },
});

/** apt refuses two entries for one URI and suite whose Signed-By differ. */
function conflicts(docker: AptSource[], all: AptSource[], keyTrouble: Set<AptSource>): Finding[] {
  const groups = new Map<string, AptSource[]>();
  for (const e of docker) {
    for (const uri of e.uris.filter(isDockerUri)) {
      for (const suite of e.suites) {
        const k = `${normalizeUri(uri)} ${suite}`;
        const g = groups.get(k) ?? [];
        if (!g.includes(e)) g.push(e);
        groups.set(k, g);
      }
    }
  }
  const sig = (e: AptSource) => (!e.signedBy ? '' : e.signedBy.kind === 'inline' ? e.signedBy.block : e.signedBy.values.join(','));
  const shown = (e: AptSource) => (e.signedBy?.kind === 'inline' ? '(inline key)' : sig(e));
  const out: Finding[] = [];
  const reported = new Set<AptSource>();
  for (const [source, group] of groups) {
    const first = group[0]!;
    const second = group.find((e) => sig(e) !== sig(first));
    if (!second || reported.has(second)) continue;
    group.forEach((e) => reported.add(e));
    // keep the entry most likely to work: a healthy key, Docker's file name, deb822
    const score = (e: AptSource) => (e.signedBy && !keyTrouble.has(e) ? 4 : 0) + (/\/docker\.(list|sources)$/.test(e.file) ? 2 : 0) + (e.format === 'deb822' ? 1 : 0) - (e.file === SOURCES_LIST ? 1 : 0);
    const keep = group.reduce((best, e) => (score(e) > score(best) ? e : best), first);
    const drop = group.filter((e) => e !== keep);
    const onlyEntry = (e: AptSource) => all.filter((o) => o.file === e.file && o.enabled).length === 1;
    const aptError = `Conflicting values set for option Signed-By regarding source ${source}: ${shown(first)} != ${shown(second)}`;
    out.push({
      status: 'fail', code: 'signed-by-conflict', rank: 20, message: 'conflict', explain: 'conflictFix', where: `${second.file}:${second.line}`,
      detail: `${shown(first) || '-'} != ${shown(second) || '-'} (${first.file}:${first.line})`,
      data: { aptError, otherWhere: `${first.file}:${first.line}`, keep: `${keep.file}:${keep.line}`, remove: drop.map((e) => `${e.file}:${e.line}`) },
      commands: [...drop.map((e) => removeEntryCommand(e, onlyEntry(e))), UPDATE],
    });
  }
  return out;
}
