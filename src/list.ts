import type { Lang } from './check.js';
import { loadChecks } from './registry.js';
import type { Io } from './run.js';

export async function listChecks(json: boolean, lang: Lang, io: Io): Promise<number> {
  const checks = await loadChecks();
  if (json) {
    const rows = checks.map((c) => ({ id: c.id, title: c.title[lang], category: c.category, platforms: c.platforms, dependsOn: c.dependsOn ?? [], docs: c.docs, codes: c.codes }));
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const c of checks) {
    const deps = c.dependsOn?.length ? ` (needs ${c.dependsOn.join(', ')})` : '';
    io.stdout.write(`${c.id.padEnd(20)} ${c.category.padEnd(12)} ${c.platforms.join(',').padEnd(19)} ${c.title[lang]}${deps}\n`);
  }
  return 0;
}
