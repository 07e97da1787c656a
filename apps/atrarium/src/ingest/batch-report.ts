// What a queue batch did, for the receiver: the stream times of the events applied (its cursor may
// pass them now), how many messages were sent back for a retry, and how many records were invalid.
import type { JetstreamEvent } from "../env.ts";

export interface BatchReport {
  processed: number[];
  retried: number;
  invalid: number;
}

export const emptyReport = (): BatchReport => ({ processed: [], retried: 0, invalid: 0 });

export function acked(report: BatchReport, message: Message<JetstreamEvent>): void {
  report.processed.push(message.body.time_us);
  message.ack();
}

export function retried(report: BatchReport, message: Message<JetstreamEvent>): void {
  report.retried++;
  message.retry();
}
