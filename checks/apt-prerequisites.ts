import { defineCheck, type CheckResult, type Text } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import { DPKG_STATUS, candidatesFor, compareVersions, isConfigured, isPresent, type DpkgDb } from '../src/lib/dpkg.js';
import { DPKG_SKIP_CODES, DPKG_SKIP_MESSAGES, readDpkg } from '../src/lib/dpkg-read.js';
import { dockerWithoutApt } from '../src/lib/docker-without-apt.js';
import { engineFromDpkg } from '../src/lib/engine-version.js';

const DOCS = 'https://docs.docker.com/engine/install/ubuntu/#install-using-the-repository';
// apt speaks https itself from 1.5 on; before, it needed the apt-transport-https package
const APT_HTTPS_BUILTIN = '1.5~';

interface Need {
  name: string;
  /** Any of these installed satisfies it (gnupg's gpg does the key work on its own). */
  any: string[];
}

const NEEDS: Need[] = [
  { name: 'ca-certificates', any: ['ca-certificates'] },
  { name: 'curl', any: ['curl'] },
  { name: 'gnupg', any: ['gnupg', 'gnupg2', 'gpg'] },
];

const messages = {
  installed: { en: 'The packages the install steps use are installed: {packages}.', 'zh-CN': '安装步骤所需的软件包均已安装：{packages}。' },
  missing: {
    en: 'Not installed: {missing} ({file}); the steps that add Docker\'s apt repository need them.',
    'zh-CN': '未安装：{missing}（{file}）；添加 Docker apt 软件源的步骤需要它们。',
  },
  missingOldApt: {
    en: 'Not installed: {missing} ({file}); the steps that add Docker\'s apt repository need them, and apt {aptVersion} (older than 1.5) needs apt-transport-https to use an https repository.',
    'zh-CN': '未安装：{missing}（{file}）；添加 Docker apt 软件源的步骤需要它们，而且 apt {aptVersion}（低于 1.5）需要 apt-transport-https 才能使用 https 软件源。',
  },
  missingFix: {
    en: "Install them before adding Docker's repository: curl downloads Docker's key, ca-certificates lets it trust download.docker.com, gnupg reads the key.",
    'zh-CN': '在添加 Docker 软件源之前先安装它们：curl 用来下载 Docker 的密钥，ca-certificates 让它信任 download.docker.com，gnupg 用来处理密钥。',
  },
  ...DPKG_SKIP_MESSAGES,
  noApt: {
    en: 'Skipped: apt is not installed according to {file} (dpkg alone, as on Fedora or Arch), so the apt install steps do not apply.',
    'zh-CN': '已跳过：根据 {file}，系统中没有安装 apt（只有 dpkg，例如在 Fedora 或 Arch 上），apt 的安装步骤不适用。',
  },
  notNeeded: {
    en: 'Skipped: Docker is already installed ({engine}) without Docker\'s apt repository; ca-certificates, curl and gnupg are only needed to add that repository.',
    'zh-CN': '已跳过：Docker 已经安装（{engine}），并不来自 Docker 的 apt 软件源；ca-certificates、curl 和 gnupg 只在添加该软件源时才需要。',
  },
  statusDamaged: {
    en: 'Skipped: {file} is damaged near line {line}, so a package missing from it may still be installed; see package-state.',
    'zh-CN': '已跳过：{file} 在第 {line} 行附近已损坏，其中缺少的软件包也可能实际已安装；请查看 package-state。',
  },
  statusIncomplete: {
    en: 'Skipped: {file} was cut short before {missing}, so whether they are installed is unknown.',
    'zh-CN': '已跳过：{file} 在 {missing} 之前就被截断，无法确定它们是否已安装。',
  },
} satisfies Record<string, Text>;
type Msg = keyof typeof messages;

