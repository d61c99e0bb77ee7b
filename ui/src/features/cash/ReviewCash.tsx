import { useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { Banknote, FileSpreadsheet } from 'lucide-react';
import type { DayReview } from '../../gen/DayReview';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { useCashDocument } from './documents';
import { MethodLabel, signedMoney } from './labels';
import { SessionTable } from './SessionsTab';

type Dim = 'method' | 'service' | 'cashier' | 'sessions';

/**
 * The cash desk in the supervisor's review: net revenue, by payment method, by service (with
 * its account) and by cashier; the sessions with their differences; payment orders still open;
 * and the revenue per account as a CSV for the accounting system.
 */
export function ReviewCash({ review }: { review: DayReview }) {
  const t = useT();
  const { fmt } = useApp();
  const docs = useCashDocument();
  const [dim, setDim] = useState<Dim>('method');
  const c = review.cash;
  const money = (m: number) => fmt.money(m, c.currency);
  const nothing = c.by_method.length === 0 && c.sessions.length === 0 && c.open_orders === 0;
  const differences = c.sessions.reduce((sum, s) => sum + (s.difference_minor ?? 0), 0);
  return (
    <section className="card" aria-labelledby="review-cash">
      <div className="card-head">
        <h2 id="review-cash" className="card-title"><Banknote size={16} aria-hidden="true" />{t('review.cash')}</h2>
        <Button
          className="button button-secondary button-sm"
          onPress={() => void docs.run({ kind: 'revenue_export', from: review.from, to: review.to }, 'save')}
          data-busy={docs.busy === 'revenue_export-save' || undefined}
        >
          <FileSpreadsheet size={14} aria-hidden="true" />
          {t('review.cash_export')}
        </Button>
      </div>
      {nothing ? (
        <p className="muted">{t('review.cash_none')}</p>
      ) : (
        <>
          <dl className="facts facts-row">
            <div className="fact"><dt>{t('review.cash_net')}</dt><dd>{money(c.net_minor)}</dd></div>
            <div className="fact"><dt>{t('review.cash_sessions')}</dt><dd>{fmt.number(c.sessions.length)}</dd></div>
            <div className="fact"><dt>{t('review.cash_differences')}</dt><dd>{signedMoney(fmt.tag, differences, c.currency)}</dd></div>
            <div className="fact"><dt>{t('review.cash_open_orders')}</dt><dd>{fmt.number(c.open_orders)}</dd></div>
            <div className="fact"><dt>{t('review.cash_open_orders_amount')}</dt><dd>{money(c.open_orders_minor)}</dd></div>
          </dl>
          <Tabs selectedKey={dim} onSelectionChange={(k) => setDim(k as Dim)} className="tabs">
            <TabList aria-label={t('review.cash')} className="tablist">
              <Tab id="method" className="tab">{t('review.cash_by_method')}</Tab>
              <Tab id="service" className="tab">{t('review.cash_by_service')}</Tab>
              <Tab id="cashier" className="tab">{t('review.cash_by_cashier')}</Tab>
              <Tab id="sessions" className="tab">{t('review.cash_sessions')}</Tab>
            </TabList>
            <TabPanel id="method" className="tabpanel">
              <div className="chart-table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t('review.cash_by_method')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('cash.col.method')}</th>
                      <th scope="col" className="col-num">{t('review.cash_payments')}</th>
                      <th scope="col" className="col-num">{t('review.cash_paid')}</th>
                      <th scope="col" className="col-num">{t('review.cash_voids')}</th>
                      <th scope="col" className="col-num">{t('review.cash_refunds')}</th>
                      <th scope="col" className="col-num">{t('review.cash_net')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.by_method.map((m) => (
                      <tr key={m.method}>
                        <th scope="row"><MethodLabel method={m.method} /></th>
                        <td className="col-num">{fmt.number(m.payments)}</td>
                        <td className="col-num nowrap">{money(m.paid_minor)}</td>
                        <td className="col-num nowrap">{fmt.number(m.voids)} · {money(m.voided_minor)}</td>
                        <td className="col-num nowrap">{fmt.number(m.refunds)} · {money(m.refunded_minor)}</td>
                        <td className="col-num nowrap"><strong>{money(m.net_minor)}</strong></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </TabPanel>
            <TabPanel id="service" className="tabpanel">
              <div className="chart-table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t('review.cash_by_service')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('review.cash_service')}</th>
                      <th scope="col">{t('cash.col.account')}</th>
                      <th scope="col" className="col-num">{t('review.cash_lines')}</th>
                      <th scope="col" className="col-num">{t('review.cash_net')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.by_service.map((s, i) => (
                      <tr key={`${s.service_id ?? ''}-${s.account}-${i}`}>
                        <th scope="row" dir="auto">{s.description}</th>
                        <td>{s.account ? <span dir="ltr">{s.account}</span> : <span className="muted">—</span>}</td>
                        <td className="col-num">{fmt.number(s.lines)}</td>
                        <td className="col-num nowrap">{money(s.net_minor)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </TabPanel>
            <TabPanel id="cashier" className="tabpanel">
              <div className="chart-table-wrap">
                <table className="table">
                  <caption className="visually-hidden">{t('review.cash_by_cashier')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('cash.session.cashier')}</th>
                      <th scope="col" className="col-num">{t('review.cash_receipts')}</th>
                      <th scope="col" className="col-num">{t('review.cash_net')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.by_cashier.map((k) => (
                      <tr key={k.staff_id}>
                        <th scope="row">{k.name}</th>
                        <td className="col-num">{fmt.number(k.receipts)}</td>
                        <td className="col-num nowrap">{money(k.net_minor)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </TabPanel>
            <TabPanel id="sessions" className="tabpanel">
              {c.sessions.length ? <SessionTable sessions={c.sessions} caption={t('review.cash_sessions')} /> : <p className="muted">{t('cash.sessions.none')}</p>}
            </TabPanel>
          </Tabs>
        </>
      )}
    </section>
  );
}
