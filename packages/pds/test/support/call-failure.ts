// An XRPC call that must fail, as the status, error name and message @atproto/api reports; a call that
// succeeds fails the test.
export interface CallFailure {
  status: number;
  error: string;
  message: string;
}

export async function failure(call: Promise<unknown>): Promise<CallFailure> {
  const err = (await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  )) as CallFailure;
  return { status: err.status, error: err.error, message: err.message };
}