export default defineCheck({
  id: 'apt-prerequisites',
  title: { en: 'Packages the apt install steps need', 'zh-CN': 'apt 安装步骤所需的软件包' },
  category: 'install',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    ...DPKG_SKIP_CODES,
    installed: 'ca-certificates, curl and gnupg (and apt-transport-https where apt is older than 1.5) are installed.',
    missing: 'Some of them are not installed (or not configured).',
    'status-damaged': 'Packages seem missing, but the status database has lines dpkg cannot parse (package-state reports them).',
    'status-incomplete': 'The status database was cut short before the missing packages would appear in it.',
    'no-apt': 'dpkg has a status database but apt is not installed (dpkg on Fedora, Arch, ...): skip.',
    'not-needed': "Docker is installed from another source (docker.io of the distribution, a snap, Docker Desktop in WSL): the steps that add Docker's repository are not needed (skip).",
  },
  messages,
  async run(ctx): Promise<CheckResult<Msg>> {
    const file = DPKG_STATUS;
    const read = await readDpkg(ctx);
    if ('skip' in read) return read.skip;
    const db = read.db;

    const apt = db.byName('apt').find(isPresent);
    if (!apt && db.covers('apt') && !db.problems.length) return { status: 'skip', code: 'no-apt', message: 'noApt', data: { file } };
    const oldApt = Boolean(apt?.version && compareVersions(apt.version, APT_HTTPS_BUILTIN) < 0);
    const needs = oldApt ? [...NEEDS, { name: 'apt-transport-https', any: ['apt-transport-https'] }] : NEEDS;
    const have = needs.map((n) => ({ need: n, pkg: satisfier(db, n) }));
    // with Docker installed the set-up steps are behind: only apt's https updates from
    // download.docker.com (docker-ce) still need ca-certificates (and the https transport)
    const dpkgEngine = engineFromDpkg(db);
    const p = dpkgEngine && db.byName(dpkgEngine.package).find(isPresent);
    const engine = p ? { package: p.name, text: `${p.name} ${p.version ?? '?'}` } : await otherEngine(ctx, have.some((h) => !h.pkg));
    const required = !engine ? needs : engine.package === 'docker-ce' ? needs.filter((n) => n.name === 'ca-certificates' || n.name === 'apt-transport-https') : [];
    const missing = have.filter((h) => !h.pkg && required.includes(h.need)).map((h) => h.need);
    const aptVersion = apt?.version ?? null;
    if (!missing.length) {
      const packages = have.filter((h) => h.pkg).map((h) => `${h.pkg!.name} ${h.pkg!.version ?? '?'}`);
      if (!required.length && packages.length < needs.length) return { status: 'skip', code: 'not-needed', message: 'notNeeded', data: { file, engine: engine!.text } };
      return { status: 'pass', code: 'installed', message: 'installed', data: { file, aptVersion, packages } };
    }
    if (db.problems.length) return { status: 'skip', code: 'status-damaged', message: 'statusDamaged', data: { file, line: db.problems[0]!.line } };
    const unknown = missing.filter((n) => !n.any.every((a) => db.covers(a)));
    if (unknown.length) return { status: 'skip', code: 'status-incomplete', message: 'statusIncomplete', data: { file, missing: unknown.map((n) => n.name) } };
    const names = ['ca-certificates', 'curl', 'gnupg', ...(oldApt ? ['apt-transport-https'] : [])];
    return {
      status: 'warn', code: 'missing', message: oldApt ? 'missingOldApt' : 'missing',
      data: { file, aptVersion, missing: missing.map((n) => stateOf(db, n)) },
      fix: { explain: 'missingFix', commands: [`sudo apt-get update && sudo apt-get install -y ${names.join(' ')}`], docs: DOCS },
    };
  },
});

/** A snap docker or Docker Desktop in WSL: looked for only when something is missing. */
async function otherEngine(ctx: CheckContext, missing: boolean): Promise<{ package: string; text: string } | undefined> {
  const other = missing ? await dockerWithoutApt(ctx.files) : undefined;
  return other && { package: other.kind, text: other.detail };
}

function satisfier(db: DpkgDb, n: Need) {
  for (const name of n.any) {
    const c = candidatesFor(db, { name }, isConfigured)[0];
    if (c) return c.pkg;
  }
  return undefined;
}

/** "curl", or "curl (unpacked)" when it is there but not configured. */
function stateOf(db: DpkgDb, n: Need): string {
  const p = n.any.flatMap((a) => db.byName(a)).find(isPresent);
  return p ? `${n.name} (${p.status!.state})` : n.name;
}
