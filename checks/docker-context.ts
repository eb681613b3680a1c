import { defineCheck } from '../src/check.js';
import { shQuote } from '../src/lib/shell-quote.js';

const DOCS = 'https://docs.docker.com/engine/manage-resources/contexts/';

export default defineCheck({
  id: 'docker-context',
  title: { en: 'Docker endpoint and context', 'zh-CN': 'Docker 端点与上下文' },
  category: 'config',
  platforms: ['linux', 'darwin', 'win32'],
  docs: DOCS,
  codes: {
    resolved: 'The endpoint was resolved; data says which and why.',
    'host-and-context': 'DOCKER_HOST is set and overrides a context the user selected.',
    'malformed-host': 'DOCKER_HOST, --host or a context holds a URL the docker CLI refuses.',
    'context-not-found': 'The selected context has no metadata under contexts/meta.',
    'context-malformed': "The context's meta.json cannot be read as a docker context.",
    'config-malformed': 'warn: config.json is not valid JSON; the CLI warns, ignores it (currentContext, proxies, logins) and uses the default endpoint, as the doctor does.',
  },
  messages: {
    resolved: { en: 'Using {endpoint} (from {source}).', 'zh-CN': '使用 {endpoint}（来源：{source}）。' },
    hostAndContext: {
      en: 'DOCKER_HOST={endpoint} overrides the context "{context}" selected in {configPath}.',
      'zh-CN': 'DOCKER_HOST={endpoint} 覆盖了 {configPath} 中选择的上下文 "{context}"。',
    },
    hostAndContextFix: {
      en: 'Unset DOCKER_HOST (and remove it from your shell startup files) to use the context, or switch to the default context.',
      'zh-CN': '取消 DOCKER_HOST（并从 shell 启动文件中删除）以使用该上下文，或切换到默认上下文。',
    },
    malformedHost: { en: 'The docker host "{value}" (from {source}) is not a valid address.', 'zh-CN': 'Docker 主机地址 "{value}"（来源：{source}）无效。' },
    malformedHostFix: {
      en: 'Use a full URL such as unix:///var/run/docker.sock or tcp://host:2376, or unset it to use the default.',
      'zh-CN': '请使用完整地址，例如 unix:///var/run/docker.sock 或 tcp://host:2376，或取消设置以使用默认值。',
    },
    contextNotFound: { en: 'The docker context "{context}" (from {source}) does not exist.', 'zh-CN': 'Docker 上下文 "{context}"（来源：{source}）不存在。' },
    contextNotFoundFix: {
      en: 'Switch to an existing context (see `docker context ls`), or create this one.',
      'zh-CN': '切换到已存在的上下文（见 `docker context ls`），或创建该上下文。',
    },
    contextMalformed: { en: 'The docker context "{context}" is damaged: {detail}', 'zh-CN': 'Docker 上下文 "{context}" 已损坏：{detail}' },
    contextMalformedFix: { en: 'Remove and recreate the context.', 'zh-CN': '删除并重新创建该上下文。' },
    configMalformed: {
      en: '{configPath} is not valid JSON ({detail}): docker ignores it, with the context, proxies and logins in it, and uses {endpoint}.',
      'zh-CN': '{configPath} 不是有效的 JSON（{detail}）：docker 会忽略该文件（包括其中的上下文、代理和登录信息），改用 {endpoint}。',
    },
    configMalformedFix: {
      en: 'Fix the JSON syntax of the file (or move it away; docker recreates it).',
      'zh-CN': '修正该文件的 JSON 语法（或将其移走，docker 会重新创建）。',
    },
  },
  async run(ctx) {
    const r = await ctx.docker.endpoint();
    const f = await ctx.facts();
    const unset = f.platform === 'win32' ? 'Remove-Item Env:DOCKER_HOST' : 'unset DOCKER_HOST';
    if (!r.ok) {
      const data = { value: r.value, source: r.source, context: r.context ?? null, detail: r.detail, configPath: r.configPath };
      switch (r.error) {
        case 'malformed-host':
          return {
            status: 'fail', code: 'malformed-host', message: 'malformedHost', data,
            fix: { explain: 'malformedHostFix', commands: r.source === 'DOCKER_HOST' ? [unset] : r.context ? ['docker context use default'] : [], docs: DOCS },
          };
        case 'context-not-found': {
          const commands = r.source === 'DOCKER_CONTEXT' ? [f.platform === 'win32' ? 'Remove-Item Env:DOCKER_CONTEXT' : 'unset DOCKER_CONTEXT'] : ['docker context use default'];
          return { status: 'fail', code: 'context-not-found', message: 'contextNotFound', data, fix: { explain: 'contextNotFoundFix', commands: [...commands, 'docker context ls'], docs: DOCS } };
        }
        case 'context-malformed':
          return {
            status: 'fail', code: 'context-malformed', message: 'contextMalformed', data,
            fix: { explain: 'contextMalformedFix', commands: ['docker context use default', `docker context rm ${shQuote(r.value)}`], docs: DOCS },
          };
      }
    }
    const data = { endpoint: r.endpoint.url, source: r.source, context: r.context ?? null, configPath: r.configPath };
    if (r.configMalformed !== undefined) {
      return {
        status: 'warn', code: 'config-malformed', message: 'configMalformed', data: { ...data, detail: r.configMalformed },
        fix: { explain: 'configMalformedFix', commands: [], docs: 'https://docs.docker.com/reference/cli/docker/#configuration-files' },
      };
    }
    if (r.source === 'DOCKER_HOST') {
      // the CLI warns about this too; people forget an export in ~/.bashrc
      const configured = ctx.env('DOCKER_CONTEXT') || (await currentContext(ctx, r.configPath));
      if (configured && configured !== 'default') {
        return {
          status: 'warn', code: 'host-and-context', message: 'hostAndContext', data: { ...data, context: configured },
          fix: { explain: 'hostAndContextFix', commands: [unset], docs: DOCS },
        };
      }
    }
    return { status: 'pass', code: 'resolved', message: 'resolved', data };
  },
});

async function currentContext(ctx: { files: { text(p: string): Promise<string | undefined> } }, configPath: string): Promise<string | undefined> {
  const text = await ctx.files.text(configPath);
  if (!text) return undefined;
  try {
    const v = (JSON.parse(text) as { currentContext?: unknown }).currentContext;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
