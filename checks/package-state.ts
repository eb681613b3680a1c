import { defineCheck } from '../src/check.js';
import {
  DPKG_STATUS,
  DPKG_STATUS_MAX_BYTES,
  DPKG_UPDATES,
  describeState,
  isDockerPackage,
  isHealthy,
  isPresent,
  statusFromRead,
  unmetDependencies,
  type DpkgPackage,
} from '../src/lib/dpkg.js';
import { daemonLogCommands } from '../src/lib/init-system.js';

const DOCS = 'https://docs.docker.com/engine/install/ubuntu/';
const CONFIGURE = 'sudo dpkg --configure -a';
const FIX_BROKEN = 'sudo apt-get -f install';

// worst first: the first one found is the check's code, the others are listed with it
const ORDER = ['status-damaged', 'dpkg-interrupted', 'reinstall-required', 'unmet-dependencies', 'half-configured', 'not-configured'] as const;
type Finding = (typeof ORDER)[number];
const MESSAGE: Record<Finding, 'statusDamaged' | 'dpkgInterrupted' | 'reinstallRequired' | 'unmetDependencies' | 'halfConfigured' | 'notConfigured'> = {
  'status-damaged': 'statusDamaged',
  'dpkg-interrupted': 'dpkgInterrupted',
  'reinstall-required': 'reinstallRequired',
  'unmet-dependencies': 'unmetDependencies',
  'half-configured': 'halfConfigured',
  'not-configured': 'notConfigured',
};

