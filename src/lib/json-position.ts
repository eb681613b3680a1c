// A JSON reader that behaves like Go's encoding/json scanner, because dockerd reads
// daemon.json with it: the same inputs are refused, at the same byte, with the same words
// ("invalid character '}' looking for beginning of object key string"). Node's JSON.parse
// messages differ between versions and give no line, so we walk the bytes ourselves and
// keep the offset of every value for the line and column shown to the user.
// Pure and iterative (no recursion): hostile input such as 100k '[' cannot blow the stack.

export type JsonNode =
  | { type: 'object'; offset: number; entries: { key: string; keyOffset: number; value: JsonNode }[] }
  | { type: 'array'; offset: number; items: JsonNode[] }
  | { type: 'string'; offset: number; value: string }
  | { type: 'number'; offset: number; raw: string }
  | { type: 'boolean'; offset: number; value: boolean }
  | { type: 'null'; offset: number };

/** What the parser expected when it met the bad byte (Go's wording after "invalid character 'x' "). */
export type SyntaxContext =
  | 'looking for beginning of value'
  | 'looking for beginning of object key string'
  | 'after object key'
  | 'after object key:value pair'
  | 'after array element'
  | 'after top-level value'
  | 'in string literal'
  | 'in string escape code'
  | 'in \\u hexadecimal character escape'
  | 'in numeric literal'
  | 'after decimal point in numeric literal'
  | 'in exponent of numeric literal'
  | 'exceeded max depth'
  | `in literal ${'true' | 'false' | 'null'} (expecting '${string}')`;

export interface Position {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters (what an editor shows), not bytes. */
  column: number;
}

export interface JsonSyntaxError extends Position {
  /** Go's message, as dockerd prints it after "unable to configure the Docker daemon with file ...: ". */
  message: string;
  /** undefined at the end of the input ("unexpected end of JSON input"). */
  context?: SyntaxContext;
  /** The byte at the error, or undefined at the end of the input. */
  byte?: number;
  /** The whole character that starts at the error (a byte of U+201C is not what the user typed). */
  char?: string;
  /** A comma right before a closing bracket: where it is. */
  trailingComma?: Position;
}

export type JsonParse = { ok: true; value: JsonNode } | { ok: false; error: JsonSyntaxError };

/** Go's scanner limit. */
const MAX_DEPTH = 10000;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Go's quoteChar: one byte shown as the Latin-1 character of that value, so a UTF-8 BOM
 * (EF BB BF) reads 'ï' and a curly quote (E2 80 9C) reads 'â', exactly as dockerd says.
 */
