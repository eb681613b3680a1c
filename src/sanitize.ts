// Anything that came from outside (daemon replies, files, command output, environment) may
// carry terminal escape sequences; they are removed before a string reaches a terminal.

// CSI, OSC (terminated by BEL or ST), other ESC sequences, then the remaining C0/C1 controls
// except tab and newline.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function stripControl(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}

/** One line, bounded: for values shown inside a message. */
export function cleanValue(text: string, max = 500): string {
  // split, not /\s*\n\s*/: that backtracks quadratically on a long run of blanks
  const one = stripControl(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
