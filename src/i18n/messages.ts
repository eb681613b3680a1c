import type { Text } from '../check.js';

/** The runner's own outcomes: the check could not run, or broke. */
export const RUNNER_MESSAGES: Record<string, Text> = {
  'not-applicable': { en: 'Does not apply on {platform}.', 'zh-CN': '不适用于 {platform}。' },
  'dependency-not-passed': { en: 'Skipped: needs {dependency}.', 'zh-CN': '已跳过：需要 {dependency} 先通过。' },
  'not-recorded': { en: 'Skipped: not recorded in the report ({probe}).', 'zh-CN': '已跳过：报告中没有记录（{probe}）。' },
  'not-available-with-root': {
    en: 'Skipped: not available with --root (needs the live system: {probe}).',
    'zh-CN': '已跳过：使用 --root 时不可用（需要正在运行的系统：{probe}）。',
  },
  'check-timeout': {
    en: 'The check did not finish within {deadlineMs} ms. This is a docker-doctor problem; please report it.',
    'zh-CN': '该检查未在 {deadlineMs} 毫秒内完成。这是 docker-doctor 的问题，请反馈。',
  },
  'check-crashed': { en: 'The check crashed: {detail}. Please report this.', 'zh-CN': '该检查崩溃：{detail}。请反馈此问题。' },
  'invalid-result': { en: 'The check returned an invalid result: {detail}.', 'zh-CN': '该检查返回了无效结果：{detail}。' },
};

/** Words of the terminal output. */
export const UI: Record<string, Text> = {
  pass: { en: 'ok', 'zh-CN': '通过' },
  warn: { en: 'warn', 'zh-CN': '警告' },
  fail: { en: 'FAIL', 'zh-CN': '失败' },
  skip: { en: 'skip', 'zh-CN': '跳过' },
  error: { en: 'ERROR', 'zh-CN': '错误' },
  problems: { en: 'What to fix', 'zh-CN': '需要修复的问题' },
  noProblems: { en: 'No problems found.', 'zh-CN': '没有发现问题。' },
  run: { en: 'Run:', 'zh-CN': '执行：' },
  docs: { en: 'Docs:', 'zh-CN': '文档：' },
  summary: {
    en: '{pass} passed, {warn} warnings, {fail} failed, {skip} skipped, {error} errors',
    'zh-CN': '{pass} 项通过，{warn} 项警告，{fail} 项失败，{skip} 项跳过，{error} 项出错',
  },
  endpoint: { en: 'Docker endpoint: {endpoint} (from {source})', 'zh-CN': 'Docker 端点：{endpoint}（来源：{source}）' },
  reportWritten: { en: 'Report written to {file}', 'zh-CN': '报告已写入 {file}' },
  replaying: { en: 'Replaying {file} (recorded {generatedAt} on {host})', 'zh-CN': '正在重放 {file}（{generatedAt} 记录于 {host}）' },
};
