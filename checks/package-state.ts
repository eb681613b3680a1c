import { defineCheck, type CheckResult, type Data, type Text } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { HostFacts } from '../src/host/types.js';
import {
  DPKG_STATUS,
  DPKG_UPDATES,
  describeState,
  isDockerPackage,
  isHealthy,
  isPresent,
  unmetDependencies,
  type DpkgPackage,
} from '../src/lib/dpkg.js';
import { DPKG_SKIP_CODES, DPKG_SKIP_MESSAGES, readDpkg } from '../src/lib/dpkg-read.js';
import { daemonLogCommands } from '../src/lib/init-system.js';
import { fcntlWriteHolders, parseInodes, parseProcLocks } from '../src/lib/proc-locks.js';

const DOCS = 'https://docs.docker.com/engine/install/ubuntu/';
const CONFIGURE = 'sudo dpkg --configure -a';
const FIX_BROKEN = 'sudo apt-get -f install';
// before anything apt must fetch, as libltdl7's fix does: with empty package lists (a fresh VPS,
// a container image) apt cannot find what is missing, and -f install offers to remove docker-ce
const UPDATE = 'sudo apt-get update';

// worst first: the first one found is the check's code, the others are listed with it
const ORDER = ['status-damaged', 'dpkg-interrupted', 'reinstall-required', 'unmet-dependencies', 'half-configured', 'not-configured'] as const;
type Finding = (typeof ORDER)[number];
const FIX = {
  'status-damaged': 'statusDamagedFix',
  'dpkg-interrupted': 'dpkgInterruptedFix',
  'reinstall-required': 'reinstallRequiredFix',
  'unmet-dependencies': 'unmetDependenciesFix',
  'half-configured': 'halfConfiguredFix',
  'not-configured': 'notConfiguredFix',
} as const;
const MESSAGE: Record<Finding, 'statusDamaged' | 'dpkgInterrupted' | 'reinstallRequired' | 'unmetDependencies' | 'halfConfigured' | 'notConfigured'> = {
  'status-damaged': 'statusDamaged',
  'dpkg-interrupted': 'dpkgInterrupted',
  'reinstall-required': 'reinstallRequired',
  'unmet-dependencies': 'unmetDependencies',
  'half-configured': 'halfConfigured',
  'not-configured': 'notConfigured',
};

