// Calling the administrator's methods through @atproto/api: the HTTP Basic credential as a call option,
// and a refusal turned into its status and error name so tests can compare it.
export interface CallOptions {
  headers: Record<string, string>;
}

export const basicAuth = (username: string, password: string): CallOptions => ({
  headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` },
});

export const adminAuth = (adminPassword: string): CallOptions => basicAuth("admin", adminPassword);

export const bearerAuth = (accessJwt: string): CallOptions => ({
  headers: { authorization: `Bearer ${accessJwt}` },
});

export interface Outcome {
  status: number | undefined;
  error: string | undefined;
  message: string;
}

/** What a call came to: 200 when it succeeded, else the XRPC error's status, name and message. */
export const outcome = (call: Promise<unknown>): Promise<Outcome> =>
  call.then(
    () => ({ status: 200, error: "none", message: "" }),
    (err: { status?: number; error?: string; message?: string }) => ({
      status: err.status,
      error: err.error,
      message: err.message ?? "",
    }),
  );
