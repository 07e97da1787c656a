// The services' pino logger: JSON lines on stdout, or on the destination a test passes to read them.
// Every line written while a request is served carries its id (`reqId`, see request-context.ts).
import { type DestinationStream, type Logger, pino } from "pino";
import { requestIdMixin } from "./request-context.ts";

// Services take their logger types from here, so they need not depend on pino themselves.
export type { DestinationStream, Logger };

export interface LoggerOptions {
  name: string;
  level: string;
  destination?: DestinationStream;
}

export function createLogger({ name, level, destination }: LoggerOptions): Logger {
  const options = { name, level, mixin: requestIdMixin };
  return destination ? pino(options, destination) : pino(options);
}