const messages = {
  installed: { en: 'Docker packages fully installed: {packages}.', 'zh-CN': 'Docker 软件包已完整安装：{packages}。' },
  noDockerPackages: { en: 'Skipped: dpkg has no Docker package installed ({file}).', 'zh-CN': '已跳过：dpkg 中没有安装任何 Docker 软件包（{file}）。' },
  ...DPKG_SKIP_MESSAGES,
  statusDamaged: {
    en: '{file} is damaged near line {line} ("{detail}"): dpkg and apt stop with "parsing file \'{file}\' near line {line}" — {problems}.',
    'zh-CN': '{file} 在第 {line} 行附近已损坏（"{detail}"）：dpkg 和 apt 会报错 "parsing file \'{file}\' near line {line}" 并停止 —— {problems}。',
  },
  dpkgRunning: {
    en: 'apt or dpkg is running right now ({process}, pid {pid}, holds {lock}); wait for it to finish, then run docker-doctor again. Until then dpkg shows its work in progress — {problems}.',
    'zh-CN': 'apt 或 dpkg 正在运行（{process}，进程号 {pid}，持有 {lock}）；请等它结束后再重新运行 docker-doctor。在此之前 dpkg 显示的是正在进行中的状态 —— {problems}。',
  },
  dpkgRunningFix: {
    en: 'The first command shows what it is and how long it has run (unattended-upgrades can take minutes after a boot); the second waits until it has finished. Do not kill it or delete the lock files: that is how a dpkg run gets interrupted.',
    'zh-CN': '第一条命令显示它是什么进程、已运行多久（开机后 unattended-upgrades 可能要运行好几分钟）；第二条命令会一直等到它结束。不要强行结束它，也不要删除锁文件：dpkg 的运行正是这样被中断的。',
  },
  statusDamagedNoBackupFix: {
    en: 'There is no backup of the database to restore ({backups}: none exists). Keep a copy of the damaged file, then mend it by hand at line {line}: delete the damaged lines (a cut-off stanza from its "Package:" line on); then let dpkg finish, and reinstall any package whose stanza you deleted.',
    'zh-CN': '没有可供恢复的数据库备份（{backups} 都不存在）。先保存一份损坏的文件，再手动修复第 {line} 行：删除损坏的行（被截断的段落从它的 "Package:" 行起整段删除）；然后让 dpkg 完成未完成的工作，并重新安装被删掉段落的软件包。',
  },
  statusDamagedFix: {
    en: 'Keep a copy of the damaged file, restore the previous database ({backup}), then let dpkg finish.',
    'zh-CN': '先保存一份损坏的文件，再恢复上一份数据库（{backup}），然后让 dpkg 完成未完成的工作。',
  },
  dpkgInterrupted: {
    en: 'A dpkg run was interrupted ({count} pending update(s) in {updates}); apt refuses with "dpkg was interrupted, you must manually run \'sudo dpkg --configure -a\'" — {problems}.',
    'zh-CN': '有一次 dpkg 运行被中断（{updates} 中有 {count} 个未完成的更新）；apt 会拒绝执行并提示 "dpkg was interrupted, you must manually run \'sudo dpkg --configure -a\'" —— {problems}。',
  },
  dpkgInterruptedFix: { en: 'Let dpkg finish the interrupted run.', 'zh-CN': '让 dpkg 完成被中断的操作。' },
  reinstallRequired: {
    en: 'Docker packages are in a broken state and must be reinstalled — {problems}.',
    'zh-CN': 'Docker 软件包处于损坏状态，必须重新安装 —— {problems}。',
  },
  reinstallRequiredFix: {
    en: "Refresh apt's package lists, reinstall the packages so dpkg has a complete copy again, then let dpkg configure what is left.",
    'zh-CN': '先刷新 apt 的软件包列表，再重新安装这些软件包，让 dpkg 重新拥有完整的文件，然后让 dpkg 配置剩余的软件包。',
  },
  unmetDependencies: {
    en: 'Docker packages have unmet dependencies; apt says "Unmet dependencies. Try \'apt --fix-broken install\'" — {problems}.',
    'zh-CN': 'Docker 软件包的依赖未满足；apt 会提示 "Unmet dependencies. Try \'apt --fix-broken install\'" —— {problems}。',
  },
  unmetDependenciesFix: {
    en: "Refresh apt's package lists first (with empty lists apt cannot find what is missing and offers to remove Docker instead), then let apt install what is missing and finish configuring the packages.",
    'zh-CN': '先刷新 apt 的软件包列表（列表为空时 apt 找不到缺少的软件包，反而会提议删除 Docker），再让 apt 安装缺少的软件包并完成配置。',
  },
  halfConfigured: {
    en: 'The post-installation script of {names} failed (for docker-ce this almost always means the daemon did not start) — {problems}.',
    'zh-CN': '{names} 的安装后脚本执行失败（对 docker-ce 来说，这几乎总是因为守护进程无法启动）—— {problems}。',
  },
  halfConfiguredFix: {
    en: 'First find out why the service does not start (its log, below; the daemon-config check reports a daemon.json the daemon refuses), fix that, then let dpkg finish configuring.',
    'zh-CN': '先查明服务为什么无法启动（见下面的日志；daemon-config 检查会指出守护进程拒绝的 daemon.json），修复之后再让 dpkg 完成配置。',
  },
  notConfigured: { en: 'Docker packages are unpacked but not configured — {problems}.', 'zh-CN': 'Docker 软件包已解包但尚未配置 —— {problems}。' },
  notConfiguredFix: {
    en: "Let dpkg configure the unpacked packages; if it reports dependency problems, refresh apt's package lists and let apt repair them.",
    'zh-CN': '让 dpkg 配置已解包的软件包；如果它报告依赖问题，先刷新 apt 的软件包列表，再让 apt 修复。',
  },
} satisfies Record<string, Text>;
type Msg = keyof typeof messages;

