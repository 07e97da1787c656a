// Domain code throws XrpcError; the router turns it into the `{error, message}` body and status the
// official PDS uses, so clients keep the lexicon error name (e.g. RecordNotFound, InvalidSwap).
export class XrpcError extends Error {
  readonly status: number;
  readonly error: string;
  readonly headers?: Record<string, string>;

  constructor(status: number, error: string, message?: string, headers?: Record<string, string>) {
    super(message ?? error);
    this.status = status;
    this.error = error;
    this.headers = headers;
  }

  toJSON(): { error: string; message: string } {
    return { error: this.error, message: this.message };
  }
}

export const invalidRequest = (message: string, error = "InvalidRequest") =>
  new XrpcError(400, error, message);
export const authRequired = (message = "Authentication Required", error = "AuthenticationRequired") =>
  new XrpcError(401, error, message);
export const forbidden = (message = "Forbidden") => new XrpcError(403, "Forbidden", message);
export const notFound = (message: string, error = "NotFound") => new XrpcError(404, error, message);
export const internalError = (message = "Internal Server Error") =>
  new XrpcError(500, "InternalServerError", message);
