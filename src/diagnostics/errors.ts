import type { Diagnostic } from './diagnostic.js';

/**
 * Typed errors. The CLI maps them to exit codes in one place (src/cli/exit-codes.ts):
 * ConfigError and the I/O errors are 1, SafetyError is 3, StalePlanError is 4.
 * Messages never contain the API key (the session redacts it before constructing these).
 */
export class FtrackRolesError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Wrong command-line usage or a missing connection setting. */
export class UsageError extends FtrackRolesError {}

/** The config (or a saved plan file) is invalid; the diagnostics say where and why. */
export class ConfigError extends FtrackRolesError {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(message);
  }
}

/** Refused by a safety rule: removal limit, protected role, lock-out of the API user. */
export class SafetyError extends FtrackRolesError {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

/** The saved plan no longer matches the server. */
export class StalePlanError extends FtrackRolesError {
  constructor(
    message: string,
    readonly differences: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * A saved plan that does not follow from its config as planned now: the file was edited
 * (consistently) after review. Exit 4 like a stale plan; never applied.
 */
export class UnreviewedPlanError extends StalePlanError {}

/** Errors raised by the ftrack server or the network, each keeping the server's code. */
export class ServerCallError extends FtrackRolesError {
  constructor(
    message: string,
    readonly exception?: string,
    readonly errorCode?: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
export class AuthenticationError extends ServerCallError {}
export class PermissionDeniedError extends ServerCallError {}
export class ServerValidationError extends ServerCallError {}
export class ServerError extends ServerCallError {}
export class NetworkError extends ServerCallError {}
export class MalformedResponseError extends ServerCallError {}

/**
 * The outcome of a write is unknown: the request was sent but no answer came back
 * (connection reset, timeout). Never resent; the caller re-reads the state.
 */
export class UnknownOutcomeError extends NetworkError {}

/** The verification after apply found the server differing from the desired state. */
export class VerificationError extends FtrackRolesError {
  constructor(
    message: string,
    readonly differences: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A bug in ftrack-roles. */
export class InternalError extends FtrackRolesError {}
