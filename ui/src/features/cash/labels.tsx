import { Ban, Banknote, CheckCircle2, Clock, CreditCard, FileClock, Hourglass, Landmark, Lock, ReceiptText, Undo2, Unlock, XCircle } from 'lucide-react';
import type { CashSessionState } from '../../gen/CashSessionState';
import type { FeeState } from '../../gen/FeeState';
import type { PaymentMethod } from '../../gen/PaymentMethod';
import type { PaymentOrderState } from '../../gen/PaymentOrderState';
import type { ReceiptKind } from '../../gen/ReceiptKind';
import type { MessageId } from '../../i18n/messages';
import { useT, type T } from '../../i18n/useT';

type Icon = typeof Ban;

/** Each label is looked up in a record over the generated type: a new value does not type-check without its words. */
const METHOD: Record<PaymentMethod, { label: MessageId; icon: Icon }> = {
  cash: { label: 'cash.method.cash', icon: Banknote },
  card: { label: 'cash.method.card', icon: CreditCard },
  transfer: { label: 'cash.method.transfer', icon: Landmark },
};

export function methodLabel(t: T, m: PaymentMethod): string {
  return t(METHOD[m].label);
}

export function MethodLabel({ method }: { method: PaymentMethod }) {
  const t = useT();
  const { icon: I, label } = METHOD[method];
  return (
    <span className="with-icon">
      <I size={14} aria-hidden="true" />
      {t(label)}
    </span>
  );
}

const KIND: Record<ReceiptKind, { label: MessageId; icon: Icon }> = {
  payment: { label: 'cash.kind.payment', icon: ReceiptText },
  void: { label: 'cash.kind.void', icon: Ban },
  refund: { label: 'cash.kind.refund', icon: Undo2 },
};

export function ReceiptKindLabel({ kind }: { kind: ReceiptKind }) {
  const t = useT();
  const { icon: I, label } = KIND[kind];
  return (
    <span className={`with-icon receipt-kind receipt-kind-${kind}`}>
      <I size={14} aria-hidden="true" />
      {t(label)}
    </span>
  );
}

const FEE: Record<FeeState, { label: MessageId; icon: Icon }> = {
  due: { label: 'cash.fee_state.due', icon: Clock },
  ordered: { label: 'cash.fee_state.ordered', icon: FileClock },
  paid: { label: 'cash.fee_state.paid', icon: CheckCircle2 },
};

/** Where a fee stands: an icon and a word on a tint (never colour alone). */
export function FeeStateBadge({ state }: { state: FeeState }) {
  const t = useT();
  const { icon: I, label } = FEE[state];
  return (
    <span className={`badge cash-badge cash-fee-${state}`}>
      <I size={14} aria-hidden="true" />
      <span>{t(label)}</span>
    </span>
  );
}

const SESSION: Record<CashSessionState, { label: MessageId; icon: Icon }> = {
  open: { label: 'cash.session_state.open', icon: Unlock },
  awaiting_sign_off: { label: 'cash.session_state.awaiting_sign_off', icon: Hourglass },
  closed: { label: 'cash.session_state.closed', icon: Lock },
};

export function SessionStateBadge({ state }: { state: CashSessionState }) {
  const t = useT();
  const { icon: I, label } = SESSION[state];
  return (
    <span className={`badge cash-badge cash-session-${state}`}>
      <I size={14} aria-hidden="true" />
      <span>{t(label)}</span>
    </span>
  );
}

const ORDER: Record<PaymentOrderState, { label: MessageId; icon: Icon }> = {
  open: { label: 'cash.order_state.open', icon: Clock },
  settled: { label: 'cash.order_state.settled', icon: CheckCircle2 },
  cancelled: { label: 'cash.order_state.cancelled', icon: XCircle },
};

export function OrderStateBadge({ state }: { state: PaymentOrderState }) {
  const t = useT();
  const { icon: I, label } = ORDER[state];
  return (
    <span className={`badge cash-badge cash-order-${state}`}>
      <I size={14} aria-hidden="true" />
      <span>{t(label)}</span>
    </span>
  );
}

/** A left-to-right number (a receipt's, an order's) as the screens show it. */
export function DocNumber({ number }: { number: string }) {
  return <span className="case-number" dir="ltr">{number}</span>;
}

/**
 * A signed difference with its sign always written (+€0.20, −€0.50), in the reader's language
 * (`fmt.tag`): a count against what was expected.
 */
export function signedMoney(tag: string, minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(tag, { style: 'currency', currency, signDisplay: 'exceptZero' }).format(minor / 100);
  } catch {
    return new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(minor / 100);
  }
}
