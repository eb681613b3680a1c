import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * NO_COLOR wins, then FORCE_COLOR, then "is it a terminal". picocolors alone would colour a
 * pipe whenever CI is set, and a CI log or `> report.txt` must carry no escape codes.
 */
export function wantColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
