import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { formatClock, formatDuration, formatPercent } from '../../../lib/format.ts';
import { type Bucket, niceMax } from './series.ts';

// Drawn at the card's real pixel width (no viewBox scaling), so labels stay 11 px whatever the width.
const H = 180;
const PAD = { top: 10, right: 10, bottom: 24, left: 48 };

/** The element's content width, kept up to date. */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver((entries) => setWidth(Math.floor(entries[0]?.contentRect.width ?? 0)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

interface Frame {
  width: number;
  n: number;
  max: number;
  x: (i: number) => number;
  y: (v: number) => number;
  slot: number;
}

function frame(width: number, n: number, max: number): Frame {
  const plotW = Math.max(1, width - PAD.left - PAD.right);
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / n;
  return {
    width,
    n,
    max,
    slot,
    x: (i) => PAD.left + (i + 0.5) * slot,
    y: (v) => PAD.top + plotH - (v / max) * plotH,
  };
}

function Axes({ f, buckets, format }: { f: Frame; buckets: Bucket[]; format: (v: number) => string }) {
  const ticks = [0, f.max / 2, f.max];
  // as many time labels as fit, evenly spread, always the first and the last
  const every = Math.max(1, Math.ceil(70 / f.slot));
  const labelled = buckets.map((_, i) => i).filter((i) => i % every === 0 && f.n - 1 - i >= every);
  labelled.push(f.n - 1);
  return (
    <g className="chart-axes">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={f.width - PAD.right} y1={f.y(t)} y2={f.y(t)} className="chart-grid" />
          <text x={PAD.left - 8} y={f.y(t)} dy="0.32em" textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      {labelled.map((i) => (
        <text key={i} x={f.x(i)} y={H - 6} textAnchor="middle">
          {formatClock(new Date(buckets[i]!.start))}
        </text>
      ))}
    </g>
  );
}

function Legend({ items }: { items: Array<{ label: string; className: string }> }) {
  return (
    <ul className="chart-legend">
      {items.map((i) => (
        <li key={i.label}>
          <span className={`chart-swatch ${i.className}`} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

function ChartFrame({
  title,
  summary,
  label,
  legend,
  children,
}: {
  title: string;
  summary: string;
  label: string;
  legend: ReactNode;
  children: (width: number) => ReactNode;
}) {
  const [ref, width] = useWidth();
  return (
    <figure className="chart">
      <figcaption>
        <strong>{title}</strong>
        <span className="muted">{summary}</span>
      </figcaption>
      <div ref={ref} className="chart-canvas">
        {width > 0 ? (
          <svg width={width} height={H} role="img" aria-label={label}>
            {children(width)}
          </svg>
        ) : null}
      </div>
      {legend}
    </figure>
  );
}

/**
 * Attempts per bucket as stacked counts: green succeeded below, red failed on top, so both the
 * volume and the share that failed show (a 100 % bar hid a quiet hour's 2 attempts behind a busy
 * hour's 2,000). A bucket without attempts shows a faint tick.
 */
export function SuccessRateChart({ buckets, summary }: { buckets: Bucket[]; summary: string }) {
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.total)));
  return (
    <ChartFrame
      title="Attempts"
      summary={summary}
      label={`Success rate over time: attempts per interval, succeeded and failed. ${summary}`}
      legend={
        <Legend
          items={[
            { label: 'succeeded', className: 'chart-good' },
            { label: 'failed', className: 'chart-bad' },
          ]}
        />
      }
    >
      {(width) => {
        const f = frame(width, buckets.length, max);
        const bw = Math.max(2, Math.min(28, f.slot * 0.68));
        return (
          <>
            <Axes f={f} buckets={buckets} format={(v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))} />
            {buckets.map((b, i) => {
              const x = f.x(i) - bw / 2;
              const when = formatClock(new Date(b.start));
              if (b.successRate === null) {
                return (
                  <rect key={b.start} x={x} y={f.y(0) - 2} width={bw} height={2} className="chart-none">
                    <title>{`${when}: no attempts`}</title>
                  </rect>
                );
              }
              const okTop = f.y(b.succeeded);
              const top = f.y(b.total);
              return (
                <g key={b.start}>
                  <title>{`${when}: ${b.total} attempts, ${b.succeeded} succeeded, ${b.failed} failed (${formatPercent(b.successRate)})`}</title>
                  {b.succeeded > 0 ? (
                    <rect x={x} y={okTop} width={bw} height={f.y(0) - okTop} className="chart-good" />
                  ) : null}
                  {b.failed > 0 ? (
                    <rect x={x} y={top} width={bw} height={Math.max(1, okTop - top)} className="chart-bad" />
                  ) : null}
                </g>
              );
            })}
          </>
        );
      }}
    </ChartFrame>
  );
}

/** p50 and p99 latency per bucket as lines; gaps where there were no attempts. */
export function LatencyChart({ buckets, summary }: { buckets: Bucket[]; summary: string }) {
  const series = [
    { key: 'p99' as const, label: 'p99', className: 'chart-line-p99' },
    { key: 'p50' as const, label: 'p50', className: 'chart-line-p50' },
  ];
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.p99 ?? 0)));
  return (
    <ChartFrame
      title="Latency"
      summary={summary}
      label={`Latency over time. ${summary}`}
      legend={<Legend items={series.map((s) => ({ label: s.label, className: s.className }))} />}
    >
      {(width) => {
        const f = frame(width, buckets.length, max);
        return (
          <>
            <Axes f={f} buckets={buckets} format={(v) => formatDuration(v)} />
            {series.map((s) => {
              // one path per run of buckets that have data
              let d = '';
              let pen = false;
              for (const [i, b] of buckets.entries()) {
                const v = b[s.key];
                if (v === null) {
                  pen = false;
                  continue;
                }
                d += `${pen ? 'L' : 'M'}${f.x(i).toFixed(1)},${f.y(v).toFixed(1)}`;
                pen = true;
              }
              return (
                <g key={s.key} className={s.className}>
                  {d ? <path d={d} className="chart-line" /> : null}
                  {buckets.map((b, i) => {
                    const v = b[s.key];
                    return v === null ? null : (
                      <circle key={b.start} cx={f.x(i)} cy={f.y(v)} r={3.5} className="chart-dot">
                        <title>{`${formatClock(new Date(b.start))}: ${s.label} ${formatDuration(v)} (${b.total} attempts)`}</title>
                      </circle>
                    );
                  })}
                </g>
              );
            })}
          </>
        );
      }}
    </ChartFrame>
  );
}
