import type { DayPoint } from "@/lib/admin/dashboard";
import { formatMoney } from "@/lib/money";

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 16, right: 44, bottom: 36, left: 84 };

/** A "nice" axis maximum (1, 2 or 5 × 10ⁿ) at or above `value`. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export interface RevenueChartLabels {
  title: string;
  description: string;
  caption: string;
  day: string;
  revenue: string;
  orders: string;
}

/**
 * Daily revenue (bars, left axis, money) and orders (dots joined by a line, right axis), rendered on the
 * server as SVG. Screen readers get the title and a visually hidden table with the same numbers.
 */
export function RevenueChart({
  days,
  currency,
  locale,
  labels,
}: {
  days: DayPoint[];
  currency: string;
  locale: string;
  labels: RevenueChartLabels;
}) {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const maxRevenue = niceMax(Math.max(0, ...days.map((d) => d.revenue)));
  const maxOrders = Math.max(1, niceMax(Math.max(0, ...days.map((d) => d.orders))));
  const slot = innerW / Math.max(1, days.length);
  const barW = Math.max(2, slot * 0.7);
  const x = (i: number) => PAD.left + i * slot + slot / 2;
  const yRevenue = (v: number) => PAD.top + innerH - (v / maxRevenue) * innerH;
  const yOrders = (v: number) => PAD.top + innerH - (v / maxOrders) * innerH;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const dayLabel = new Intl.DateTimeFormat(locale === "tr" ? "tr-TR" : "en-GB", {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  const fullDay = new Intl.DateTimeFormat(locale === "tr" ? "tr-TR" : "en-GB", {
    dateStyle: "medium",
    timeZone: "UTC",
  });
  const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const money = (minor: number) => formatMoney(Math.round(minor), currency, locale);
  const line = days.map((d, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${yOrders(d.orders).toFixed(1)}`);
  return (
    <figure className="flex flex-col gap-2" data-testid="revenue-chart">
      <div className="flex flex-wrap items-center gap-4 text-xs text-stone-600" aria-hidden="true">
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-sm bg-sky-500" /> {labels.revenue}
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-full bg-amber-600" /> {labels.orders}
        </span>
      </div>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby="revenue-chart-title revenue-chart-desc"
      >
        <title id="revenue-chart-title">{labels.title}</title>
        <desc id="revenue-chart-desc">{labels.description}</desc>
        {ticks.map((tick) => {
          const y = PAD.top + innerH - tick * innerH;
          return (
            <g key={tick}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} stroke="#e7e5e4" strokeWidth={1} />
              <text x={PAD.left - 6} y={y + 4} textAnchor="end" fontSize={11} fill="#57534e">
                {money(maxRevenue * tick)}
              </text>
              <text x={WIDTH - PAD.right + 6} y={y + 4} textAnchor="start" fontSize={11} fill="#92400e">
                {Number.isInteger(maxOrders * tick) ? maxOrders * tick : ""}
              </text>
            </g>
          );
        })}
        {days.map((d, i) => {
          const top = yRevenue(d.revenue);
          return (
            <rect
              key={d.date}
              x={x(i) - barW / 2}
              y={top}
              width={barW}
              height={Math.max(0, PAD.top + innerH - top)}
              fill="#0ea5e9"
              rx={1}
            >
              <title>{`${fullDay.format(dateOf(d.date))}: ${money(d.revenue)}, ${labels.orders} ${d.orders}`}</title>
            </rect>
          );
        })}
        <path d={line.join(" ")} fill="none" stroke="#d97706" strokeWidth={1.5} />
        {days.map((d, i) => (
          <circle key={d.date} cx={x(i)} cy={yOrders(d.orders)} r={3} fill="#d97706" />
        ))}
        {days.map((d, i) =>
          i % 5 === 0 || i === days.length - 1 ? (
            <text
              key={d.date}
              x={x(i)}
              y={HEIGHT - PAD.bottom + 16}
              textAnchor="middle"
              fontSize={11}
              fill="#57534e"
            >
              {dayLabel.format(dateOf(d.date))}
            </text>
          ) : null,
        )}
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={PAD.top + innerH}
          y2={PAD.top + innerH}
          stroke="#a8a29e"
          strokeWidth={1}
        />
      </svg>
      <figcaption className="text-xs text-stone-600">{labels.description}</figcaption>
      <table className="sr-only">
        <caption>{labels.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.day}</th>
            <th scope="col">{labels.revenue}</th>
            <th scope="col">{labels.orders}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{fullDay.format(dateOf(d.date))}</th>
              <td>{money(d.revenue)}</td>
              <td>{d.orders}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
