import { useCallback } from 'react';
import { Button } from 'react-aria-components';
import { FileSpreadsheet, MessageSquareText, Pencil } from 'lucide-react';
import type { SurveyQuestionResult } from '../../gen/SurveyQuestionResult';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { DetailFrame, RecordPending, useRecord, type BackTo } from '../../components/detail';
import { EmptyState, PageHeader } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { BarChart } from '../review/charts';
import { SurveyStateBadge, questionKindLabel } from './labels';
import { useFeedbackDocument } from './documents';

/** A mean as it is read: one decimal. */
export const mean1 = (v: number) => Math.round(v * 10) / 10;

/**
 * A survey's results: how many answered, and for each question its answers counted (a bar per
 * option or per point of the scale, the scale's mean) or its free texts, newest first. The
 * answers themselves are saved as a CSV.
 */
export function SurveyResultsScreen({ id }: { id: string }) {
  const t = useT();
  const { call, fmt, locale } = useApp();
  const back: BackTo = { href: href({ name: 'feedback', tab: 'surveys' }), label: t('survey.back') };
  const { record: results, error, reload } = useRecord(useCallback(() => call('survey_results', { id }), [call, id]));
  useRefreshAfterSync(() => void reload());
  const csv = useFeedbackDocument();
  if (!results) return <RecordPending back={back} error={error} notFound={t('survey.not_found')} />;
  const s = results.survey;
  const title = pickName(s.title, locale) || t('survey.untitled');

  return (
    <DetailFrame back={back} className="fb-results">
      <PageHeader
        title={t('survey.results_title', { title })}
        subtitle={
          <span className="with-icon">
            <SurveyStateBadge state={s.state} />
            {t('period.period', { from: fmt.date(s.starts_on), to: fmt.date(s.ends_on) })} · {t('survey.answer_count', { count: results.answers })}
          </span>
        }
        actions={
          <>
            <a className="button" href={href({ name: 'survey', id: s.id })}>
              <Pencil size={16} aria-hidden="true" />
              {t('survey.edit')}
            </a>
            <Button
              className="button button-secondary"
              onPress={() => void csv.run({ kind: 'survey_answers', survey_id: s.id }, 'save')}
              isDisabled={results.answers === 0}
              data-busy={csv.busy === 'survey_answers-save' || undefined}
            >
              <FileSpreadsheet size={16} aria-hidden="true" />
              {t('survey.answers_csv')}
            </Button>
          </>
        }
      />
      {results.answers === 0 ? (
        <EmptyState icon={<MessageSquareText size={32} />} title={t('survey.no_answers')}>{t('survey.no_answers_text')}</EmptyState>
      ) : (
        <div className="fb-results-list">
          {results.questions.map((q, i) => <QuestionResult key={q.id} q={q} n={i + 1} />)}
        </div>
      )}
    </DetailFrame>
  );
}

function QuestionResult({ q, n }: { q: SurveyQuestionResult; n: number }) {
  const t = useT();
  const { fmt } = useApp();
  const headingId = `fb-q-${q.id}`;
  return (
    <section className="card chart-card fb-question-result" aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title">
        <span className="muted">{t('survey.question_n', { n })}</span> <span dir="auto">{q.text}</span>
      </h2>
      <p className="muted small">
        {questionKindLabel(t, q.kind)} · {t('survey.answered_by', { count: q.answered })}
        {q.mean != null ? <> · <strong>{t('survey.mean', { mean: fmt.number(mean1(q.mean)) })}</strong></> : null}
      </p>
      {q.kind === 'text' ? (
        q.texts.length ? (
          <ul className="fb-texts">
            {q.texts.map((x, i) => <li key={i} className="event-note" dir="auto">{x}</li>)}
          </ul>
        ) : (
          <p className="muted">{t('survey.no_texts')}</p>
        )
      ) : (
        <BarChart
          title={t('survey.chart', { n })}
          series={[{ id: 'count', label: t('survey.answers') }]}
          groups={q.counts.map((c) => ({ key: c.id, label: q.kind === 'scale' && /^[1-5]$/.test(c.id) ? t('survey.scale_point', { point: fmt.number(Number(c.id)) }) : c.label, values: { count: c.count } }))}
          groupHeader={q.kind === 'scale' ? t('survey.scale_points') : t('survey.option')}
          empty={<p className="muted">{t('survey.no_texts')}</p>}
        />
      )}
    </section>
  );
}
