import { defineCheck, type CheckResult, type Data } from '../src/check.js';
import type { CheckContext } from '../src/context.js';
import type { ApiResponse } from '../src/host/types.js';
import { demuxLogs } from '../src/lib/docker-stream.js';
import { imagePathSegment, parseImageRef, pullQuery } from '../src/lib/image-ref.js';
import { quoteFor } from '../src/lib/shell-quote.js';
import { cleanValue } from '../src/sanitize.js';

const DOCS = 'https://docs.docker.com/reference/cli/docker/container/run/';
const DOCS_PULL = 'https://docs.docker.com/reference/cli/docker/image/pull/';
const DOCS_TROUBLESHOOT = 'https://docs.docker.com/engine/daemon/troubleshoot/';

/** The whole check: a pull, a container run of up to 30 s, and a handful of short requests. */
export const DEADLINE_MS = 60_000;
const WAIT_MS = 30_000;
const PULL_MS = 20_000;

const messages = {
  ran: { en: 'A test container of {image} ran and exited 0: "{output}"', 'zh-CN': '{image} 测试容器运行成功并以 0 退出：“{output}”' },
  imageMissing: {
    en: 'Skipped: the image {image} is not on this machine (run with --pull to fetch it).',
    'zh-CN': '已跳过：本机没有镜像 {image}（使用 --pull 参数可自动拉取）。',
  },
  pullFailed: { en: 'Pulling {image} failed: {detail}', 'zh-CN': '拉取 {image} 失败：{detail}' },
  invalidImage: { en: '"{image}" is not a valid image reference.', 'zh-CN': '“{image}” 不是有效的镜像名称。' },
  inspectFailed: { en: 'The daemon could not look up the image {image}: {detail}', 'zh-CN': '守护进程无法查询镜像 {image}：{detail}' },
  createFailed: { en: 'The daemon could not create a container from {image}: {detail}', 'zh-CN': '守护进程无法用 {image} 创建容器：{detail}' },
  startFailed: { en: 'The container of {image} could not start: {detail}', 'zh-CN': '{image} 的容器无法启动：{detail}' },
  exitNonzero: {
    en: 'The container of {image} exited with code {exitCode}. Last output: {output}',
    'zh-CN': '{image} 的容器以退出码 {exitCode} 结束。最后的输出：{output}',
  },
  timeout: {
    en: 'The daemon did not finish the step "{step}" within {timeoutMs} ms.',
    'zh-CN': '守护进程在 {timeoutMs} 毫秒内没有完成“{step}”这一步。',
  },
  // fixes
  pullFix: { en: 'Pull the image first, or run docker-doctor with --pull.', 'zh-CN': '先拉取该镜像，或使用 --pull 参数运行 docker-doctor。' },
  pullFailedFix: {
    en: 'Check the image name and that the daemon can reach the registry (proxy, registry mirror, login); try the pull by hand to see the full error.',
    'zh-CN': '检查镜像名称，以及守护进程能否访问镜像仓库（代理、镜像加速器、登录）；手动拉取一次以查看完整错误。',
  },
  invalidImageFix: { en: 'Give --image a reference such as hello-world or registry.example.com/team/app:1.0.', 'zh-CN': '请为 --image 指定形如 hello-world 或 registry.example.com/team/app:1.0 的镜像名称。' },
  daemonFix: {
    en: 'The daemon’s own error text is the diagnosis (OCI runtime, cgroup, storage, no space left on device); its log has the details.',
    'zh-CN': '守护进程给出的错误信息本身就是诊断结果（OCI 运行时、cgroup、存储、磁盘空间不足等）；详细信息见其日志。',
  },
  exitFix: {
    en: 'The daemon works but the program in the image failed; run it by hand to see all its output.',
    'zh-CN': '守护进程工作正常，但镜像中的程序执行失败；手动运行一次以查看完整输出。',
  },
  timeoutFix: {
    en: 'The daemon is very slow or stuck (storage, containerd); check that it is healthy and try again.',
    'zh-CN': '守护进程非常慢或已卡住（存储、containerd）；请检查其状态后重试。',
  },
};

type M = keyof typeof messages;
type Result = CheckResult<M>;

