// Why an operation was refused. One error class with a reason code rather than a class per case, so
// the HTTP layer maps reasons to statuses in one table and callers can switch on `reason`.

export const PLC_ERROR_REASONS = [
  "invalid-operation", // not an operation at all, or breaks a size/format limit
  "legacy-operation", // the pre-2023 `create` format, which we do not accept
  "invalid-did", // the DID in the URL is not a did:plc identifier
  "genesis-hash", // the DID is not the hash of its genesis operation
  "invalid-signature", // not signed by a rotation key allowed to make this change
  "misordered", // prev does not point into the current log, or timestamps would go backwards
  "tombstoned", // the DID was tombstoned; nothing may follow
  "late-recovery", // a nullification outside the 72 hour recovery window
  "duplicate", // this exact operation is already in the log
  "rate-limited", // the DID has had too many operations lately (per hour, day or week)
  "conflict", // the log changed while the operation was being validated (another process wrote)
] as const;

export type PlcErrorReason = (typeof PLC_ERROR_REASONS)[number];

export class PlcOperationError extends Error {
  // Lets @did-plc/lib's `PlcError.is()` recognise ours, as upstream's error handler relies on it.
  readonly plcError = true;
  readonly reason: PlcErrorReason;

  constructor(reason: PlcErrorReason, message: string) {
    super(message);
    this.name = "PlcOperationError";
    this.reason = reason;
  }

  static is(err: unknown): err is PlcOperationError {
    return err instanceof PlcOperationError;
  }
}
