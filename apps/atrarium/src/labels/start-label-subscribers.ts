// Starts (or nudges) the subscriber of every trusted labeler; each keeps itself alive afterwards with
// its alarm. Called where the Jetstream receiver is nudged: the first requests and the cron.
import type { Services } from "../services.ts";

export function startLabelSubscribers(
  { settings, stubs }: Pick<Services, "settings" | "stubs">,
  waitUntil: (p: Promise<unknown>) => void,
): void {
  for (const did of settings.trustedLabelers) waitUntil(stubs.labelSubscriber(did).ensureRunning(did));
}
