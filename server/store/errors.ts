/** A refusal the HTTP layer turns into a status code and error body (and the CLI into a message). */
export class SyncError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail?: unknown,
  ) {
    super(code);
  }
}
