// Shell commands that repair apt source entries in place. They are shown to users, who paste
// them, so whatever came from the file is escaped and the commands edit exactly one line.
import { oneLineText, type AptSource } from './apt-sources.js';
import { shQuote } from './shell-quote.js';

/** Docker's documented way to name the release: the Ubuntu base on derivatives such as Linux Mint. */
export const CODENAME_EXPR = '$(. /etc/os-release && echo "${UBUNTU_CODENAME:-$VERSION_CODENAME}")';
/** LMDE and other Debian derivatives name their base in DEBIAN_CODENAME. */
export const DEBIAN_CODENAME_EXPR = '$(. /etc/os-release && echo "$DEBIAN_CODENAME")';
export const ARCH_EXPR = '$(dpkg --print-architecture)';
export const DOCKER_KEYRING = '/etc/apt/keyrings/docker.asc';

/** Escapes text for a sed replacement (delimiter |) inside a double-quoted shell word. */
function sedLiteral(s: string): string {
  const sed = s.replace(/[\\&|]/g, '\\$&');
  return sed.replace(/[\\"$`]/g, '\\$&');
}

export interface Rewrite {
  /** New URI (the right distribution path). */
  uri?: string;
  /** Replace the suite with the release codename. */
  suite?: boolean;
  /** Replace arch= with the machine's architecture. */
  arch?: boolean;
  /** Signed-By becomes this keyring (added, or replacing what is there). */
  signedBy?: string;
  /** Turn a disabled entry back on. */
  enable?: boolean;
}

export interface Literal {
  codenameExpr: string;
  codename?: string;
  arch?: string;
}

const C = '\u0001C\u0001';
const A = '\u0001A\u0001';

function rewrittenOneLine(e: AptSource, r: Rewrite): string {
  let tokens = [...e.optionTokens];
  if (r.arch) {
    const i = tokens.findIndex((t) => /^arch[+-]?=/i.test(t));
    tokens = tokens.filter((t) => !/^arch[+-]?=/i.test(t));
    tokens.splice(i < 0 ? 0 : i, 0, `arch=${A}`);
  }
  if (r.signedBy) {
    const i = tokens.findIndex((t) => /^signed-by=/i.test(t));
    tokens = tokens.filter((t) => !/^signed-by=/i.test(t));
    tokens.splice(i < 0 ? tokens.length : i, 0, `signed-by=${r.signedBy}`);
  }
  return oneLineText(e, { uri: r.uri, suite: r.suite ? C : undefined, optionTokens: tokens });
}

/** The corrected line as the user would read it, with the real codename and architecture. */
export function correctedText(e: AptSource, r: Rewrite, lit: Literal): string {
  const fill = (s: string) => s.split(C).join(lit.codename ?? lit.codenameExpr).split(A).join(lit.arch ?? ARCH_EXPR);
  if (e.format === 'one-line') return fill(rewrittenOneLine(e, r));
  const parts: string[] = [];
  if (r.uri) parts.push(`URIs: ${r.uri}`);
  if (r.suite) parts.push(`Suites: ${C}`);
  if (r.arch) parts.push(`Architectures: ${A}`);
  if (r.signedBy) parts.push(`Signed-By: ${r.signedBy}`);
  if (r.enable) parts.push('Enabled: yes');
  return fill(parts.join(' / '));
}

function sedLine(line: number, text: string, file: string, lit: Literal): string {
  const body = sedLiteral(text).split(C).join(lit.codenameExpr).split(A).join(ARCH_EXPR);
  return `sudo sed -i "${line}s|.*|${body}|" ${shQuote(file)}`;
}

/** sed commands that rewrite the entry in place (one line, or the stanza's fields). */
export function rewriteCommands(e: AptSource, r: Rewrite, lit: Literal): string[] {
  if (e.format === 'one-line') return [sedLine(e.line, rewrittenOneLine(e, r), e.file, lit)];
  const out: string[] = [];
  const at = (field: string) => e.fieldLines[field];
  if (r.uri && at('uris')) out.push(sedLine(at('uris')!, `URIs: ${r.uri}`, e.file, lit));
  if (r.suite && at('suites')) out.push(sedLine(at('suites')!, `Suites: ${C}`, e.file, lit));
  if (r.arch) {
    if (at('architectures')) out.push(sedLine(at('architectures')!, `Architectures: ${A}`, e.file, lit));
    if (at('architectures-remove')) out.push(`sudo sed -i '${at('architectures-remove')}d' ${shQuote(e.file)}`);
  }
  if (r.enable && at('enabled')) out.push(sedLine(at('enabled')!, 'Enabled: yes', e.file, lit));
  // a Signed-By continued on more lines keeps them: they only name more keys
  if (r.signedBy && at('signed-by')) out.push(sedLine(at('signed-by')!, `Signed-By: ${r.signedBy}`, e.file, lit));
  // appending last: the line numbers above stay right
  else if (r.signedBy) out.push(`sudo sed -i '${e.endLine}a Signed-By: ${r.signedBy}' ${shQuote(e.file)}`);
  return out;
}

/** Takes an entry out of apt's sight: the whole file when it holds nothing else. */
export function removeEntryCommand(e: AptSource, onlyEntryInFile: boolean): string {
  if (onlyEntryInFile && e.file !== '/etc/apt/sources.list') return `sudo rm ${shQuote(e.file)}`;
  if (e.format === 'one-line') return `sudo sed -i '${e.line}s/^/# /' ${shQuote(e.file)}`;
  return `sudo sed -i '${e.line}i Enabled: no' ${shQuote(e.file)}`;
}

/** Fetches Docker's key into `path`: armored for .asc, binary (dearmored) for anything else. */
export function keyFetchCommands(path: string, repo: string): string[] {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const url = `${repo.replace(/\/+$/, '')}/gpg`;
  return [
    `sudo install -m 0755 -d ${shQuote(dir)}`,
    path.endsWith('.asc') ? `sudo curl -fsSL ${shQuote(url)} -o ${shQuote(path)}` : `curl -fsSL ${shQuote(url)} | sudo gpg --dearmor --yes -o ${shQuote(path)}`,
    `sudo chmod a+r ${shQuote(path)}`,
  ];
}

/** Docker's documented setup of the repository, for a system that has none. */
export function setupCommands(repo: string, codenameExpr: string): string[] {
  return [
    ...keyFetchCommands(DOCKER_KEYRING, repo),
    `echo "deb [arch=${ARCH_EXPR} signed-by=${DOCKER_KEYRING}] ${repo} ${codenameExpr} stable" | sudo tee /etc/apt/sources.list.d/docker.list > /dev/null`,
    'sudo apt-get update',
  ];
}
