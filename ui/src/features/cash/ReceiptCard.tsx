import type { Ref } from 'react';
import { Button } from 'react-aria-components';
import { FileText, Languages, Printer } from 'lucide-react';
import type { Locale } from '../../gen/Locale';
import type { PaymentOrderView } from '../../gen/PaymentOrderView';
import type { ReceiptLineView } from '../../gen/ReceiptLineView';
import type { ReceiptView } from '../../gen/ReceiptView';
import { useApp } from '../../app/state';
import { ENDONYMS } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { ModalDialog } from '../../components/ui';
import { UnsyncedTag } from '../certification/labels';
import { useCashDocument } from './documents';
import { DocNumber, MethodLabel, OrderStateBadge, ReceiptKindLabel } from './labels';

/** The lines of a receipt or an order: what, for which record, how many, how much. */
function LinesTable({ lines, currency, caption }: { lines: ReceiptLineView[]; currency: string; caption: string }) {
  const t = useT();
  const { fmt } = useApp();
  return (
    <table className="table cash-lines">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('cash.col.what')}</th>
          <th scope="col">{t('cash.col.account')}</th>
          <th scope="col" className="col-num">{t('cash.col.quantity')}</th>
          <th scope="col" className="col-num">{t('cash.col.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr key={`${l.ref_id}-${i}`}>
            <td>
              <span className="cell-main" dir="auto">{l.description}</span>
              {l.ref_label ? <span className="cell-sub"><DocNumber number={l.ref_label} /></span> : null}
            </td>
            <td>{l.account ? <span dir="ltr">{l.account}</span> : <span className="muted">—</span>}</td>
            <td className="col-num">{fmt.number(l.quantity)}</td>
            <td className="col-num nowrap">{fmt.money(l.amount_minor, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A receipt of the journal as the cashier checks it before handing it over: its number, its
 * lines, the total, the cash rounding, what was paid, tendered and given back, and the prints.
 */
export function ReceiptCard({ receipt: r, visitLocale, headingRef }: { receipt: ReceiptView; visitLocale: Locale | null; headingRef?: Ref<HTMLHeadingElement> }) {
  const t = useT();
  const { fmt } = useApp();
  const money = (m: number) => fmt.money(m, r.currency);
  return (
    <section className="cash-receipt" aria-labelledby={`receipt-${r.id}`} data-receipt={r.number}>
      <div className="cash-receipt-head">
        <h3 id={`receipt-${r.id}`} ref={headingRef} tabIndex={-1} className="cash-receipt-title">
          <span>{t(r.kind === 'payment' ? 'cash.receipt.title' : r.kind === 'void' ? 'cash.receipt.title_void' : 'cash.receipt.title_refund')}</span>{' '}
          <DocNumber number={r.number} />
        </h3>
        <UnsyncedTag pending={r.pending} />
      </div>
      <dl className="meta-grid">
        <div><dt>{t('cash.receipt.kind')}</dt><dd><ReceiptKindLabel kind={r.kind} /></dd></div>
        <div><dt>{t('cash.receipt.method')}</dt><dd><MethodLabel method={r.method} /></dd></div>
        <div><dt>{t('cash.receipt.issued')}</dt><dd>{fmt.dateTime(r.issued_at)}</dd></div>
        <div><dt>{t('cash.receipt.cashier')}</dt><dd>{r.cashier_name}</dd></div>
        {r.payer_name ? <div><dt>{t('cash.receipt.payer')}</dt><dd>{r.payer_name}</dd></div> : null}
        {r.refers_to_number ? <div><dt>{t('cash.receipt.refers_to')}</dt><dd><DocNumber number={r.refers_to_number} /></dd></div> : null}
        {r.order_number ? <div><dt>{t('cash.receipt.order')}</dt><dd><DocNumber number={r.order_number} /></dd></div> : null}
        {r.approved_by_name ? <div><dt>{t('cash.receipt.approved_by')}</dt><dd>{r.approved_by_name}</dd></div> : null}
      </dl>
      {r.reason ? <p className="cash-reason"><strong>{t('cash.receipt.reason')}:</strong> <span dir="auto">{r.reason}</span></p> : null}
      <LinesTable lines={r.lines} currency={r.currency} caption={t('cash.receipt.lines')} />
      <dl className="summary-facts cash-totals">
        <div><dt>{t('cash.receipt.total')}</dt><dd>{money(r.total_minor)}</dd></div>
        {r.rounding_minor !== 0 ? <div><dt>{t('cash.receipt.rounding')}</dt><dd>{money(r.rounding_minor)}</dd></div> : null}
        <div className="cash-total-paid"><dt>{t(r.kind === 'payment' ? 'cash.receipt.paid' : 'cash.receipt.paid_back')}</dt><dd>{money(r.paid_minor)}</dd></div>
        {r.tendered_minor !== null ? <div><dt>{t('cash.receipt.tendered')}</dt><dd>{money(r.tendered_minor)}</dd></div> : null}
        {r.change_minor !== null ? <div className="cash-change"><dt>{t('cash.receipt.change')}</dt><dd>{money(r.change_minor)}</dd></div> : null}
        {r.approval_code ? <div><dt>{t('cash.receipt.approval_code')}</dt><dd dir="ltr">{r.approval_code}</dd></div> : null}
        {r.taken_back_minor > 0 ? (
          <div><dt>{t('cash.receipt.taken_back')}</dt><dd>{money(r.taken_back_minor)} <span className="muted" dir="ltr">({r.taken_back_by.join(', ')})</span></dd></div>
        ) : null}
      </dl>
      <ReceiptPrint receipt={r} visitLocale={visitLocale} />
    </section>
  );
}

/**
 * A receipt's prints: on the 80 mm roll, on A4, and in the visit's language where the citizen's
 * is not the office's (a receipt is otherwise in the office's language).
 */
export function ReceiptPrint({ receipt, visitLocale }: { receipt: ReceiptView; visitLocale: Locale | null }) {
  const t = useT();
  const { session } = useApp();
  const docs = useCashDocument();
  const office = session?.office.locale ?? null;
  const other = visitLocale && visitLocale !== office ? visitLocale : null;
  const receipt_id = receipt.id;
  return (
    <div className="row-actions cash-print" role="group" aria-label={t('cash.receipt.print_group', { number: receipt.number })}>
      <Button className="button button-primary" onPress={() => void docs.run({ kind: 'cash_receipt', receipt_id, paper: 'roll80' }, 'print', 'roll80')} data-busy={docs.busy === 'roll80' || undefined}>
        <Printer size={16} aria-hidden="true" />
        {t('cash.receipt.print_roll')}
      </Button>
      <Button className="button button-secondary" onPress={() => void docs.run({ kind: 'cash_receipt', receipt_id, paper: 'a4' }, 'print', 'a4')} data-busy={docs.busy === 'a4' || undefined}>
        <FileText size={16} aria-hidden="true" />
        {t('cash.receipt.print_a4')}
      </Button>
      {other ? (
        <Button className="button button-secondary" onPress={() => void docs.run({ kind: 'cash_receipt', receipt_id, paper: 'roll80', locale: other }, 'print', 'visit')} data-busy={docs.busy === 'visit' || undefined}>
          <Languages size={16} aria-hidden="true" />
          {t('cash.receipt.print_visit', { language: ENDONYMS[other] })}
        </Button>
      ) : null}
    </div>
  );
}

/** A payment order as the citizen takes it away: whom to pay, how much, by when, with which reference. */
export function OrderCard({ order: o, headingRef }: { order: PaymentOrderView; headingRef?: Ref<HTMLHeadingElement> }) {
  const t = useT();
  const { fmt } = useApp();
  const docs = useCashDocument();
  return (
    <section className="cash-receipt" aria-labelledby={`order-${o.id}`} data-order={o.number}>
      <div className="cash-receipt-head">
        <h3 id={`order-${o.id}`} ref={headingRef} tabIndex={-1} className="cash-receipt-title">
          <span>{t('cash.order.title')}</span> <DocNumber number={o.number} />
        </h3>
        <OrderStateBadge state={o.state} />
      </div>
      <dl className="meta-grid">
        <div><dt>{t('cash.order.payer')}</dt><dd>{o.payer_name}</dd></div>
        <div><dt>{t('cash.order.total')}</dt><dd>{fmt.money(o.total_minor, o.currency)}</dd></div>
        <div><dt>{t('cash.order.due_date')}</dt><dd>{fmt.date(o.due_date)}</dd></div>
        <div><dt>{t('cash.order.reference')}</dt><dd className="mono-value" dir="ltr">{o.reference}</dd></div>
        <div><dt>{t('cash.order.beneficiary')}</dt><dd>{o.beneficiary}</dd></div>
        <div><dt>{t('cash.order.iban')}</dt><dd className="mono-value" dir="ltr">{o.iban}</dd></div>
        {o.bic ? <div><dt>{t('cash.order.bic')}</dt><dd className="mono-value" dir="ltr">{o.bic}</dd></div> : null}
        <div><dt>{t('cash.order.language')}</dt><dd lang={o.locale}>{ENDONYMS[o.locale]}</dd></div>
        {o.receipt_number ? <div><dt>{t('cash.order.receipt')}</dt><dd><DocNumber number={o.receipt_number} /></dd></div> : null}
      </dl>
      {o.cancel_reason ? <p className="cash-reason"><strong>{t('cash.receipt.reason')}:</strong> <span dir="auto">{o.cancel_reason}</span></p> : null}
      <LinesTable lines={o.lines} currency={o.currency} caption={t('cash.order.lines')} />
      <div className="row-actions cash-print">
        <Button className="button button-primary" onPress={() => void docs.run({ kind: 'payment_order', order_id: o.id, locale: o.locale }, 'print')} data-busy={docs.busy === 'payment_order-print' || undefined}>
          <Printer size={16} aria-hidden="true" />
          {t('cash.order.print')}
        </Button>
      </div>
    </section>
  );
}

/** A receipt of the journal opened from its row: to read it again and print it again. */
export function ReceiptDialog({ receipt, onClose }: { receipt: ReceiptView; onClose(): void }) {
  const t = useT();
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('cash.receipt.dialog_title', { number: receipt.number })} size="lg">
      <ReceiptCard receipt={receipt} visitLocale={null} />
      <div className="dialog-actions">
        <Button className="button" onPress={onClose}>{t('common.close')}</Button>
      </div>
    </ModalDialog>
  );
}
