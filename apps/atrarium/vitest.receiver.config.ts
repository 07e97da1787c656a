// The `workers-receiver` project: the Jetstream receiver's tests inside workerd, with a Jetstream peer
// no other test file subscribes to (see vitest.workers.config.ts).
import { RECEIVER_TESTS, workersProject } from "./vitest.workers.config.ts";

export default workersProject("workers-receiver", [RECEIVER_TESTS]);
