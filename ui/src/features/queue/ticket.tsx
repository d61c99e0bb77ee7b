import type { Locale } from '../../gen/Locale';
import type { TicketPriority } from '../../gen/TicketPriority';
import type { TicketState } from '../../gen/TicketState';
import type { MessageId } from '../../i18n/messages';
import { useT } from '../../i18n/useT';

const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';

/** A ticket number in the reader's digits (M-042 → M-۰۴۲ in Persian); letters stay. */
export function ticketDigits(number: string, locale: Locale): string {
  return locale === 'fa' ? number.replace(/[0-9]/g, (d) => PERSIAN.charAt(Number(d))) : number;
}

/** A ticket's number as it is shown: left to right, in the reader's digits. */
export function TicketNumber({ number, locale, className }: { number: string; locale: Locale; className?: string }) {
  return (
    <span className={`ticket-number ${className ?? ''}`} dir="ltr">
      {ticketDigits(number, locale)}
    </span>
  );
}

export function TicketStateBadge({ state }: { state: TicketState }) {
  const t = useT();
  return <span className={`badge ticket-state ticket-state-${state}`}>{t(`ticket_state.${state}` as MessageId)}</span>;
}

export function priorityLabel(t: ReturnType<typeof useT>, p: TicketPriority): string {
  return t(`queue.priority.${p}` as MessageId);
}

/** Minutes since an instant, never negative. */
export function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}
