import { MessageSquareHeart, SlidersHorizontal } from 'lucide-react';
import { defined, withQuery, type Feature } from '../../app/feature';
import { FEEDBACK_TABS, FeedbackScreen, type FeedbackTab } from './FeedbackScreen';
import { ItemScreen } from './ItemScreen';
import { FeedbackSettingsScreen } from './SettingsScreen';
import { SurveyEditScreen } from './SurveyBuilder';
import { SurveyResultsScreen } from './SurveyResults';

export type FeedbackRoute =
  | { name: 'feedback'; tab?: FeedbackTab }
  | { name: 'feedback_item'; id: string }
  | { name: 'feedback_settings' }
  | { name: 'survey'; id: string }
  | { name: 'survey_results'; id: string };

function feedbackTab(v: string | null): FeedbackTab | undefined {
  return (FEEDBACK_TABS as readonly string[]).includes(v ?? '') ? (v as FeedbackTab) : undefined;
}

/**
 * The citizen's voice at the desk: feedback items (complaints, suggestions, ideas, praise,
 * questions, call-back requests) and their handling, the ratings given at the end of visits,
 * resident surveys, the period's report, and the office's feedback settings. The rating window
 * that faces the citizen is a window of its own (see `RatingWindow`), not a route.
 */
export const feedback: Feature<FeedbackRoute> = {
  routes: {
    feedback: {
      path: 'feedback',
      parse: (rest, params) => (rest[0] ? null : defined({ name: 'feedback', tab: feedbackTab(params.get('tab')) })),
      href: (r) => withQuery('#/feedback', { tab: r.tab === 'items' ? undefined : r.tab }),
      permission: 'take_feedback',
      screen: (r) => <FeedbackScreen tab={r.tab ?? 'items'} />,
    },
    feedback_item: {
      path: 'feedback',
      parse: (rest) => (rest[0] ? { name: 'feedback_item', id: decodeURIComponent(rest[0]) } : null),
      href: (r) => `#/feedback/${encodeURIComponent(r.id)}`,
      permission: 'take_feedback',
      screen: (r) => <ItemScreen key={r.id} id={r.id} />,
      nav: 'feedback',
      page: (r) => r.id,
    },
    feedback_settings: {
      path: 'feedback-settings',
      parse: () => ({ name: 'feedback_settings' }),
      permission: 'supervise_feedback',
      screen: () => <FeedbackSettingsScreen />,
    },
    survey: {
      path: 'surveys',
      parse: (rest) => (rest[0] && !rest[1] ? { name: 'survey', id: decodeURIComponent(rest[0]) } : null),
      href: (r) => `#/surveys/${encodeURIComponent(r.id)}`,
      permission: 'supervise_feedback',
      screen: (r) => <SurveyEditScreen key={r.id} id={r.id === 'new' ? null : r.id} />,
      nav: 'feedback',
      page: (r) => r.id,
    },
    survey_results: {
      path: 'surveys',
      parse: (rest) => (rest[0] && rest[1] === 'results' ? { name: 'survey_results', id: decodeURIComponent(rest[0]) } : null),
      href: (r) => `#/surveys/${encodeURIComponent(r.id)}/results`,
      permission: 'supervise_feedback',
      screen: (r) => <SurveyResultsScreen key={r.id} id={r.id} />,
      nav: 'feedback',
      page: (r) => `${r.id}/results`,
    },
  },
  nav: [
    { route: { name: 'feedback' }, label: 'nav.feedback', icon: MessageSquareHeart, permission: 'take_feedback', shortcut: { key: 'V', help: 'shortcuts.feedback' }, order: 18 },
    { route: { name: 'feedback_settings' }, label: 'nav.feedback_settings', icon: SlidersHorizontal, permission: 'supervise_feedback', order: 86 },
  ],
};
