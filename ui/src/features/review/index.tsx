import { CalendarCheck, ChartColumn, ListTodo } from 'lucide-react';
import { defined, isoDay, withQuery, type Feature } from '../../app/feature';
import { ReviewScreen } from './ReviewScreen';
import { OpenWorkScreen } from './OpenWorkScreen';
import { CloseDayScreen } from './CloseDayScreen';

/** The lists of the open-work screen, as its address names them. */
export type OpenWorkList = 'overdue' | 'due_soon' | 'waiting' | 'unassigned' | 'feedback';
const OPEN_WORK_LISTS: readonly string[] = ['overdue', 'due_soon', 'waiting', 'unassigned', 'feedback'];

export type ReviewRoute =
  | { name: 'review'; from?: string; to?: string }
  | { name: 'open_work'; show?: OpenWorkList }
  | { name: 'close_day'; day?: string };

/** The supervisor's view: the day's (or a period's) review, the open work, and closing the day. */
export const review: Feature<ReviewRoute> = {
  routes: {
    review: {
      path: 'review',
      parse: (_rest, params) => defined({ name: 'review', from: isoDay(params.get('from')), to: isoDay(params.get('to')) }),
      href: (r) => withQuery('#/review', { from: r.from, to: r.to }),
      permission: 'review_day',
      screen: (r) => <ReviewScreen from={r.from} to={r.to} />,
    },
    open_work: {
      path: 'open-work',
      parse: (_rest, params) => {
        const show = params.get('show');
        return show && OPEN_WORK_LISTS.includes(show) ? { name: 'open_work', show: show as OpenWorkList } : { name: 'open_work' };
      },
      href: (r) => withQuery('#/open-work', { show: r.show }),
      permission: 'review_day',
      screen: (r) => <OpenWorkScreen key={r.show ?? ''} show={r.show} />,
    },
    close_day: {
      path: 'close-day',
      parse: (_rest, params) => defined({ name: 'close_day', day: isoDay(params.get('day')) }),
      href: (r) => withQuery('#/close-day', { day: r.day }),
      permission: 'close_day',
      screen: (r) => <CloseDayScreen key={r.day ?? ''} day={r.day} />,
    },
  },
  nav: [
    { route: { name: 'review' }, label: 'nav.review', icon: ChartColumn, permission: 'review_day', order: 100 },
    { route: { name: 'open_work' }, label: 'nav.open_work', icon: ListTodo, permission: 'review_day', order: 110 },
    { route: { name: 'close_day' }, label: 'nav.close_day', icon: CalendarCheck, permission: 'close_day', order: 130 },
  ],
};
