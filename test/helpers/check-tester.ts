// Runs one check the way the doctor does (runner, deadlines, NotRecorded -> skip) against a
// transcript or a --root tree, and renders its words in both languages so a missing message
// or an unfilled placeholder fails the test.
import { expect } from 'vitest';
import { LANGS, type AnyCheck, type CheckResult, type Lang } from '../../src/check.js';
import { checkContext, createShared, type RunOptions } from '../../src/context.js';
import { liveProbes } from '../../src/host/live/index.js';
import type { Probes } from '../../src/host/types.js';
import { RUNNER_MESSAGES } from '../../src/i18n/messages.js';
import { render } from '../../src/i18n/render.js';
import { runChecks, type Outcome } from '../../src/runner.js';
import { fakeProbes, type HostSpec } from './fake-host.js';

export const DEFAULT_OPTIONS: RunOptions = { timeoutMs: 3000, image: 'hello-world', pull: false };

export interface Tested {
  outcome: Outcome;
  status: Outcome['status'];
  code: string;
  data: Outcome['data'];
  commands: string[];
  text: Record<Lang, string>;
  fixText: Record<Lang, string>;
}

export interface RunSpec {
  host?: HostSpec;
  probes?: Probes;
  /** A --root tree (files are read from it; exec and the daemon are not available). */
  root?: string;
  options?: Partial<RunOptions>;
  /** Results of the checks this one depends on. */
  deps?: Record<string, CheckResult>;
}

export async function runCheck(check: AnyCheck, spec: RunSpec = {}): Promise<Tested> {
  const options = { ...DEFAULT_OPTIONS, ...spec.options, ...(spec.root ? { root: spec.root } : {}) };
  const probes = spec.probes ?? (spec.root ? liveProbes({ root: spec.root, timeoutMs: options.timeoutMs }) : fakeProbes(spec.host ?? {}));
  const shared = createShared(probes, options);
  const facts = await probes.facts();
  const [outcome] = await runChecks([check], {
    timeoutMs: options.timeoutMs,
    platform: facts.platform,
    makeContext: (_c, signal) => checkContext(shared, signal, (id) => spec.deps?.[id]),
  });
  const o = outcome!;
  const messages = o.runnerMessage ? RUNNER_MESSAGES : check.messages;
  const text = {} as Record<Lang, string>;
  const fixText = {} as Record<Lang, string>;
  for (const lang of LANGS) {
    const m = messages[o.message];
    expect(m, `message ${o.message} of ${check.id}`).toBeDefined();
    text[lang] = render(m!, lang, o.data);
    expect(text[lang], `unfilled placeholder in ${check.id}.${o.message} (${lang})`).not.toMatch(/\{[a-zA-Z0-9_]+\}/);
    if (o.fix) {
      fixText[lang] = render(check.messages[o.fix.explain]!, lang, o.data);
      expect(fixText[lang], `unfilled placeholder in ${check.id}.${o.fix.explain} (${lang})`).not.toMatch(/\{[a-zA-Z0-9_]+\}/);
    }
  }
  return { outcome: o, status: o.status, code: o.code, data: o.data, commands: o.fix?.commands ?? [], text, fixText };
}
