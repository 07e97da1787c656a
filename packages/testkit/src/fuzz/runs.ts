// How many cases each fuzz family tries: a few hundred in `npm test`, FUZZ_RUNS (10k in
// `npm run test:faults`) otherwise. One set of test files; only the count comes from the environment.
const DEFAULT_RUNS = 300;

export function fuzzRuns(smallDefault: number = DEFAULT_RUNS): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : smallDefault;
}

// A test's time limit for `runs` cases at `msPerCase` each (generous: the machine is shared), plus
// setup. Every case is also bounded by its own request timeout (oracle.ts).
export function fuzzTestTimeout(runs: number, msPerCase = 50, setupMs = 30_000): number {
  return setupMs + runs * msPerCase;
}
