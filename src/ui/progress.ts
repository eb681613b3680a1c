import { Listr } from 'listr2';
import type { AnyCheck, Lang } from '../check.js';
import type { ReportCheck } from '../report/build.js';
import { stripControl } from '../sanitize.js';

/**
 * listr2 only presents: each task waits for the runner's verdict on its check. The report is
 * built from the runner's results, never from listr2's state.
 */
export function progress(checks: readonly AnyCheck[], lang: Lang) {
  const waiting = new Map<string, (r: ReportCheck) => void>();
  const verdicts = new Map(checks.map((c) => [c.id, new Promise<ReportCheck>((resolve) => waiting.set(c.id, resolve))]));
  const listr = new Listr(
    checks.map((check) => ({
      title: check.title[lang],
      task: async (_: unknown, task: { title: string; skip(m?: string): void }) => {
        const r = await verdicts.get(check.id)!;
        const message = stripControl(r.message);
        // listr2 prints the title itself, above the skip reason or the error
        if (r.status === 'skip') return task.skip(message);
        if (r.status === 'fail' || r.status === 'error') throw new Error(message);
        task.title = r.status === 'warn' ? `${r.title}: ⚠ ${message}` : `${r.title}: ${message}`;
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      renderer: 'default',
      rendererOptions: { collapseErrors: false, collapseSkips: false },
    },
  );
  return {
    done: (r: ReportCheck) => waiting.get(r.id)?.(r),
    run: () => listr.run().catch(() => undefined),
  };
}
