// Fix commands are shown to be pasted: anything not plainly safe is quoted for its shell.

/** POSIX sh: single quotes, with ' written as '\''. */
export function shQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell: single quotes, with ' doubled. */
export function psQuote(s: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(s) ? s : `'${s.replace(/'/g, "''")}'`;
}

export function quoteFor(platform: string, s: string): string {
  return platform === 'win32' ? psQuote(s) : shQuote(s);
}
