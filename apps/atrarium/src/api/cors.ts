// CORS for the dashboard: ALLOWED_ORIGINS is "*" (the default) or a comma-separated list of origins.
export function allowedOrigin(origin: string, env: { ALLOWED_ORIGINS?: string }): string | null {
  const allowed = (env.ALLOWED_ORIGINS || "*")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  if (allowed.includes("*")) return "*";
  return allowed.includes(origin) ? origin : null;
}

export const EXPOSED_HEADERS = [
  "Atrarium-Stale",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
  "Retry-After",
];
