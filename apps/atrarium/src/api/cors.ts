// CORS for the dashboard: ALLOWED_ORIGINS is "*" (the default) or a list of origins (settings.ts).
import type { Settings } from "../settings.ts";

export function allowedOrigin(origin: string, allowed: Settings["allowedOrigins"]): string | null {
  if (allowed === "*") return "*";
  return allowed.includes(origin) ? origin : null;
}

export const EXPOSED_HEADERS = [
  "Atrarium-Stale",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
  "Retry-After",
];
