import { useState } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { Megaphone } from 'lucide-react';
import type { DayReview } from '../../gen/DayReview';
import type { QueueGroup } from '../../gen/QueueGroup';
import type { QueueGroupFigures } from '../../gen/QueueGroupFigures';
import { useApp } from '../../app/state';
import { pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';

type Dim = 'category' | 'desk' | 'hour';

/**
 * The queue in the supervisor's review: tickets, served and not shown, waiting time (median, the
 * 90th percentile, the longest) and service time — overall, and by category, desk and hour.
 */
export function ReviewQueue({ review }: { review: DayReview }) {
  const t = useT();
  const { fmt, locale } = useApp();
  const [dim, setDim] = useState<Dim>('category');
  const q = review.queue;
  const d = (ms: number | null) => (ms == null ? '—' : fmt.duration(ms));
  const groups: Record<Dim, QueueGroup[]> = { category: q.by_category, desk: q.by_desk, hour: q.by_hour };
  const label = (g: QueueGroup, which: Dim) =>
    which === 'category' ? `${g.key} · ${pickName(g.names, locale) || g.key}` : which === 'hour' ? t('review.queue_hour', { hour: g.key }) : g.key;
  const row = (f: QueueGroupFigures) => [
    fmt.number(f.tickets), fmt.number(f.served), fmt.number(f.no_shows), d(f.wait_median_ms), d(f.wait_p90_ms), d(f.wait_longest_ms), d(f.service_median_ms),
  ];
  const heads = [
    t('review.queue_tickets'), t('review.queue_served'), t('review.queue_no_shows'), t('review.queue_wait_median'),
    t('review.queue_wait_p90'), t('review.queue_wait_longest'), t('review.queue_service_median'),
  ];
  return (
    <section className="card" aria-labelledby="review-queue">
      <h2 id="review-queue" className="card-title"><Megaphone size={16} aria-hidden="true" />{t('review.queue')}</h2>
      {q.totals.tickets === 0 && q.appointments === 0 ? (
        <p className="muted">{t('review.queue_none')}</p>
      ) : (
        <>
          <dl className="facts facts-row">
            {heads.map((h, i) => (
              <div className="fact" key={h}>
                <dt>{h}</dt>
                <dd>{row(q.totals)[i]}</dd>
              </div>
            ))}
            <div className="fact">
              <dt>{t('review.queue_open')}</dt>
              <dd>{fmt.number(q.totals.open)}</dd>
            </div>
            <div className="fact">
              <dt>{t('review.queue_appointments')}</dt>
              <dd>{fmt.number(q.appointments)}</dd>
            </div>
            <div className="fact">
              <dt>{t('review.queue_appointments_kept')}</dt>
              <dd>{fmt.number(q.appointments_kept)}</dd>
            </div>
            <div className="fact">
              <dt>{t('review.queue_appointments_missed')}</dt>
              <dd>{fmt.number(q.appointments_missed)}</dd>
            </div>
          </dl>
          <Tabs selectedKey={dim} onSelectionChange={(k) => setDim(k as Dim)} className="tabs">
            <TabList aria-label={t('review.queue')} className="tablist">
              <Tab id="category" className="tab">{t('review.queue_by_category')}</Tab>
              <Tab id="desk" className="tab">{t('review.queue_by_desk')}</Tab>
              <Tab id="hour" className="tab">{t('review.queue_by_hour')}</Tab>
            </TabList>
            {(['category', 'desk', 'hour'] as const).map((which) => (
              <TabPanel key={which} id={which} className="tabpanel">
                <div className="chart-table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t(which === 'category' ? 'queue.col_category' : which === 'desk' ? 'queue.col_desk' : 'review.queue_by_hour')}</th>
                        {heads.map((h) => <th scope="col" key={h}>{h}</th>)}
                      </tr>
                    </thead>
                    <tbody>
                      {groups[which].map((g) => (
                        <tr key={g.key}>
                          <th scope="row">{label(g, which)}</th>
                          {row(g.figures).map((v, i) => <td key={i}>{v}</td>)}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </TabPanel>
            ))}
          </Tabs>
        </>
      )}
    </section>
  );
}
