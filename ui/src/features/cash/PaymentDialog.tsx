import { useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Banknote, CreditCard, Landmark } from 'lucide-react';
import type { CashDesk } from '../../gen/CashDesk';
import type { DueMatch } from '../../gen/DueMatch';
import type { PaymentMethod } from '../../gen/PaymentMethod';
import type { PaymentOrderView } from '../../gen/PaymentOrderView';
import type { ReceiptView } from '../../gen/ReceiptView';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { Banner, ModalDialog } from '../../components/ui';
import { Segmented, TextInput } from '../../components/fields';
import { focusFirstInvalid, useFormErrors } from '../../components/forms';
import { MoneyInput, parseMoney } from '../../components/money';
import { DocNumber, methodLabel } from './labels';
import { linesTotal, mintId, roundCash, type Line } from './model';
import { OrderCard, ReceiptCard } from './ReceiptCard';

type Outcome = { kind: 'receipt'; receipt: ReceiptView } | { kind: 'order'; order: PaymentOrderView };

const KNOWN = ['lines', 'method', 'currency', 'tendered_minor', 'approval_code', 'payer_name'] as const;

/**
 * Taking the chosen lines: in cash (the amount handed over, the change as it is typed), by card
 * (the terminal's approval code) or by a payment order (the payer's name). The request's id is
 * minted when the dialog opens and sent again on every retry, so a payment repeated after a
 * timeout never makes a second receipt. The receipt (or the order) then shows here with its prints.
 */
