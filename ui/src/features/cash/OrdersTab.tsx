import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Eye, Landmark, Printer, Search, XCircle } from 'lucide-react';
import type { PaymentOrderState } from '../../gen/PaymentOrderState';
import type { PaymentOrderView } from '../../gen/PaymentOrderView';
import type { ReceiptView } from '../../gen/ReceiptView';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { FilterBar } from '../../components/filters';
import { useFetched } from '../../components/fetch';
import { TextAreaInput, TextInput } from '../../components/fields';
import { ctrlEnterSubmits, useFormErrors, focusFirstInvalid } from '../../components/forms';
import { MoneyInput, moneyText, parseMoney } from '../../components/money';
import { Banner, EmptyState, ModalDialog, useDebounced } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { useCashDocument } from './documents';
import { DocNumber, OrderStateBadge } from './labels';
import { mintId } from './model';
import { OrderCard, ReceiptCard } from './ReceiptCard';

const RANK: Record<PaymentOrderState, number> = { open: 0, settled: 1, cancelled: 2 };

type Acting = { what: 'view' | 'settle' | 'cancel'; order: PaymentOrderView } | null;

/**
 * Payment orders, open ones first: print one again, record that its transfer arrived (a receipt
 * is issued for it), or cancel it with a reason.
 */
