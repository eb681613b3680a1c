// An ExecStart= value as written in the unit, word by word (systemd's quoting: whitespace,
// "double" and 'single' quotes, backslash escapes), so that a corrected ExecStart can be made
// from the unit's own text: % specifiers, quotes and $VARIABLES stay exactly as they were.

export interface ExecWord {
  /** As written, quotes and escapes included. */
  text: string;
  /** The word is exactly $NAME, unquoted: systemd splits the variable's value into words. */
  variable?: string;
}

export function execWords(raw: string): ExecWord[] {
  const out: ExecWord[] = [];
  let i = 0;
  while (i < raw.length) {
    while (i < raw.length && /\s/.test(raw[i]!)) i++;
    if (i >= raw.length) break;
    const start = i;
    let quoted = false;
    while (i < raw.length && !/\s/.test(raw[i]!)) {
      const c = raw[i]!;
      if (c === '"' || c === "'") {
        quoted = true;
        const end = raw.indexOf(c, i + 1);
        i = end < 0 ? raw.length : end + 1;
      } else i += c === '\\' && i + 1 < raw.length ? 2 : 1;
    }
    const text = raw.slice(start, i);
    const v = quoted ? null : /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
    out.push(v ? { text, variable: v[1]! } : { text });
  }
  return out;
}

export type Without = { ok: true; text: string } | { ok: false; variable?: string };

/**
 * The ExecStart text without the words that became argv[i] for i in `drop`. A word dropped from
 * a $VARIABLE's value cannot be taken out of the unit: the variable is named instead. Words
 * before the first and after the last variable map one to one; with two variables, what lies
 * between them cannot be told apart.
 */
export function withoutWords(raw: string, argv: readonly string[], drop: ReadonlySet<number>): Without {
  const words = execWords(raw);
  const n = argv.length;
  const vars = words.flatMap((w, i) => (w.variable ? [i] : []));
  const literal = words.length - vars.length;
  if (vars.length ? n < literal : n !== words.length) return { ok: false };
  const firstVar = vars[0] ?? words.length;
  const lastVar = vars[vars.length - 1] ?? words.length - 1;
  // argv index where the words after the last variable start
  const tail = n - (words.length - lastVar - 1);
  const gone = new Set<number>();
  for (const d of drop) {
    if (d < 0 || d >= n) return { ok: false };
    if (d < firstVar) gone.add(d);
    else if (d >= tail) gone.add(words.length - (n - d));
    else return vars.length === 1 ? { ok: false, variable: words[firstVar]!.variable! } : { ok: false };
  }
  return { ok: true, text: words.filter((_, i) => !gone.has(i)).map((w) => w.text).join(' ') };
}
