import { useCallback, useState } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import type { CashSessionView } from '../../gen/CashSessionView';
import { useApp } from '../../app/state';
import { href, navigate } from '../../app/router';
import { useT } from '../../i18n/useT';
import { useRecord } from '../../components/detail';
import { Banner, PageHeader, Spinner } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { SessionPanel } from './SessionPanel';
import { DueSection } from './DueSection';
import { JournalTab } from './JournalTab';
import { OrdersTab } from './OrdersTab';
import { SessionsTab } from './SessionsTab';

export type CashTab = 'desk' | 'journal' | 'orders' | 'sessions';
export const CASH_TABS: readonly CashTab[] = ['desk', 'journal', 'orders', 'sessions'];

/**
 * The cash desk: the session at this desk and what is due (take a payment, print its receipt);
 * the receipt journal (void, refund); payment orders (a transfer received, a cancellation); and
 * for a supervisor the sessions to sign off. The tab is part of the address.
 */
export function CashScreen({ tab: asked, text }: { tab: CashTab; text?: string }) {
  const t = useT();
  const { call, can, fmt } = useApp();
  const { record: desk, error, reload } = useRecord(useCallback(() => call('cash_desk', {}), [call]));
  const refresh = useCallback(() => void reload(), [reload]);
  useRefreshAfterSync(refresh);
  const [closed, setClosed] = useState<CashSessionView | null>(null);
  const supervisor = can('supervise_cash');
  const tab: CashTab = asked === 'sessions' && !supervisor ? 'desk' : asked;

  if (!desk) return error ? <Banner kind="error" title={t('cash.load_failed')}>{error}</Banner> : <Spinner label={t('common.loading')} />;
  const waiting = desk.awaiting_sign_off.length;

  return (
    <div className="cash">
      <PageHeader
        title={t('cash.title')}
        subtitle={desk.desk ? t('cash.subtitle_desk', { desk: desk.desk, currency: desk.currency }) : t('cash.subtitle', { currency: desk.currency })}
      />
      {error ? <Banner kind="error" title={t('cash.load_failed')}>{error}</Banner> : null}
      {supervisor && waiting > 0 && tab !== 'sessions' ? (
        <Banner kind="warning">
          {t('cash.sessions.awaiting_banner', { count: waiting })}{' '}
          <a href={href({ name: 'cash', tab: 'sessions' })}>{t('cash.sessions.go')}</a>
        </Banner>
      ) : null}
      <Tabs selectedKey={tab} onSelectionChange={(k) => navigate({ name: 'cash', tab: k as CashTab })} className="tabs">
        <TabList aria-label={t('cash.title')} className="tablist">
          <Tab id="desk" className="tab">{t('cash.tab.desk')}</Tab>
          <Tab id="journal" className="tab">{t('cash.tab.journal')}</Tab>
          <Tab id="orders" className="tab">{t('cash.tab.orders')}</Tab>
          {supervisor ? (
            <Tab id="sessions" className="tab">
              {t('cash.tab.sessions')}
              {waiting ? <span className="count-chip count-chip-alert">{fmt.plain(waiting)}</span> : null}
            </Tab>
          ) : null}
        </TabList>
        <TabPanel id="desk" className="tabpanel">
          <SessionPanel desk={desk} closed={closed} onClosed={setClosed} onChanged={refresh} />
          <DueSection desk={desk} onPaid={refresh} />
        </TabPanel>
        <TabPanel id="journal" className="tabpanel">
          <JournalTab desk={desk} initialText={text} onChanged={refresh} />
        </TabPanel>
        <TabPanel id="orders" className="tabpanel">
          <OrdersTab onChanged={refresh} />
        </TabPanel>
        {supervisor ? (
          <TabPanel id="sessions" className="tabpanel">
            <SessionsTab desk={desk} onChanged={refresh} />
          </TabPanel>
        ) : null}
      </Tabs>
    </div>
  );
}