export function OrdersTab({ onChanged }: { onChanged(): void }) {
  const t = useT();
  const { call, fmt } = useApp();
  const docs = useCashDocument();
  const [text, setText] = useState('');
  const [acting, setActing] = useState<Acting>(null);
  const debounced = useDebounced(text, 250);
  const { value: orders, loading, error, reload } = useFetched(
    useCallback(() => call('list_payment_orders', { state: null, text: debounced.trim() || null }), [call, debounced]),
  );
  useRefreshAfterSync(reload);
  const sorted = [...(orders ?? [])].sort((a, b) => RANK[a.state] - RANK[b.state] || b.created_at.localeCompare(a.created_at));
  const finished = () => {
    setActing(null);
    reload();
    onChanged();
  };

  return (
    <>
      <FilterBar search={{ name: 'order_text', label: t('cash.orders.search'), placeholder: t('cash.orders.search_placeholder'), value: text, onChange: setText }} />
      {error ? <Banner kind="error">{error}</Banner> : null}
      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {sorted.length ? (
          <div className="table-scroll-x">
            <table className="table cash-orders">
              <caption className="visually-hidden">{t('cash.orders.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cash.col.number')}</th>
                  <th scope="col">{t('cash.col.payer')}</th>
                  <th scope="col" className="col-num">{t('cash.col.amount')}</th>
                  <th scope="col">{t('cash.order.due_date')}</th>
                  <th scope="col">{t('cash.order.reference')}</th>
                  <th scope="col">{t('cash.col.state')}</th>
                  <th scope="col"><span className="visually-hidden">{t('cash.col.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((o) => (
                  <tr key={o.id} data-order={o.number}>
                    <th scope="row"><DocNumber number={o.number} /></th>
                    <td>{o.payer_name}</td>
                    <td className="col-num nowrap">{fmt.money(o.total_minor, o.currency)}</td>
                    <td className="nowrap">{fmt.date(o.due_date)}</td>
                    <td><span className="mono-value" dir="ltr">{o.reference}</span></td>
                    <td>
                      <OrderStateBadge state={o.state} />
                      {o.receipt_number ? <span className="cell-sub">{t('cash.orders.paid_by')} <DocNumber number={o.receipt_number} /></span> : null}
                    </td>
                    <td>
                      <div className="row-actions">
                        <Button className="button button-ghost button-sm" aria-label={t('cash.orders.view_n', { number: o.number })} onPress={() => setActing({ what: 'view', order: o })}>
                          <Eye size={14} aria-hidden="true" />
                          {t('cash.journal.view')}
                        </Button>
                        <Button className="button button-ghost button-sm" aria-label={t('cash.orders.print_n', { number: o.number })} onPress={() => void docs.run({ kind: 'payment_order', order_id: o.id, locale: o.locale }, 'print', o.id)} data-busy={docs.busy === o.id || undefined}>
                          <Printer size={14} aria-hidden="true" />
                          {t('cash.orders.print')}
                        </Button>
                        {o.state === 'open' ? (
                          <>
                            <Button className="button button-secondary button-sm" aria-label={t('cash.orders.settle_n', { number: o.number })} onPress={() => setActing({ what: 'settle', order: o })}>
                              <Landmark size={14} aria-hidden="true" />
                              {t('cash.orders.settle')}
                            </Button>
                            <Button className="button button-ghost button-sm" aria-label={t('cash.orders.cancel_n', { number: o.number })} onPress={() => setActing({ what: 'cancel', order: o })}>
                              <XCircle size={14} aria-hidden="true" />
                              {t('cash.orders.cancel')}
                            </Button>
                          </>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : orders && !loading ? (
          <EmptyState icon={debounced.trim() ? <Search size={32} /> : <Landmark size={32} />} title={debounced.trim() ? t('cash.orders.empty_filtered') : t('cash.orders.empty')}>
            {debounced.trim() ? null : t('cash.orders.empty_text')}
          </EmptyState>
        ) : null}
      </div>
      {acting?.what === 'view' ? (
        <ModalDialog isOpen onOpenChange={(o) => !o && setActing(null)} title={t('cash.order.dialog_title', { number: acting.order.number })} size="lg">
          <OrderCard order={acting.order} />
          <div className="dialog-actions"><Button className="button" onPress={() => setActing(null)}>{t('common.close')}</Button></div>
        </ModalDialog>
      ) : null}
      {acting?.what === 'settle' ? <SettleDialog order={acting.order} onClose={() => setActing(null)} onDone={finished} /> : null}
      {acting?.what === 'cancel' ? <CancelOrderDialog order={acting.order} onClose={() => setActing(null)} onDone={finished} /> : null}
    </>
  );
}

/** "Record transfer received": the bank statement's reference and the amount; a receipt is issued. */
function SettleDialog({ order, onClose, onDone }: { order: PaymentOrderView; onClose(): void; onDone(): void }) {
  const t = useT();
  const { call, fmt } = useApp();
  const [id] = useState(mintId);
  const [reference, setReference] = useState('');
  const [amount, setAmount] = useState(() => moneyText(order.total_minor, fmt.tag));
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, ['bank_reference', 'amount_minor']);
  useEffect(() => {
    if (receipt) headingRef.current?.focus();
  }, [receipt]);

  const submit = async () => {
    clear();
    const minor = parseMoney(amount);
    if (!reference.trim()) setField('bank_reference', t('field_error.required'));
    if (minor === null) setField('amount_minor', t('field_error.required'));
    if (!reference.trim() || minor === null) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      setReceipt(await call('settle_payment_order', { id, order_id: order.id, bank_reference: reference.trim(), amount_minor: minor }));
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && (receipt ? onDone() : onClose())} title={receipt ? t('cash.settle.done_title') : t('cash.settle.title', { number: order.number })} size="lg">
      {receipt ? (
        <>
          <ReceiptCard receipt={receipt} visitLocale={order.locale} headingRef={headingRef} />
          <div className="dialog-actions"><Button className="button" onPress={onDone}>{t('common.done')}</Button></div>
        </>
      ) : (
        <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <p className="form-intro">{t('cash.settle.help', { payer: order.payer_name, amount: fmt.money(order.total_minor, order.currency), reference: order.reference })}</p>
          {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
          <TextInput name="bank_reference" label={t('cash.settle.bank_reference')} description={t('cash.settle.bank_reference_help')} value={reference} onChange={setReference} isRequired dir="ltr" autoComplete="off" spellCheck={false} maxLength={100} autoFocus error={errors.fields.bank_reference} />
          <MoneyInput name="amount_minor" label={t('cash.settle.amount')} value={amount} onChange={setAmount} currency={order.currency} isRequired error={errors.fields.amount_minor} />
          <div className="dialog-actions">
            <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>{t('cash.settle.submit')}</Button>
          </div>
        </Form>
      )}
    </ModalDialog>
  );
}

function CancelOrderDialog({ order, onClose, onDone }: { order: PaymentOrderView; onClose(): void; onDone(): void }) {
  const t = useT();
  const { call, toast } = useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, ['reason']);
  const submit = async () => {
    clear();
    if (!reason.trim()) {
      setField('reason', t('field_error.required'));
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      await call('cancel_payment_order', { order_id: order.id, reason: reason.trim() });
      toast(t('cash.cancel_order.done', { number: order.number }));
      onDone();
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('cash.cancel_order.title', { number: order.number })} size="sm">
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <p className="form-intro">{t('cash.cancel_order.help')}</p>
        {errors.form && !errors.fields.reason ? <Banner kind="error">{errors.form}</Banner> : null}
        <TextAreaInput name="reason" onKeyDown={ctrlEnterSubmits(formRef)} autoFocus label={t('cash.takeback.reason')} value={reason} onChange={setReason} isRequired maxLength={500} rows={3} error={errors.fields.reason} />
        <div className="dialog-actions">
          <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-destructive" isDisabled={busy} data-busy={busy || undefined}>{t('cash.cancel_order.submit')}</Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
