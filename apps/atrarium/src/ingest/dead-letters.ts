// The dead-letter queue's consumer: events that exhausted their retries are stored by the receiver
// (counted, and no longer holding its cursor back), so nothing is dropped silently.
import type { JetstreamEvent } from "../env.ts";
import type { Stubs } from "../stubs.ts";

export const DEAD_LETTER_QUEUE = "atrarium-events-dlq";

export async function storeDeadLetters(
  batch: MessageBatch<JetstreamEvent>,
  stubs: Pick<Stubs, "receiver">,
): Promise<void> {
  await stubs.receiver().storeDeadLetters(batch.messages.map((m) => m.body));
  batch.ackAll();
}
