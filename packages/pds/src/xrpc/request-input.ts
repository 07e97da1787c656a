// The validated parameters and input of the request being served, for middleware that runs around
// the XRPC router and needs them after the handler (the admin audit log records what an admin call
// acted on). Keyed by the Request object, so they go away with the request.
export interface ValidatedRequest {
  params: Record<string, unknown>;
  input: unknown;
}

const validated = new WeakMap<Request, ValidatedRequest>();

export function noteValidatedRequest(req: Request, data: ValidatedRequest): void {
  validated.set(req, data);
}

/** Undefined when the router refused the call before validating it (auth, bad parameters or input). */
export function validatedRequest(req: Request): ValidatedRequest | undefined {
  return validated.get(req);
}
