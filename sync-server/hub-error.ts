/** An error the hub raises on purpose: an HTTP status and a sentence for the person. */
export class HubError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}
