import { defineCheck, type CheckResult } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { HostFacts } from '../src/host/types.js';
import { daemonKind } from '../src/lib/daemon-control.js';
import { parseJson } from '../src/lib/json-position.js';
import { shQuote } from '../src/lib/shell-quote.js';

// Free space and inodes where Docker keeps images, containers and volumes. "no space left on
// device" while pulling or starting is the symptom; inodes run out too (many small layers).
// Thresholds: warn under 5 GB or 5 % free inodes, fail under 1 GB or 1 % (a pull of a common
// image needs a few hundred MB, a build more; below 1 GB the daemon itself starts failing).
const DOCS = 'https://docs.docker.com/engine/manage-resources/pruning/';
const DEFAULT_ROOT = '/var/lib/docker';
const DAEMON_JSON = '/etc/docker/daemon.json';
const GB = 1e9;
const WARN_BYTES = 5 * GB;
const FAIL_BYTES = 1 * GB;
const WARN_INODES = 0.05;
const FAIL_INODES = 0.01;

const messages = {
  ok: {
    en: '{dir} ({source}): {free} free of {total}, {inodesFree} of inodes free.',
    'zh-CN': '{dir}（来源：{source}）：共 {total}，剩余 {free}；剩余 inode 占 {inodesFree}。',
  },
  liveOnly: {
    en: 'Skipped: with --root, free space would describe the disk the doctor runs on, not the examined system.',
    'zh-CN': '已跳过：使用 --root 时，剩余空间反映的是运行 docker-doctor 的磁盘，而不是被检查的系统。',
  },
  elsewhere: {
    en: 'Skipped: the daemon at {endpoint} keeps its data on another machine or VM ({dir}); its disk cannot be measured from here.',
    'zh-CN': '已跳过：{endpoint} 上的守护进程把数据存放在另一台机器或虚拟机中（{dir}）；无法从这里测量它的磁盘。',
  },
  statfsFailed: { en: 'Skipped: cannot measure the file system of {dir} ({error}).', 'zh-CN': '已跳过：无法测量 {dir} 所在的文件系统（{error}）。' },
  lowSpace: {
    en: 'Only {free} free of {total} on the file system of {dir} ({source}); below {threshold} pulls and builds start to fail with "no space left on device".',
    'zh-CN': '{dir}（来源：{source}）所在的文件系统只剩 {free}（共 {total}）；低于 {threshold} 时，拉取和构建镜像会开始报错 "no space left on device"。',
  },
  noSpace: {
    en: 'Only {free} free of {total} on the file system of {dir} ({source}): Docker fails with "no space left on device".',
    'zh-CN': '{dir}（来源：{source}）所在的文件系统只剩 {free}（共 {total}）：Docker 会报错 "no space left on device"。',
  },
  lowInodes: {
    en: 'Only {inodesFree} of inodes free on the file system of {dir} ({source}): many small files (image layers, build cache) use them up, and then "no space left on device" appears although space is free.',
    'zh-CN': '{dir}（来源：{source}）所在的文件系统只剩 {inodesFree} 的 inode：大量小文件（镜像层、构建缓存）会把它们耗尽，届时即使还有空间也会报错 "no space left on device"。',
  },
  pruneFix: {
    en: 'See what Docker uses (docker system df), then delete what is not needed: system prune removes stopped containers, unused networks, dangling images and build cache; builder prune the build cache; image prune -a every image no container uses. Each asks before deleting.',
    'zh-CN': '先查看 Docker 的占用（docker system df），再删除不需要的数据：system prune 会删除已停止的容器、未使用的网络、悬空镜像和构建缓存；builder prune 删除构建缓存；image prune -a 删除所有未被容器使用的镜像。每条命令在删除前都会确认。',
  },
  freeFix: {
    en: 'The daemon is not answering, so docker prune cannot run: see what fills the disk and free space outside Docker first (package cache, old logs), then start Docker and prune.',
    'zh-CN': '守护进程没有响应，因此无法运行 docker prune：请先查看是什么占满了磁盘，并在 Docker 之外释放空间（软件包缓存、旧日志），然后启动 Docker 再清理。',
  },
};

type M = keyof typeof messages;
type Result = CheckResult<M>;

interface Where {
  dir: string;
  source: 'daemon' | 'daemon.json' | 'default' | 'rootless default';
}

function size(bytes: number): string {
  if (bytes >= 1e12) return `${(bytes / 1e12).toFixed(1)} TB`;
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  return `${Math.round(bytes / 1e6)} MB`;
}

