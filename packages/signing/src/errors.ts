/** Thrown when a `whsec_`/`whsk_`/`whpk_` key is malformed; a configuration error, not a bad request. */
export class InvalidSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSecretError';
  }
}
