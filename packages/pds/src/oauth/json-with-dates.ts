// The provider's records (requests, tokens, lexicons) are stored as JSON; their Date fields come back
// as ISO strings and are turned into Dates again here, by name.

export function encodeRecord(value: unknown): string {
  return JSON.stringify(value);
}

export function decodeRecord<T>(json: string, dateFields: readonly string[]): T {
  const value = JSON.parse(json) as Record<string, unknown>;
  for (const field of dateFields) {
    const raw = value[field];
    if (typeof raw === "string" || typeof raw === "number") value[field] = new Date(raw);
  }
  return value as T;
}
