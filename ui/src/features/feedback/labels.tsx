import {
  Archive, CheckCircle2, Globe, HelpCircle, Inbox, Lightbulb, Loader, MessageSquareWarning, MonitorSmartphone, PhoneCall, Radio, Smile,
  Star, ThumbsUp, Users, XCircle, type LucideIcon,
} from 'lucide-react';
import type { FeedbackAbout } from '../../gen/FeedbackAbout';
import type { FeedbackChannel } from '../../gen/FeedbackChannel';
import type { FeedbackEventKind } from '../../gen/FeedbackEventKind';
import type { FeedbackKind } from '../../gen/FeedbackKind';
import type { FeedbackState } from '../../gen/FeedbackState';
import type { RatingReason } from '../../gen/RatingReason';
import type { SurveyQuestionKind } from '../../gen/SurveyQuestionKind';
import type { SurveyState } from '../../gen/SurveyState';
import type { MessageId } from '../../i18n/messages';
import { useT, type T } from '../../i18n/useT';

/**
 * The words of the feedback feature's codes. Each is a record over the generated type: a new
 * value does not type-check without its words.
 */
export const KINDS: readonly FeedbackKind[] = ['complaint', 'suggestion', 'idea', 'praise', 'question', 'callback'];
export const ABOUTS: readonly FeedbackAbout[] = ['office', 'service', 'agency', 'desk', 'staff'];
export const STATES: readonly FeedbackState[] = ['received', 'in_progress', 'answered', 'closed', 'rejected'];

const KIND: Record<FeedbackKind, { label: MessageId; help: MessageId; icon: LucideIcon }> = {
  complaint: { label: 'feedback.kind.complaint', help: 'feedback.kind_help.complaint', icon: MessageSquareWarning },
  suggestion: { label: 'feedback.kind.suggestion', help: 'feedback.kind_help.suggestion', icon: Lightbulb },
  idea: { label: 'feedback.kind.idea', help: 'feedback.kind_help.idea', icon: Star },
  praise: { label: 'feedback.kind.praise', help: 'feedback.kind_help.praise', icon: ThumbsUp },
  question: { label: 'feedback.kind.question', help: 'feedback.kind_help.question', icon: HelpCircle },
  callback: { label: 'feedback.kind.callback', help: 'feedback.kind_help.callback', icon: PhoneCall },
};

export const kindLabel = (t: T, k: FeedbackKind) => t(KIND[k].label);
export const kindHelp = (t: T, k: FeedbackKind) => t(KIND[k].help);

export function KindLabel({ kind }: { kind: FeedbackKind }) {
  const t = useT();
  const { icon: I, label } = KIND[kind];
  return (
    <span className={`with-icon fb-kind fb-kind-${kind}`}>
      <I size={14} aria-hidden="true" />
      {t(label)}
    </span>
  );
}

const ABOUT: Record<FeedbackAbout, MessageId> = {
  office: 'feedback.about.office',
  service: 'feedback.about.service',
  agency: 'feedback.about.agency',
  desk: 'feedback.about.desk',
  staff: 'feedback.about.staff',
};
export const aboutLabel = (t: T, a: FeedbackAbout) => t(ABOUT[a]);

const STATE: Record<FeedbackState, { label: MessageId; icon: LucideIcon }> = {
  received: { label: 'feedback.state.received', icon: Inbox },
  in_progress: { label: 'feedback.state.in_progress', icon: Loader },
  answered: { label: 'feedback.state.answered', icon: CheckCircle2 },
  closed: { label: 'feedback.state.closed', icon: Archive },
  rejected: { label: 'feedback.state.rejected', icon: XCircle },
};
export const stateLabel = (t: T, s: FeedbackState) => t(STATE[s].label);

/** Where an item stands: an icon and a word on a tint (never colour alone). */
export function FeedbackStateBadge({ state, size = 'md' }: { state: FeedbackState; size?: 'md' | 'lg' }) {
  const t = useT();
  const { icon: I, label } = STATE[state];
  return (
    <span className={`badge badge-${size} fb-state fb-state-${state}`}>
      <I size={size === 'lg' ? 16 : 14} aria-hidden="true" />
      <span>{t(label)}</span>
    </span>
  );
}

