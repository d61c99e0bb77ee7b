import { Banknote, Coins } from 'lucide-react';
import { defined, withQuery, type Feature } from '../../app/feature';
import { CASH_TABS, CashScreen, type CashTab } from './CashScreen';
import { CashSettingsScreen } from './SettingsScreen';

export type CashRoute = { name: 'cash'; tab?: CashTab; q?: string } | { name: 'cash_settings' };

function cashTab(v: string | null): CashTab | undefined {
  return (CASH_TABS as readonly string[]).includes(v ?? '') ? (v as CashTab) : undefined;
}

/**
 * The cash desk (a session, what is due, payments and their receipts, the journal, payment
 * orders, sessions to sign off) and the office's cash settings.
 */
export const cash: Feature<CashRoute> = {
  routes: {
    cash: {
      path: 'cash',
      parse: (rest, params) => (rest[0] ? null : defined({ name: 'cash', tab: cashTab(params.get('tab')), q: params.get('q') || undefined })),
      href: (r) => withQuery('#/cash', { tab: r.tab === 'desk' ? undefined : r.tab, q: r.q }),
      permission: 'take_payments',
      // A receipt number from elsewhere (the seal check) starts the journal afresh with it.
      screen: (r) => <CashScreen key={r.q ?? ''} tab={r.tab ?? (r.q ? 'journal' : 'desk')} text={r.q} />,
    },
    cash_settings: {
      path: 'cash-settings',
      parse: () => ({ name: 'cash_settings' }),
      permission: 'manage_office',
      screen: () => <CashSettingsScreen />,
    },
  },
  nav: [
    { route: { name: 'cash' }, label: 'nav.cash', icon: Banknote, permission: 'take_payments', shortcut: { key: 'P', help: 'shortcuts.cash' }, order: 17 },
    { route: { name: 'cash_settings' }, label: 'nav.cash_settings', icon: Coins, permission: 'manage_office', order: 85 },
  ],
};
