import type { Data, Lang, Text } from '../check.js';
import { cleanValue } from '../sanitize.js';

const PLACEHOLDER = /\{([a-zA-Z0-9_]+)\}/g;

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Fills {name} from data. Values came from outside, so they are cleaned of control characters. */
export function render(text: Text, lang: Lang, data: Data = {}): string {
  return text[lang].replace(PLACEHOLDER, (whole, name: string) => {
    const v = data[name];
    if (v === undefined) return whole;
    if (v === null) return '-';
    return cleanValue(Array.isArray(v) ? v.join(', ') : String(v));
  });
}