export default defineCheck({
  id: 'package-state',
  title: { en: 'State of the Docker packages', 'zh-CN': 'Docker 软件包的安装状态' },
  category: 'install',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    installed: 'Every Docker package dpkg knows of is fully installed and its dependencies are met.',
    'status-damaged': "dpkg's status database has lines dpkg cannot parse: dpkg and apt refuse to run.",
    'dpkg-interrupted': 'A dpkg run was interrupted (files in /var/lib/dpkg/updates): apt refuses to install until it is finished.',
    'reinstall-required': 'A Docker package is half-installed or flagged reinstreq: it must be reinstalled.',
    'unmet-dependencies': 'A Docker package depends on a package that is not installed, or not in a version that satisfies it.',
    'half-configured': "A Docker package's post-installation script failed (usually because the daemon did not start).",
    'not-configured': 'A Docker package is unpacked, or waiting for triggers, but not configured.',
    'no-docker-packages': 'dpkg has no Docker package installed (Docker may be installed another way, or not at all).',
    'not-dpkg': 'There is no /var/lib/dpkg/status: not a dpkg-based system.',
    'status-unreadable': "dpkg's status database exists but cannot be read.",
  },
  messages: {
    installed: { en: 'Docker packages fully installed: {packages}.', 'zh-CN': 'Docker 软件包已完整安装：{packages}。' },
    noDockerPackages: { en: 'Skipped: dpkg has no Docker package installed.', 'zh-CN': '已跳过：dpkg 中没有安装任何 Docker 软件包。' },
    notDpkg: { en: 'Skipped: {file} does not exist, so this is not a dpkg-based system.', 'zh-CN': '已跳过：{file} 不存在，这不是基于 dpkg 的系统。' },
    statusUnreadable: { en: 'Skipped: {file} cannot be read ({error}).', 'zh-CN': '已跳过：无法读取 {file}（{error}）。' },
    statusDamaged: {
      en: '{file} is damaged near line {line} ("{detail}"); dpkg and apt stop with "parsing file \'{file}\' near line {line}".',
      'zh-CN': '{file} 在第 {line} 行附近已损坏（"{detail}"）；dpkg 和 apt 会报错 "parsing file \'{file}\' near line {line}" 并停止。',
    },
    statusDamagedFix: {
      en: 'Keep a copy of the damaged file, then restore the previous database ({backup}) and let dpkg finish.',
      'zh-CN': '先保存一份损坏的文件，然后恢复上一份数据库（{backup}），再让 dpkg 完成未完成的工作。',
    },
    dpkgInterrupted: {
      en: 'A dpkg run was interrupted: {count} pending update(s) in {file}. apt says "dpkg was interrupted, you must manually run \'sudo dpkg --configure -a\'". {more}',
      'zh-CN': '有一次 dpkg 运行被中断：{file} 中有 {count} 个未完成的更新。apt 会提示 "dpkg was interrupted, you must manually run \'sudo dpkg --configure -a\'"。{more}',
    },
    dpkgInterruptedFix: { en: 'Let dpkg finish the interrupted run.', 'zh-CN': '让 dpkg 完成被中断的操作。' },
    reinstallRequired: {
      en: 'Docker packages in a broken state that need reinstalling: {problems} ({file}). {more}',
      'zh-CN': '以下 Docker 软件包处于损坏状态，需要重新安装：{problems}（{file}）。{more}',
    },
    reinstallRequiredFix: {
      en: 'Reinstall them so dpkg has a complete copy again, then let dpkg configure what is left.',
      'zh-CN': '重新安装这些软件包，让 dpkg 重新拥有完整的文件，然后让 dpkg 配置剩余的软件包。',
    },
    unmetDependencies: {
      en: 'Docker packages with unmet dependencies: {problems} ({file}). apt says "Unmet dependencies. Try \'apt --fix-broken install\'". {more}',
      'zh-CN': '以下 Docker 软件包的依赖未满足：{problems}（{file}）。apt 会提示 "Unmet dependencies. Try \'apt --fix-broken install\'"。{more}',
    },
    unmetDependenciesFix: {
      en: 'Let apt install what is missing and finish configuring the packages.',
      'zh-CN': '让 apt 安装缺少的软件包并完成配置。',
    },
    halfConfigured: {
      en: 'The post-installation script of {names} failed: {problems} ({file}). For docker-ce this almost always means the daemon did not start. {more}',
      'zh-CN': '{names} 的安装后脚本执行失败：{problems}（{file}）。对 docker-ce 来说，这几乎总是因为守护进程无法启动。{more}',
    },
    halfConfiguredFix: {
      en: 'Find out why the service does not start first (its log below; the daemon-config check reports a daemon.json the daemon refuses), fix that, then let dpkg finish configuring.',
      'zh-CN': '先查明服务为什么无法启动（见下面的日志；daemon-config 检查会指出守护进程拒绝的 daemon.json），修复后再让 dpkg 完成配置。',
    },
    notConfigured: {
      en: 'Docker packages unpacked but not configured: {problems} ({file}). {more}',
      'zh-CN': '以下 Docker 软件包已解包但尚未配置：{problems}（{file}）。{more}',
    },
    notConfiguredFix: { en: 'Let dpkg configure the unpacked packages.', 'zh-CN': '让 dpkg 配置已解包的软件包。' },
    more: { en: 'Also: {others}.', 'zh-CN': '另外：{others}。' },
  },
  async run(ctx) {
    const file = DPKG_STATUS;
    const st = statusFromRead(await ctx.files.read(file, { maxBytes: DPKG_STATUS_MAX_BYTES }));
    if (st.kind === 'missing') return { status: 'skip', code: 'not-dpkg', message: 'notDpkg', data: { file } };
    if (st.kind === 'unreadable') return { status: 'skip', code: 'status-unreadable', message: 'statusUnreadable', data: { file, error: st.error } };
    const db = st.db;

    const found = new Map<Finding, string[]>();
    const add = (f: Finding, text: string) => found.set(f, [...(found.get(f) ?? []), text]);
    if (db.problems.length) add('status-damaged', `${file} line ${db.problems[0]!.line}`);

    // dpkg journals each change as /var/lib/dpkg/updates/NNNN until the database is rewritten
    const updates = await ctx.files.list(DPKG_UPDATES);
    const pending = updates.ok ? updates.entries.filter((e) => /^\d+$/.test(e.name)).map((e) => `${DPKG_UPDATES}/${e.name}`) : [];
    if (pending.length) add('dpkg-interrupted', `${pending.length} file(s) in ${DPKG_UPDATES}`);

    const docker = db.packages.filter((p) => isDockerPackage(p.name) && isPresent(p));
    const halfConfigured: DpkgPackage[] = [];
    const reinstall: DpkgPackage[] = [];
    for (const p of docker) {
      const where = `${p.name} ${p.version ?? '?'}: ${describeState(p)} (line ${p.line})`;
      if (p.status!.flag.includes('reinstreq') || p.status!.state === 'half-installed') {
        reinstall.push(p);
        add('reinstall-required', where);
      } else if (p.status!.state === 'half-configured') {
        halfConfigured.push(p);
        add('half-configured', where);
      } else if (!isHealthy(p)) add('not-configured', where);
      // a dependency that is there but not configured is dpkg's ordinary queue, not unmet
      for (const u of unmetDependencies(db, p)) if (u.kind !== 'unconfigured') add('unmet-dependencies', `${p.name} needs ${u.relation}: ${u.found}`);
    }

    const first = ORDER.find((f) => found.has(f));
    if (!first) {
      if (!docker.length) return { status: 'skip', code: 'no-docker-packages', message: 'noDockerPackages', data: { file } };
      return { status: 'pass', code: 'installed', message: 'installed', data: { file, packages: docker.map((p) => `${p.name} ${p.version ?? '?'}`) } };
    }

    const others = ORDER.filter((f) => f !== first && found.has(f)).flatMap((f) => found.get(f)!);
    const facts = await ctx.facts();
    const commands: Record<Finding, () => string[]> = {
      'status-damaged': () => [],
      'dpkg-interrupted': () => [CONFIGURE],
      'reinstall-required': () => [`sudo apt-get install --reinstall ${reinstall.map((p) => p.name).join(' ')}`, CONFIGURE],
      'unmet-dependencies': () => [FIX_BROKEN],
      'half-configured': () => [...serviceLogs(facts, halfConfigured), CONFIGURE],
      'not-configured': () => [CONFIGURE, FIX_BROKEN],
    };
    const data: Record<string, string | number | string[]> = {
      file,
      problems: found.get(first)!,
      others: others.length ? others : ['-'],
      packages: docker.map((p) => `${p.name} ${p.version ?? '?'} (${describeState(p)})`),
      names: [...new Set(halfConfigured.map((p) => p.name))],
    };
    let cmds = ORDER.filter((f) => found.has(f)).flatMap((f) => commands[f]());
    if (first === 'status-damaged') {
      const problem = db.problems[0]!;
      const backup = (await ctx.files.exists('/var/lib/dpkg/status-old')) ? '/var/lib/dpkg/status-old' : '/var/backups/dpkg.status.0';
      Object.assign(data, { line: problem.line, detail: problem.text, backup });
      cmds = [`sudo cp ${file} ${file}.broken`, `sudo cp ${backup} ${file}`, CONFIGURE, ...cmds];
    }
    if (first === 'dpkg-interrupted') Object.assign(data, { file: DPKG_UPDATES, count: pending.length, pending: pending.slice(0, 10) });
    // dedupe, keeping the first place of each command: the order is the order to run them in
    const unique = [...new Set(cmds)];
    return {
      status: 'fail', code: first, message: MESSAGE[first], data: { ...data, more: others.length ? `Also: ${others.join('; ')}.` : '' },
      fix: { explain: `${MESSAGE[first]}Fix` as const, commands: unique, docs: DOCS },
    };
  },
});

/** The log of the service whose start failed inside the package's post-installation script. */
function serviceLogs(facts: Awaited<ReturnType<Parameters<Parameters<typeof defineCheck>[0]['run']>[0]['facts']>>, pkgs: DpkgPackage[]): string[] {
  if (!facts.systemd) return daemonLogCommands({ ...facts, platform: 'linux' });
  const units = new Set(pkgs.map((p) => (/containerd/.test(p.name) ? 'containerd' : 'docker')));
  return [...units].map((u) => `sudo journalctl -u ${u} --no-pager -n 50`);
}
