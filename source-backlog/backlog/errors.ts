import { ConnectorError } from '../protocol/failures';
import type { FailureType } from '../protocol/messages';

/** Backlog's error codes (developer.nulab.com error-response page). */
export const BACKLOG_ERROR_CODES: Record<number, string> = {
  1: 'InternalError',
  2: 'LicenceError',
  3: 'LicenceExpiredError',
  4: 'AccessDeniedError',
  5: 'UnauthorizedOperationError',
  6: 'NoResourceError',
  7: 'InvalidRequestError',
  8: 'SpaceOverCapacityError',
  9: 'ResourceOverflowError',
  10: 'TooLargeFileError',
  11: 'AuthenticationError',
  12: 'RequiredMFAError',
  13: 'TooManyRequestsError',
};

export interface BacklogErrorEntry {
  message: string;
  code?: number;
  moreInfo?: string;
}

/** Reads `{"errors":[{message,code,moreInfo}]}`; anything else yields no entries. */
export function parseBacklogErrorBody(body: unknown): BacklogErrorEntry[] {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return [];
    }
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter(
      (entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null,
    )
    .map((entry) => ({
      message: String(entry.message ?? ''),
      code: typeof entry.code === 'number' ? entry.code : undefined,
      moreInfo: typeof entry.moreInfo === 'string' ? entry.moreInfo : undefined,
    }));
}

function failureTypeOf(status: number): FailureType {
  // 401/403: the credentials or their permissions, which the user has to fix.
  return status === 401 || status === 403 ? 'config_error' : 'system_error';
}

/** A non-2xx answer from Backlog that retrying will not fix. `url` is already redacted. */
export class BacklogApiError extends ConnectorError {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly errors: BacklogErrorEntry[],
    readonly wwwAuthenticate?: string,
  ) {
    super(BacklogApiError.describe(status, url, errors, wwwAuthenticate), failureTypeOf(status));
    this.name = 'BacklogApiError';
  }

  get codes(): number[] {
    return this.errors.flatMap((error) => (error.code === undefined ? [] : [error.code]));
  }

  /** True when the answer did not come from Backlog's API at all (HTML page, proxy, ...). */
  get isForeign(): boolean {
    return this.errors.length === 0 && !this.wwwAuthenticate;
  }

  private static describe(
    status: number,
    url: string,
    errors: BacklogErrorEntry[],
    wwwAuthenticate?: string,
  ): string {
    const details = errors
      .map((error) => {
        const name =
          error.code === undefined
            ? ''
            : ` (code ${error.code} ${BACKLOG_ERROR_CODES[error.code] ?? 'unknown'})`;
        const more = error.moreInfo ? ` ${error.moreInfo}` : '';
        return `${error.message}${name}${more}`;
      })
      .join('; ');
    if (!details && !wwwAuthenticate) {
      return `GET ${url} answered HTTP ${status} with something other than a Backlog API error: the host does not look like a Backlog space. Check space_url`;
    }
    return `GET ${url} answered HTTP ${status}: ${details || wwwAuthenticate}`;
  }
}

/** Backlog's answer when the user's role may not read something (admin-only lists). */
export function isPermissionDenied(error: unknown): boolean {
  return error instanceof BacklogApiError && error.status === 403;
}

/** The resource vanished between listing it and reading it. */
export function isNotFound(error: unknown): boolean {
  return error instanceof BacklogApiError && error.status === 404;
}
