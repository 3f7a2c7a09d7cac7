// A small line chart (uPlot: about 20 KB gzipped, canvas, no inline styles needed).
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

/** Days on the x axis (UTC midnight of each local date), one line per series. */
export function TrendChart(props: { days: string[]; series: { label: string; values: (number | null)[]; color: string }[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const xs = props.days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        width: Math.max(320, box.current.clientWidth || 640),
        height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "UTC"),
        series: [{}, ...props.series.map((s) => ({ label: s.label, stroke: s.color, width: 2, spanGaps: false }))],
        axes: [{}, {}],
        legend: { live: false },
      },
      [xs, ...props.series.map((s) => s.values)] as uPlot.AlignedData,
      box.current,
    );
    return () => plot.destroy();
  }, [props.days, props.series]);
  return <div class="chart" ref={box} role="img" aria-label={props.series.map((s) => s.label).join(", ")} />;
}
