import { useCallback, useMemo, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { CalendarClock, ListChecks, Plus, Save, Trash2, Users } from 'lucide-react';
import type { FeedbackKind } from '../../gen/FeedbackKind';
import type { FeedbackSettings } from '../../gen/FeedbackSettings';
import { useApp } from '../../app/state';
import { LOCALES } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { useRecord } from '../../components/detail';
import { CheckboxInput, TextInput } from '../../components/fields';
import { focusFirstInvalid, useFormErrors } from '../../components/forms';
import { Banner, PageHeader, Spinner, StickyActions } from '../../components/ui';
import { EMPTY_NAMES, NamesFields, namesFrom, type Names } from '../catalogue/NamesFields';
import { KINDS, kindLabel } from './labels';

interface CauseRow {
  key: number;
  code: string;
  names: Names;
  active: boolean;
  /** Saved before: its code stays (closed items name it), it can only be retired. */
  saved: boolean;
}

/** A whole number as typed; null when it is none. */
function whole(text: string): number | null {
  const s = text.trim();
  return /^\d{1,4}$/.test(s) ? Number(s) : null;
}

const CODE = /^[a-z0-9_]{1,40}$/;

/** The office's feedback settings, a supervisor's: answer deadlines per kind, root causes, the minimum of ratings per person. */
export function FeedbackSettingsScreen() {
  const t = useT();
  const { call } = useApp();
  const { record, error } = useRecord(useCallback(() => call('feedback_settings', {}), [call]));
  if (!record) return error ? <Banner kind="error" title={t('feedback.settings.load_failed')}>{error}</Banner> : <Spinner label={t('common.loading')} />;
  return <SettingsForm initial={record} />;
}

function SettingsForm({ initial }: { initial: FeedbackSettings }) {
  const t = useT();
  const { call, toast } = useApp();
  const [days, setDays] = useState<Record<FeedbackKind, string>>(() => {
    const out = {} as Record<FeedbackKind, string>;
    for (const k of KINDS) out[k] = String(initial.deadlines.find((d) => d.kind === k)?.days ?? 0);
    return out;
  });
  const [causes, setCauses] = useState<CauseRow[]>(() =>
    initial.root_causes.map((r, i) => ({ key: i, code: r.code, names: namesFrom(r.names), active: r.active, saved: true })),
  );
  const [minimum, setMinimum] = useState(String(initial.min_ratings_per_person));
  const [busy, setBusy] = useState(false);
  const nextKey = useRef(initial.root_causes.length);
  const formRef = useRef<HTMLFormElement>(null);
  const known = useMemo(
    () => [
      ...KINDS.map((k) => `deadlines.${k}`),
      'deadlines',
      'root_causes',
      ...causes.flatMap((_, i) => [`root_causes.${i}.code`, ...LOCALES.map((l) => `root_causes.${i}.names.${l}`)]),
      'min_ratings_per_person',
    ],
    [causes],
  );
  const { errors, fromError, clear, setField } = useFormErrors(t, known);
  const update = (key: number, patch: Partial<CauseRow>) => setCauses((cs) => cs.map((c) => (c.key === key ? { ...c, ...patch } : c)));

  const save = async () => {
    clear();
    let ok = true;
    const deadlines = KINDS.map((kind) => {
      const d = whole(days[kind]);
      if (d === null || d > 365) {
        setField(`deadlines.${kind}`, t('feedback.settings.days_invalid'));
        ok = false;
      }
      return { kind, days: d ?? 0 };
    });
    const seen = new Set<string>();
    causes.forEach((c, i) => {
      const code = c.code.trim();
      if (!CODE.test(code) || seen.has(code)) {
        setField(`root_causes.${i}.code`, t(seen.has(code) ? 'field_error.taken' : 'feedback.settings.code_invalid'));
        ok = false;
      }
      seen.add(code);
      for (const l of LOCALES) {
        if (!c.names[l].trim()) {
          setField(`root_causes.${i}.names.${l}`, t('field_error.required'));
          ok = false;
        }
      }
    });
    if (!causes.some((c) => c.active)) {
      setField('root_causes', t('feedback.settings.one_active'));
      ok = false;
    }
    const min = whole(minimum);
    if (min === null || min < 1 || min > 1000) {
      setField('min_ratings_per_person', t('feedback.settings.minimum_invalid'));
      ok = false;
    }
    if (!ok) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const saved = await call('save_feedback_settings', {
        deadlines,
        root_causes: causes.map((c) => ({
          code: c.code.trim(),
          names: Object.fromEntries(LOCALES.map((l) => [l, c.names[l].trim()])),
          active: c.active,
        })),
        min_ratings_per_person: min!,
      });
      setCauses(saved.root_causes.map((r, i) => ({ key: nextKey.current + i, code: r.code, names: namesFrom(r.names), active: r.active, saved: true })));
      nextKey.current += saved.root_causes.length;
      toast(t('feedback.settings.saved'));
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fb-settings">
      <PageHeader title={t('feedback.settings.title')} subtitle={t('feedback.settings.subtitle')} />
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
        <section className="card form-section" aria-labelledby="fb-settings-deadlines">
          <h2 id="fb-settings-deadlines" className="card-title"><CalendarClock size={16} aria-hidden="true" />{t('feedback.settings.deadlines')}</h2>
          <p className="muted small">{t('feedback.settings.deadlines_help')}</p>
          <div className="fb-deadlines">
            {KINDS.map((k) => (
              <TextInput
                key={k}
                name={`deadlines.${k}`}
                label={kindLabel(t, k)}
                description={t('feedback.settings.days')}
                value={days[k]}
                onChange={(v) => setDays((d) => ({ ...d, [k]: v }))}
                inputMode="numeric"
                digits
                isRequired
                error={errors.fields[`deadlines.${k}`]}
              />
            ))}
          </div>
        </section>
        <section className="card form-section" aria-labelledby="fb-settings-causes">
          <h2 id="fb-settings-causes" className="card-title"><ListChecks size={16} aria-hidden="true" />{t('feedback.settings.root_causes')}</h2>
          <p className="muted small">{t('feedback.settings.root_causes_help')}</p>
          {errors.fields.root_causes ? <p className="field-error" role="alert">{errors.fields.root_causes}</p> : null}
          {causes.map((c, i) => (
            <fieldset key={c.key} className="fieldset fb-cause">
              <legend className="subheading">{c.code.trim() ? t('feedback.settings.cause_n', { code: c.code.trim() }) : t('feedback.settings.cause_new', { n: i + 1 })}</legend>
              <div className="fb-cause-head">
                <TextInput
                  name={`root_causes.${i}.code`}
                  label={t('feedback.settings.code')}
                  description={c.saved ? t('feedback.settings.code_saved') : t('feedback.settings.code_help')}
                  value={c.code}
                  onChange={(v) => update(c.key, { code: v.toLowerCase() })}
                  isDisabled={c.saved}
                  isRequired
                  dir="ltr"
                  spellCheck={false}
                  maxLength={40}
                  error={errors.fields[`root_causes.${i}.code`]}
                />
                <CheckboxInput isSelected={c.active} onChange={(v) => update(c.key, { active: v })} description={t('feedback.settings.active_help')}>
                  {t('feedback.settings.active')}
                </CheckboxInput>
                {!c.saved ? (
                  <Button className="button button-ghost button-sm button-danger" onPress={() => setCauses((cs) => cs.filter((x) => x.key !== c.key))}>
                    <Trash2 size={14} aria-hidden="true" />
                    {t('feedback.settings.remove_cause', { n: i + 1 })}
                  </Button>
                ) : null}
              </div>
              <NamesFields path={`root_causes.${i}.names`} legend={t('feedback.settings.cause_names')} value={c.names} onChange={(v) => update(c.key, { names: v })} errors={errors.fields} />
            </fieldset>
          ))}
          <Button
            className="button button-secondary button-sm fb-add"
            onPress={() => setCauses((cs) => [...cs, { key: nextKey.current++, code: '', names: { ...EMPTY_NAMES }, active: true, saved: false }])}
          >
            <Plus size={14} aria-hidden="true" />
            {t('feedback.settings.add_cause')}
          </Button>
        </section>
        <section className="card form-section" aria-labelledby="fb-settings-ratings">
          <h2 id="fb-settings-ratings" className="card-title"><Users size={16} aria-hidden="true" />{t('feedback.settings.ratings')}</h2>
          <TextInput
            name="min_ratings_per_person"
            label={t('feedback.settings.minimum')}
            description={t('feedback.settings.minimum_help')}
            value={minimum}
            onChange={setMinimum}
            inputMode="numeric"
            digits
            isRequired
            className="fb-short"
            error={errors.fields.min_ratings_per_person}
          />
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
