import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { ChartColumn, Table2 } from 'lucide-react';
import { PersianCalendar, parseDate, toCalendar } from '@internationalized/date';
import { useApp } from '../../app/state';
import { isRtl } from '../../i18n/locales';
import type { Formatters } from '../../i18n/format';
import { useT } from '../../i18n/useT';

/**
 * Hand-drawn SVG charts of the day review: a horizontal bar chart of a breakdown and a line
 * chart of the days of a period. Both mirror for right-to-left languages (bars grow from the
 * inline start, time runs from the inline start), write numbers and days the way the UI's
 * language and the office's calendar do, and can be read and used without a mouse or without
 * sight: every bar and point is a button (arrow keys move, Enter or Space opens its cases), and
 * each chart turns into a table on request.
 */

/** One line or one kind of bar; its colour comes from the stylesheet (`.series-<id>`). */
export interface Series<S extends string> {
  id: S;
  label: string;
}

export interface BarGroup<S extends string> {
  key: string;
  label: string;
  /** The label's language when it is not the UI's (a name with no translation). */
  lang?: string;
  values: Record<S, number>;
  /** More about the group, shown only in the table (handling times). */
  extra?: ReactNode[];
}

export interface DayPoint<S extends string> {
  day: string;
  values: Record<S, number>;
}

/** The width of an element (given by the callback ref), followed as it changes. */
function useWidth(): [(el: HTMLElement | null) => void, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!el) return;
    setWidth(el.getBoundingClientRect().width);
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.floor(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, width];
}

/**
 * A scale from 0 that ends on a round number close above `max`, in whole steps (counts), with
 * about `ticks` steps: the tightest such scale, so that bars and lines use the room they have.
 */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: ticks, step: 1 };
  const power = 10 ** Math.floor(Math.log10(max / ticks));
  let best: { max: number; step: number } | null = null;
  for (const p of [power, power * 10]) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * p;
      if (!Number.isInteger(step) || step < 1) continue;
      const top = Math.ceil(max / step) * step;
      if (top / step > ticks + 1) continue;
      if (!best || top < best.max || (top === best.max && step < best.step)) best = { max: top, step };
    }
  }
  return best ?? { max: Math.ceil(max), step: Math.ceil(max) };
}

function tickValues(scale: { max: number; step: number }): number[] {
  const out: number[] = [];
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) out.push(v);
  return out;
}

/**
 * Roving focus over a chart's buttons: one tab stop per chart, the arrows move. `move` gets the
 * key and the index now focused and answers where focus goes (or null to leave the key alone).
 */
function useRoving(count: number) {
  const [active, setActive] = useState(0);
  const refs = useRef<(SVGGElement | HTMLButtonElement | null)[]>([]);
  const current = Math.max(0, Math.min(active, count - 1));
  const focusAt = (i: number) => {
    const next = Math.max(0, Math.min(i, count - 1));
    setActive(next);
    refs.current[next]?.focus();
  };
  return { current, setActive, refs, focusAt };
}

/** What every chart keeps: its direction, ids for its title and its help, chart or table. */
function useChart() {
  const { fmt, locale } = useApp();
  const [asTable, setAsTable] = useState(false);
  return {
    t: useT(),
    fmt,
    rtl: isRtl(locale),
    titleId: useId(),
    hintId: useId(),
    asTable,
    toggle: () => setAsTable((v) => !v),
  };
}

function ChartHead({ id, title, legend, asTable, onToggle }: { id: string; title: ReactNode; legend: ReactNode; asTable: boolean; onToggle(): void }) {
  const t = useT();
  return (
    <div className="chart-head">
      <figcaption id={id} className="chart-title">{title}</figcaption>
      <div className="chart-tools">
        {asTable ? null : legend}
        <Button className="button button-ghost button-sm chart-toggle" aria-pressed={asTable} onPress={onToggle}>
          {asTable ? <ChartColumn size={14} aria-hidden="true" /> : <Table2 size={14} aria-hidden="true" />}
          {asTable ? t('chart.show_chart') : t('chart.show_table')}
        </Button>
      </div>
    </div>
  );
}

