import type { CheckResult, Text } from '../check.js';
import type { CheckContext } from '../context.js';
import { DPKG_STATUS, DPKG_STATUS_MAX_BYTES, statusFromRead, type DpkgDb } from './dpkg.js';

// The checks that read dpkg's database skip alike when it is absent, unreadable or has no
// package in it; package-state, which owns a damaged database, words its own findings.
export const DPKG_SKIP_MESSAGES = {
  notDpkg: { en: 'Skipped: {file} does not exist, so this is not a dpkg-based system.', 'zh-CN': '已跳过：{file} 不存在，这不是基于 dpkg 的系统。' },
  statusUnreadable: { en: 'Skipped: {file} cannot be read ({error}).', 'zh-CN': '已跳过：无法读取 {file}（{error}）。' },
  statusUnparsable: {
    en: 'Skipped: no package could be read from {file} (first bad line: {line}); see package-state.',
    'zh-CN': '已跳过：无法从 {file} 中读取任何软件包（第一处错误在第 {line} 行）；请查看 package-state。',
  },
} satisfies Record<string, Text>;

export const DPKG_SKIP_CODES = {
  'not-dpkg': 'There is no /var/lib/dpkg/status: not a dpkg-based system.',
  'status-unreadable': "dpkg's status database exists but cannot be read.",
  'status-unparsable': "Not a single package could be read from dpkg's status database (see package-state).",
};

type SkipMsg = keyof typeof DPKG_SKIP_MESSAGES;

/** The status database read whole (a cut read would hide packages); parsed once per run. */
export async function readStatus(ctx: Pick<CheckContext, 'files'>): Promise<ReturnType<typeof statusFromRead>> {
  return statusFromRead(await ctx.files.read(DPKG_STATUS, { maxBytes: DPKG_STATUS_MAX_BYTES }));
}

/** dpkg's database, or the skip that says why there is none to read. */
export async function readDpkg(ctx: CheckContext, opts: { allowUnparsable?: boolean } = {}): Promise<{ db: DpkgDb } | { skip: CheckResult<SkipMsg> }> {
  const file = DPKG_STATUS;
  const st = await readStatus(ctx);
  if (st.kind === 'missing') return { skip: { status: 'skip', code: 'not-dpkg', message: 'notDpkg', data: { file } } };
  if (st.kind === 'unreadable') return { skip: { status: 'skip', code: 'status-unreadable', message: 'statusUnreadable', data: { file, error: st.error } } };
  if (!opts.allowUnparsable && !st.db.packages.length && st.db.problems.length) {
    return { skip: { status: 'skip', code: 'status-unparsable', message: 'statusUnparsable', data: { file, line: st.db.problems[0]!.line } } };
  }
  return { db: st.db };
}
