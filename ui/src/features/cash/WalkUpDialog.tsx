import { useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ArrowRight, Plus, Trash2 } from 'lucide-react';
import type { ServiceView } from '../../gen/ServiceView';
import { useApp } from '../../app/state';
import { pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { ModalDialog } from '../../components/ui';
import { ComboBoxInput, TextInput, type Option } from '../../components/fields';
import { focusFirstInvalid } from '../../components/forms';
import { MoneyInput, parseMoney } from '../../components/money';
import { linesTotal, type Line } from './model';

interface Row {
  key: number;
  serviceId: string | null;
  quantity: string;
  /** The amount of one, for a service whose fee varies (its fee in the catalogue is 0). */
  amount: string;
}

type RowErrors = Partial<Record<'service' | 'quantity' | 'amount', string>>;

/**
 * A walk-up payment: services of the catalogue paid for on their own, with no case or
 * certification behind them (a form, a copy, a map). Each line is a service and how many; a
 * service whose fee varies takes the amount of one.
 */
export function WalkUpDialog({ currency, onClose, onContinue }: { currency: string; onClose(): void; onContinue(lines: Line[]): void }) {
  const t = useT();
  const { catalogue, locale, fmt } = useApp();
  const [rows, setRows] = useState<Row[]>([{ key: 0, serviceId: null, quantity: '1', amount: '' }]);
  const [errors, setErrors] = useState<Record<number, RowErrors>>({});
  const nextKey = useRef(1);
  const formRef = useRef<HTMLFormElement>(null);

  const services = (catalogue?.services ?? []).filter((s) => s.active);
  const byId = (id: string | null): ServiceView | undefined => services.find((s) => s.id === id);
  const options: Option[] = services.map((s) => ({
    id: s.id,
    label: pickName(s.names, locale),
    detail: `${s.code} · ${s.fee_minor > 0 ? fmt.money(s.fee_minor, s.currency) : t('cash.walkup.fee_varies')}`,
  }));
  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  /** The row as a line to pay, or what is missing. */
  const lineOf = (r: Row): Line | RowErrors => {
    const s = byId(r.serviceId);
    const quantity = /^\d{1,4}$/.test(r.quantity.trim()) ? Number(r.quantity.trim()) : 0;
    const amount = parseMoney(r.amount);
    const e: RowErrors = {};
    if (!s) e.service = t('field_error.required');
    if (quantity < 1) e.quantity = t('cash.walkup.quantity_invalid');
    if (s && s.fee_minor === 0 && (amount === null || amount <= 0)) e.amount = t(amount === null ? 'field_error.required' : 'cash.error.positive');
    if (!s || Object.keys(e).length) return e;
    const each = s.fee_minor > 0 ? s.fee_minor : amount!;
    return {
      // A service whose fee varies is sent with the line's amount (all of its quantity).
      pay: { ref_kind: 'service', ref_id: s.id, quantity, amount_minor: s.fee_minor > 0 ? null : each * quantity },
      label: '',
      description: pickName(s.names, locale),
      account: s.account,
      quantity,
      amount_minor: each * quantity,
    };
  };
  const isLine = (x: Line | RowErrors): x is Line => 'pay' in x;
  const done = rows.map(lineOf).filter(isLine);

  const submit = () => {
    const found: Record<number, RowErrors> = {};
    const lines: Line[] = [];
    for (const r of rows) {
      const x = lineOf(r);
      if (isLine(x)) lines.push(x);
      else found[r.key] = x;
    }
    setErrors(found);
    if (Object.keys(found).length) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    onContinue(lines);
  };

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('cash.walkup.title')} size="lg">
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <p className="form-intro">{t('cash.walkup.help')}</p>
        {rows.map((r, i) => {
          const s = byId(r.serviceId);
          const e = errors[r.key] ?? {};
          return (
            <fieldset key={r.key} className="fieldset cash-walkup-row">
              <legend className="visually-hidden">{t('cash.walkup.line_n', { n: i + 1 })}</legend>
              <ComboBoxInput
                name={`lines.${i}.ref_id`}
                label={t('cash.walkup.service')}
                value={r.serviceId}
                onChange={(v) => update(r.key, { serviceId: v })}
                options={options}
                filter={(o, input) => {
                  const q = input.trim().toLocaleLowerCase(locale);
                  const service = byId(o.id);
                  return !q || o.label.toLocaleLowerCase(locale).includes(q) || !!service?.code.toLocaleLowerCase().includes(q);
                }}
                emptyText={t('common.no_matches')}
                isRequired
                className="cash-walkup-service"
                error={e.service}
              />
              <TextInput name={`lines.${i}.quantity`} label={t('cash.walkup.quantity')} value={r.quantity} onChange={(v) => update(r.key, { quantity: v })} inputMode="numeric" digits isRequired className="cash-walkup-quantity" error={e.quantity} />
              {s && s.fee_minor === 0 ? (
                <MoneyInput name={`lines.${i}.amount_minor`} label={t('cash.walkup.amount')} description={t('cash.walkup.amount_help')} value={r.amount} onChange={(v) => update(r.key, { amount: v })} currency={currency} isRequired error={e.amount} />
              ) : s ? (
                <p className="cash-walkup-fee">{t('cash.walkup.fee_each', { amount: fmt.money(s.fee_minor, s.currency) })}</p>
              ) : null}
              {rows.length > 1 ? (
                <Button className="button button-ghost button-sm button-danger" onPress={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                  <Trash2 size={14} aria-hidden="true" />
                  {t('cash.walkup.remove', { n: i + 1 })}
                </Button>
              ) : null}
            </fieldset>
          );
        })}
        <Button className="button button-secondary button-sm cash-walkup-add" onPress={() => setRows((rs) => [...rs, { key: nextKey.current++, serviceId: null, quantity: '1', amount: '' }])}>
          <Plus size={14} aria-hidden="true" />
          {t('cash.walkup.add')}
        </Button>
        <p className="cash-walkup-total" role="status">{t('cash.walkup.total', { amount: fmt.money(linesTotal(done), currency) })}</p>
        <div className="dialog-actions">
          <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary">
            {t('cash.walkup.continue')}
            <ArrowRight size={16} aria-hidden="true" className="flip-rtl" />
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
