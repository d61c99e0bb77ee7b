import {
  Archive, ArrowDown, ArrowUp, CheckCircle2, Forward, Hourglass, Inbox, Loader, Lock, Minus, OctagonAlert, XCircle, AlertTriangle,
} from 'lucide-react';
import type { CaseStatus } from '../gen/CaseStatus';
import type { Priority } from '../gen/Priority';
import { useT } from '../i18n/useT';
import type { MessageId } from '../i18n/messages';

const STATUS_ICON: Record<CaseStatus, typeof Inbox> = {
  received: Inbox,
  in_progress: Loader,
  waiting_for_citizen: Hourglass,
  forwarded_to_agency: Forward,
  resolved: CheckCircle2,
  closed: Archive,
  rejected: XCircle,
};

export function StatusBadge({ status, size = 'md' }: { status: CaseStatus; size?: 'md' | 'lg' }) {
  const t = useT();
  const Icon = STATUS_ICON[status];
  return (
    <span className={`badge badge-${status} badge-${size}`}>
      <Icon size={size === 'lg' ? 16 : 14} aria-hidden="true" className={status === 'forwarded_to_agency' ? 'flip-rtl' : undefined} />
      <span>{t(`status.${status}` as MessageId)}</span>
    </span>
  );
}

const PRIORITY_ICON: Record<Priority, typeof Inbox> = {
  low: ArrowDown,
  normal: Minus,
  high: ArrowUp,
  urgent: OctagonAlert,
};

export function PriorityLabel({ priority }: { priority: Priority }) {
  const t = useT();
  const Icon = PRIORITY_ICON[priority];
  return (
    <span className={`priority priority-${priority}`}>
      <Icon size={14} aria-hidden="true" />
      <span>{t(`priority.${priority}` as MessageId)}</span>
    </span>
  );
}

/** A due date, flagged with an icon and words (never colour alone) when overdue. */
export function DueDate({ date, overdue, formatted }: { date: string; overdue: boolean; formatted: string }) {
  const t = useT();
  return overdue ? (
    <span className="due due-overdue">
      <AlertTriangle size={14} aria-hidden="true" />
      <time dateTime={date}>{formatted}</time>
      <span className="due-flag">{t('case.overdue')}</span>
    </span>
  ) : (
    <span className="due">
      <time dateTime={date}>{formatted}</time>
    </span>
  );
}

/** A case's citizen (flagged when the conversation is private) over its subject, in a list. */
export function CaseParty({ name, subject, isPrivate }: { name: string; subject: string; isPrivate: boolean }) {
  const t = useT();
  return (
    <>
      <span className="citizen">
        {name}
        {isPrivate ? (
          <span className="private-flag" title={t('case.private')}>
            <Lock size={12} aria-hidden="true" />
            <span className="visually-hidden">{t('case.private')}</span>
          </span>
        ) : null}
      </span>
      <span className="cell-sub" dir="auto" title={subject}>{subject}</span>
    </>
  );
}
