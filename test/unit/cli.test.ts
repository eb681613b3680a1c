import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCLI, main, toOptions } from '../../src/cli.js';
import { detectLang } from '../../src/i18n/locale.js';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => (out.push(s), true), isTTY: false }, stderr: { write: (s: string) => (err.push(s), true) }, env },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const tmp = mkdtempSync(path.join(tmpdir(), 'dd-cli-'));
const notJson = path.join(tmp, 'bad.json');
writeFileSync(notJson, '{"schemaVersion": 1, "evidence": [');
const notReport = path.join(tmp, 'other.json');
writeFileSync(notReport, '{"hello": "world"}');
const aFile = path.join(tmp, 'file');
writeFileSync(aFile, 'x');

describe('usage errors: one line on stderr, exit 2, no stack trace', () => {
  it.each([
    [['--bogus'], /Unknown option `--bogus`/],
    [['--timeout', 'abc'], /--timeout must be a whole number/],
    [['--timeout=-5'], /--timeout must be a whole number/],
    [['--timeout', '0'], /--timeout must be a whole number/],
    [['--timeout'], /--timeout/],
    [['--only', 'no-such-check'], /unknown check id "no-such-check"/],
    [['--skip', 'docker-context,nope'], /unknown check id "nope"/],
    [['--lang', 'fr'], /--lang must be en or zh-CN/],
    [['list', '--lang', 'fr'], /--lang must be en or zh-CN/],
    [['--root', '/nonexistent/tree'], /does not exist/],
    [['--root', aFile], /is not a directory/],
    [['--host', 'bogus://localhost:2375'], /is not a docker host URL/],
    [['--output'], /--output/],
    // docker itself refuses the pair ("conflicting options: cannot specify both --host and --context")
    [['--host', 'unix:///tmp/d.sock', '--context', 'colima'], /--host and --context/],
    [['frobnicate'], /unexpected argument "frobnicate"/],
    [['replay', notJson], /is not valid JSON/],
    [['replay', notReport], /is not a docker-doctor report/],
    [['replay', '/nonexistent.json'], /cannot read/],
  ])('%j', async (argv, message) => {
    const t = io();
    expect(await main(argv, t.io)).toBe(2);
    expect(t.err()).toMatch(message);
    expect(t.err().trim().split('\n')).toHaveLength(1);
    expect(t.err()).not.toMatch(/\n\s+at /);
    expect(t.out()).toBe('');
  });
});

describe('options', () => {
  const parse = (argv: string[], env = {}) => toOptions(createCLI().parse(['node', 'dd', ...argv], { run: false }).options, env);

  it('has the documented defaults', () => {
    expect(parse([])).toMatchObject({ json: false, timeoutMs: 3000, image: 'hello-world', pull: false, strict: false, lang: 'en' });
  });

  it('reads every option', () => {
    const o = parse(['--json', '-o', 'r.json', '--only', 'docker-cli,docker-context', '--skip', 'container-run', '--host', 'unix:///tmp/d.sock', '--timeout', '1500', '--image', 'busybox:1.36', '--pull', '--strict', '--verbose', '--lang', 'zh-CN']);
    expect(o).toMatchObject({
      json: true, output: 'r.json', only: ['docker-cli', 'docker-context'], skip: ['container-run'], host: 'unix:///tmp/d.sock',
      timeoutMs: 1500, image: 'busybox:1.36', pull: true, strict: true, verbose: true, lang: 'zh-CN',
    });
    expect(parse(['--context', 'colima'])).toMatchObject({ context: 'colima' });
  });

  it.each([
    [undefined, { LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [undefined, { LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }, 'en'],
    [undefined, { LC_MESSAGES: 'zh_CN.UTF-8' }, 'zh-CN'],
    [undefined, { LANG: 'C.UTF-8' }, 'en'],
    ['en', { LANG: 'zh_CN.UTF-8' }, 'en'],
    ['zh-CN', {}, 'zh-CN'],
  ])('--lang %s with %j is %s', (flag, env, lang) => {
    expect(detectLang(flag, env)).toBe(lang);
  });
});

describe('commands', () => {
  it('lists every check', async () => {
    const t = io();
    expect(await main(['list', '--json'], t.io)).toBe(0);
    const rows = JSON.parse(t.out()) as { id: string; codes: Record<string, string> }[];
    expect(rows.map((r) => r.id)).toContain('docker-context');
    expect(rows.every((r) => Object.keys(r.codes).length > 0)).toBe(true);
  });

  it('--help documents the exit codes', async () => {
    const lines: string[] = [];
    const log = console.info;
    console.info = (s: string) => lines.push(s);
    try {
      expect(await main(['--help'], io().io)).toBe(0);
    } finally {
      console.info = log;
    }
    expect(lines.join('\n')).toMatch(/Exit codes[\s\S]*2\s+usage error/);
  });
});

describe('start-up cost', () => {
  // --version and --help must not pay for listr2 or systeminformation: walk the static imports
  it('cli.ts reaches neither listr2 nor systeminformation through static imports', () => {
    const seen = new Set<string>();
    const heavy: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/^\s*import\s+(?!type\b)(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) walk(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
        else if (/^(listr2|systeminformation)/.test(spec)) heavy.push(`${path.relative(process.cwd(), file)} -> ${spec}`);
      }
    };
    walk(path.resolve('src/cli.ts'));
    expect(seen.size).toBeGreaterThan(3);
    expect(heavy).toEqual([]);
  });
});
