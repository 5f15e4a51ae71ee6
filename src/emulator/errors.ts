import type { ErrorResponse } from '../wire/index.js';

/** Exception class names the emulator answers with (the `exception` field on the wire). */
export type ServerException =
  | 'InvalidCredentialsError'
  | 'PermissionError'
  | 'ValidationError'
  | 'DuplicateEntryError'
  | 'ServerError';

/**
 * An error answered to the client as the single top-level `{exception, content, error_code}`
 * object. Thrown anywhere inside a call; the batch is then rolled back.
 */
export class EmulatorError extends Error {
  constructor(
    readonly exception: ServerException,
    readonly content: string,
    readonly errorCode: string | null = null,
  ) {
    super(`${exception}: ${content}`);
    this.name = 'EmulatorError';
  }

  toResponse(): ErrorResponse {
    return { exception: this.exception, content: this.content, error_code: this.errorCode };
  }

  /** The HTTP status used when the request sets `ftrack-strict-api: true`. */
  strictStatus(): number {
    switch (this.exception) {
      case 'InvalidCredentialsError':
        return 401;
      case 'PermissionError':
        return 403;
      case 'ValidationError':
        return 422;
      default:
        return 500;
    }
  }
}

export function validationError(content: string): EmulatorError {
  return new EmulatorError('ValidationError', content);
}

export function duplicateError(content: string): EmulatorError {
  return new EmulatorError('DuplicateEntryError', content);
}

export function permissionError(content: string): EmulatorError {
  return new EmulatorError('PermissionError', content);
}

export const INVALID_CREDENTIALS_MESSAGE =
  'The supplied API key is not valid. API keys are created from Settings under the page API keys. ' +
  'The api key should be passed in the request header "ftrack-api-key".';

export function invalidCredentialsError(): EmulatorError {
  return new EmulatorError(
    'InvalidCredentialsError',
    INVALID_CREDENTIALS_MESSAGE,
    'api_credentials_invalid',
  );
}

/** A problem with the emulator's own input (seed file, state file, options): not a wire error. */
export class EmulatorSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmulatorSetupError';
  }
}