const CHANNEL: Record<FeedbackChannel, { label: MessageId; icon: LucideIcon }> = {
  desk: { label: 'feedback.channel.desk', icon: Users },
  public_page: { label: 'feedback.channel.public_page', icon: Globe },
  kiosk: { label: 'feedback.channel.kiosk', icon: MonitorSmartphone },
  open311: { label: 'feedback.channel.open311', icon: Radio },
  rating: { label: 'feedback.channel.rating', icon: Smile },
};
export const channelLabel = (t: T, c: FeedbackChannel) => t(CHANNEL[c].label);

export function ChannelLabel({ channel }: { channel: FeedbackChannel }) {
  const t = useT();
  const { icon: I, label } = CHANNEL[channel];
  return (
    <span className="with-icon">
      <I size={14} aria-hidden="true" />
      {t(label)}
    </span>
  );
}

const EVENT: Record<FeedbackEventKind, MessageId> = {
  received: 'feedback.event.received',
  assigned: 'feedback.event.assigned',
  started: 'feedback.event.started',
  answered: 'feedback.event.answered',
  closed: 'feedback.event.closed',
  rejected: 'feedback.event.rejected',
  reopened: 'feedback.event.reopened',
  noted: 'feedback.event.noted',
};
export const eventLabel = (t: T, k: FeedbackEventKind) => t(EVENT[k]);

export const POSITIVE: readonly RatingReason[] = ['friendly', 'competent', 'quick', 'clear'];
export const NEGATIVE: readonly RatingReason[] = ['long_wait', 'unfriendly', 'unclear', 'unresolved'];

/** The reasons offered under a score: the good ones from 4, the bad ones up to 2, both at 3 (okno-rules' `reasons_offered`). */
export function reasonsOffered(score: number): RatingReason[] {
  return score >= 4 ? [...POSITIVE] : score <= 2 ? [...NEGATIVE] : [...POSITIVE, ...NEGATIVE];
}

const REASON: Record<RatingReason, MessageId> = {
  friendly: 'rate.reason.friendly',
  competent: 'rate.reason.competent',
  quick: 'rate.reason.quick',
  clear: 'rate.reason.clear',
  long_wait: 'rate.reason.long_wait',
  unfriendly: 'rate.reason.unfriendly',
  unclear: 'rate.reason.unclear',
  unresolved: 'rate.reason.unresolved',
};
export const reasonLabel = (t: T, r: RatingReason) => t(REASON[r]);

/** The five faces' words, 1 (very unhappy) to 5 (very happy). */
export const SCORE_LABELS: readonly MessageId[] = ['rate.score.1', 'rate.score.2', 'rate.score.3', 'rate.score.4', 'rate.score.5'];

const QUESTION_KIND: Record<SurveyQuestionKind, MessageId> = {
  scale: 'survey.kind.scale',
  single: 'survey.kind.single',
  multiple: 'survey.kind.multiple',
  text: 'survey.kind.text',
};
export const QUESTION_KINDS: readonly SurveyQuestionKind[] = ['scale', 'single', 'multiple', 'text'];
export const questionKindLabel = (t: T, k: SurveyQuestionKind) => t(QUESTION_KIND[k]);

const SURVEY_STATE: Record<SurveyState, MessageId> = {
  draft: 'survey.state.draft',
  published: 'survey.state.published',
  closed: 'survey.state.closed',
};

export function SurveyStateBadge({ state }: { state: SurveyState }) {
  const t = useT();
  return <span className={`badge fb-survey-${state}`}>{t(SURVEY_STATE[state])}</span>;
}

/** A left-to-right number (an item's) as the screens show it. */
export function ItemNumber({ number }: { number: string }) {
  return <span className="case-number" dir="ltr">{number}</span>;
}

/** A half-year's label from the core (`1397 H2`) in the reader's words and digits; another
 * period's label (two dates) as it comes. */
export function periodLabel(label: string, t: T, number: (n: number) => string): string {
  const m = /^(\d{3,4}) H([12])$/.exec(label);
  if (!m) return label;
  // The year without grouping (1 397 would read as a number, not a year).
  const year = number(Number(m[1])).replace(/[\s,.\u066C\u00A0\u202F]/g, '');
  return t('feedback.report.half_label', { half: m[2], year });
}
