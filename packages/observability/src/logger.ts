// The services' pino logger: JSON lines on stdout, or on the destination a test passes to read them.
import { type DestinationStream, type Logger, pino } from "pino";

// Services take their logger types from here, so they need not depend on pino themselves.
export type { DestinationStream, Logger };

export interface LoggerOptions {
  name: string;
  level: string;
  destination?: DestinationStream;
}

export function createLogger({ name, level, destination }: LoggerOptions): Logger {
  return destination ? pino({ name, level }, destination) : pino({ name, level });
}
