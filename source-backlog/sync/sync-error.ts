/** A sync failure told to the person running it: what went wrong, and what to do about it. */
export class SyncError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}