export default defineCheck<M>({
  id: 'container-run',
  title: { en: 'Run a test container (docker run hello-world)', 'zh-CN': '运行测试容器（docker run hello-world）' },
  category: 'daemon',
  platforms: ['linux', 'darwin', 'win32'],
  dependsOn: ['daemon-reachable'],
  docs: DOCS,
  // up to 20 s to pull (--pull), 30 s for the container to exit, --timeout for each of the five
  // short requests (inspect, create, start, logs, remove) and 2 s to spare: 67 s by default.
  // Shorter, the runner could give up during the final remove and leave the container behind.
  deadlineMs: (t) => Math.max(DEADLINE_MS, PULL_MS + WAIT_MS + 5 * t + 2000),
  codes: {
    ran: 'create, start, wait, logs and remove worked and the container exited 0 (data.output: its first line).',
    'image-missing': 'skip: the image is not local and --pull was not given; the fix shows docker pull.',
    'pull-failed': 'With --pull: the daemon could not pull the image (its error text in data.detail).',
    'create-failed': 'The daemon refused to create the container (or to look up the image, or the reference is invalid).',
    'start-failed': 'The container could not start; the daemon’s error (OCI runtime, cgroups, storage) is in the message.',
    'exit-nonzero': 'The container ran but exited non-zero (data.exitCode, data.output: its last lines).',
    timeout: 'A step did not finish in time: wait 30 s, pull 20 s, others --timeout (data.step).',
  },
  messages,
  async run(ctx) {
    const image = ctx.options.image;
    const platform = (await ctx.facts()).platform;
    const ref = parseImageRef(image);
    const base: Data = { image: cleanValue(image, 200) };
    if (!ref) return { status: 'fail', code: 'create-failed', message: 'invalidImage', data: base, fix: { explain: 'invalidImageFix', commands: [], docs: DOCS } };
    const pullCommand = `docker pull ${quoteFor(platform, image)}`;
    const runCommand = `docker run --rm --network none ${quoteFor(platform, image)}`;
    const t = ctx.options.timeoutMs;
    const api = ctx.docker;

    const inspect = await api.request({ method: 'GET', path: `/images/${imagePathSegment(image)}/json`, timeoutMs: t });
    if (!inspect.ok || inspect.status !== 200) {
      if (!(inspect.ok && inspect.status === 404)) return failed('create-failed', 'inspectFailed', 'inspect', inspect, base, t, []);
      if (!ctx.options.pull) {
        return { status: 'skip', code: 'image-missing', message: 'imageMissing', data: base, fix: { explain: 'pullFix', commands: [pullCommand], docs: DOCS_PULL } };
      }
      // the progress stream is read to its end (~1 MB a GB of image): a cap that cut it would
      // close the connection, and the daemon cancels a pull whose client went away
      const pull = await api.request({ method: 'POST', path: `/images/create?${pullQuery(ref)}`, timeoutMs: PULL_MS, maxBytes: 16 * 1024 * 1024 });
      const pullError = pull.ok && pull.status === 200 ? streamError(pull.body) : undefined;
      if (!pull.ok || pull.status !== 200 || pullError) {
        if (!pull.ok && pull.reason === 'timeout') return timedOut('pull', PULL_MS, base);
        const detail = pullError ?? describe(pull);
        return { status: 'fail', code: 'pull-failed', message: 'pullFailed', data: { ...base, detail }, fix: { explain: 'pullFailedFix', commands: [pullCommand], docs: DOCS_PULL } };
      }
    }

    const create = await api.request({
      method: 'POST',
      path: '/containers/create',
      // no name: a random one would make the request unreplayable; the daemon's Id is enough
      body: { Image: image, HostConfig: { NetworkMode: 'none', AutoRemove: false }, Labels: { 'org.docker-doctor': '1' } },
      timeoutMs: t,
    });
    const id = create.ok && create.status === 201 ? containerId(create.body) : undefined;
    if (!id) return failed('create-failed', 'createFailed', 'create', create, base, t, [runCommand]);

    let result: Result;
    let removed: ApiResponse;
    try {
      result = await runContainer(ctx, id, base, t, runCommand);
    } finally {
      // always, also after a failure: a test container must never be left behind
      removed = await api.request({ method: 'DELETE', path: `/containers/${id}?force=1&v=1`, timeoutMs: t });
    }
    return { ...result, data: { ...result.data, removed: removed.ok && (removed.status === 204 || removed.status === 404) } };
  },
});

