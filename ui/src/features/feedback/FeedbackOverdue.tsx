import { MessageSquareWarning } from 'lucide-react';
import type { FeedbackSummary } from '../../gen/FeedbackSummary';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { useT } from '../../i18n/useT';
import { DueDate } from '../../components/badges';
import { EmptyState } from '../../components/ui';
import { FeedbackStateBadge, KindLabel } from './labels';

/** Feedback items open past their answer deadline, as the open-work screen lists them. */
export function FeedbackOverdue({ items, loading }: { items: FeedbackSummary[]; loading: boolean }) {
  const t = useT();
  const { fmt, can } = useApp();
  const open = can('take_feedback');
  return (
    <>
      <p className="muted small">{t('work.help.feedback')}</p>
      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {items.length === 0 ? (
          <EmptyState icon={<MessageSquareWarning size={32} />} title={t('work.empty.feedback')} />
        ) : (
          <div className="table-scroll-x">
            <table className="table fb-overdue">
              <caption className="visually-hidden">{t('work.list.feedback')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('feedback.col.number')}</th>
                  <th scope="col">{t('feedback.col.kind')}</th>
                  <th scope="col">{t('feedback.col.what')}</th>
                  <th scope="col">{t('feedback.col.state')}</th>
                  <th scope="col">{t('feedback.col.due')}</th>
                  <th scope="col">{t('feedback.col.assignee')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id} className="row-overdue">
                    <th scope="row">
                      {open ? (
                        <a className="case-link" href={href({ name: 'feedback_item', id: i.id })} dir="ltr">{i.number}</a>
                      ) : (
                        <span className="case-number" dir="ltr">{i.number}</span>
                      )}
                    </th>
                    <td><KindLabel kind={i.kind} /></td>
                    <td><span className="cell-main fb-title" dir="auto" title={i.title}>{i.title}</span></td>
                    <td><FeedbackStateBadge state={i.state} /></td>
                    <td>{i.due_date ? <DueDate date={i.due_date} overdue={i.overdue} formatted={fmt.date(i.due_date)} /> : null}</td>
                    <td>{i.assignee_name ?? <span className="muted">{t('feedback.unassigned')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
