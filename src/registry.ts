import { readdirSync } from 'node:fs';
import type { AnyCheck } from './check.js';

// The checks index is the folder: adding a check is adding checks/<id>.ts (and its test).
// Compiled, this file sits in dist/src and the checks in dist/checks; under vitest both are .ts.
const DIR = new URL('../checks/', import.meta.url);

export function checkFiles(): string[] {
  return readdirSync(DIR)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
}

/** Sorts by dependencies (then id) and rejects unknown or cyclic dependsOn. */
export function orderChecks(checks: AnyCheck[]): AnyCheck[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const out: AnyCheck[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (c: AnyCheck, path: string[]) => {
    if (state.get(c.id) === 'done') return;
    if (state.get(c.id) === 'visiting') throw new Error(`dependency cycle: ${[...path, c.id].join(' -> ')}`);
    state.set(c.id, 'visiting');
    for (const d of c.dependsOn ?? []) {
      const dep = byId.get(d);
      if (!dep) throw new Error(`${c.id} depends on unknown check ${d}`);
      visit(dep, [...path, c.id]);
    }
    state.set(c.id, 'done');
    out.push(c);
  };
  // plain comparison: localeCompare would load ICU's collator, ~10 ms of start-up
  for (const c of [...checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) visit(c, []);
  return out;
}

let bundled: AnyCheck[] | undefined;

/** The bundle (bundle.config.mjs) hands over its statically imported checks. */
export function useBundledChecks(checks: AnyCheck[]): void {
  bundled = checks;
}

export async function loadChecks(): Promise<AnyCheck[]> {
  if (bundled) return orderChecks(bundled);
  const files = checkFiles();
  const mods = await Promise.all(files.map((f) => import(new URL(f, DIR).href) as Promise<{ default: AnyCheck }>));
  return orderChecks(
    mods.map((m, i) => {
      const file = files[i]!.replace(/\.(js|ts)$/, '');
      if (m.default?.id !== file) throw new Error(`checks/${file}: id "${m.default?.id}" does not match the file name`);
      return m.default;
    }),
  );
}
