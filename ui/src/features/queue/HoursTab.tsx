import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import type { OpeningDay } from '../../gen/OpeningDay';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { TextInput } from '../../components/fields';
import { Banner } from '../../components/ui';
import { useFetched } from '../../components/fetch';
import { useFormErrors } from '../../components/forms';

const WEEK = [1, 2, 3, 4, 5, 6, 7] as const;

/** `08:00–12:00, 13:00–16:30` → spans; blank → closed. Null when a span does not read. */
function parseDay(text: string): { from: string; to: string }[] | null {
  const parts = text.split(/[,;]/).map((p) => p.trim()).filter(Boolean);
  const spans = [];
  for (const p of parts) {
    const m = /^(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})$/.exec(p);
    if (!m) return null;
    spans.push({ from: `${m[1]!.padStart(2, '0')}:${m[2]}`, to: `${m[3]!.padStart(2, '0')}:${m[4]}` });
  }
  return spans;
}

function dayText(d: OpeningDay | undefined): string {
  return (d?.spans ?? []).map((s) => `${s.from}–${s.to}`).join(', ');
}

/**
 * The office's opening hours in the catalogue: a line per day of the week (`08:00–12:00,
 * 13:00–16:30`; blank is closed). The kiosk gives tickets only within them and shows them to
 * whoever asks.
 */
export function HoursTab() {
  const t = useT();
  const { call, toast, fmt } = useApp();
  const { value: hours, reload } = useFetched(useCallback(() => call('opening_hours', {}), [call]));
  const [texts, setTexts] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const known = WEEK.map((_, i) => `days[${i}]`);
  const { errors, clear, fromError, setField } = useFormErrors(t, known);
  useEffect(() => {
    if (hours) setTexts(Object.fromEntries(WEEK.map((w) => [w, dayText(hours.days.find((d) => d.weekday === w))])));
  }, [hours]);
  const dayName = (w: number) => new Intl.DateTimeFormat(fmt.tag, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, w)));

  const save = async () => {
    clear();
    const days = [];
    let bad = false;
    for (const [i, w] of WEEK.entries()) {
      const spans = parseDay(texts[w] ?? '');
      if (spans === null) {
        setField(`days[${i}]`, t('field_error.malformed'));
        bad = true;
      } else days.push({ weekday: w, spans });
    }
    if (bad) return;
    setBusy(true);
    try {
      await call('set_opening_hours', { days });
      toast(t('catalogue.saved'));
      await reload();
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card">
      <Form ref={formRef} className="form hours-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <p className="form-intro">{t('catalogue.hours_intro')}</p>
        {hours && hours.days.length === 0 ? <Banner kind="info">{t('catalogue.hours_not_set')}</Banner> : null}
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
        {WEEK.map((w, i) => (
          <TextInput
            key={w}
            name={`day-${w}`}
            label={dayName(w)}
            value={texts[w] ?? ''}
            onChange={(v) => setTexts((x) => ({ ...x, [w]: v }))}
            placeholder={t('catalogue.hours_placeholder')}
            description={i === 0 ? t('catalogue.hours_help') : undefined}
            error={errors.fields[`days[${i}]`]}
            dir="ltr"
            digits
          />
        ))}
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isDisabled={busy || !hours}>
            {t('common.save')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
