/** Backlog error bodies: {"errors":[{message, code, moreInfo}]} (notes §1.4). */

export const ErrorCode = {
  InternalError: 1,
  UnauthorizedOperationError: 5,
  NoResourceError: 6,
  InvalidRequestError: 7,
  AuthenticationError: 11,
  TooManyRequestsError: 13,
} as const;

export interface ErrorBody {
  errors: Array<{ message: string; code: number; moreInfo: string }>;
}

export function errorBody(message: string, code: number): ErrorBody {
  return { errors: [{ message, code, moreInfo: '' }] };
}

/** Thrown by handlers; the server turns it into an error response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    return errorBody(this.message, this.code);
  }
}

export const notFound = (message: string): ApiError =>
  new ApiError(404, ErrorCode.NoResourceError, message);

export const invalidRequest = (message: string): ApiError =>
  new ApiError(400, ErrorCode.InvalidRequestError, message);
