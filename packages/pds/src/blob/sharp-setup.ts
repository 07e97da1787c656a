// sharp (libvips) settings for the whole process, and the queue every image job goes through. libvips
// is process-global, so the bounds are too: one libvips thread per job, and a couple of jobs at a time
// off the event loop (sharp runs them on libuv's pool), so image work can use at most two cores and a
// bounded amount of memory however many requests ask for it.
import { availableParallelism } from "node:os";
import sharp from "sharp";
import { ImageWorkQueue } from "./image-work-queue.ts";

// A PDS decodes each image once (thumbnails are stored): libvips's operation cache would only hold memory.
sharp.cache(false);
sharp.concurrency(1);

const MAX_RUNNING = Math.max(1, Math.min(2, availableParallelism()));
const MAX_WAITING = 32;

export const imageQueue = new ImageWorkQueue(MAX_RUNNING, MAX_WAITING);
