// The check contract. A check is a plain object: metadata, messages in both languages and
// one `run(ctx)` that only talks to its context. It returns codes and data; rendering the
// words is the reporter's job, so tests assert codes and data, not sentences.
import type { CheckContext } from './context.js';

export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];
export type Text = Record<Lang, string>;

export type Status = 'pass' | 'warn' | 'fail' | 'skip';
/** `error` is only ever set by the runner: the check threw or passed its deadline. */
export type ReportStatus = Status | 'error';
export type Category = 'install' | 'daemon' | 'permissions' | 'config' | 'network' | 'resources' | 'workshop';
export type Platform = 'linux' | 'darwin' | 'win32';
export type DataValue = string | number | boolean | null | string[];
export type Data = Record<string, DataValue>;

export interface Fix<M extends string = string> {
  /** Message id of the plain explanation. */
  explain: M;
  /** The exact commands for this platform and init system, ready to paste; shown, never run. */
  commands: string[];
  docs?: string;
}

export interface CheckResult<M extends string = string> {
  status: Status;
  /** Stable, kebab-case, documented in the check's `codes`. */
  code: string;
  /** Message id; placeholders are filled from `data`. */
  message: M;
  data?: Data;
  /** Required for warn and fail. */
  fix?: Fix<M>;
}

export interface CheckDefinition<M extends string = string> {
  /** Equals the file name in checks/. */
  id: string;
  title: Text;
  category: Category;
  platforms: readonly Platform[];
  dependsOn?: readonly string[];
  docs: string;
  /** Every code the check can return, with its meaning: the documented interface. */
  codes: Record<string, string>;
  messages: Record<M, Text>;
  /** Deadline of the whole check; the default is the run's --timeout plus 2 s. */
  deadlineMs?: (timeoutMs: number) => number;
  run(ctx: CheckContext): Promise<CheckResult<M>>;
}

export function defineCheck<M extends string>(def: CheckDefinition<M>): CheckDefinition<M> {
  return def;
}

export type AnyCheck = CheckDefinition<string>;