export default defineCheck({
  id: 'package-state',
  title: { en: 'State of the Docker packages', 'zh-CN': 'Docker 软件包的安装状态' },
  category: 'install',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    'not-dpkg': DPKG_SKIP_CODES['not-dpkg'],
    'status-unreadable': DPKG_SKIP_CODES['status-unreadable'],
    installed: 'Every Docker package dpkg knows of is fully installed and its dependencies are met.',
    'status-damaged': "dpkg's status database has lines dpkg cannot parse: dpkg and apt refuse to run.",
    'dpkg-interrupted': 'A dpkg run was interrupted (files in /var/lib/dpkg/updates): apt refuses to install until it is finished.',
    'reinstall-required': 'A Docker package is half-installed or flagged reinstreq: it must be reinstalled.',
    'unmet-dependencies': 'A Docker package depends on a package that is not installed, or not in a version that satisfies it.',
    'half-configured': "A Docker package's post-installation script failed (usually because the daemon did not start).",
    'not-configured': 'A Docker package is unpacked, or waiting for triggers, but not configured.',
    'no-docker-packages': 'dpkg has no Docker package installed (Docker may be installed another way, or not at all).',
    'dpkg-running': "warn: apt or dpkg holds dpkg's lock right now (data.pid, data.process, data.lock; live runs only), so the states found are its work in progress.",
  },
  messages,
  async run(ctx): Promise<CheckResult<Msg>> {
    const file = DPKG_STATUS;
    const read = await readDpkg(ctx, { allowUnparsable: true });
    if ('skip' in read) return read.skip;
    const db = read.db;

    // texts are names, versions, dpkg's state words and file:line, the same in every language
    const found = new Map<Finding, string[]>();
    const add = (f: Finding, text: string) => found.set(f, [...(found.get(f) ?? []), text]);
    if (db.problems.length) add('status-damaged', `${file}:${db.problems[0]!.line}`);

    // dpkg journals each change as /var/lib/dpkg/updates/NNNN until it rewrites the database
    const updates = await ctx.files.list(DPKG_UPDATES);
    const pending = updates.ok ? updates.entries.filter((e) => /^\d+$/.test(e.name)).map((e) => `${DPKG_UPDATES}/${e.name}`) : [];
    if (pending.length) add('dpkg-interrupted', pending.length > 3 ? `${pending.slice(0, 3).join(', ')}, …` : pending.join(', '));

    const docker = db.packages.filter((p) => isDockerPackage(p.name) && isPresent(p));
    const halfConfigured: DpkgPackage[] = [];
    const reinstall: DpkgPackage[] = [];
    for (const p of docker) {
      const where = `${p.name} ${p.version ?? '?'} (${describeState(p)}, ${file}:${p.line})`;
      if (p.status!.flag.includes('reinstreq') || p.status!.state === 'half-installed') {
        reinstall.push(p);
        add('reinstall-required', where);
      } else if (p.status!.state === 'half-configured') {
        halfConfigured.push(p);
        add('half-configured', where);
      } else if (!isHealthy(p)) add('not-configured', where);
      // a dependency that is there but not yet configured is dpkg's ordinary queue, not unmet;
      // and in a damaged file, what is missing may just be unreadable
      if (db.problems.length) continue;
      for (const u of unmetDependencies(db, p)) if (u.kind !== 'unconfigured') add('unmet-dependencies', `${p.name} → ${u.relation}: ${u.found} (${file}:${p.line})`);
    }

    const present = ORDER.filter((f) => found.has(f));
    const first = present[0];
    if (!first) {
      if (!docker.length) return { status: 'skip', code: 'no-docker-packages', message: 'noDockerPackages', data: { file } };
      return { status: 'pass', code: 'installed', message: 'installed', data: { file, packages: docker.map((p) => `${p.name} ${p.version ?? '?'}`) } };
    }

    const facts = await ctx.facts();
    const data: Data = {
      file,
      line: first === 'status-damaged' ? db.problems[0]!.line : (firstLine(first, reinstall, halfConfigured, docker) ?? null),
      problems: present.flatMap((f) => found.get(f)!),
      findings: [...present],
      packages: docker.map((p) => `${p.name} ${p.version ?? '?'} (${describeState(p)})`),
      names: [...new Set(halfConfigured.map((p) => p.name))],
      updates: DPKG_UPDATES,
      count: pending.length,
    };

    // While apt or dpkg runs, every state above but a damaged database is its work in progress.
    // dpkg rewrites the database whole, so a damaged one is never a passing state.
    const holder = first !== 'status-damaged' && !ctx.rooted ? await dpkgLockHolder(ctx) : undefined;
    if (holder) {
      return {
        status: 'warn', code: 'dpkg-running', message: 'dpkgRunning', data: { ...data, ...holder },
        fix: { explain: 'dpkgRunningFix', commands: [`ps -o pid,etime,args -p ${holder.pid}`, `tail --pid=${holder.pid} -f /dev/null`], docs: DOCS },
      };
    }

    const commands: Record<Finding, () => string[]> = {
      'status-damaged': () => [],
      'dpkg-interrupted': () => [CONFIGURE],
      'reinstall-required': () => [UPDATE, `sudo apt-get install --reinstall ${[...new Set(reinstall.map((p) => p.name))].join(' ')}`, CONFIGURE],
      'unmet-dependencies': () => [UPDATE, FIX_BROKEN],
      'half-configured': () => [...serviceLogs(facts, halfConfigured), CONFIGURE],
      'not-configured': () => [CONFIGURE, UPDATE, FIX_BROKEN],
    };
    let cmds = present.flatMap((f) => commands[f]());
    let explain: Msg = FIX[first];
    if (first === 'status-damaged') {
      const backup = await newestBackup(ctx);
      Object.assign(data, { detail: db.problems[0]!.text, backup: backup ?? null, backups: [...BACKUPS] });
      const restore = !backup ? `sudoedit ${file}` : backup.endsWith('.gz') ? `sudo sh -c 'zcat ${backup} > ${file}'` : `sudo cp ${backup} ${file}`;
      if (!backup) explain = 'statusDamagedNoBackupFix';
      cmds = [`sudo cp ${file} ${file}.broken`, restore, ...cmds, CONFIGURE];
    }
    // the order is the order to run them in; a command is kept at its first place
    return {
      status: 'fail', code: first, message: MESSAGE[first], data,
      fix: { explain, commands: [...new Set(cmds)], docs: DOCS },
    };
  },
});

