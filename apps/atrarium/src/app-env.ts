// What every Hono route of the Worker sees: its bindings, and the services of the composition root
// (services.ts), set once per request by the app (app.ts).
import type { Env } from "./env.ts";
import type { Services } from "./services.ts";

export interface AppEnv {
  Bindings: Env;
  Variables: { services: Services };
}
