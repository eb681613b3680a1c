import type { Lang } from '../check.js';

/** --lang wins; else the first set of LC_ALL, LC_MESSAGES, LANG (POSIX order) decides. */
export function detectLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
  if (flag) return flag === 'zh-CN' ? 'zh-CN' : 'en';
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

export function isLang(value: string): value is Lang {
  return value === 'en' || value === 'zh-CN';
}
