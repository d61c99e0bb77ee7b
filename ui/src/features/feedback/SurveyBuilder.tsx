import { useCallback, useMemo, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Archive, CalendarRange, ListOrdered, Plus, Save, Send } from 'lucide-react';
import { parseDate, type CalendarDate } from '@internationalized/date';
import type { Locale } from '../../gen/Locale';
import type { SurveyState } from '../../gen/SurveyState';
import type { SurveyView } from '../../gen/SurveyView';
import { useApp } from '../../app/state';
import { href, navigate } from '../../app/router';
import { addDays, todayIn } from '../../i18n/format';
import { LOCALES, pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { DetailFrame, RecordPending, useRecord, type BackTo } from '../../components/detail';
import { DateInputField, charCount } from '../../components/fields';
import { focusFirstInvalid, useFormErrors } from '../../components/forms';
import { isoDate } from '../../components/filters';
import { Banner, PageHeader, StickyActions } from '../../components/ui';
import { EMPTY_TEXTS, LocalizedFields, textsFrom, textsOut, type Texts } from './LocalizedFields';
import { QuestionEditor, TEXT_MAX, isChoice, newQuestion, questionOut, questionRow, type QuestionRow } from './QuestionEditor';
import { SurveyStateBadge } from './labels';

const MAX_QUESTIONS = 50;
const ID = /^[A-Za-z0-9_]{1,20}$/;

/** A survey to write (`id` null) or to change, found among the office's surveys. */
export function SurveyEditScreen({ id }: { id: string | null }) {
  const t = useT();
  const { call } = useApp();
  const back: BackTo = { href: href({ name: 'feedback', tab: 'surveys' }), label: t('survey.back') };
  const { record, error } = useRecord(
    useCallback(async (): Promise<SurveyView | 'new'> => {
      if (!id) return 'new';
      const found = (await call('list_surveys', {})).find((s) => s.id === id);
      if (!found) throw { code: 'not_found', message: 'no such survey', fields: [] };
      return found;
    }, [call, id]),
  );
  if (!record) return <RecordPending back={back} error={error} notFound={t('survey.not_found')} />;
  return (
    <DetailFrame back={back} className="fb-survey-edit">
      <SurveyForm initial={record === 'new' ? null : record} />
    </DetailFrame>
  );
}

function SurveyForm({ initial }: { initial: SurveyView | null }) {
  const t = useT();
  const { call, toast, session, locale } = useApp();
  const office: Locale = session?.office.locale ?? 'en';
  const today = todayIn(session?.office.time_zone ?? null);
  const [title, setTitle] = useState<Texts>(() => (initial ? textsFrom(initial.title) : { ...EMPTY_TEXTS }));
  const [intro, setIntro] = useState<Texts>(() => (initial ? textsFrom(initial.intro) : { ...EMPTY_TEXTS }));
  const [startsOn, setStartsOn] = useState<CalendarDate | null>(() => parseDate(initial?.starts_on ?? today));
  const [endsOn, setEndsOn] = useState<CalendarDate | null>(() => parseDate(initial?.ends_on ?? addDays(today, 30)));
  const [questions, setQuestions] = useState<QuestionRow[]>(() => (initial?.questions.length ? initial.questions.map(questionRow) : [newQuestion([])]));
  const [state, setState] = useState<SurveyState>(initial?.state ?? 'draft');
  const [busy, setBusy] = useState<SurveyState | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const known = useMemo(() => {
    const texts = (p: string) => [p, ...LOCALES.map((l) => `${p}.${l}`)];
    return [
      ...texts('title'), ...texts('intro'), 'starts_on', 'ends_on', 'questions', 'state',
      ...questions.flatMap((q, i) => [
        `questions.${i}.id`, `questions.${i}.kind`, `questions.${i}.required`, `questions.${i}.options`, ...texts(`questions.${i}.text`),
        ...q.options.flatMap((_, j) => [`questions.${i}.options.${j}.id`, ...texts(`questions.${i}.options.${j}.text`)]),
      ]),
    ];
  }, [questions]);
  const { errors, fromError, clear, setField } = useFormErrors(t, known);

  /** What the questionnaire lacks before it can be sent, field by field. */
  const check = (): [string, string][] => {
    const out: [string, string][] = [];
    const lc = office;
    if (!title[lc].trim()) out.push([`title.${lc}`, t('field_error.required')]);
    if (!startsOn) out.push(['starts_on', t('field_error.required')]);
    if (!endsOn) out.push(['ends_on', t('field_error.required')]);
    if (startsOn && endsOn && endsOn.compare(startsOn) < 0) out.push(['ends_on', t('survey.ends_before_start')]);
    const ids = new Set<string>();
    questions.forEach((q, i) => {
      const id = q.id.trim();
      if (!ID.test(id) || ids.has(id)) out.push([`questions.${i}.id`, t(ids.has(id) ? 'field_error.taken' : 'survey.id_invalid')]);
      ids.add(id);
      if (!q.text[lc].trim()) out.push([`questions.${i}.text.${lc}`, t('field_error.required')]);
      if (!isChoice(q.kind)) return;
      if (q.options.length < 2) out.push([`questions.${i}.options`, t('survey.options_too_few')]);
      const oids = new Set<string>();
      q.options.forEach((o, j) => {
        const oid = o.id.trim();
        if (!ID.test(oid) || oids.has(oid)) out.push([`questions.${i}.options.${j}.id`, t(oids.has(oid) ? 'field_error.taken' : 'survey.id_invalid')]);
        oids.add(oid);
        if (!o.text[lc].trim()) out.push([`questions.${i}.options.${j}.text.${lc}`, t('field_error.required')]);
      });
    });
    return out;
  };

  const save = async (target: SurveyState) => {
    clear();
    const problems = check();
    for (const [f, m] of problems) setField(f, m);
    // A text over its limit is named by its own field (and holds the form back there).
    const over = [title, intro].some((x) => LOCALES.some((l) => charCount(x[l].trim()) > TEXT_MAX));
    if (problems.length || over || !startsOn || !endsOn) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(target);
    try {
      const saved = await call('save_survey', {
        id: initial?.id ?? null,
        title: textsOut(title),
        intro: textsOut(intro),
        starts_on: isoDate(startsOn),
        ends_on: isoDate(endsOn),
        questions: questions.map(questionOut),
        state: target,
      });
      toast(t(target === 'published' && state !== 'published' ? 'survey.published' : target === 'closed' && state !== 'closed' ? 'survey.closed' : 'survey.saved'));
      setState(saved.state);
      if (!initial) navigate({ name: 'survey', id: saved.id });
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(null);
    }
  };

  const move = (i: number, by: -1 | 1) =>
    setQuestions((qs) => {
      const next = [...qs];
      const [q] = next.splice(i, 1);
      next.splice(i + by, 0, q!);
      return next;
    });

  const name = pickName(textsOut(title), locale) || t('survey.untitled');
  return (
    <>
      <PageHeader
        title={initial ? name : t('survey.new_title')}
        subtitle={<span className="with-icon"><SurveyStateBadge state={state} />{initial ? t('survey.answers_so_far', { count: initial.answers }) : t('survey.new_help')}</span>}
      />
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void save(state); }}>
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
        {errors.other.length ? <Banner kind="error"><ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul></Banner> : null}
        {initial && initial.answers > 0 ? <Banner kind="warning">{t('survey.answered_warning', { count: initial.answers })}</Banner> : null}
        <section className="card form-section" aria-labelledby="fb-survey-about">
          <h2 id="fb-survey-about" className="card-title"><CalendarRange size={16} aria-hidden="true" />{t('survey.about')}</h2>
          <LocalizedFields path="title" label={t('survey.title_label')} value={title} onChange={setTitle} errors={errors.fields} office={office} max={TEXT_MAX} />
          <LocalizedFields path="intro" label={t('survey.intro_label')} value={intro} onChange={setIntro} errors={errors.fields} office={office} max={TEXT_MAX} multiline required={false} />
          <div className="grid-2 fb-dates">
            <DateInputField name="starts_on" label={t('survey.starts_on')} value={startsOn} onChange={setStartsOn} isRequired error={errors.fields.starts_on} />
            <DateInputField name="ends_on" label={t('survey.ends_on')} value={endsOn} onChange={setEndsOn} isRequired error={errors.fields.ends_on} />
          </div>
        </section>
        <section className="card form-section" aria-labelledby="fb-survey-questions">
          <h2 id="fb-survey-questions" className="card-title"><ListOrdered size={16} aria-hidden="true" />{t('survey.questions')}</h2>
          {errors.fields.questions ? <p className="field-error" role="alert">{errors.fields.questions}</p> : null}
          {questions.map((q, i) => (
            <QuestionEditor
              key={q.key}
              q={q}
              index={i}
              count={questions.length}
              office={office}
              errors={errors.fields}
              onChange={(next) => setQuestions((qs) => qs.map((x) => (x.key === q.key ? next : x)))}
              onMove={(by) => move(i, by)}
              onRemove={() => setQuestions((qs) => qs.filter((x) => x.key !== q.key))}
            />
          ))}
          <Button
            className="button button-secondary button-sm fb-add"
            isDisabled={questions.length >= MAX_QUESTIONS}
            onPress={() => setQuestions((qs) => [...qs, newQuestion(qs.map((x) => x.id))])}
          >
            <Plus size={14} aria-hidden="true" />
            {t('survey.add_question')}
          </Button>
        </section>
        <StickyActions>
          <Button type="submit" className={`button ${state === 'draft' ? 'button-secondary' : 'button-primary'}`} isDisabled={!!busy} data-busy={busy === state || undefined}>
            <Save size={16} aria-hidden="true" />
            {state === 'draft' ? t('survey.save_draft') : t('common.save')}
          </Button>
          {state !== 'published' ? (
            <Button className="button button-primary" isDisabled={!!busy} data-busy={busy === 'published' || undefined} onPress={() => void save('published')}>
              <Send size={16} aria-hidden="true" className="flip-rtl" />
              {state === 'closed' ? t('survey.publish_again') : t('survey.publish')}
            </Button>
          ) : (
            <Button className="button button-secondary" isDisabled={!!busy} data-busy={busy === 'closed' || undefined} onPress={() => void save('closed')}>
              <Archive size={16} aria-hidden="true" />
              {t('survey.close')}
            </Button>
          )}
        </StickyActions>
      </Form>
    </>
  );
}
