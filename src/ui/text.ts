import type { Lang, ReportStatus } from '../check.js';
import { UI } from '../i18n/messages.js';
import { render } from '../i18n/render.js';
import type { Report, ReportCheck } from '../report/build.js';
import { cleanValue, stripControl } from '../sanitize.js';
import type { Colors } from './color.js';

const PAINT: Record<ReportStatus, keyof Colors> = { pass: 'green', warn: 'yellow', fail: 'red', skip: 'dim', error: 'magenta' };

export function statusLabel(status: ReportStatus, lang: Lang, c: Colors): string {
  const word = UI[status]![lang];
  const padded = word.padEnd(lang === 'en' ? 5 : 3);
  const paint = c[PAINT[status]] as (s: string) => string;
  return paint(padded);
}

/** One finished check as one line: `FAIL  daemon-reachable  No Docker daemon ...` */
export function checkLine(check: ReportCheck, lang: Lang, c: Colors, verbose: boolean): string {
  const time = verbose ? c.dim(` (${check.durationMs} ms)`) : '';
  let line = `  ${statusLabel(check.status, lang, c)} ${check.id.padEnd(18)} ${stripControl(check.message)}${time}`;
  if (verbose && Object.keys(check.data).length) {
    line += `\n${' '.repeat(26)}${c.dim(cleanValue(JSON.stringify(check.data), 300))}`;
  }
  return line;
}

export function header(version: string, host: { distro?: string; platform: string; arch: string }, c: Colors): string {
  const where = [host.distro ?? host.platform, host.arch].filter(Boolean).join(' ');
  return c.bold(`docker-doctor ${version}`) + c.dim(` · ${cleanValue(where)}`);
}

/** The part people act on: every warn, fail and error with its fix, as short blocks. */
export function problems(report: Report, lang: Lang, c: Colors): string {
  const bad = report.checks.filter((x) => x.status === 'fail' || x.status === 'warn' || x.status === 'error');
  const out: string[] = [];
  if (report.docker.endpoint) {
    out.push(c.dim(render(UI.endpoint!, lang, { endpoint: report.docker.endpoint, source: report.docker.source ?? '-' })), '');
  }
  if (!bad.length) out.push(c.green(UI.noProblems![lang]));
  else {
    out.push(c.bold(UI.problems![lang]));
    bad.forEach((x, i) => {
      out.push('');
      out.push(`${i + 1}. ${statusLabel(x.status, lang, c).trim()} ${c.bold(x.title)} (${x.id}: ${x.code})`);
      out.push(`   ${stripControl(x.message)}`);
      if (x.fix) {
        if (x.fix.explanation) out.push(`   ${stripControl(x.fix.explanation)}`);
        if (x.fix.commands.length) {
          out.push(`   ${UI.run![lang]}`);
          for (const cmd of x.fix.commands) out.push(`     ${c.cyan(stripControl(cmd))}`);
        }
        if (x.fix.docs) out.push(`   ${UI.docs![lang]} ${stripControl(x.fix.docs)}`);
      }
    });
  }
  out.push('');
  out.push(render(UI.summary!, lang, report.summary as unknown as Record<string, number>));
  return out.join('\n');
}
