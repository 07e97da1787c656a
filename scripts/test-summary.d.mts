export function summarize(reportPath: string): { passed: number; failed: number; note?: string };
