/** What went wrong in `source-backlog views`, and what to do about it: one line each. */
export class ViewsError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ViewsError';
  }
}
