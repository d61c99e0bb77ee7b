import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { Eraser } from 'lucide-react';
import { useT } from '../../i18n/useT';

/** One point of a stroke, in fractions of the pad's size (so a resize keeps the drawing). */
interface Point {
  x: number;
  y: number;
  /** 0…1; a mouse reports 0.5 while a button is down. */
  p: number;
}
type Stroke = { points: Point[]; pen: boolean };

const INK = '#0d1b3a';
/** Width of the exported image; its height follows the pad's proportions. */
const EXPORT_WIDTH = 900;

/** Whether this computer has any pointing device (mouse, pen, touch screen) to sign with. */
export function hasPointer(): boolean {
  if (typeof window === 'undefined' || !window.matchMedia) return true;
  return window.matchMedia('(any-pointer: fine), (any-pointer: coarse)').matches || navigator.maxTouchPoints > 0;
}

function drawStrokes(ctx: CanvasRenderingContext2D, strokes: Stroke[], width: number, height: number, scale: number) {
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = INK;
  ctx.fillStyle = INK;
  const base = 2.4 * scale;
  for (const s of strokes) {
    const pts = s.points;
    if (pts.length === 0) continue;
    const w = (p: Point) => (s.pen ? base * (0.45 + p.p * 1.1) : base);
    if (pts.length === 1) {
      const p = pts[0]!;
      ctx.beginPath();
      ctx.arc(p.x * width, p.y * height, w(p) / 2, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    // Segments through the midpoints, smoothed with the points as control points.
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1]!;
      const b = pts[i]!;
      const prev = pts[i - 2];
      const sx = prev ? ((prev.x + a.x) / 2) * width : a.x * width;
      const sy = prev ? ((prev.y + a.y) / 2) * height : a.y * height;
      const ex = ((a.x + b.x) / 2) * width;
      const ey = ((a.y + b.y) / 2) * height;
      ctx.beginPath();
      ctx.lineWidth = w(b);
      ctx.moveTo(sx, sy);
      ctx.quadraticCurveTo(a.x * width, a.y * height, ex, ey);
      ctx.stroke();
    }
    const last = pts[pts.length - 1]!;
    const before = pts[pts.length - 2]!;
    ctx.beginPath();
    ctx.lineWidth = w(last);
    ctx.moveTo(((before.x + last.x) / 2) * width, ((before.y + last.y) / 2) * height);
    ctx.lineTo(last.x * width, last.y * height);
    ctx.stroke();
  }
}

/**
 * A surface the citizen signs on with a pen, a finger or the mouse (pointer events, so a
 * signature pad that acts as a pen tablet works too). The drawing goes out as a PNG (base64,
 * white background) whenever a stroke ends; `null` when the pad is empty.
 *
 * Keyboard: the pad is a tab stop with a name and a state ("not signed yet" / "signed");
 * Delete clears it; the Clear button does the same. Someone who cannot draw signs on the
 * printed ledger sheet instead (the form offers it beside the pad).
 */
