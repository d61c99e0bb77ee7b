import { ScrollText, ShieldCheck, Stamp } from 'lucide-react';
import { defined, isoDay, recordHref, withQuery, type Feature } from '../../app/feature';
import { CertifyScreen } from './CertifyScreen';
import { LedgerScreen } from './LedgerScreen';
import { LedgerEntryScreen } from './LedgerEntryScreen';
import { VerifyScreen } from './VerifyScreen';

export type CertificationRoute =
  | { name: 'certify' }
  | { name: 'ledger'; text?: string; from?: string; to?: string }
  | { name: 'ledger_entry'; id: string }
  | { name: 'verify'; code?: string };

/** Certifying signatures and copies: the form, the ledger, one entry, and checking a seal. */
export const certification: Feature<CertificationRoute> = {
  routes: {
    certify: {
      path: 'certify',
      parse: () => ({ name: 'certify' }),
      permission: 'certify',
      screen: () => <CertifyScreen />,
    },
    ledger: {
      path: 'ledger',
      parse: (rest, params) =>
        rest[0] ? null : defined({ name: 'ledger', text: params.get('q') || undefined, from: isoDay(params.get('from')), to: isoDay(params.get('to')) }),
      href: (r) => withQuery('#/ledger', { q: r.text, from: r.from, to: r.to }),
      permission: 'view_ledger',
      screen: (r) => (
        <LedgerScreen key={`${r.text ?? ''}|${r.from ?? ''}|${r.to ?? ''}`} initialText={r.text} initialFrom={r.from} initialTo={r.to} />
      ),
    },
    ledger_entry: {
      path: 'ledger',
      parse: (rest) => (rest[0] ? { name: 'ledger_entry', id: decodeURIComponent(rest[0]) } : null),
      href: (r) => recordHref('ledger', r.id),
      permission: 'view_ledger',
      screen: (r) => <LedgerEntryScreen key={r.id} id={r.id} />,
      nav: 'ledger',
      page: (r) => r.id,
    },
    verify: {
      // Open to everyone signed in, as the public page is to anyone.
      path: 'verify',
      parse: (_rest, params) => {
        const code = params.get('code');
        return code ? { name: 'verify', code } : { name: 'verify' };
      },
      href: (r) => (r.code ? `#/verify?code=${encodeURIComponent(r.code)}` : '#/verify'),
      screen: (r) => <VerifyScreen key={r.code ?? ''} initialCode={r.code} />,
      // The code field, ready for a scanner.
      focusesItself: true,
    },
  },
  nav: [
    { route: { name: 'certify' }, label: 'nav.certify', icon: Stamp, permission: 'certify', order: 50 },
    { route: { name: 'ledger' }, label: 'nav.ledger', icon: ScrollText, permission: 'view_ledger', order: 60 },
    { route: { name: 'verify' }, label: 'nav.verify', icon: ShieldCheck, order: 70 },
  ],
};
