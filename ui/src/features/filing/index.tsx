import { BookOpen } from 'lucide-react';
import { defined, isoDay, withQuery, type Feature } from '../../app/feature';
import { FilingScreen } from './FilingScreen';

export type FilingRoute = { name: 'filing'; caseNumber?: string; day?: string; direction?: 'incoming' | 'outgoing' };

/** The filing book: documents in and out, by day and year. */
export const filing: Feature<FilingRoute> = {
  routes: {
    filing: {
      path: 'filing',
      parse: (_rest, params) => {
        const direction = params.get('direction');
        return defined<FilingRoute>({
          name: 'filing',
          caseNumber: params.get('case') || undefined,
          day: isoDay(params.get('day')),
          direction: direction === 'incoming' || direction === 'outgoing' ? direction : undefined,
        });
      },
      href: (r) => withQuery('#/filing', { case: r.caseNumber, day: r.day, direction: r.direction }),
      permission: 'view_filing',
      screen: (r) => (
        <FilingScreen key={`${r.day ?? ''}|${r.direction ?? ''}`} caseNumber={r.caseNumber} initialDay={r.day} initialDirection={r.direction} />
      ),
    },
  },
  nav: [
    { route: { name: 'filing' }, label: 'nav.filing', icon: BookOpen, permission: 'view_filing', shortcut: { key: 'F', help: 'shortcuts.filing' }, order: 30 },
  ],
};
