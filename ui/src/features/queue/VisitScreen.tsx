import { useCallback } from 'react';
import type { VisitEventView } from '../../gen/VisitEventView';
import type { VisitView } from '../../gen/VisitView';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { ENDONYMS, pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { DetailFrame, RecordPending, useRecord, type BackTo } from '../../components/detail';
import { TicketNumber, TicketStateBadge } from './ticket';
import { FeedbackButton } from '../feedback/NewItemDialog';


/** A visit's whole story: the ticket, its calls, who served it where, what was made for it. */
export function VisitScreen({ id }: { id: string }) {
  const t = useT();
  const { call, locale, fmt } = useApp();
  const back: BackTo = { href: '#/queue', label: t('visit.back') };
  const { record: visit, error } = useRecord(useCallback(() => call('get_visit', { visit_id: id }), [call, id]));
  if (!visit) return <RecordPending back={back} error={error} notFound={t('visit.title')} />;
  const ticket = visit.ticket ?? null;
  return (
    <DetailFrame back={back} className="visit">
      <section className="card case-head" aria-labelledby="page-title">
        <div className="case-head-main">
          <div className="case-head-title">
            <h1 id="page-title" tabIndex={-1}>
              <span className="visually-hidden">{t('visit.title')} </span>
              {ticket ? <TicketNumber number={ticket.number} locale={locale} className="case-number-title" /> : t('visit.title')}
            </h1>
            {ticket ? <TicketStateBadge state={ticket.state} /> : null}
          </div>
          <p className="case-subject">
            {ticket
              ? t('visit.subtitle', { number: ticket.number, language: ENDONYMS[visit.locale] })
              : t('visit.subtitle_no_ticket', { language: ENDONYMS[visit.locale] })}
            {ticket ? ` · ${pickName(ticket.category_names, locale) || ticket.category}` : ''}
          </p>
          <p className="muted">{visit.ended_at ? t('visit.ended', { time: fmt.dateTime(visit.ended_at) }) : t('visit.ongoing')}</p>
        </div>
        <div className="case-head-actions">
          <FeedbackButton visit={{ id: visit.id, locale: visit.locale, ticket: ticket?.number ?? null }} />
        </div>
      </section>
      <section className="card" aria-labelledby="visit-timeline">
        <h2 id="visit-timeline" className="card-title">{t('visit.timeline')}</h2>
        <ol className="timeline visit-timeline">
          {visit.events.map((e) => (
            <VisitEvent key={e.id} event={e} visit={visit} />
          ))}
        </ol>
      </section>
    </DetailFrame>
  );
}

function VisitEvent({ event: e, visit }: { event: VisitEventView; visit: VisitView }) {
  const t = useT();
  const { fmt, locale } = useApp();
  const who = e.actor_name && e.desk ? t('visit.by', { name: e.actor_name, desk: e.desk }) : e.actor_name ? t('visit.by_name', { name: e.actor_name }) : e.desk ? t('visit.at_desk', { desk: e.desk }) : null;
  const link =
    e.ref_kind === 'case_file' && e.ref_id
      ? href({ name: 'case', id: e.ref_id })
      : e.ref_kind === 'certification' && e.ref_id
        ? href({ name: 'ledger_entry', id: e.ref_id })
        : e.ref_kind === 'receipt' && e.ref_label
          ? href({ name: 'cash', tab: 'journal', q: e.ref_label })
          : e.kind === 'feedback_filed' && e.ref_id
            ? href({ name: 'feedback_item', id: e.ref_id })
            : null;
  return (
    <li className={`event visit-event-${e.kind}`}>
      <span className="event-dot" aria-hidden="true" />
      <div className="event-body">
        <span className="event-title">
          {t(`visit_event.${e.kind}` as MessageId)}
          {link && e.ref_label ? (
            <>
              {' '}
              <a href={link} dir="ltr">{e.ref_label}</a>
            </>
          ) : e.kind === 'rated' && e.ref_label ? (
            <span className="event-text"> · <span dir="ltr">{e.ref_label}</span></span>
          ) : null}
        </span>
        <span className="event-meta">
          <time dateTime={e.at}>{fmt.dateTime(e.at)}</time>
          {who ? ` · ${who}` : ''}
          {e.kind === 'ticket_taken' ? ` · ${ENDONYMS[visit.locale]}` : ''}
        </span>
        {e.scores?.length ? (
          <details className="queue-why">
            <summary>{t('queue.why')}</summary>
            <ul className="score-list">
              {e.scores.map((s) => (
                <li key={s.number}>
                  <TicketNumber number={s.number} locale={locale} />: {fmt.number(s.total)} ({t('queue.score_waited')} {fmt.number(s.waited)}
                  {s.priority ? ` + ${t('queue.score_priority')} ${fmt.number(s.priority)}` : ''}
                  {s.private ? ` + ${t('queue.score_private')} ${fmt.number(s.private)}` : ''}
                  {s.appointment ? ` + ${t('queue.score_appointment')} ${fmt.number(s.appointment)}` : ''})
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </li>
  );
}
