import { useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Lock } from 'lucide-react';
import type { CashSessionView } from '../../gen/CashSessionView';
import type { DenominationCount } from '../../gen/DenominationCount';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { Banner, ModalDialog } from '../../components/ui';
import { TextAreaInput, TextInput } from '../../components/fields';
import { ctrlEnterSubmits, focusFirstInvalid, useFormErrors } from '../../components/forms';
import { signedMoney } from './labels';

/** A count as typed: a whole number, blank for none; null when it is no count. */
function parseCount(text: string): number | null {
  const s = text.trim();
  if (!s) return 0;
  return /^\d{1,6}$/.test(s) ? Number(s) : null;
}

/**
 * Counting the drawer and closing the session: one field per note and coin of the office's
 * currency, the counted total, what was expected and the difference as the cashier types, an
 * optional note. A difference above the office's threshold leaves the session to a supervisor.
 */
export function CountDialog({ session: s, denominations, threshold, onClose, onClosed }: {
  session: CashSessionView;
  denominations: number[];
  threshold: number;
  onClose(): void;
  onClosed(session: CashSessionView): void;
}) {
  const t = useT();
  const { call, fmt } = useApp();
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear } = useFormErrors(t, ['counts', 'note']);
  const money = (m: number) => fmt.money(m, s.currency);

  const parsed = denominations.map((value) => ({ value, count: parseCount(counts[value] ?? '') }));
  const valid = parsed.every((p) => p.count !== null);
  const counted = parsed.reduce((sum, p) => sum + p.value * (p.count ?? 0), 0);
  const difference = counted - s.expected_minor;
  const overThreshold = Math.abs(difference) > threshold;

  const submit = async () => {
    clear();
    if (!valid) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const list: DenominationCount[] = parsed.filter((p) => (p.count ?? 0) > 0).map((p) => ({ value_minor: p.value, count: p.count ?? 0 }));
      onClosed(await call('close_cash_session', { session_id: s.id, counts: list, note: note.trim() || null }));
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('cash.count.title')} size="lg">
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <p className="form-intro">{t('cash.count.help')}</p>
        {errors.form ? <Banner kind="error" title={errors.form}>{errors.fields.counts ?? null}</Banner> : null}
        <fieldset className="fieldset">
          <legend className="field-label">{t('cash.count.legend')}</legend>
          <div className="cash-count-grid">
            {parsed.map(({ value, count }, i) => (
              <TextInput
                key={value}
                autoFocus={i === 0}
                name={`count-${value}`}
                label={money(value)}
                value={counts[value] ?? ''}
                onChange={(v) => setCounts((c) => ({ ...c, [value]: v }))}
                inputMode="numeric"
                digits
                autoComplete="off"
                className="cash-count-field"
                error={count === null ? t('cash.count.whole_number') : undefined}
                description={count ? `= ${money(value * count)}` : undefined}
              />
            ))}
          </div>
        </fieldset>
        <div role="status" aria-atomic="true">
        <dl className="summary-facts cash-count-summary">
          <div><dt>{t('cash.count.counted')}</dt><dd>{money(counted)}</dd></div>
          <div><dt>{t('cash.session.expected')}</dt><dd>{money(s.expected_minor)}</dd></div>
          <div className={difference === 0 ? 'cash-diff-none' : 'cash-diff'}>
            <dt>{t('cash.count.difference')}</dt>
            <dd>{signedMoney(fmt.tag, difference, s.currency)}</dd>
          </div>
        </dl>
        </div>
        {overThreshold ? (
          <Banner kind="warning">{t('cash.count.over_threshold', { threshold: money(threshold) })}</Banner>
        ) : null}
        <TextAreaInput name="note" onKeyDown={ctrlEnterSubmits(formRef)} label={t('cash.count.note')} description={t('cash.count.note_help')} value={note} onChange={setNote} maxLength={500} rows={2} error={errors.fields.note} />
        <div className="dialog-actions">
          <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>
            <Lock size={16} aria-hidden="true" />
            {t('cash.count.submit')}
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
