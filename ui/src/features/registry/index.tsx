import { BookUser, FileClock } from 'lucide-react';
import { recordHref, type Feature } from '../../app/feature';
import { RegistryScreen } from './RegistryScreen';
import { PersonScreen } from './PersonScreen';
import { RegistryAuditScreen } from './RegistryAuditScreen';

export type RegistryRoute = { name: 'registry' } | { name: 'registry_person'; id: string } | { name: 'registry_audit' };

/** The civil registry: the search, a person's card, and the supervisors' audit of look-ups. */
export const registry: Feature<RegistryRoute> = {
  routes: {
    registry: {
      path: 'registry',
      parse: (rest) => (rest[0] ? null : { name: 'registry' }),
      permission: 'lookup_registry',
      screen: () => <RegistryScreen />,
      // The search box, or the hit last opened.
      focusesItself: true,
    },
    registry_person: {
      // A person's card is addressed by the person only: the search and the reason for the
      // look-up stay in the session's memory, never in the address (or the browser's history).
      path: 'registry',
      parse: (rest) => (rest[0] ? { name: 'registry_person', id: decodeURIComponent(rest[0]) } : null),
      href: (r) => recordHref('registry', r.id),
      permission: 'lookup_registry',
      screen: (r) => <PersonScreen key={r.id} id={r.id} />,
      nav: 'registry',
      page: (r) => r.id,
    },
    registry_audit: {
      path: 'registry-audit',
      parse: () => ({ name: 'registry_audit' }),
      permission: 'view_registry_audit',
      screen: () => <RegistryAuditScreen />,
    },
  },
  nav: [
    { route: { name: 'registry' }, label: 'nav.registry', icon: BookUser, permission: 'lookup_registry', shortcut: { key: 'R', help: 'shortcuts.registry' }, order: 40 },
    { route: { name: 'registry_audit' }, label: 'nav.registry_audit', icon: FileClock, permission: 'view_registry_audit', order: 140 },
  ],
};
