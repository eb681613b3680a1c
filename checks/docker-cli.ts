import { defineCheck, type Data } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { ExecResult } from '../src/host/types.js';
import {
  CLIENT_VERSION_ARGS,
  clientVersionEnv,
  firstLine,
  formatUnsupported,
  mentionsPodman,
  parseClientJson,
  parseDashVersion,
  type ClientVersion,
} from '../src/lib/docker-client.js';
import { installDocker } from '../src/lib/install-docker.js';

const DOCS = 'https://docs.docker.com/engine/install/';

export default defineCheck({
  id: 'docker-cli',
  title: { en: 'Docker command-line client', 'zh-CN': 'Docker 命令行客户端' },
  category: 'install',
  platforms: ['linux', 'darwin', 'win32'],
  docs: DOCS,
  codes: {
    found: 'The docker client is on PATH and reports its version (data.version, data.apiVersion, data.path; data.podman when it is podman emulating docker).',
    'not-found': 'No docker command on PATH: the install commands for this platform.',
    broken: 'A docker command is there but does not run properly (exits without a version, crashes, hangs or cannot be executed).',
  },
  messages: {
    found: { en: 'Docker client {version} (API {apiVersion}).', 'zh-CN': 'Docker 客户端 {version}（API {apiVersion}）。' },
    foundAt: { en: 'Docker client {version} (API {apiVersion}) at {path}.', 'zh-CN': 'Docker 客户端 {version}（API {apiVersion}），位于 {path}。' },
    foundOld: {
      en: 'Docker client {version}: too old to report its API version (it does not know `docker version --format`).',
      'zh-CN': 'Docker 客户端 {version}：版本过旧，无法报告其 API 版本（不支持 `docker version --format`）。',
    },
    foundPodman: {
      en: 'The docker command is podman emulating Docker (podman {version}). Some Docker features behave differently; see the package checks.',
      'zh-CN': 'docker 命令实际上是模拟 Docker 的 podman（podman {version}）。部分 Docker 功能的行为不同，请参阅软件包相关检查。',
    },
    notFound: { en: 'There is no docker command on PATH.', 'zh-CN': 'PATH 中找不到 docker 命令。' },
    notFoundFix: {
      en: 'Install Docker with the commands below (from Docker’s install guide for this system).',
      'zh-CN': '使用下面的命令安装 Docker（来自 Docker 针对本系统的安装指南）。',
    },
    notFoundFixDebian: {
      en: 'Install Docker from Docker’s apt repository with the commands below, or take Debian’s own older package instead: {alternative}',
      'zh-CN': '使用下面的命令从 Docker 官方 apt 仓库安装 Docker；也可以改用 Debian 自带的较旧版本：{alternative}',
    },
    brokenExit: {
      en: 'The docker command exited with code {exitCode} without printing a version: {detail}',
      'zh-CN': 'docker 命令以退出码 {exitCode} 结束，没有输出版本：{detail}',
    },
    brokenSignal: { en: 'The docker command crashed (signal {signal}): {detail}', 'zh-CN': 'docker 命令崩溃（信号 {signal}）：{detail}' },
    brokenTimeout: {
      en: 'The docker command did not finish within {timeoutMs} ms, although it was told not to contact any daemon.',
      'zh-CN': 'docker 命令在 {timeoutMs} 毫秒内没有结束（已让它不连接任何守护进程）。',
    },
    brokenSpawn: { en: 'The docker command cannot be started: {detail}', 'zh-CN': '无法启动 docker 命令：{detail}' },
    brokenFix: {
      en: 'The docker client is damaged or not a real docker. Check what `docker` is on PATH, then reinstall it with the commands below.',
      'zh-CN': 'docker 客户端已损坏或并非真正的 docker。请检查 PATH 中的 `docker` 是什么，然后用下面的命令重新安装。',
    },
  },
  async run(ctx) {
    const f = await ctx.facts();
    const timeoutMs = ctx.options.timeoutMs;
    const r = await ctx.exec('docker', CLIENT_VERSION_ARGS, { env: clientVersionEnv(f.platform) });
    const install = installDocker(f);
    if (r.notFound) {
      return {
        status: 'fail', code: 'not-found', message: 'notFound',
        data: { alternative: install.alternative ?? null },
        fix: { explain: install.alternative ? 'notFoundFixDebian' : 'notFoundFix', commands: install.commands, docs: install.docs },
      };
    }
    const podman = mentionsPodman(`${r.stdout}\n${r.stderr}`);
    let client: ClientVersion | undefined = parseClientJson(r.stdout);
    let old = false;
    if (!client && !r.timedOut && formatUnsupported(r.stderr)) {
      const dash = await ctx.exec('docker', ['--version'], { env: clientVersionEnv(f.platform) });
      const version = dash.exitCode === 0 ? parseDashVersion(dash.stdout) : undefined;
      if (version) [client, old] = [{ version }, true];
    }
    if (client) {
      const path = await findOnPath(ctx, f.platform);
      const isPodman = podman || Boolean(client.podman);
      const data = { version: client.version, apiVersion: client.apiVersion ?? null, path: path ?? null, podman: isPodman };
      const message = isPodman ? 'foundPodman' : old ? 'foundOld' : path ? 'foundAt' : 'found';
      return { status: 'pass', code: 'found', message, data };
    }
    const fix = { explain: 'brokenFix' as const, commands: install.commands, docs: install.docs };
    return { status: 'fail', code: 'broken', ...broken(r, timeoutMs), fix };
  },
});

function broken(r: ExecResult, timeoutMs: number): { message: 'brokenTimeout' | 'brokenSpawn' | 'brokenSignal' | 'brokenExit'; data: Data } {
  const detail = firstLine(r.stderr) || firstLine(r.stdout) || '-';
  if (r.timedOut) return { message: 'brokenTimeout', data: { timeoutMs, detail } };
  if (r.error) return { message: 'brokenSpawn', data: { detail: r.error } };
  if (r.signal) return { message: 'brokenSignal', data: { signal: r.signal, detail } };
  return { message: 'brokenExit', data: { exitCode: r.exitCode, detail } };
}

/** Where `docker` is: the first PATH entry holding it, as the shell would pick it. */
async function findOnPath(ctx: CheckContext, platform: string): Promise<string | undefined> {
  const win = platform === 'win32';
  const dirs = (ctx.env('PATH') ?? '').split(win ? ';' : ':').filter(Boolean).slice(0, 32);
  const candidates = dirs.map((d) => (win ? `${d.replace(/\\+$/, '')}\\docker.exe` : `${d.replace(/\/+$/, '')}/docker`));
  const stats = await Promise.all(candidates.map((p) => ctx.files.stat(p)));
  const i = stats.findIndex((s) => s.ok && s.type === 'file' && (win || (s.mode & 0o111) !== 0));
  return i >= 0 ? candidates[i] : undefined;
}
