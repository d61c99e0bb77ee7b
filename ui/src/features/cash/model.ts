import type { FeeView } from '../../gen/FeeView';
import type { PayLine } from '../../gen/PayLine';
import type { ReceiptView } from '../../gen/ReceiptView';

/**
 * A fresh id for a request the desk may have to send again (a payment, a void, a session): minted
 * once when its form opens and kept for every retry, so that a request repeated after a timeout
 * answers with what was written the first time, never a second receipt.
 */
export function mintId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A cash total rounded to a multiple of `step` (minor units): to the nearest, a half away from
 * zero. Shown to the cashier only; the workstation rounds the receipt itself (okno-rules'
 * `round_cash_total`, which also keeps a euro total of 1 or 2 cents from becoming nothing).
 */
export function roundCash(amount: number, step: number): number {
  if (step <= 1) return amount;
  const sign = Math.sign(amount);
  const a = Math.abs(amount);
  const down = a - (a % step);
  return sign * ((a % step) * 2 >= step ? down + step : down);
}

/** One line the cashier is about to take: what the request sends, and what the screen shows of it. */
export interface Line {
  pay: PayLine;
  /** The case or certification number; empty for a service paid on its own. */
  label: string;
  description: string;
  account: string;
  quantity: number;
  /** The line's amount (all of its quantity), minor units. */
  amount_minor: number;
}

/** A due fee as a line to pay. */
export function feeLine(f: FeeView): Line {
  return {
    pay: { ref_kind: f.ref_kind, ref_id: f.ref_id },
    label: f.ref_label,
    description: f.description,
    account: f.account,
    quantity: 1,
    amount_minor: f.amount_minor,
  };
}

export function linesTotal(lines: Line[]): number {
  return lines.reduce((sum, l) => sum + l.amount_minor, 0);
}

/** Whether a payment can still be voided (nothing of it taken back yet). */
export function canVoid(r: ReceiptView): boolean {
  return r.kind === 'payment' && r.taken_back_minor === 0;
}

/**
 * Whether some of a payment can still be refunded: less of it was taken back than was paid (a
 * void of a cash payment may take back the rounded amount, below the lines' total).
 */
export function canRefund(r: ReceiptView): boolean {
  return r.kind === 'payment' && r.taken_back_minor < Math.min(Math.abs(r.total_minor), Math.abs(r.paid_minor));
}
