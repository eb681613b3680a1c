// Thrown by a context when a probe cannot be answered; the runner turns both into `skip`
// with the reason, never into `error`, because nothing is wrong with the check.

/** Replay: the transcript has no answer for this probe. */
export class NotRecordedError extends Error {
  constructor(readonly probe: string) {
    super(`not recorded: ${probe}`);
    this.name = 'NotRecordedError';
  }
}

/** The probe needs the live system, which --root or a replayed --root report does not have. */
export class NotAvailableError extends Error {
  constructor(readonly probe: string, readonly why: 'root') {
    super(`not available with --root: ${probe}`);
    this.name = 'NotAvailableError';
  }
}
