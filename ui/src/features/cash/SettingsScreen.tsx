import { useCallback, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Coins, Landmark, Save } from 'lucide-react';
import type { CashSettings } from '../../gen/CashSettings';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { useRecord } from '../../components/detail';
import { TextInput } from '../../components/fields';
import { focusFirstInvalid, useFormErrors } from '../../components/forms';
import { MoneyInput, moneyText, parseMoney } from '../../components/money';
import { Banner, PageHeader, Spinner, StickyActions } from '../../components/ui';

const KNOWN = ['rounding_minor', 'difference_threshold_minor', 'beneficiary', 'iban', 'bic', 'order_days'] as const;

/** A whole number as typed (minor units, days); null when it is none. */
function whole(text: string): number | null {
  const s = text.trim();
  return /^\d{1,9}$/.test(s) ? Number(s) : null;
}

/** The office's cash settings, an administrator's: cash rounding, the count's threshold, the bank account of payment orders. */
export function CashSettingsScreen() {
  const t = useT();
  const { call } = useApp();
  const { record, error } = useRecord(useCallback(() => call('cash_settings', {}), [call]));
  if (!record) return error ? <Banner kind="error" title={t('cash.settings.load_failed')}>{error}</Banner> : <Spinner label={t('common.loading')} />;
  return <SettingsForm initial={record} />;
}

function SettingsForm({ initial }: { initial: CashSettings }) {
  const t = useT();
  const { call, fmt, toast, session } = useApp();
  const currency = session?.office.currency ?? '';
  const [rounding, setRounding] = useState(String(initial.rounding_minor));
  const [threshold, setThreshold] = useState(() => moneyText(initial.difference_threshold_minor, fmt.tag));
  const [beneficiary, setBeneficiary] = useState(initial.beneficiary);
  const [iban, setIban] = useState(initial.iban);
  const [bic, setBic] = useState(initial.bic);
  const [days, setDays] = useState(String(initial.order_days));
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, KNOWN);

  const save = async () => {
    clear();
    const r = whole(rounding);
    const th = parseMoney(threshold);
    const d = whole(days);
    if (r === null || r < 1) setField('rounding_minor', t('cash.settings.rounding_invalid'));
    if (th === null) setField('difference_threshold_minor', t('field_error.required'));
    if (d === null) setField('order_days', t('cash.settings.days_invalid'));
    if (r === null || r < 1 || th === null || d === null) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const saved = await call('save_cash_settings', {
        rounding_minor: r,
        difference_threshold_minor: th,
        beneficiary: beneficiary.trim(),
        iban: iban.replace(/\s+/g, '').toUpperCase(),
        bic: bic.trim().toUpperCase(),
        order_days: d,
      });
      setIban(saved.iban);
      setBic(saved.bic);
      toast(t('cash.settings.saved'));
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const step = whole(rounding);
  return (
    <div className="cash-settings">
      <PageHeader title={t('cash.settings.title')} subtitle={t('cash.settings.subtitle', { currency })} />
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
        <section className="card form-section" aria-labelledby="cash-settings-cash">
          <h2 id="cash-settings-cash" className="card-title"><Coins size={16} aria-hidden="true" />{t('cash.settings.cash')}</h2>
          <div className="grid-2">
            <TextInput
              name="rounding_minor"
              label={t('cash.settings.rounding')}
              description={step && step > 1 ? t('cash.settings.rounding_is', { step: fmt.money(step, currency) }) : t('cash.settings.rounding_help')}
              value={rounding}
              onChange={setRounding}
              inputMode="numeric"
              digits
              isRequired
              error={errors.fields.rounding_minor}
            />
            <MoneyInput name="difference_threshold_minor" label={t('cash.settings.threshold')} description={t('cash.settings.threshold_help')} value={threshold} onChange={setThreshold} currency={currency} isRequired error={errors.fields.difference_threshold_minor} />
          </div>
        </section>
        <section className="card form-section" aria-labelledby="cash-settings-bank">
          <h2 id="cash-settings-bank" className="card-title"><Landmark size={16} aria-hidden="true" />{t('cash.settings.bank')}</h2>
          <p className="muted small">{t('cash.settings.bank_help')}</p>
          <TextInput name="beneficiary" label={t('cash.settings.beneficiary')} value={beneficiary} onChange={setBeneficiary} maxLength={70} error={errors.fields.beneficiary} />
          <div className="grid-3">
            <TextInput name="iban" label={t('cash.settings.iban')} value={iban} onChange={setIban} dir="ltr" autoComplete="off" spellCheck={false} maxLength={42} className="span-2" error={errors.fields.iban} />
            <TextInput name="bic" label={t('cash.settings.bic')} value={bic} onChange={setBic} dir="ltr" autoComplete="off" spellCheck={false} maxLength={11} error={errors.fields.bic} />
          </div>
          <TextInput name="order_days" label={t('cash.settings.order_days')} description={t('cash.settings.order_days_help')} value={days} onChange={setDays} inputMode="numeric" digits isRequired className="cash-settings-days" error={errors.fields.order_days} />
        </section>
        <StickyActions>
          <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>
            <Save size={16} aria-hidden="true" />
            {t('common.save')}
          </Button>
        </StickyActions>
      </Form>
    </div>
  );
}
