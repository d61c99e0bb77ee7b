import { useCallback, useState } from 'react';
import { Button } from 'react-aria-components';
import { MessageSquarePlus, Smile } from 'lucide-react';
import { parseDate } from '@internationalized/date';
import type { RatingView } from '../../gen/RatingView';
import { useApp } from '../../app/state';
import { href, navigate } from '../../app/router';
import { addDays, todayIn } from '../../i18n/format';
import { ENDONYMS } from '../../i18n/locales';
import { errorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { CheckboxInput } from '../../components/fields';
import { FilterBar, isoDate, periodSummary, type Period } from '../../components/filters';
import { useFetched } from '../../components/fetch';
import { Banner, EmptyState } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { ticketDigits } from '../queue/ticket';
import { Face } from './faces';
import { SCORE_LABELS, reasonLabel } from './labels';

/**
 * The ratings given at the end of visits, newest first, over a period (the last 30 days to
 * start with): the face, the reasons ticked and the comment, the visit's waiting and service
 * times. A supervisor makes a commented rating into a feedback item, to be handled and answered.
 */
export function RatingsTab() {
  const t = useT();
  const { call, fmt, session, can } = useApp();
  const today = todayIn(session?.office.time_zone ?? null);
  const [period, setPeriod] = useState<Period>(() => ({ from: parseDate(addDays(today, -30)), to: parseDate(today) }));
  const [withComment, setWithComment] = useState(true);
  const from = period.from ? isoDate(period.from) : null;
  const to = period.to ? isoDate(period.to) : null;
  const { value: ratings, loading, error, reload } = useFetched(
    useCallback(() => call('list_ratings', { from, to, with_comment: withComment }), [call, from, to, withComment]),
  );
  useRefreshAfterSync(reload);
  const supervisor = can('supervise_feedback');

  return (
    <>
      <FilterBar period={{ value: period, onChange: setPeriod, today }} end={
        <CheckboxInput isSelected={withComment} onChange={setWithComment}>{t('feedback.ratings.with_comment')}</CheckboxInput>
      } />
      <p className="muted small" aria-live="polite">
        {ratings ? `${t('feedback.ratings.count', { count: ratings.length })} · ${periodSummary(t, fmt, from, to)}` : null}
      </p>
      {error ? <Banner kind="error" title={t('feedback.ratings.load_failed')}>{error}</Banner> : null}
      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {ratings && ratings.length ? (
          <ul className="fb-ratings">
            {ratings.map((r) => <RatingRow key={r.id} rating={r} canMake={supervisor} onMade={reload} />)}
          </ul>
        ) : ratings && !loading ? (
          <EmptyState icon={<Smile size={32} />} title={t('feedback.ratings.empty')}>{t('feedback.ratings.empty_text')}</EmptyState>
        ) : null}
      </div>
    </>
  );
}

function RatingRow({ rating: r, canMake, onMade }: { rating: RatingView; canMake: boolean; onMade(): void }) {
  const t = useT();
  const { call, fmt, toast, locale } = useApp();
  const [busy, setBusy] = useState(false);
  const score = Math.min(5, Math.max(1, r.score));

  const make = async () => {
    setBusy(true);
    try {
      const d = await call('rating_to_feedback', { id: r.id });
      toast(t('feedback.filed', { number: d.summary.number }));
      onMade();
      navigate({ name: 'feedback_item', id: d.summary.id });
    } catch (e) {
      toast(errorText(t, toApiError(e)), 'error');
    } finally {
      setBusy(false);
    }
  };

  const facts = [
    r.ticket ? t('feedback.ratings.ticket', { number: ticketDigits(r.ticket, locale) }) : null,
    r.desk ? t('feedback.ratings.desk', { desk: r.desk }) : null,
    r.staff_name ?? null,
    r.wait_minutes != null ? t('feedback.ratings.waited', { minutes: r.wait_minutes }) : null,
    r.service_minutes != null ? t('feedback.ratings.served', { minutes: r.service_minutes }) : null,
  ].filter((x): x is string => !!x);

  return (
    <li className={`fb-rating fb-rating-${score}`}>
      <div className="fb-rating-score">
        <Face score={score} size={40} />
        <span className="fb-rating-word">{t(SCORE_LABELS[score - 1]!)} <span className="muted">({fmt.number(score)}/{fmt.number(5)})</span></span>
      </div>
      <div className="fb-rating-body">
        <p className="event-meta">
          <time dateTime={r.at}>{fmt.dateTime(r.at)}</time>
          {facts.length ? ` · ${facts.join(' · ')}` : ''}
          {` · ${ENDONYMS[r.locale]}`}
        </p>
        {r.reasons.length ? (
          <ul className="fb-reason-list" aria-label={t('feedback.ratings.reasons')}>
            {r.reasons.map((x) => <li key={x} className="tag">{reasonLabel(t, x)}</li>)}
          </ul>
        ) : null}
        {r.comment ? <p className="event-note" dir="auto" lang={r.locale}>{r.comment}</p> : null}
      </div>
      <div className="fb-rating-actions">
        {r.feedback_id ? (
          <a className="button button-ghost button-sm" href={href({ name: 'feedback_item', id: r.feedback_id })}>{t('feedback.ratings.open_item')}</a>
        ) : r.comment && canMake ? (
          <Button className="button button-secondary button-sm" onPress={() => void make()} isDisabled={busy} data-busy={busy || undefined}>
            <MessageSquarePlus size={14} aria-hidden="true" />
            {t('feedback.ratings.make_item')}
          </Button>
        ) : null}
      </div>
    </li>
  );
}
