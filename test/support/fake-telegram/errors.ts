import type { ApiErrorBody } from './types.js';

/** Thrown by method handlers; becomes `{ok:false,error_code,description,parameters}`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ApiErrorBody['parameters'],
  ) {
    super(`${code}: ${description}`);
  }

  body(): ApiErrorBody {
    return {
      ok: false,
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);

export const tooManyRequests = (retryAfter: number): ApiError =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

export const BLOCKED = (): ApiError => new ApiError(403, 'Forbidden: bot was blocked by the user');
export const CHAT_NOT_FOUND = (): ApiError => badRequest('chat not found');
export const QUERY_TOO_OLD = (): ApiError =>
  badRequest('query is too old and response timeout expired or query ID is invalid');
export const NOT_MODIFIED = (): ApiError =>
  badRequest(
    'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  );
