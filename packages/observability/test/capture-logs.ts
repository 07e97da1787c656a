// A pino destination that keeps each log line parsed, for tests that assert on what was logged.
// pino writes to it synchronously, so a line is there as soon as the call that logs it returns.
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export function captureLogs(): { lines: LogLine[]; destination: { write: (line: string) => void } } {
  const lines: LogLine[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } };
}

export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;
