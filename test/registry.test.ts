// The contract every check keeps, enforced for all of them at once (ESLint's RuleTester idea):
// a check without a test, docs, both languages or documented codes does not get in.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGS } from '../src/check.js';
import { placeholders } from '../src/i18n/render.js';
import { RUNNER_MESSAGES, UI } from '../src/i18n/messages.js';
import { listChecks } from '../src/list.js';
import { checkFiles, loadChecks, orderChecks } from '../src/registry.js';

const checks = await loadChecks();
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('check registry', () => {
  it('finds every file in checks/', () => {
    expect(checks.map((c) => c.id).sort()).toEqual(checkFiles().map((f) => f.replace(/\.ts$/, '')).sort());
    expect(checks.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(checks.map((c) => [c.id, c] as const))('%s', (id, check) => {
    it('has a kebab-case id, a test file and an https docs URL', () => {
      expect(id).toMatch(KEBAB);
      expect(existsSync(new URL(`./checks/${id}.test.ts`, import.meta.url)), `test/checks/${id}.test.ts`).toBe(true);
      expect(check.docs).toMatch(/^https:\/\//);
    });

    it('has its title and every message in both languages, with the same placeholders', () => {
      for (const lang of LANGS) expect(check.title[lang]?.trim(), `title ${lang}`).toBeTruthy();
      for (const [key, text] of Object.entries(check.messages)) {
        for (const lang of LANGS) expect(text[lang]?.trim(), `${key} ${lang}`).toBeTruthy();
        expect(placeholders(text['zh-CN']).sort(), `${key}: placeholders differ between languages`).toEqual(placeholders(text.en).sort());
      }
    });

    it('documents kebab-case codes, and its test covers each of them', () => {
      const codes = Object.keys(check.codes);
      expect(codes.length).toBeGreaterThan(0);
      const test = readFileSync(new URL(`./checks/${id}.test.ts`, import.meta.url), 'utf8');
      for (const code of codes) {
        expect(code).toMatch(KEBAB);
        expect(check.codes[code]!.trim()).toBeTruthy();
        expect(test, `test/checks/${id}.test.ts never mentions code ${code}`).toContain(`'${code}'`);
      }
    });

    it('depends only on known checks', () => {
      for (const d of check.dependsOn ?? []) expect(checks.some((c) => c.id === d), `${id} depends on ${d}`).toBe(true);
    });
  });

  it('docs/checks.md is what `docker-doctor list --markdown` prints (run `npm run docs`)', async () => {
    const out: string[] = [];
    const io = { stdout: { write: (x: string) => (out.push(x), true) }, stderr: { write: () => true }, env: {} };
    await listChecks('markdown', 'en', io);
    expect(readFileSync(new URL('../docs/checks.md', import.meta.url), 'utf8')).toBe(out.join(''));
  });

  it('has no dependency cycles', () => {
    expect(() => orderChecks(checks)).not.toThrow();
  });

  it('rejects a cycle and an unknown dependency', () => {
    const base = checks[0]!;
    const a = { ...base, id: 'a', dependsOn: ['b'] };
    const b = { ...base, id: 'b', dependsOn: ['a'] };
    expect(() => orderChecks([a, b])).toThrow(/cycle/);
    expect(() => orderChecks([{ ...base, id: 'c', dependsOn: ['nope'] }])).toThrow(/unknown/);
  });

  it('has the runner and UI words in both languages', () => {
    for (const [key, text] of Object.entries({ ...RUNNER_MESSAGES, ...UI })) {
      for (const lang of LANGS) expect(text[lang]?.trim(), `${key} ${lang}`).toBeTruthy();
      expect(placeholders(text['zh-CN']).sort(), key).toEqual(placeholders(text.en).sort());
    }
  });
});
