import { describe, expect, it } from 'vitest';
import { detectBom, firstInvalidUtf8, goQuoteByte, parseJson, plain, positionOf } from '../../src/lib/json-position.js';

const b = (s: string | number[]) => (typeof s === 'string' ? new Uint8Array(Buffer.from(s)) : new Uint8Array(s));

describe('parseJson: Go encoding/json wording, with line and column', () => {
  // messages as dockerd 20.10 printed them for these files (see docs in checks/daemon-config.ts)
  it.each([
    ['trailing comma in an object', '{"debug": true,}\n', "invalid character '}' looking for beginning of object key string", 1, 16],
    ['trailing comma in an array', '{\n  "dns": ["1.1.1.1",\n  ]\n}', "invalid character ']' looking for beginning of value", 3, 3],
    ['UTF-8 BOM', [0xef, 0xbb, 0xbf, 0x7b, 0x7d], "invalid character 'ï' looking for beginning of value", 1, 1],
    ['curly quotes', '{\u201cdebug\u201d: true}', "invalid character 'â' looking for beginning of object key string", 1, 2],
    ['unquoted key', '{debug: true}', "invalid character 'd' looking for beginning of object key string", 1, 2],
    ['bad literal', '{"debug": tru}', "invalid character '}' in literal true (expecting 'e')", 1, 14],
    ['NUL in a string', [0x7b, 0x22, 0x61, 0x00, 0x22, 0x3a, 0x31, 0x7d], "invalid character '\\x00' in string literal", 1, 4],
    ['missing comma', '{"a": 1\n "b": 2}', 'invalid character \'"\' after object key:value pair', 2, 2],
    ['missing colon', '{"a" 1}', "invalid character '1' after object key", 1, 6],
    ['leading zero', '{"a": 01}', "invalid character '1' after object key:value pair", 1, 8],
    ['comment', '{\n  // mirrors\n  "debug": true\n}', "invalid character '/' looking for beginning of object key string", 2, 3],
    ['single quotes', "{'debug': true}", "invalid character '\\'' looking for beginning of object key string", 1, 2],
    ['garbage after the value', '{} x', "invalid character 'x' after top-level value", 1, 4],
    ['bad escape', '{"a": "\\q"}', "invalid character 'q' in string escape code", 1, 9],
    ['bad \\u escape', '{"a": "\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape", 1, 12],
    ['bare minus', '{"a": -}', "invalid character '}' in numeric literal", 1, 8],
    ['dot without digits', '{"a": 1.}', "invalid character '}' after decimal point in numeric literal", 1, 9],
    ['bad exponent', '{"a": 1e}', "invalid character '}' in exponent of numeric literal", 1, 9],
    ['array element', '[1 2]', "invalid character '2' after array element", 1, 4],
    ['column counts characters', '{"名字": 1,}', "invalid character '}' looking for beginning of object key string", 1, 10],
  ])('%s', (_name, input, message, line, column) => {
    const r = parseJson(b(input as string));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toBe(message);
    expect([r.error.line, r.error.column]).toEqual([line, column]);
  });

  it.each(['', '   ', '{', '{"a":', '{"a": "x', '[1,', '{"a": tr', '{"a": 1e', '{"a": "\\u12'])('truncated input %j: unexpected end of JSON input', (input) => {
    const r = parseJson(b(input));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('unexpected end of JSON input');
  });

  it('points at the trailing comma itself', () => {
    const r = parseJson(b('{\n  "debug": true,\n}\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.trailingComma).toMatchObject({ line: 2, column: 16 });
  });

  it('a missing value after a later comma is not a trailing comma', () => {
    const r = parseJson(b('{"a": 1, "b": }'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.trailingComma).toBeUndefined();
  });

  it('reads a valid document with offsets and raw numbers', () => {
    const r = parseJson(b('{\n  "registry-mirrors": ["https://m"],\n  "mtu": 1500.5, "x": {"y": [true, null, -1e3]}\n}'));
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.type !== 'object') return;
    expect(r.value.entries.map((e) => e.key)).toEqual(['registry-mirrors', 'mtu', 'x']);
    const mtu = r.value.entries[1]!.value;
    expect(mtu).toMatchObject({ type: 'number', raw: '1500.5' });
    expect(positionOf(b('{\n  "registry-mirrors": ["https://m"],\n  "mtu": 1500.5'), mtu.offset)).toMatchObject({ line: 3, column: 10 });
    expect(plain(r.value)).toEqual({ 'registry-mirrors': ['https://m'], mtu: 1500.5, x: { y: [true, null, -1000] } });
  });

  it('decodes escapes and UTF-8 in strings', () => {
    const r = parseJson(b('"a\\n\\u4e2d\\"文"'));
    expect(r).toMatchObject({ ok: true, value: { type: 'string', value: 'a\n中"文' } });
  });

  it('survives deep nesting without recursion', () => {
    const r = parseJson(b('['.repeat(20000)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe("invalid character '[' exceeded max depth");
    expect(parseJson(b(`${'['.repeat(5000)}${']'.repeat(5000)}`)).ok).toBe(true);
  });

  it('never throws on random bytes', () => {
    let seed = 7;
    for (let n = 0; n < 300; n++) {
      const bytes = new Uint8Array(64).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
      expect(() => parseJson(bytes)).not.toThrow();
    }
  });
});

describe('byte helpers', () => {
  it.each([
    [0xef, "'ï'"],
    [0xe2, "'â'"],
    [0x00, "'\\x00'"],
    [0x0a, "'\\n'"],
    [0x85, "'\\u0085'"],
    [0xa0, "'\\u00a0'"],
    [0x27, "'\\''"],
    [0x22, `'"'`],
    [0x7d, "'}'"],
  ])('goQuoteByte(%i) = %s', (c, q) => expect(goQuoteByte(c)).toBe(q));

  it('finds invalid UTF-8', () => {
    expect(firstInvalidUtf8(b('{"a": "中文"}'))).toBe(-1);
    expect(firstInvalidUtf8(b([0x7b, 0xff, 0xfe]))).toBe(1);
    expect(firstInvalidUtf8(b([0x41, 0xe4, 0xb8]))).toBe(1); // truncated sequence
    expect(firstInvalidUtf8(b([0xc0, 0xaf]))).toBe(0); // overlong
    expect(firstInvalidUtf8(b([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
  });

  it('detects byte-order marks', () => {
    expect(detectBom(b([0xef, 0xbb, 0xbf, 0x7b]))).toBe('utf-8');
    expect(detectBom(b([0xff, 0xfe, 0x7b, 0]))).toBe('utf-16le');
    expect(detectBom(b([0xfe, 0xff, 0, 0x7b]))).toBe('utf-16be');
    expect(detectBom(b('{}'))).toBeUndefined();
  });
});
