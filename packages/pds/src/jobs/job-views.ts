// The runner's job status as net.atrarium.pds.admin.getJobs#jobView: times as ISO datetimes, fields
// of a run that never happened left out rather than null (the lexicon has no nulls).
import type { PdsAdminGetJobsJobView } from "@atrarium/lexicon";
import type { JobStatus } from "./job-runner.ts";

const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

export function jobViews(jobs: JobStatus[]): PdsAdminGetJobsJobView[] {
  return jobs.map((job) => ({
    name: job.name,
    intervalMs: Math.round(job.everyMs),
    running: job.running,
    nextDueAt: new Date(job.nextDueAt).toISOString(),
    lastStartedAt: iso(job.lastStartedAt),
    lastEndedAt: iso(job.lastEndedAt),
    lastOutcome: job.lastOutcome ?? undefined,
    lastItems: job.lastItems ?? undefined,
    lastError: job.lastError ?? undefined,
  }));
}
