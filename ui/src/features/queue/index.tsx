import { Megaphone } from 'lucide-react';
import type { Feature } from '../../app/feature';
import { QueueScreen } from './QueueScreen';
import { VisitScreen } from './VisitScreen';

export type QueueRoute = { name: 'queue' } | { name: 'visit'; id: string };

/** The desk's queue (call, serve, take tickets) and the visit each ticket begins. */
export const queue: Feature<QueueRoute> = {
  routes: {
    queue: {
      path: 'queue',
      parse: (rest) => (rest[0] ? null : { name: 'queue' }),
      permission: 'serve_queue',
      screen: () => <QueueScreen />,
    },
    visit: {
      path: 'visits',
      parse: (rest) => (rest[0] ? { name: 'visit', id: decodeURIComponent(rest[0]) } : null),
      href: (r) => `#/visits/${encodeURIComponent(r.id)}`,
      screen: (r) => <VisitScreen key={r.id} id={r.id} />,
      nav: 'queue',
      page: (r) => r.id,
    },
  },
  nav: [
    { route: { name: 'queue' }, label: 'nav.queue', icon: Megaphone, permission: 'serve_queue', shortcut: { key: 'Q', help: 'shortcuts.queue' }, order: 15 },
  ],
};
