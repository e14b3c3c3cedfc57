import type { FailureType } from './messages';

/**
 * An error the connector knows how to explain. `message` is shown to the person running the sync,
 * so it says what went wrong and what to do; it never carries a secret.
 */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly failureType: FailureType,
    readonly internalMessage?: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export function configError(message: string, internalMessage?: string): ConnectorError {
  return new ConnectorError(message, 'config_error', internalMessage);
}

/**
 * A config no stream can be read with: Backlog rejects the credentials, the host is not a Backlog
 * space, a configured project does not exist. A read stops at the first one instead of running
 * every remaining stream into the same answer; any other failure stops only its own stream.
 */
export class UnusableConfigError extends ConnectorError {
  constructor(message: string, internalMessage?: string) {
    super(message, 'config_error', internalMessage);
    this.name = 'UnusableConfigError';
  }
}

export function unusableConfig(message: string, internalMessage?: string): UnusableConfigError {
  return new UnusableConfigError(message, internalMessage);
}

export function transientError(message: string, internalMessage?: string): ConnectorError {
  return new ConnectorError(message, 'transient_error', internalMessage);
}

export function systemError(message: string, internalMessage?: string): ConnectorError {
  return new ConnectorError(message, 'system_error', internalMessage);
}

export function asConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return systemError(`Unexpected error: ${message}`);
}
