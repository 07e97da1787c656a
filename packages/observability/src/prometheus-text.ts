// Reads the Prometheus text format back, for tests that scrape /metrics and for the PDS admin UI's
// live charts (plain TS without imports, so it bundles in the browser): every sample line as its
// metric name, labels and value. Only what our exporter writes (prom-client): no timestamps, label
// values with \\, \" and \n escapes.
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample; throws on a line that is neither a comment, blank, nor a well-formed sample. */
export function parsePrometheusText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (m[2] ?? "").matchAll(LABEL)) labels[key] = unescapeLabel(raw);
    samples.push({ name: m[1], labels, value: parseValue(m[3], line) });
  }
  return samples;
}

/** The value of the one sample with this name whose labels include `labels`, or undefined. */
export function sampleValue(
  samples: PromSample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

// As Prometheus parses values (Go's ParseFloat): special values in any case; prom-client writes "Nan".
function parseValue(raw: string, line: string): number {
  const special: Record<string, number> = {
    "+inf": Infinity,
    inf: Infinity,
    "-inf": -Infinity,
    nan: Number.NaN,
  };
  const value = special[raw.toLowerCase()] ?? Number(raw);
  if (Number.isNaN(value) && raw.toLowerCase() !== "nan") throw new Error(`not a sample value: ${line}`);
  return value;
}

const unescapeLabel = (raw: string) => raw.replace(/\\(.)/g, (_, ch: string) => (ch === "n" ? "\n" : ch));
