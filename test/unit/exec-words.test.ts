import { describe, expect, it } from 'vitest';
import { execWords, withoutWords } from '../../src/lib/exec-words.js';
import { splitCommand } from '../../src/lib/systemd-unit.js';

describe('execWords', () => {
  it.each([
    ['/usr/bin/dockerd -H fd:// $DOCKER_OPTS', ['/usr/bin/dockerd', '-H', 'fd://', '$DOCKER_OPTS'], ['DOCKER_OPTS']],
    ['-/usr/bin/dockerd  --label="a b"\t--x=\'c d\' ${A}x "$B"', ['-/usr/bin/dockerd', '--label="a b"', "--x='c d'", '${A}x', '"$B"'], []],
    ['dockerd --label=50%% --name=%H a\\ b', ['dockerd', '--label=50%%', '--name=%H', 'a\\ b'], []],
    ['dockerd "unterminated', ['dockerd', '"unterminated'], []],
    ['', [], []],
  ])('%j', (raw, texts, vars) => {
    const w = execWords(raw);
    expect(w.map((x) => x.text)).toEqual(texts);
    expect(w.filter((x) => x.variable).map((x) => x.variable)).toEqual(vars);
  });

  it('words split as splitCommand splits them (quotes and escapes alike)', () => {
    const raw = '/usr/bin/dockerd --label="a b" --x=\'c d\' e\\ f g';
    expect(execWords(raw).length).toBe(splitCommand(raw).length);
  });
});

describe('withoutWords', () => {
  const raw = '/usr/sbin/dockerd -H fd:// $DOCKER_OPTS --containerd=/run/containerd/containerd.sock';
  const env = (opts: string) => splitCommand(raw, { DOCKER_OPTS: opts });

  it('drops the words of the conflicting flags and keeps $DOCKER_OPTS as written', () => {
    const argv = env('--dns 8.8.8.8 --label=x%y');
    expect(withoutWords(raw, argv, new Set([1, 2]))).toEqual({ ok: true, text: '/usr/sbin/dockerd $DOCKER_OPTS --containerd=/run/containerd/containerd.sock' });
  });

  it('a flag that came from $DOCKER_OPTS is not in the unit: names the variable', () => {
    const argv = env('--dns 8.8.8.8');
    expect(withoutWords(raw, argv, new Set([3, 4]))).toEqual({ ok: false, variable: 'DOCKER_OPTS' });
  });

  it('an empty $DOCKER_OPTS expands to no word', () => {
    expect(withoutWords(raw, env(''), new Set([1, 2]))).toEqual({ ok: true, text: '/usr/sbin/dockerd $DOCKER_OPTS --containerd=/run/containerd/containerd.sock' });
  });

  it('keeps the ExecStart prefix, quotes and % as written', () => {
    const r = '-/usr/bin/dockerd -H fd:// --label="a b" --label=host=%H --exec-root=/run/x%%y';
    expect(withoutWords(r, splitCommand(r.slice(1)), new Set([1, 2]))).toEqual({ ok: true, text: '-/usr/bin/dockerd --label="a b" --label=host=%H --exec-root=/run/x%%y' });
  });

  it('two variables: the words after the last one still map, those between them cannot be told apart', () => {
    const r = 'dockerd $A $B -H fd://';
    expect(withoutWords(r, splitCommand(r, { A: 'x y', B: 'z' }), new Set([4, 5]))).toEqual({ ok: true, text: 'dockerd $A $B' });
    const between = 'dockerd $A -H fd:// $B';
    expect(withoutWords(between, splitCommand(between, { A: 'x', B: 'z' }), new Set([2, 3]))).toEqual({ ok: false });
  });

  it('argv that does not fit the text: says so', () => {
    expect(withoutWords('dockerd -H fd://', ['dockerd'], new Set([1]))).toEqual({ ok: false });
  });
});