async function runContainer(ctx: CheckContext, id: string, base: Data, t: number, runCommand: string): Promise<Result> {
  const api = ctx.docker;
  const start = await api.request({ method: 'POST', path: `/containers/${id}/start`, timeoutMs: t });
  if (!start.ok || (start.status !== 204 && start.status !== 304)) return failed('start-failed', 'startFailed', 'start', start, base, t, [runCommand]);

  const wait = await api.request({ method: 'POST', path: `/containers/${id}/wait`, timeoutMs: WAIT_MS });
  if (!wait.ok && wait.reason === 'timeout') return timedOut('wait', WAIT_MS, base);
  const exit = wait.ok && wait.status === 200 ? exitCode(wait.body) : undefined;

  const logs = await api.request({ method: 'GET', path: `/containers/${id}/logs?stdout=1&stderr=1`, binary: true, timeoutMs: t, maxBytes: 64 * 1024 });
  const output = logs.ok && logs.status === 200 ? demuxLogs(Buffer.from(logs.body, logs.encoding === 'base64' ? 'base64' : 'utf8')).combined : '';
  const lines = output.split(/\r?\n/).map((l) => cleanValue(l, 200)).filter(Boolean);

  if (exit === 0) return { status: 'pass', code: 'ran', message: 'ran', data: { ...base, output: lines[0] ?? '' } };
  return {
    status: 'fail', code: 'exit-nonzero', message: 'exitNonzero',
    data: { ...base, exitCode: exit ?? null, output: cleanValue(lines.slice(-3).join(' | '), 300) || '-', ...(exit === undefined ? { detail: describe(wait) } : {}) },
    fix: { explain: 'exitFix', commands: [runCommand], docs: DOCS },
  };
}

function timedOut(step: string, timeoutMs: number, base: Data): Result {
  return { status: 'fail', code: 'timeout', message: 'timeout', data: { ...base, step, timeoutMs }, fix: { explain: 'timeoutFix', commands: [], docs: DOCS_TROUBLESHOOT } };
}

function failed(code: 'create-failed' | 'start-failed', message: M, step: string, r: ApiResponse, base: Data, t: number, commands: string[]): Result {
  if (!r.ok && r.reason === 'timeout') return timedOut(step, t, base);
  return { status: 'fail', code, message, data: { ...base, detail: describe(r) }, fix: { explain: 'daemonFix', commands, docs: DOCS_TROUBLESHOOT } };
}

/** The daemon's error text: {"message": ...} from the Engine API, else the body's first line. */
function describe(r: ApiResponse): string {
  if (!r.ok) return cleanValue(`${r.reason}: ${r.detail}`, 300);
  const body = r.encoding === 'utf8' ? r.body : '';
  try {
    const m = (JSON.parse(body) as { message?: unknown })?.message;
    if (typeof m === 'string' && m.trim()) return cleanValue(m, 300);
  } catch {
    // not JSON: fall through to the text
  }
  return cleanValue(body.split('\n').find((l) => l.trim()) ?? '', 300) || `HTTP ${r.status}`;
}

function containerId(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { Id?: unknown })?.Id;
    // an Id goes into request paths: only hex is accepted
    return typeof id === 'string' && /^[0-9a-f]{12,64}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

function exitCode(body: string): number | undefined {
  try {
    const code = (JSON.parse(body) as { StatusCode?: unknown })?.StatusCode;
    return typeof code === 'number' && Number.isInteger(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

/** A pull answers 200 and reports failures inside its JSON stream: {"error": "...", "errorDetail": {...}}. */
function streamError(body: string): string | undefined {
  for (const line of body.split('\n')) {
    if (!line.includes('"error')) continue;
    try {
      const o = JSON.parse(line) as { error?: unknown; errorDetail?: { message?: unknown } };
      const m = typeof o.errorDetail?.message === 'string' ? o.errorDetail.message : o.error;
      if (typeof m === 'string' && m) return cleanValue(m, 300);
    } catch {
      // a progress line cut by the size cap
    }
  }
  return undefined;
}