/**
 * dpkg keeps the database it replaced as status-old; the daily dpkg-db-backup (cron or timer)
 * keeps dpkg.status.0 and older ones gzipped. Only a backup that is there is offered.
 */
const BACKUPS = ['/var/lib/dpkg/status-old', '/var/backups/dpkg.status.0', '/var/backups/dpkg.status.1.gz'] as const;

async function newestBackup(ctx: CheckContext): Promise<string | undefined> {
  for (const b of BACKUPS) {
    const st = await ctx.files.stat(b);
    if (st.ok && st.type === 'file') return b;
  }
  return undefined;
}

const LOCKS = ['/var/lib/dpkg/lock-frontend', '/var/lib/dpkg/lock'];

/**
 * The process holding dpkg's lock right now, live only. apt takes lock-frontend, dpkg takes
 * lock, both with fcntl, which /proc/locks lists with the owner's pid and the file's inode. The
 * files always exist, so only a holder counts. Matched on the inode alone: on btrfs and overlayfs
 * the device stat reports need not be the one /proc/locks prints.
 */
async function dpkgLockHolder(ctx: CheckContext): Promise<{ pid: number; process: string; lock: string } | undefined> {
  const text = await ctx.files.text('/proc/locks', { maxBytes: 256 * 1024 });
  const held = text === undefined ? [] : fcntlWriteHolders(parseProcLocks(text));
  if (!held.length) return undefined;
  const st = await ctx.exec('stat', ['-L', '-c', '%i %n', ...LOCKS], { timeoutMs: ctx.options.timeoutMs });
  const inodes = parseInodes(st.stdout);
  for (const lock of LOCKS) {
    const l = held.find((h) => h.inode === inodes.get(lock));
    if (!l) continue;
    const comm = await ctx.files.text(`/proc/${l.pid}/comm`, { maxBytes: 256 });
    return { pid: l.pid, process: comm?.trim().slice(0, 32) || '?', lock };
  }
  return undefined;
}

function firstLine(f: Finding, reinstall: DpkgPackage[], half: DpkgPackage[], docker: DpkgPackage[]): number | undefined {
  if (f === 'reinstall-required') return reinstall[0]?.line;
  if (f === 'half-configured') return half[0]?.line;
  if (f === 'not-configured') return docker.find((p) => !isHealthy(p))?.line;
  return undefined;
}

/** The log of the service whose start failed inside the package's post-installation script. */
function serviceLogs(facts: HostFacts, pkgs: DpkgPackage[]): string[] {
  if (!facts.systemd) return daemonLogCommands({ ...facts, platform: 'linux' });
  const units = new Set(pkgs.map((p) => (/containerd/.test(p.name) ? 'containerd' : 'docker')));
  return [...units].map((u) => `sudo journalctl -u ${u} --no-pager -n 50`);
}