/** The key of a chart: a swatch (a line with its marker, or a bar) and a word per series. */
function Legend<S extends string>({ series, kind }: { series: Series<S>[]; kind: 'bar' | 'line' }) {
  return (
    <ul className="chart-legend">
      {series.map((s, i) => (
        <li key={s.id} className={`chart-legend-item series-${s.id}`}>
          <svg width={kind === 'line' ? 26 : 12} height="12" aria-hidden="true" className="chart-swatch">
            {kind === 'line' ? (
              <>
                <line x1="1" y1="6" x2="25" y2="6" className={`chart-line line-${i}`} />
                <Marker shape={i} x={13} y={6} size={3.5} />
              </>
            ) : (
              <rect x="0" y="0" width="12" height="12" rx="2" className="chart-bar" />
            )}
          </svg>
          <span>{s.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** Each line has its own marker, so that lines differ by more than their colour. */
function Marker({ shape, x, y, size }: { shape: number; x: number; y: number; size: number }) {
  switch (shape % 3) {
    case 1:
      return <rect x={x - size} y={y - size} width={size * 2} height={size * 2} className="chart-marker" />;
    case 2:
      return <path d={`M${x} ${y - size * 1.25}L${x + size * 1.25} ${y + size}L${x - size * 1.25} ${y + size}Z`} className="chart-marker" />;
    default:
      return <circle cx={x} cy={y} r={size} className="chart-marker" />;
  }
}

function onButtonKeys(e: KeyboardEvent, activate: () => void, move: (key: string) => number | null, focusAt: (i: number) => void) {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    activate();
    return;
  }
  const next = move(e.key);
  if (next !== null) {
    e.preventDefault();
    focusAt(next);
  }
}

/** A number in a table that opens its cases. */
function TableValue({ value, label, onPick }: { value: number; label: string; onPick(): void }) {
  const { fmt } = useApp();
  return (
    <Button className="link-button figure-link" aria-label={label} onPress={onPick}>
      {fmt.number(value)}
    </Button>
  );
}

const BAR = 12;
const BAR_GAP = 3;
const ROW_PAD = 9;

/**
 * A horizontal bar chart of a breakdown: one row per group, one bar per series. The group names
 * are text beside the bars (they wrap, in any language); the bars are SVG.
 */
export function BarChart<S extends string>({
  title, series, groups, onPick, groupHeader, extraHeaders = [], empty, scaleMax,
}: {
  title: string;
  series: Series<S>[];
  groups: BarGroup<S>[];
  /** What a bar opens; without it the bars are figures only (no buttons: nothing behind them to list). */
  onPick?: (group: BarGroup<S>, series: S) => void;
  /** The table's first column heading. */
  groupHeader: string;
  /** Headings of the groups' `extra` columns in the table. */
  extraHeaders?: string[];
  empty: ReactNode;
  /** A fixed end of the scale (a mean score's 5), instead of one fitted to the values. */
  scaleMax?: number;
}) {
  const { t, fmt, rtl, titleId, hintId, asTable, toggle } = useChart();
  const [plotRef, plotWidth] = useWidth();
  const count = groups.length * series.length;
  const roving = useRoving(count);

  const scale = useMemo(
    () => (scaleMax ? { max: scaleMax, step: 1 } : niceScale(Math.max(0, ...groups.flatMap((g) => series.map((s) => g.values[s.id]))))),
    [groups, series, scaleMax],
  );
  // Room after the longest bar for its number.
  const valueRoom = 44;
  const usable = Math.max(40, plotWidth - valueRoom);
  const x = (v: number) => (v / scale.max) * usable;
  const px = (logical: number, w = 0) => (rtl ? plotWidth - logical - w : logical);
  const rowHeight = ROW_PAD * 2 + series.length * BAR + (series.length - 1) * BAR_GAP;
  const ticks = tickValues(scale);
  const label = (g: BarGroup<S>, s: Series<S>) =>
    t(onPick ? 'chart.bar_label' : 'chart.bar_value', { group: g.label, series: s.label, value: fmt.number(g.values[s.id]) });

  const move = (index: number) => (key: string) => {
    const next = key === 'ArrowDown' || key === (rtl ? 'ArrowLeft' : 'ArrowRight') ? index + 1
      : key === 'ArrowUp' || key === (rtl ? 'ArrowRight' : 'ArrowLeft') ? index - 1
        : key === 'Home' ? 0 : key === 'End' ? count - 1 : null;
    return next === null ? null : Math.max(0, Math.min(next, count - 1));
  };

  return (
    <figure className="chart chart-bars" aria-labelledby={titleId}>
      <ChartHead id={titleId} title={title} legend={<Legend series={series} kind="bar" />} asTable={asTable} onToggle={toggle} />
      {groups.length === 0 ? (
        <div className="chart-empty">{empty}</div>
      ) : asTable ? (
        <div className="chart-table-wrap">
          <table className="table chart-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{groupHeader}</th>
                {series.map((s) => <th key={s.id} scope="col" className="col-num">{s.label}</th>)}
                {extraHeaders.map((h) => <th key={h} scope="col" className="col-num">{h}</th>)}
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row" lang={g.lang}>{g.label}</th>
                  {series.map((s) => (
                    <td key={s.id} className="col-num">
                      {onPick ? <TableValue value={g.values[s.id]} label={label(g, s)} onPick={() => onPick(g, s.id)} /> : fmt.number(g.values[s.id])}
                    </td>
                  ))}
                  {extraHeaders.map((h, i) => <td key={h} className="col-num nowrap">{g.extra?.[i] ?? null}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="hbar" role="group" aria-labelledby={titleId} aria-describedby={onPick ? hintId : undefined}>
          {groups.map((g, gi) => (
            <div key={g.key} className="hbar-row">
              <div className="hbar-label" lang={g.lang} title={g.label} aria-hidden="true">{g.label}</div>
              <div className="hbar-plot" ref={gi === 0 ? plotRef : undefined}>
                {plotWidth > 0 ? (
                  <svg width={plotWidth} height={rowHeight} direction={rtl ? 'rtl' : 'ltr'} className="hbar-svg">
                    <g aria-hidden="true">
                      {ticks.map((v) => (
                        <line key={v} x1={px(x(v))} x2={px(x(v))} y1={0} y2={rowHeight} className={v === 0 ? 'chart-axis' : 'chart-grid'} />
                      ))}
                    </g>
                    {series.map((s, si) => {
                      const index = gi * series.length + si;
                      const v = g.values[s.id];
                      const w = v > 0 ? Math.max(2, x(v)) : 0;
                      const y = ROW_PAD + si * (BAR + BAR_GAP);
                      const pick = onPick;
                      const interactive = pick
                        ? {
                            ref: (el: SVGGElement | null) => { roving.refs.current[index] = el; },
                            role: 'button',
                            tabIndex: index === roving.current ? 0 : -1,
                            onClick: () => pick(g, s.id),
                            onFocus: () => roving.setActive(index),
                            onKeyDown: (e: KeyboardEvent) => onButtonKeys(e, () => pick(g, s.id), move(index), roving.focusAt),
                          }
                        : { role: 'img' };
                      return (
                        <g key={s.id} {...interactive} aria-label={label(g, s)} className={`${pick ? 'chart-hit ' : 'chart-figure '}series-${s.id}`}>
                          <rect x={px(0, Math.max(w, 28) + 34)} y={y - 1} width={Math.max(w, 28) + 34} height={BAR + 2} className="chart-hit-area" />
                          <rect x={px(-3, w + 6) } y={y - 3} width={w + 6} height={BAR + 6} rx={4} className="chart-focus-ring" />
                          {w > 0 ? <rect x={px(0, w)} y={y} width={w} height={BAR} rx={2} className="chart-bar" /> : <line x1={px(0)} x2={px(0)} y1={y} y2={y + BAR} className="chart-zero" />}
                          <text x={px(w + 6)} y={y + BAR / 2} dominantBaseline="central" textAnchor="start" className="chart-value">{fmt.number(v)}</text>
                        </g>
                      );
                    })}
                  </svg>
                ) : <div style={{ blockSize: rowHeight }} />}
              </div>
            </div>
          ))}
          <div className="hbar-row hbar-axis" aria-hidden="true">
            <div />
            <div className="hbar-plot">
              {plotWidth > 0 ? (
                <svg width={plotWidth} height={20} direction={rtl ? 'rtl' : 'ltr'}>
                  {ticks.map((v, i) => (
                    <text key={v} x={px(x(v))} y={14} textAnchor={i === 0 ? 'start' : 'middle'} className="chart-tick">{fmt.number(v)}</text>
                  ))}
                </svg>
              ) : null}
            </div>
          </div>
          {onPick ? <p id={hintId} className="visually-hidden">{t('chart.keys_bars')}</p> : null}
        </div>
      )}
    </figure>
  );
}

/** Day of the month of a `YYYY-MM-DD` in the calendar the UI shows. */
function dayOfMonth(iso: string, fmt: Formatters): number {
  try {
    const d = parseDate(iso);
    return fmt.calendar === 'persian' ? toCalendar(d, new PersianCalendar()).day : d.day;
  } catch {
    return 0;
  }
}

/** Which days get a label on the time axis, and how each reads. */
function timeTicks(days: string[], plotWidth: number, fmt: Formatters): { index: number; text: string }[] {
  const n = days.length;
  if (n === 0) return [];
  const room = 64; // a short date needs about this much, in any of the five languages
  if (n > 70) {
    // Long periods: the first of each month (in the office's calendar).
    const months = days.map((d, i) => ({ d, i })).filter(({ d, i }) => i === 0 || dayOfMonth(d, fmt) === 1);
    const firsts = months.filter(({ d, i }) => i !== 0 || dayOfMonth(d, fmt) === 1);
    const every = Math.max(1, Math.ceil((firsts.length * 76) / Math.max(1, plotWidth)));
    return firsts.filter((_, k) => k % every === 0).map(({ d, i }) => ({ index: i, text: fmt.monthShort(d) }));
  }
  const steps = [1, 2, 3, 5, 7, 14, 28];
  const step = steps.find((s) => (Math.ceil(n / s) * room) <= plotWidth) ?? Math.ceil(n / Math.max(1, Math.floor(plotWidth / room)));
  const out: { index: number; text: string }[] = [];
  for (let i = 0; i < n; i += step) out.push({ index: i, text: fmt.dayShort(days[i]!) });
  return out;
}

const M_TOP = 14;
const M_BOTTOM = 30;
/** Room between two panels of a line chart. */
const PANEL_GAP = 26;
/** The plot height of a panel, by its place: the first panel is the tallest. */
const PANEL_HEIGHTS = [190, 110, 110];

interface Panel<S extends string> {
  series: S[];
  top: number;
  height: number;
  scale: { max: number; step: number };
}
const M_START = 44;
const M_END = 18;

/**
 * A line per series over the days of a period, one point per day. Time runs from the inline
 * start: right to left in Persian. Series of different magnitudes (cases open, in the hundreds,
 * beside cases received in a day) go in panels of their own, one above the other on the same
 * time axis, each with its own scale, rather than on a second axis.
 */
export function LineChart<S extends string>({
  title, series, points, onPick, panels: panelSeries, panelLabels,
}: {
  title: string;
  series: Series<S>[];
  points: DayPoint<S>[];
  onPick(day: string, series: S): void;
  /** Which series share a panel, top to bottom; all in one panel when not given. */
  panels?: S[][];
  /** A caption over each panel (what its scale counts). */
  panelLabels?: string[];
}) {
  const { t, fmt, rtl, titleId, hintId, asTable, toggle } = useChart();
  const [wrapRef, width] = useWidth();
  const n = points.length;
  const count = n * series.length;
  const roving = useRoving(count);
  /** The day under the pointer, and the point in focus: the tooltip shows that day. */
  const [hoverDay, setHoverDay] = useState<number | null>(null);
  const [focused, setFocused] = useState<number | null>(null);

  const plotW = Math.max(60, width - M_START - M_END);
  const panels: Panel<S>[] = useMemo(() => {
    const groups = panelSeries ?? [series.map((s) => s.id)];
    let top = M_TOP + (panelLabels ? 14 : 0);
    return groups.map((ids, i) => {
      const height = groups.length === 1 ? 216 : (PANEL_HEIGHTS[i] ?? 110);
      const max = Math.max(0, ...points.flatMap((p) => ids.map((id) => p.values[id])));
      const panel = { series: ids, top, height, scale: niceScale(max, height > 150 ? 4 : 2) };
      top += height + PANEL_GAP + (panelLabels ? 10 : 0);
      return panel;
    });
  }, [panelSeries, panelLabels, series, points]);
  const last = panels[panels.length - 1]!;
  const plotBottom = last.top + last.height;
  const chartHeight = plotBottom + M_BOTTOM;
  const panelOf = (id: S) => panels.find((p) => p.series.includes(id)) ?? last;
  const xl = (i: number) => M_START + (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const px = (logical: number) => (rtl ? width - logical : logical);
  const yIn = (panel: Panel<S>, v: number) => panel.top + panel.height - (v / panel.scale.max) * panel.height;
  const y = (id: S, v: number) => yIn(panelOf(id), v);
  const ticks = useMemo(() => timeTicks(points.map((p) => p.day), plotW, fmt), [points, plotW, fmt]);
  const dense = n > 45;
  const shownDay = focused !== null ? focused % n : hoverDay;
  const label = (p: DayPoint<S>, s: Series<S>) => t('chart.point_label', { day: fmt.date(p.day), series: s.label, value: fmt.number(p.values[s.id]) });

  const move = (index: number) => (key: string) => {
    const si = Math.floor(index / n);
    const di = index % n;
    const later = rtl ? 'ArrowLeft' : 'ArrowRight';
    const earlier = rtl ? 'ArrowRight' : 'ArrowLeft';
    if (key === later) return si * n + Math.min(n - 1, di + 1);
    if (key === earlier) return si * n + Math.max(0, di - 1);
    if (key === 'ArrowUp') return Math.max(0, si - 1) * n + di;
    if (key === 'ArrowDown') return Math.min(series.length - 1, si + 1) * n + di;
    if (key === 'Home') return si * n;
    if (key === 'End') return si * n + n - 1;
    return null;
  };

  // The tooltip of the day under the pointer or in focus: where it sits along the time axis.
  const tipDay = shownDay !== null && shownDay < n ? shownDay : null;
  const tipPoint = tipDay === null ? null : points[tipDay];
  const tipAt = tipDay === null ? 0 : xl(tipDay);
  const tipFlip = tipAt > width * 0.62;

  /** The nearest day to the pointer, along the time axis. */
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    if (n === 0) return;
    const box = e.currentTarget.getBoundingClientRect();
    const logical = rtl ? box.right - e.clientX : e.clientX - box.left;
    const i = n <= 1 ? 0 : Math.round(((logical - M_START) / plotW) * (n - 1));
    setHoverDay(Math.max(0, Math.min(n - 1, i)));
  };

  return (
    <figure className="chart chart-line" aria-labelledby={titleId}>
      <ChartHead id={titleId} title={title} legend={<Legend series={series} kind="line" />} asTable={asTable} onToggle={toggle} />
      {asTable ? (
        <div className="chart-table-wrap chart-table-scroll">
          <table className="table chart-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('chart.day')}</th>
                {series.map((s) => <th key={s.id} scope="col" className="col-num">{s.label}</th>)}
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.day}>
                  <th scope="row" className="nowrap">{fmt.date(p.day)}</th>
                  {series.map((s) => (
                    <td key={s.id} className="col-num">
                      <TableValue value={p.values[s.id]} label={label(p, s)} onPick={() => onPick(p.day, s.id)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="line-wrap" ref={wrapRef} onPointerLeave={() => setHoverDay(null)}>
          {width > 0 ? (
            <svg width={width} height={chartHeight} direction={rtl ? 'rtl' : 'ltr'} className="line-svg" role="group" aria-labelledby={titleId} aria-describedby={hintId} onPointerMove={onPointerMove}>
              <g aria-hidden="true">
                {panels.map((panel, pi) => (
                  <g key={pi}>
                    {panelLabels?.[pi] ? (
                      <text x={px(M_START)} y={panel.top - 12} textAnchor="start" className="chart-panel-label">{panelLabels[pi]}</text>
                    ) : null}
                    {tickValues(panel.scale).map((v) => (
                      <g key={v}>
                        <line x1={px(M_START)} x2={px(M_START + plotW)} y1={yIn(panel, v)} y2={yIn(panel, v)} className={v === 0 ? 'chart-axis' : 'chart-grid'} />
                        <text x={px(M_START - 8)} y={yIn(panel, v)} dominantBaseline="central" textAnchor="end" className="chart-tick">{fmt.number(v)}</text>
                      </g>
                    ))}
                  </g>
                ))}
                {ticks.map((tk) => (
                  <g key={tk.index}>
                    <line x1={px(xl(tk.index))} x2={px(xl(tk.index))} y1={plotBottom} y2={plotBottom + 4} className="chart-axis" />
                    <text x={px(xl(tk.index))} y={plotBottom + 18} textAnchor="middle" className="chart-tick">{tk.text}</text>
                  </g>
                ))}
                {tipDay !== null ? <line x1={px(tipAt)} x2={px(tipAt)} y1={M_TOP} y2={plotBottom} className="chart-cursor" /> : null}
                {series.map((s, si) => (
                  <path
                    key={s.id}
                    className={`chart-line line-${si} series-${s.id}`}
                    d={points.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(xl(i)).toFixed(1)} ${y(s.id, p.values[s.id]).toFixed(1)}`).join('')}
                  />
                ))}
              </g>
              {series.map((s, si) => (
                <g key={s.id} className={`series-${s.id}`}>
                  {points.map((p, i) => {
                    const index = si * n + i;
                    const cx = px(xl(i));
                    const cy = y(s.id, p.values[s.id]);
                    const lit = tipDay === i;
                    return (
                      <g
                        key={p.day}
                        ref={(el) => { roving.refs.current[index] = el; }}
                        role="button"
                        tabIndex={index === roving.current ? 0 : -1}
                        aria-label={label(p, s)}
                        className="chart-hit chart-point"
                        onClick={() => onPick(p.day, s.id)}
                        onFocus={() => { roving.setActive(index); setFocused(index); }}
                        onBlur={() => setFocused(null)}
                        onKeyDown={(e) => onButtonKeys(e, () => onPick(p.day, s.id), move(index), roving.focusAt)}
                      >
                        <circle cx={cx} cy={cy} r={dense ? 6 : 10} className="chart-hit-area" />
                        <circle cx={cx} cy={cy} r={8} className="chart-focus-ring" />
                        {!dense || lit ? <Marker shape={si} x={cx} y={cy} size={lit ? 4.5 : 3.5} /> : null}
                      </g>
                    );
                  })}
                </g>
              ))}
            </svg>
          ) : <div style={{ blockSize: chartHeight }} />}
          {tipPoint ? (
            <div
              className="chart-tip"
              aria-hidden="true"
              style={tipFlip ? { insetInlineEnd: width - tipAt + 12, insetBlockStart: M_TOP } : { insetInlineStart: tipAt + 12, insetBlockStart: M_TOP }}
            >
              <p className="chart-tip-day">{fmt.dateLong(tipPoint.day)}</p>
              <ul>
                {series.map((s, si) => (
                  <li key={s.id} className={`series-${s.id}`}>
                    <svg width="12" height="12" aria-hidden="true"><Marker shape={si} x={6} y={6} size={4} /></svg>
                    <span>{s.label}</span>
                    <strong>{fmt.number(tipPoint.values[s.id])}</strong>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <p id={hintId} className="visually-hidden">{t('chart.keys_line')}</p>
        </div>
      )}
    </figure>
  );
}