function percent(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

async function dataRootFromConfig(ctx: CheckContext, file: string): Promise<string | undefined> {
  const r = await ctx.files.read(file, { encoding: 'base64', maxBytes: 1024 * 1024 });
  if (!r.ok) return undefined;
  const parsed = parseJson(new Uint8Array(Buffer.from(r.content, 'base64')));
  if (!parsed.ok || parsed.value.type !== 'object') return undefined;
  for (const key of ['data-root', 'graph']) {
    const v = parsed.value.entries.find((e) => e.key === key)?.value;
    if (v?.type === 'string' && v.value.startsWith('/')) return v.value;
  }
  return undefined;
}

export default defineCheck<M>({
  id: 'disk-space',
  title: { en: 'Disk space for Docker data', 'zh-CN': 'Docker 数据目录的磁盘空间' },
  category: 'resources',
  platforms: ['linux'],
  docs: DOCS,
  codes: {
    ok: 'At least 5 GB and 5 % of inodes free where Docker keeps its data (data.dir, data.source: daemon, daemon.json, default).',
    'low-space': 'Less than 5 GB free (warn).',
    'no-space': 'Less than 1 GB free (fail).',
    'low-inodes': 'Less than 5 % of inodes free (warn), or less than 1 % (fail).',
    'live-only': 'Under --root: statfs would measure the disk the doctor runs on (skip).',
    'daemon-elsewhere': 'The daemon answers from a VM or another host (its kernel differs): its disk is not ours (skip).',
    'statfs-failed': 'The file system could not be measured (skip; data.error).',
  },
  messages,
  deadlineMs: (t) => 2 * t + 2000,
  async run(ctx): Promise<Result> {
    if (ctx.rooted) return { status: 'skip', code: 'live-only', message: 'liveOnly', data: {} };
    const f = await ctx.facts();
    const resolved = await ctx.docker.endpoint();
    const ep = resolved.ok ? resolved.endpoint : undefined;
    // the ping is memoised and shared: a hung daemon costs one --timeout for the whole run
    const ping = await ctx.docker.ping();
    const answers = ping.ok && ping.status === 200;
    let where: Where | undefined;
    if (answers) {
      const info = await ctx.docker.json<{ DockerRootDir?: unknown; KernelVersion?: unknown }>({ method: 'GET', path: '/info' });
      if (info.ok && typeof info.value.DockerRootDir === 'string' && info.value.DockerRootDir.startsWith('/')) {
        const dir = info.value.DockerRootDir.slice(0, 4096);
        if (typeof info.value.KernelVersion === 'string' && f.kernel && info.value.KernelVersion !== f.kernel) {
          return { status: 'skip', code: 'daemon-elsewhere', message: 'elsewhere', data: { endpoint: ep?.url ?? null, dir } };
        }
        where = { dir, source: 'daemon' };
      }
    }
    if (!where && ep && daemonKind(ep.socketPath, f.platform) === 'rootless') {
      const home = f.user.home;
      const dir = (await dataRootFromConfig(ctx, `${home}/.config/docker/daemon.json`)) ?? `${home}/.local/share/docker`;
      where = { dir, source: 'rootless default' };
    }
    if (!where) {
      const dir = await dataRootFromConfig(ctx, DAEMON_JSON);
      where = dir ? { dir, source: 'daemon.json' } : { dir: DEFAULT_ROOT, source: 'default' };
    }

    // the data root may not exist yet (fresh install): measure the nearest parent that does
    let probe = where.dir.replace(/\/+$/, '') || '/';
    for (let i = 0; i < 64 && probe !== '/'; i++) {
      if ((await ctx.files.stat(probe)).ok) break;
      probe = probe.slice(0, probe.lastIndexOf('/')) || '/';
    }
    const s = await ctx.files.statfs(probe);
    if (!s.ok) return { status: 'skip', code: 'statfs-failed', message: 'statfsFailed', data: { dir: where.dir, error: s.error } };

    const free = s.bavail * s.bsize;
    const total = s.blocks * s.bsize;
    // some file systems (btrfs) report no inode counts: nothing to judge then
    const inodeRatio = s.files > 0 ? s.ffree / s.files : 1;
    const data = {
      dir: where.dir, measured: probe, source: where.source, free: size(free), total: size(total), freeBytes: free,
      inodesFree: s.files > 0 ? percent(inodeRatio) : 'n/a', endpointAnswers: answers,
    };
    const fix = answers
      ? { explain: 'pruneFix' as const, commands: ['docker system df', 'docker system prune', 'docker builder prune', 'docker image prune -a'], docs: DOCS }
      : {
          explain: 'freeFix' as const,
          commands: [`df -h ${shQuote(probe)}`, `sudo du -xh --max-depth=1 ${shQuote(probe)} | sort -h | tail -n 15`, ...aptClean(f), ...(f.systemd ? ['sudo journalctl --vacuum-size=200M'] : [])],
          docs: DOCS,
        };
    if (free < FAIL_BYTES) return { status: 'fail', code: 'no-space', message: 'noSpace', data, fix };
    if (inodeRatio < FAIL_INODES) return { status: 'fail', code: 'low-inodes', message: 'lowInodes', data, fix };
    if (free < WARN_BYTES) return { status: 'warn', code: 'low-space', message: 'lowSpace', data: { ...data, threshold: size(WARN_BYTES) }, fix };
    if (inodeRatio < WARN_INODES) return { status: 'warn', code: 'low-inodes', message: 'lowInodes', data, fix };
    return { status: 'pass', code: 'ok', message: 'ok', data };
  },
});

function aptClean(f: HostFacts): string[] {
  return [f.distroId ?? '', ...(f.idLike ?? [])].some((i) => i === 'debian' || i === 'ubuntu') ? ['sudo apt-get clean'] : [];
}