export function goQuoteByte(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (named[c]) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // strconv.Quote escapes what Go does not call printable: C1 controls, NBSP and the soft hyphen
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

/** Line and column (in characters) of a byte offset. */
export function positionOf(bytes: Uint8Array, offset: number): Position {
  const end = Math.max(0, Math.min(offset, bytes.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // a column counts characters; invalid bytes count one each, as U+FFFD
  const column = [...utf8.decode(bytes.subarray(lineStart, end))].length + 1;
  return { offset: end, line, column };
}

/** The character (not byte) starting at offset, for hints such as a full-width quote. */
export function charAt(bytes: Uint8Array, offset: number): string | undefined {
  if (offset < 0 || offset >= bytes.length) return undefined;
  const ch = [...utf8.decode(bytes.subarray(offset, offset + 4))][0];
  return ch;
}

/** Offset of the first byte that is not valid UTF-8 (what dockerd 23+ refuses), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export type Bom = 'utf-8' | 'utf-16le' | 'utf-16be';

export function detectBom(bytes: Uint8Array): Bom | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

type Frame =
  | { kind: 'object'; node: Extract<JsonNode, { type: 'object' }>; key?: { key: string; offset: number }; afterComma: boolean }
  | { kind: 'array'; node: Extract<JsonNode, { type: 'array' }>; afterComma: boolean };

/** Parses like Go's json.Unmarshal (a whole document; nothing but space after it). */
export function parseJson(bytes: Uint8Array): JsonParse {
  const stack: Frame[] = [];
  let i = 0;
  let lastComma = -1;
  let root: JsonNode | undefined;

  const fail = (at: number, context?: SyntaxContext): JsonParse => {
    const pos = positionOf(bytes, at);
    if (context === undefined || at >= bytes.length) {
      return { ok: false, error: { ...pos, message: 'unexpected end of JSON input' } };
    }
    const byte = bytes[at]!;
    const error: JsonSyntaxError = { ...pos, message: `invalid character ${goQuoteByte(byte)} ${context}`, context, byte, char: charAt(bytes, at) };
    const closing = byte === 0x7d || byte === 0x5d;
    if (closing && lastComma >= 0 && (context === 'looking for beginning of object key string' || context === 'looking for beginning of value')) {
      const top = stack[stack.length - 1];
      if (top?.afterComma) error.trailingComma = positionOf(bytes, lastComma);
    }
    return { ok: false, error };
  };
  const skip = () => {
    while (i < bytes.length && isSpace(bytes[i]!)) i++;
  };

  // a value is complete: attach it to its parent
  const attach = (node: JsonNode) => {
    const top = stack[stack.length - 1];
    if (!top) root = node;
    else if (top.kind === 'array') {
      top.node.items.push(node);
      top.afterComma = false;
    } else if (top.key) {
      top.node.entries.push({ key: top.key.key, keyOffset: top.key.offset, value: node });
      top.key = undefined;
      top.afterComma = false;
    }
  };

  // reads a string starting at the quote; returns the end offset or a failure
  const readString = (): { value: string } | { fail: JsonParse } => {
    i++;
    let out = '';
    let chunk = i;
    while (i < bytes.length) {
      const c = bytes[i]!;
      if (c === 0x22) {
        out += utf8.decode(bytes.subarray(chunk, i));
        i++;
        return { value: out };
      }
      if (c < 0x20) return { fail: fail(i, 'in string literal') };
      if (c === 0x5c) {
        out += utf8.decode(bytes.subarray(chunk, i));
        const e = bytes[i + 1];
        if (e === undefined) return { fail: fail(bytes.length) };
        const simple: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };
        if (simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 0x75) {
          for (let k = 2; k < 6; k++) {
            const h = bytes[i + k];
            if (h === undefined) return { fail: fail(bytes.length) };
            if (!isHex(h)) return { fail: fail(i + k, 'in \\u hexadecimal character escape') };
          }
          out += String.fromCharCode(parseInt(String.fromCharCode(...bytes.subarray(i + 2, i + 6)), 16));
          i += 6;
        } else {
          return { fail: fail(i + 1, 'in string escape code') };
        }
        chunk = i;
        continue;
      }
      i++;
    }
    return { fail: fail(bytes.length) };
  };

  const readNumber = (): { raw: string } | { fail: JsonParse } => {
    const start = i;
    if (bytes[i] === 0x2d) {
      i++;
      if (i >= bytes.length) return { fail: fail(i) };
      if (!isDigit(bytes[i]!)) return { fail: fail(i, 'in numeric literal') };
    }
    if (bytes[i] === 0x30) i++;
    else while (i < bytes.length && isDigit(bytes[i]!)) i++;
    if (bytes[i] === 0x2e) {
      i++;
      if (i >= bytes.length) return { fail: fail(i) };
      if (!isDigit(bytes[i]!)) return { fail: fail(i, 'after decimal point in numeric literal') };
      while (i < bytes.length && isDigit(bytes[i]!)) i++;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (i >= bytes.length) return { fail: fail(i) };
      if (!isDigit(bytes[i]!)) return { fail: fail(i, 'in exponent of numeric literal') };
      while (i < bytes.length && isDigit(bytes[i]!)) i++;
    }
    return { raw: String.fromCharCode(...bytes.subarray(start, Math.min(i, start + 64))) };
  };

  const readLiteral = (word: 'true' | 'false' | 'null'): JsonParse | undefined => {
    for (let k = 1; k < word.length; k++) {
      const c = bytes[i + k];
      if (c === undefined) return fail(bytes.length);
      if (c !== word.charCodeAt(k)) return fail(i + k, `in literal ${word} (expecting '${word[k]}')` as SyntaxContext);
    }
    i += word.length;
    return undefined;
  };

  // expecting a value (top level, after '[', ',' in an array, or ':')
  const value = (context: SyntaxContext): JsonParse | undefined => {
    skip();
    if (i >= bytes.length) return fail(i);
    const c = bytes[i]!;
    const at = i;
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= MAX_DEPTH) return fail(i, 'exceeded max depth');
      i++;
      if (c === 0x7b) stack.push({ kind: 'object', node: { type: 'object', offset: at, entries: [] }, afterComma: false });
      else stack.push({ kind: 'array', node: { type: 'array', offset: at, items: [] }, afterComma: false });
      return undefined;
    }
    if (c === 0x22) {
      const s = readString();
      if ('fail' in s) return s.fail;
      attach({ type: 'string', offset: at, value: s.value });
      return undefined;
    }
    if (c === 0x2d || isDigit(c)) {
      const n = readNumber();
      if ('fail' in n) return n.fail;
      attach({ type: 'number', offset: at, raw: n.raw });
      return undefined;
    }
    for (const word of ['true', 'false', 'null'] as const) {
      if (c === word.charCodeAt(0)) {
        const f = readLiteral(word);
        if (f) return f;
        attach(word === 'null' ? { type: 'null', offset: at } : { type: 'boolean', offset: at, value: word === 'true' });
        return undefined;
      }
    }
    return fail(i, context);
  };

  let f = value('looking for beginning of value');
  if (f) return f;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    skip();
    if (i >= bytes.length) return fail(i);
    const c = bytes[i]!;
    if (top.kind === 'array') {
      const empty = top.node.items.length === 0 && !top.afterComma;
      if (empty && c === 0x5d) {
        i++;
        stack.pop();
        attach(top.node);
        continue;
      }
      if (empty || top.afterComma) {
        f = value('looking for beginning of value');
        if (f) return f;
        continue;
      }
      if (c === 0x2c) {
        lastComma = i++;
        top.afterComma = true;
        continue;
      }
      if (c === 0x5d) {
        i++;
        stack.pop();
        attach(top.node);
        continue;
      }
      return fail(i, 'after array element');
    }
    // object (a pending key always has its value attached before we come back here)
    const empty = top.node.entries.length === 0 && !top.afterComma;
    if (empty && c === 0x7d) {
      i++;
      stack.pop();
      attach(top.node);
      continue;
    }
    if (empty || top.afterComma) {
      if (c !== 0x22) return fail(i, 'looking for beginning of object key string');
      const keyAt = i;
      const s = readString();
      if ('fail' in s) return s.fail;
      skip();
      if (i >= bytes.length) return fail(i);
      if (bytes[i] !== 0x3a) return fail(i, 'after object key');
      i++;
      top.key = { key: s.value, offset: keyAt };
      top.afterComma = false;
      // a scalar is attached at once; a container when it closes
      f = value('looking for beginning of value');
      if (f) return f;
      continue;
    }
    if (c === 0x2c) {
      lastComma = i++;
      top.afterComma = true;
      continue;
    }
    if (c === 0x7d) {
      i++;
      stack.pop();
      attach(top.node);
      continue;
    }
    return fail(i, 'after object key:value pair');
  }
  skip();
  if (i < bytes.length) return fail(i, 'after top-level value');
  return { ok: true, value: root! };
}

/** A node's value as plain data (for values shown to the user or compared). */
export function plain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return node.items.map(plain);
    case 'string':
    case 'boolean':
      return node.value;
    case 'number':
      return Number(node.raw);
    case 'null':
      return null;
  }
}