export function SignaturePad({
  label, description, error, onChange, isEmpty,
}: {
  label: string;
  description?: string;
  error?: string;
  onChange(pngBase64: string | null): void;
  /** Whether the parent holds no signature (drives the state text). */
  isEmpty: boolean;
}) {
  const t = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const current = useRef<Stroke | null>(null);
  const [hasInk, setHasInk] = useState(false);
  const ids = { label: useId(), state: useId(), help: useId(), error: useId() };

  const redraw = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = canvas.getBoundingClientRect();
    const w = Math.max(1, Math.round(width * ratio));
    const h = Math.max(1, Math.round(height * ratio));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    ctx.clearRect(0, 0, w, h);
    drawStrokes(ctx, strokes.current, w, h, ratio);
  }, []);

  // Keep the backing store sharp at the pad's size; a resize redraws the strokes.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    redraw();
    const ro = new ResizeObserver(() => redraw());
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [redraw]);

  // The parent dropped the signature (a new form): the pad follows.
  useEffect(() => {
    if (isEmpty && strokes.current.length > 0 && !current.current) {
      strokes.current = [];
      setHasInk(false);
      redraw();
    }
  }, [isEmpty, redraw]);

  const exportPng = useCallback((): string | null => {
    const canvas = canvasRef.current;
    if (!canvas || strokes.current.length === 0) return null;
    const { width, height } = canvas.getBoundingClientRect();
    const outW = EXPORT_WIDTH;
    const outH = Math.max(1, Math.round((EXPORT_WIDTH * height) / Math.max(1, width)));
    const out = document.createElement('canvas');
    out.width = outW;
    out.height = outH;
    const ctx = out.getContext('2d');
    if (!ctx) return null;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, outW, outH);
    drawStrokes(ctx, strokes.current, outW, outH, outW / Math.max(1, width));
    const url = out.toDataURL('image/png');
    return url.slice(url.indexOf(',') + 1);
  }, []);

  const pointFrom = (e: { clientX: number; clientY: number; pressure: number; pointerType: string }): Point => {
    const rect = canvasRef.current!.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (e.clientX - rect.left) / Math.max(1, rect.width)));
    const y = Math.min(1, Math.max(0, (e.clientY - rect.top) / Math.max(1, rect.height)));
    const p = e.pointerType === 'mouse' ? 0.5 : e.pressure > 0 ? e.pressure : 0.5;
    return { x, y, p };
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus({ preventScroll: true });
    const stroke: Stroke = { points: [pointFrom(e)], pen: e.pointerType === 'pen' };
    current.current = stroke;
    strokes.current = [...strokes.current, stroke];
    redraw();
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const stroke = current.current;
    if (!stroke) return;
    e.preventDefault();
    const native = e.nativeEvent;
    const events = typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [native]) stroke.points.push(pointFrom(ev));
    redraw();
  };

  const finish = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!current.current) return;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    current.current = null;
    setHasInk(true);
    onChange(exportPng());
  };

  const clear = () => {
    strokes.current = [];
    current.current = null;
    setHasInk(false);
    redraw();
    onChange(null);
  };

  const signed = hasInk && !isEmpty;
  const describedBy = [ids.state, description && !error ? ids.help : null, error ? ids.error : null].filter(Boolean).join(' ');

  return (
    <div className={`field signature-field ${error ? 'is-invalid' : ''}`} data-invalid={error ? true : undefined}>
      <span id={ids.label} className="field-label">
        {label}
        <span className="required-mark" aria-hidden="true">*</span>
      </span>
      <div className="signature-pad">
        <canvas
          ref={canvasRef}
          className="signature-canvas"
          tabIndex={0}
          role="img"
          aria-labelledby={ids.label}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          aria-keyshortcuts="Delete"
          data-signed={signed || undefined}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={finish}
          onPointerCancel={finish}
          onLostPointerCapture={finish}
          onKeyDown={(e) => {
            if (e.key === 'Delete' || e.key === 'Backspace') {
              e.preventDefault();
              clear();
            }
          }}
        />
        <span className="signature-baseline" aria-hidden="true">
          <span className="signature-cross">×</span>
        </span>
        {!signed ? <span className="signature-placeholder" aria-hidden="true">{t('certification.pad_placeholder')}</span> : null}
      </div>
      <div className="signature-foot">
        <span id={ids.state} className={`signature-state ${signed ? 'is-signed' : ''}`} aria-live="polite">
          {signed ? t('certification.pad_signed') : t('certification.pad_empty')}
        </span>
        <Button className="button button-ghost button-sm" onPress={clear} isDisabled={!signed}>
          <Eraser size={14} aria-hidden="true" />
          {t('certification.pad_clear')}
        </Button>
      </div>
      {description && !error ? <p id={ids.help} className="field-help">{description}</p> : null}
      {error ? <p id={ids.error} className="field-error">{error}</p> : null}
    </div>
  );
}
