import type { AnyCheck, Category, Data, Lang, ReportStatus } from '../check.js';
import type { EndpointResolution } from '../docker/endpoint.js';
import type { EvidenceEntry } from '../host/evidence.js';
import type { HostFacts } from '../host/types.js';
import type { RunOptions } from '../context.js';
import { RUNNER_MESSAGES } from '../i18n/messages.js';
import { render } from '../i18n/render.js';
import type { Outcome } from '../runner.js';
import { cleanValue } from '../sanitize.js';
import { redactDeep } from './redact.js';

export const SCHEMA_VERSION = 1;

export interface ReportCheck {
  id: string;
  title: string;
  category: Category;
  status: ReportStatus;
  code: string;
  message: string;
  data: Data;
  fix: { explanation: string; commands: string[]; docs: string | null } | null;
  durationMs: number;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  generatedAt: string;
  invocation: {
    lang: Lang;
    options: { timeoutMs: number; image: string; pull: boolean; host: string | null; context: string | null; root: string | null };
    replayOf: string | null;
  };
  host: {
    platform: string;
    distro: string | null;
    release: string | null;
    codename: string | null;
    arch: string;
    kernel: string | null;
    node: string;
    wsl: boolean;
    systemd: boolean;
    user: { uid: number; gid: number; groups: number[]; name: string; home: string };
  };
  docker: {
    endpoint: string | null;
    source: string | null;
    context: string | null;
    client: { version: string | null; apiVersion: string | null } | null;
    server: { version: string | null; apiVersion: string | null; minApiVersion: string | null } | null;
  };
  checks: ReportCheck[];
  summary: Record<ReportStatus, number>;
  evidence: EvidenceEntry[];
}

export interface ReportInput {
  version: string;
  lang: Lang;
  checks: readonly AnyCheck[];
  outcomes: Outcome[];
  facts: HostFacts;
  options: RunOptions;
  endpoint?: EndpointResolution;
  server?: { Version?: string; ApiVersion?: string; MinAPIVersion?: string };
  evidence: EvidenceEntry[];
  replayOf?: string;
  now?: Date;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? cleanValue(v, 200) : null);

export function renderOutcome(check: AnyCheck, o: Outcome, lang: Lang): ReportCheck {
  const messages = o.runnerMessage ? RUNNER_MESSAGES : check.messages;
  const text = messages[o.message];
  return {
    id: o.id,
    title: check.title[lang],
    category: check.category,
    status: o.status,
    code: o.code,
    message: text ? render(text, lang, o.data) : o.code,
    data: o.data,
    fix: o.fix
      ? {
          explanation: check.messages[o.fix.explain] ? render(check.messages[o.fix.explain]!, lang, o.data) : '',
          commands: o.fix.commands,
          docs: o.fix.docs ?? check.docs,
        }
      : null,
    durationMs: o.durationMs,
  };
}

export function summarize(checks: { status: ReportStatus }[]): Record<ReportStatus, number> {
  const s: Record<ReportStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0, error: 0 };
  for (const c of checks) s[c.status]++;
  return s;
}

/** The report, redacted: this object is what is printed, written and replayed. */
export function buildReport(i: ReportInput): Report {
  const byId = new Map(i.checks.map((c) => [c.id, c]));
  const checks = i.outcomes.map((o) => renderOutcome(byId.get(o.id)!, o, i.lang));
  const cli = i.outcomes.find((o) => o.id === 'docker-cli' && o.status === 'pass')?.data;
  const ep = i.endpoint;
  const f = i.facts;
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'docker-doctor', version: i.version },
    generatedAt: (i.now ?? new Date()).toISOString(),
    invocation: {
      lang: i.lang,
      options: {
        timeoutMs: i.options.timeoutMs,
        image: i.options.image,
        pull: i.options.pull,
        host: i.options.host ?? null,
        context: i.options.context ?? null,
        root: i.options.root ?? null,
      },
      replayOf: i.replayOf ?? null,
    },
    host: {
      platform: f.platform,
      distro: str(f.distro),
      release: str(f.release),
      codename: str(f.codename),
      arch: f.arch,
      kernel: str(f.kernel),
      node: f.node,
      wsl: f.wsl,
      systemd: f.systemd,
      user: f.user,
    },
    docker: {
      endpoint: ep?.ok ? ep.endpoint.url : null,
      source: ep?.source ?? null,
      context: ep?.context ?? null,
      client: cli ? { version: str(cli.version), apiVersion: str(cli.apiVersion) } : null,
      server: i.server ? { version: str(i.server.Version), apiVersion: str(i.server.ApiVersion), minApiVersion: str(i.server.MinAPIVersion) } : null,
    },
    checks,
    summary: summarize(checks),
    evidence: [],
  };
  // the transcript was redacted as it was written (host/evidence.ts)
  return { ...redactDeep(report, f.user.home), evidence: i.evidence };
}

export function exitCode(summary: Record<ReportStatus, number>, strict: boolean): number {
  return summary.fail > 0 || summary.error > 0 || (strict && summary.warn > 0) ? 1 : 0;
}
