// Counters and gauges whose values a service already keeps (the numbers behind a /stats page, a row
// count), read when Prometheus scrapes instead of being counted twice. Each read replaces the previous
// values, so a label set that disappears (a closed upstream) leaves the output too.
import { Counter, Gauge, type Registry } from "prom-client";

export type Labels<L extends string> = Partial<Record<L, string>>;
export type Samples<L extends string> = Iterable<readonly [Labels<L>, number]>;

export interface MirroredMetric<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  read: () => Samples<L> | number;
}

/** A counter mirroring a monotonic count the service keeps (it restarts at 0 with the process). */
export function mirroredCounter<L extends string>(registry: Registry, m: MirroredMetric<L>): Counter<L> {
  return new Counter<L>({
    name: m.name,
    help: m.help,
    labelNames: m.labelNames ?? [],
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of samples(m.read())) this.inc(labels, value);
    },
  });
}

/** A gauge set from the service's current state at every scrape. */
export function mirroredGauge<L extends string>(registry: Registry, m: MirroredMetric<L>): Gauge<L> {
  return new Gauge<L>({
    name: m.name,
    help: m.help,
    labelNames: m.labelNames ?? [],
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of samples(m.read())) this.set(labels, value);
    },
  });
}

function samples<L extends string>(read: Samples<L> | number): Samples<L> {
  return typeof read === "number" ? [[{}, read]] : read;
}
