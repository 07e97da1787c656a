// A small line chart in SVG: one series over a fixed number of slots (the newest on the right), the
// y axis from 0 to the window's peak. A null value (nothing to measure then) breaks the line. The
// latest value is written out, so the chart reads without a tooltip.
import "./LineChart.css";
import { useI18n } from "../i18n/i18n.tsx";

const WIDTH = 300;
const HEIGHT = 80;

export interface LineChartProps {
  /** Also `data-metric`, for tests. */
  name: string;
  title: string;
  values: (number | null)[];
  slots: number;
  format: (value: number) => string;
}

export function LineChart({ name, title, values, slots, format }: LineChartProps) {
  const { t } = useI18n();
  const measured = values.filter((v): v is number => v !== null);
  const latest = values.at(-1) ?? null;
  const peak = Math.max(0, ...measured);
  // A flat zero line sits at the bottom rather than filling the chart.
  const top = peak > 0 ? peak * 1.1 : 1;
  const x = (i: number) => ((slots - values.length + i) / Math.max(slots - 1, 1)) * WIDTH;
  const y = (v: number) => HEIGHT - (v / top) * HEIGHT;
  const segments = lineSegments(values, x, y);
  const latestText = latest === null ? "–" : format(latest);

  return (
    <figure className="line-chart" data-metric={name} data-latest={latest ?? ""} data-peak={peak}>
      <figcaption>
        <span className="line-chart-title">{title}</span>
        <span className="line-chart-latest">{latestText}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title}: ${t("live.latest", { value: latestText })}`}
      >
        <line className="line-chart-axis" x1={0} y1={HEIGHT} x2={WIDTH} y2={HEIGHT} />
        {segments.map((d) => (
          <path key={d} className="line-chart-line" d={d} />
        ))}
      </svg>
      <span className="line-chart-peak">{t("live.peak", { value: format(peak) })}</span>
    </figure>
  );
}

// One SVG path per run of measured values; a lone value gets a short stub so it still shows.
function lineSegments(
  values: (number | null)[],
  x: (i: number) => number,
  y: (v: number) => number,
): string[] {
  const segments: string[] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length === 1) run.push("h-3");
    if (run.length > 0) segments.push(run.join(""));
    run = [];
  };
  for (const [i, v] of values.entries()) {
    if (v === null) close();
    else run.push(`${run.length ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  }
  close();
  return segments;
}
