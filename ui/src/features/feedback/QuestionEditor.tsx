import { Button } from 'react-aria-components';
import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import type { Locale } from '../../gen/Locale';
import type { SurveyQuestion } from '../../gen/SurveyQuestion';
import type { SurveyQuestionKind } from '../../gen/SurveyQuestionKind';
import { useT } from '../../i18n/useT';
import { CheckboxInput, SelectInput, TextInput } from '../../components/fields';
import { EMPTY_TEXTS, LocalizedFields, textsFrom, textsOut, type Texts } from './LocalizedFields';
import { QUESTION_KINDS, questionKindLabel } from './labels';

/** The longest question or option text (okno-rules' `TEXT_MAX`). */
export const TEXT_MAX = 1000;

export interface OptionRow {
  key: number;
  id: string;
  text: Texts;
}

export interface QuestionRow {
  key: number;
  id: string;
  kind: SurveyQuestionKind;
  text: Texts;
  required: boolean;
  options: OptionRow[];
}

export const isChoice = (k: SurveyQuestionKind) => k === 'single' || k === 'multiple';

let keys = 0;
/** A key for a row of the form (not sent: questions and options are named by their ids). */
export const nextKey = () => ++keys;

export function questionRow(q: SurveyQuestion): QuestionRow {
  return {
    key: nextKey(),
    id: q.id,
    kind: q.kind,
    text: textsFrom(q.text),
    required: q.required,
    options: q.options.map((o) => ({ key: nextKey(), id: o.id, text: textsFrom(o.text) })),
  };
}

export function questionOut(q: QuestionRow): SurveyQuestion {
  return {
    id: q.id.trim(),
    kind: q.kind,
    text: textsOut(q.text),
    required: q.required,
    options: isChoice(q.kind) ? q.options.map((o) => ({ id: o.id.trim(), text: textsOut(o.text) })) : [],
  };
}

/** The first id of the form `<prefix><n>` that none of `taken` has. */
export function freshId(prefix: string, taken: string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`;
}

export function newQuestion(taken: string[]): QuestionRow {
  return { key: nextKey(), id: freshId('q', taken), kind: 'scale', text: { ...EMPTY_TEXTS }, required: true, options: [] };
}

/**
 * One question of a survey: its id, its kind (a 1–5 scale, one choice, several choices, free
 * text), whether it must be answered, its text in the five languages and, for a choice, its
 * options. It moves up and down the questionnaire, and goes.
 */
export function QuestionEditor({ q, index, count, office, errors, onChange, onMove, onRemove }: {
  q: QuestionRow;
  index: number;
  count: number;
  office: Locale;
  errors: Record<string, string>;
  onChange(q: QuestionRow): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}) {
  const t = useT();
  const path = `questions.${index}`;
  const n = index + 1;
  const setKind = (kind: SurveyQuestionKind) => {
    // A choice starts with two options to fill in.
    const options = isChoice(kind) && q.options.length === 0
      ? [{ key: nextKey(), id: 'o1', text: { ...EMPTY_TEXTS } }, { key: nextKey(), id: 'o2', text: { ...EMPTY_TEXTS } }]
      : q.options;
    onChange({ ...q, kind, options });
  };
  const setOption = (key: number, patch: Partial<OptionRow>) => onChange({ ...q, options: q.options.map((o) => (o.key === key ? { ...o, ...patch } : o)) });

  return (
    <fieldset className="fieldset fb-question">
      <legend className="subheading">{t('survey.question_n', { n })}</legend>
      <div className="fb-question-head">
        <TextInput name={`${path}.id`} label={t('survey.question_id')} description={t('survey.question_id_help')} value={q.id} onChange={(v) => onChange({ ...q, id: v })} isRequired dir="ltr" spellCheck={false} maxLength={20} className="fb-id" error={errors[`${path}.id`]} />
        <SelectInput
          name={`${path}.kind`}
          label={t('survey.question_kind')}
          value={q.kind}
          onChange={(v) => v && setKind(v as SurveyQuestionKind)}
          options={QUESTION_KINDS.map((k) => ({ id: k, label: questionKindLabel(t, k) }))}
          placeholder={t('common.choose')}
          error={errors[`${path}.kind`]}
        />
        <CheckboxInput isSelected={q.required} onChange={(v) => onChange({ ...q, required: v })}>{t('survey.required')}</CheckboxInput>
        <div className="row-actions fb-question-tools">
          <Button className="button button-ghost button-sm" isDisabled={index === 0} onPress={() => onMove(-1)} aria-label={t('survey.move_up', { n })}>
            <ArrowUp size={14} aria-hidden="true" />
          </Button>
          <Button className="button button-ghost button-sm" isDisabled={index === count - 1} onPress={() => onMove(1)} aria-label={t('survey.move_down', { n })}>
            <ArrowDown size={14} aria-hidden="true" />
          </Button>
          <Button className="button button-ghost button-sm button-danger" isDisabled={count === 1} onPress={onRemove}>
            <Trash2 size={14} aria-hidden="true" />
            {t('survey.remove_question', { n })}
          </Button>
        </div>
      </div>
      <LocalizedFields path={`${path}.text`} label={t('survey.question_text')} value={q.text} onChange={(text) => onChange({ ...q, text })} errors={errors} office={office} max={TEXT_MAX} />
      {q.kind === 'scale' ? <p className="muted small">{t('survey.scale_help')}</p> : null}
      {isChoice(q.kind) ? (
        <div className="fb-options" role="group" aria-label={t('survey.options_of', { n })}>
          {errors[`${path}.options`] ? <p className="field-error" role="alert">{errors[`${path}.options`]}</p> : null}
          {q.options.map((o, j) => (
            <div key={o.key} className="fb-option">
              <TextInput name={`${path}.options.${j}.id`} label={t('survey.option_id', { n: j + 1 })} value={o.id} onChange={(v) => setOption(o.key, { id: v })} isRequired dir="ltr" spellCheck={false} maxLength={20} className="fb-id" error={errors[`${path}.options.${j}.id`]} />
              <LocalizedFields path={`${path}.options.${j}.text`} label={t('survey.option_text', { n: j + 1 })} value={o.text} onChange={(text) => setOption(o.key, { text })} errors={errors} office={office} max={TEXT_MAX} />
              <Button className="button button-ghost button-sm button-danger" isDisabled={q.options.length <= 2} onPress={() => onChange({ ...q, options: q.options.filter((x) => x.key !== o.key) })}>
                <Trash2 size={14} aria-hidden="true" />
                {t('survey.remove_option', { n: j + 1 })}
              </Button>
            </div>
          ))}
          <Button
            className="button button-secondary button-sm fb-add"
            isDisabled={q.options.length >= 20}
            onPress={() => onChange({ ...q, options: [...q.options, { key: nextKey(), id: freshId('o', q.options.map((o) => o.id)), text: { ...EMPTY_TEXTS } }] })}
          >
            <Plus size={14} aria-hidden="true" />
            {t('survey.add_option')}
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