export function PaymentDialog({ desk, match, lines, onClose, onDone }: {
  desk: CashDesk;
  /** The visit the lines belong to; none for a walk-up payment. */
  match: DueMatch | null;
  lines: Line[];
  onClose(): void;
  /** After a receipt or an order was made (the caller reloads what is due). */
  onDone(): void;
}) {
  const t = useT();
  const { call, fmt } = useApp();
  const [paymentId] = useState(mintId);
  const [orderId] = useState(mintId);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [tendered, setTendered] = useState('');
  const [approval, setApproval] = useState('');
  const [payer, setPayer] = useState(match?.parties.length === 1 ? match.parties[0]! : '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const tenderedRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const { errors, setErrors, fromError, clear, setField } = useFormErrors(t, KNOWN);

  const currency = desk.currency;
  const money = (m: number) => fmt.money(m, currency);
  const total = linesTotal(lines);
  const cashDue = roundCash(total, desk.settings.rounding_minor);
  const rounding = cashDue - total;
  const tenderedMinor = parseMoney(tendered);
  const change = tenderedMinor === null ? null : tenderedMinor - cashDue;

  useEffect(() => {
    if (outcome) resultRef.current?.focus();
  }, [outcome]);

  const submit = async () => {
    clear();
    let ok = true;
    if (method === 'cash') {
      if (tenderedMinor === null) {
        setField('tendered_minor', t('field_error.required'));
        ok = false;
      } else if (tenderedMinor < cashDue) {
        setField('tendered_minor', t('field_error.tender_too_low'));
        ok = false;
      }
    }
    if (method === 'card' && !approval.trim()) {
      setField('approval_code', t('field_error.required'));
      ok = false;
    }
    if (method === 'transfer' && !payer.trim()) {
      setField('payer_name', t('field_error.required'));
      ok = false;
    }
    if (!ok) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const pay = lines.map((l) => l.pay);
      const visit_id = match?.visit_id ?? null;
      if (method === 'transfer') {
        const order = await call('issue_payment_order', { id: orderId, visit_id, lines: pay, currency, payer_name: payer.trim(), locale: match?.locale ?? null });
        setOutcome({ kind: 'order', order });
      } else {
        const receipt = await call('take_payment', {
          id: paymentId,
          visit_id,
          lines: pay,
          method,
          currency,
          tendered_minor: method === 'cash' ? tenderedMinor : null,
          approval_code: method === 'card' ? approval.trim() : null,
          payer_name: payer.trim() || null,
        });
        setOutcome({ kind: 'receipt', receipt });
      }
    } catch (e) {
      const err = fromError(e, formRef.current);
      // The office has no account for transfers yet: say so rather than name a setting's path.
      if (err.fields.some((f) => f.field === 'settings.iban')) setErrors((x) => ({ ...x, form: t('cash.pay.no_iban'), other: [] }));
    } finally {
      setBusy(false);
    }
  };

  const title = outcome
    ? outcome.kind === 'receipt'
      ? t('cash.pay.done_title')
      : t('cash.pay.order_done_title')
    : t('cash.pay.title', { amount: money(total) });

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && (outcome ? onDone() : onClose())} title={title} size="lg" isDismissable={!busy}>
      {outcome ? (
        <div className="cash-outcome">
          {outcome.kind === 'receipt' ? (
            <>
              {outcome.receipt.change_minor ? (
                <p className="cash-change-big" role="status">{t('cash.pay.give_change', { amount: money(outcome.receipt.change_minor) })}</p>
              ) : null}
              <ReceiptCard receipt={outcome.receipt} visitLocale={match?.locale ?? null} headingRef={resultRef} />
            </>
          ) : (
            <OrderCard order={outcome.order} headingRef={resultRef} />
          )}
          <div className="dialog-actions">
            <Button className="button" onPress={onDone}>{t('common.done')}</Button>
          </div>
        </div>
      ) : (
        <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          {errors.form && !Object.keys(errors.fields).length ? (
            <Banner kind="error" title={errors.form}>{errors.other.length ? <ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}</Banner>
          ) : null}
          {!desk.session && method !== 'transfer' ? <Banner kind="warning">{t('cash.pay.no_session')}</Banner> : null}
          <table className="table cash-lines">
            <caption className="visually-hidden">{t('cash.pay.lines')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cash.col.what')}</th>
                <th scope="col" className="col-num">{t('cash.col.quantity')}</th>
                <th scope="col" className="col-num">{t('cash.col.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l, i) => (
                <tr key={`${l.pay.ref_id}-${i}`}>
                  <td>
                    <span className="cell-main" dir="auto">{l.description}</span>
                    {l.label ? <span className="cell-sub"><DocNumber number={l.label} /></span> : null}
                  </td>
                  <td className="col-num">{fmt.number(l.quantity)}</td>
                  <td className="col-num nowrap">{money(l.amount_minor)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>{t('cash.receipt.total')}</th>
                <td className="col-num nowrap"><strong>{money(total)}</strong></td>
              </tr>
            </tfoot>
          </table>
          {errors.fields.lines ? <p className="field-error" role="alert">{errors.fields.lines}</p> : null}

          <Segmented<PaymentMethod>
            name="method"
            label={t('cash.pay.method')}
            value={method}
            onChange={(m) => { setMethod(m); clear(); }}
            options={[
              { id: 'cash', label: methodLabel(t, 'cash'), icon: <Banknote size={16} aria-hidden="true" /> },
              { id: 'card', label: methodLabel(t, 'card'), icon: <CreditCard size={16} aria-hidden="true" /> },
              { id: 'transfer', label: t('cash.pay.method_order'), icon: <Landmark size={16} aria-hidden="true" /> },
            ]}
            error={errors.fields.method}
          />

          {method === 'cash' ? (
            <div className="cash-tender">
              <MoneyInput
                name="tendered_minor"
                label={t('cash.pay.tendered')}
                description={rounding !== 0 ? t('cash.pay.to_pay_rounded', { amount: money(cashDue), total: money(total) }) : t('cash.pay.to_pay', { amount: money(cashDue) })}
                value={tendered}
                onChange={setTendered}
                currency={currency}
                isRequired
                autoFocus
                inputRef={tenderedRef}
                error={errors.fields.tendered_minor}
              />
              <div className="cash-change-live" role="status" aria-atomic="true">
                {change === null ? null : change >= 0 ? (
                  <p className="cash-change-line">{t('cash.pay.change', { amount: money(change) })}</p>
                ) : (
                  <p className="cash-short-line">{t('cash.pay.short', { amount: money(-change) })}</p>
                )}
              </div>
            </div>
          ) : null}
          {method === 'card' ? (
            <TextInput name="approval_code" label={t('cash.pay.approval_code')} description={t('cash.pay.approval_code_help')} value={approval} onChange={setApproval} isRequired dir="ltr" autoComplete="off" spellCheck={false} maxLength={20} autoFocus error={errors.fields.approval_code} />
          ) : null}
          <TextInput
            name="payer_name"
            label={method === 'transfer' ? t('cash.pay.payer') : t('cash.pay.payer_optional')}
            description={method === 'transfer' ? t('cash.pay.payer_order_help') : undefined}
            value={payer}
            onChange={setPayer}
            isRequired={method === 'transfer'}
            maxLength={200}
            autoComplete="off"
            error={errors.fields.payer_name}
          />
          <div className="dialog-actions">
            <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>
              {method === 'transfer' ? t('cash.pay.submit_order') : t('cash.pay.submit', { amount: money(method === 'cash' ? cashDue : total) })}
            </Button>
          </div>
        </Form>
      )}
    </ModalDialog>
  );
}
