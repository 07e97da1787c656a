// Cloudflare Queues limits: a message body at most 128 KB, a batch at most 100 messages and 256 KB.
// Events are already JSON text here, so their size is known before sending.
export const MAX_MESSAGE_BYTES = 127 * 1024;
export const MAX_BATCH_MESSAGES = 100;
export const MAX_BATCH_BYTES = 250 * 1024;

export interface Sized<T> {
  item: T;
  bytes: number;
}

export function splitIntoBatches<T>(items: Sized<T>[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const { item, bytes } of items) {
    if (current.length > 0 && (current.length >= MAX_BATCH_MESSAGES || size + bytes > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
