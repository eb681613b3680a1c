import { defineCheck, type CheckResult, type Text } from '../src/check.js';
import {
  DPKG_STATUS,
  candidatesFor,
  describeState,
  formatAlternatives,
  isConfigured,
  isDockerPackage,
  isPresent,
  type Alternatives,
  type DpkgPackage,
} from '../src/lib/dpkg.js';
import { DPKG_SKIP_CODES, DPKG_SKIP_MESSAGES, readDpkg } from '../src/lib/dpkg-read.js';

// Docker CE 17.x and 18.x depended on libltdl7; installed from a downloaded .deb or pinned to
// an old version, docker-ce stays unpacked until apt installs it (the install note's VPS).
const DOCS = 'https://docs.docker.com/engine/install/ubuntu/#install-from-a-package';
const LIB = 'libltdl7';

interface Need {
  pkg: DpkgPackage;
  group: Alternatives;
}

const messages = {
  notNeeded: { en: 'No Docker package depends on libltdl7 ({docker}).', 'zh-CN': '没有 Docker 软件包依赖 libltdl7（{docker}）。' },
  installed: {
    en: '{package} {version} depends on {constraint}; libltdl7 {found} is installed.',
    'zh-CN': '{package} {version} 依赖 {constraint}；已安装 libltdl7 {found}。',
  },
  missing: {
    en: '{package} {version} ({state}) depends on {constraint}, but libltdl7 is not installed ({file}, line {line}). dpkg says: "dependency problems prevent configuration of {package}".',
    'zh-CN': '{package} {version}（{state}）依赖 {constraint}，但 libltdl7 未安装（{file} 第 {line} 行）。dpkg 的提示是："dependency problems prevent configuration of {package}"。',
  },
  missingFix: {
    en: 'Let apt install the missing library and finish configuring {package}: `apt-get -f install` does both (it is what fixed the original install). Installing libltdl7 by name works too.',
    'zh-CN': '让 apt 安装缺少的库并完成 {package} 的配置：`apt-get -f install` 会同时完成这两步（最初那次安装正是这样修好的）。也可以直接按名称安装 libltdl7。',
  },
  tooOld: {
    en: '{package} {version} depends on {constraint}, but libltdl7 {found} is installed ({file}, line {line}).',
    'zh-CN': '{package} {version} 依赖 {constraint}，但已安装的是 libltdl7 {found}（{file} 第 {line} 行）。',
  },
  tooOldFix: {
    en: 'Upgrade libltdl7 from your distribution, then let apt finish configuring {package}.',
    'zh-CN': '从发行版软件源升级 libltdl7，然后让 apt 完成 {package} 的配置。',
  },
  notConfigured: {
    en: '{package} {version} depends on {constraint}; libltdl7 is there but not configured ({found}), so {package} is not configured either ({file}, line {line}).',
    'zh-CN': '{package} {version} 依赖 {constraint}；libltdl7 已解包但尚未配置（{found}），因此 {package} 也无法完成配置（{file} 第 {line} 行）。',
  },
  notConfiguredFix: {
    en: 'Let dpkg finish configuring the unpacked packages; if it still complains, refresh the package lists and let apt repair the dependencies.',
    'zh-CN': '让 dpkg 完成已解包软件包的配置；如果仍然报错，先刷新软件包列表，再让 apt 修复依赖关系。',
  },
  ...DPKG_SKIP_MESSAGES,
  statusIncomplete: {
    en: 'Skipped: {file} was cut short before libltdl7, so whether it is installed is unknown.',
    'zh-CN': '已跳过：{file} 在 libltdl7 之前就被截断，无法确定它是否已安装。',
  },
} satisfies Record<string, Text>;
type Msg = keyof typeof messages;

export default defineCheck({
  id: 'libltdl7',
  title: { en: 'libltdl7 for Docker packages', 'zh-CN': 'Docker 软件包所需的 libltdl7' },
  category: 'install',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    ...DPKG_SKIP_CODES,
    'not-needed': 'No installed or pending Docker package depends on libltdl7.',
    installed: 'A Docker package depends on libltdl7 and a version that satisfies it is installed.',
    missing: 'A Docker package depends on libltdl7, which is not installed: dpkg left the package unconfigured.',
    'too-old': 'A Docker package needs a newer libltdl7 than the one installed.',
    'not-configured': 'libltdl7 is unpacked but not configured, so the Docker package that needs it cannot be configured either.',
    'status-incomplete': 'The status database was cut short before libltdl7 would appear in it.',
  },
  messages,
  async run(ctx): Promise<CheckResult<Msg>> {
    const file = DPKG_STATUS;
    const read = await readDpkg(ctx);
    if ('skip' in read) return read.skip;
    const db = read.db;

    // installed, half-way, or selected for installation: all of them want their Depends
    const docker = db.packages.filter((p) => isDockerPackage(p.name) && (isPresent(p) || p.status?.want === 'install'));
    const needs: Need[] = docker.flatMap((pkg) => [...pkg.preDepends, ...pkg.depends].filter((g) => g.some((r) => r.name === LIB)).map((group) => ({ pkg, group })));
    const dockerList = docker.length ? docker.map((p) => p.name) : ['-'];
    if (!needs.length) return { status: 'pass', code: 'not-needed', message: 'notNeeded', data: { docker: dockerList } };

    const unmet = needs.filter((n) => !n.group.some((r) => candidatesFor(db, r, isConfigured).length));
    if (!unmet.length) {
      const n = needs[0]!;
      const lib = n.group.flatMap((r) => candidatesFor(db, r, isConfigured))[0]!.pkg;
      return { status: 'pass', code: 'installed', message: 'installed', data: { ...describe(n), found: `${lib.name} ${lib.version ?? '?'}` } };
    }
    if (!db.covers(LIB)) return { status: 'skip', code: 'status-incomplete', message: 'statusIncomplete', data: { file } };

    const n = unmet[0]!;
    const packages = [...new Set(unmet.map((u) => u.pkg.name))];
    const lib = db.byName(LIB).find(isPresent);
    const base = { ...describe(n), packages, file };
    if (!lib) {
      return {
        status: 'fail', code: 'missing', message: 'missing', data: { ...base, found: 'not-installed' },
        // empty package lists (fresh VPS, container image): without update, -f install offers to remove docker-ce
        fix: { explain: 'missingFix', commands: ['sudo apt-get update', 'sudo apt-get -f install', `sudo apt-get install ${LIB}`], docs: DOCS },
      };
    }
    const found = isConfigured(lib) ? (lib.version ?? '?') : `${lib.version ?? '?'} (${describeState(lib)})`;
    // there, but no version of it satisfies the constraint
    if (!n.group.some((r) => candidatesFor(db, r, isPresent).length)) {
      return {
        status: 'fail', code: 'too-old', message: 'tooOld', data: { ...base, found },
        fix: { explain: 'tooOldFix', commands: [`sudo apt-get update && sudo apt-get install ${LIB}`, 'sudo apt-get -f install'], docs: DOCS },
      };
    }
    return {
      status: 'fail', code: 'not-configured', message: 'notConfigured', data: { ...base, found },
      fix: { explain: 'notConfiguredFix', commands: ['sudo dpkg --configure -a', 'sudo apt-get update', 'sudo apt-get -f install'], docs: DOCS },
    };
  },
});

function describe(n: Need) {
  return { package: n.pkg.name, version: n.pkg.version ?? '?', state: describeState(n.pkg), constraint: formatAlternatives(n.group), line: n.pkg.line };
}
