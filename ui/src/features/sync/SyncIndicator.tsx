import { useEffect, useId, useRef, useState } from 'react';
import {
  Button, Dialog, DialogTrigger, Heading, Label, Popover, ProgressBar, Tooltip, TooltipTrigger,
} from 'react-aria-components';
import { Ban, CloudCheck, CloudOff, Monitor, RefreshCw, TriangleAlert, type LucideIcon } from 'lucide-react';
import type { SyncIssue } from '../../gen/SyncIssue';
import type { SyncProgress } from '../../gen/SyncProgress';
import type { SyncState } from '../../gen/SyncState';
import type { SyncStatus } from '../../gen/SyncStatus';
import type { MessageId } from '../../i18n/messages';
import type { Formatters } from '../../i18n/format';
import { useApp } from '../../app/state';
import { toApiError } from '../../host';
import { errorText, useT, type T } from '../../i18n/useT';
import { SyncIssueEntry } from './issues';
import { RejoinForm } from './RejoinForm';
import { useNow, useSync } from './SyncProvider';

/** Set once the clerk was told that the workstation's key is kept in memory only. */
const MEMORY_NOTICE_KEY = 'okno.sync.memory_credentials_told';

const STATE_ICON: Record<SyncState, LucideIcon> = {
  standalone: Monitor,
  online: CloudCheck,
  offline: CloudOff,
  error: TriangleAlert,
  revoked: Ban,
};

function progressText(t: T, fmt: Formatters, p: SyncProgress): string {
  const phase = t(`sync.phase.${p.phase}` as MessageId);
  return p.total !== null
    ? t('sync.progress', { phase, done: fmt.number(p.done), total: fmt.number(p.total) })
    : t('sync.progress_open', { phase, done: fmt.number(p.done) });
}

/** The indicator's short words: the running phase while syncing, else the state. */
function shortLabel(t: T, fmt: Formatters, s: SyncStatus, now: number): string {
  if (s.progress) return progressText(t, fmt, s.progress);
  if (s.state === 'online') {
    return s.last_sync_at ? t('sync.state.online', { when: fmt.relative(s.last_sync_at, now) }) : t('sync.state.online_never');
  }
  return t(`sync.state.${s.state}` as MessageId);
}

/**
 * The header's sync indicator: state, what waits to be sent, what the server refused, progress
 * while syncing, and "Sync now". Activating it opens the details. It never blocks the clerk.
 */
export function SyncIndicator() {
  const t = useT();
  const { fmt, toast } = useApp();
  const { status, busy, syncNow } = useSync();
  const now = useNow(15_000);
  const announcement = useAnnouncement(status);

  // Without a usable keyring the key lives in memory only: said once per session (the
  // details keep saying it).
  const memoryCredentials = status?.memory_credentials ?? false;
  useEffect(() => {
    if (!memoryCredentials || sessionStorage.getItem(MEMORY_NOTICE_KEY)) return;
    sessionStorage.setItem(MEMORY_NOTICE_KEY, '1');
    toast(t('sync.memory_credentials'), 'info');
  }, [memoryCredentials, toast, t]);

  const run = async () => {
    if (busy) return;
    try {
      const after = await syncNow();
      if (after.last_error && (after.state === 'offline' || after.state === 'error' || after.state === 'revoked')) {
        toast(t('sync.failed', { reason: errorText(t, after.last_error) }), 'error');
      } else {
        toast(t('sync.finished'), 'info');
      }
    } catch (e) {
      toast(t('sync.failed', { reason: errorText(t, toApiError(e)) }), 'error');
    }
  };

  const standalone = status?.state === 'standalone';
  const Icon = status ? (status.progress ? RefreshCw : STATE_ICON[status.state]) : null;

  return (
    <div className="sync" role="group" aria-label={t('sync.title')}>
      {status && Icon ? (
        <DialogTrigger>
          <Button className="sync-pill" data-state={status.state} data-syncing={status.progress ? true : undefined}>
            <Icon size={16} aria-hidden="true" className={status.progress ? 'spin' : undefined} />
            <span className="sync-label">{shortLabel(t, fmt, status, now)}</span>
            {status.needs_rejoin ? (
              <span className="sync-chip sync-chip-issue">{t('sync.rejoin_short')}</span>
            ) : null}
            {!standalone && status.pending > 0 ? (
              <span className="sync-chip">{t('sync.pending_short', { count: status.pending })}</span>
            ) : null}
            {status.rejected > 0 ? (
              <span className="sync-chip sync-chip-issue">{t('sync.rejected_short', { count: status.rejected })}</span>
            ) : null}
            {status.conflicts > 0 ? (
              <span className="sync-chip sync-chip-issue">{t('sync.conflicts_short', { count: status.conflicts })}</span>
            ) : null}
          </Button>
          <Popover className="popover popover-card sync-popover" placement="bottom end">
            <Dialog className="popover-dialog">
              {({ close }) => <SyncDetails status={status} now={now} onNavigate={close} />}
            </Dialog>
          </Popover>
        </DialogTrigger>
      ) : null}
      <TooltipTrigger delay={400}>
        <Button
          className="icon-button topbar-icon sync-now"
          aria-label={t('sync.now')}
          isDisabled={!status || standalone}
          data-busy={busy || undefined}
          onPress={() => void run()}
        >
          <RefreshCw size={18} aria-hidden="true" className={busy ? 'spin' : undefined} />
        </Button>
        <Tooltip className="tooltip" placement="bottom">{t('sync.now')}</Tooltip>
      </TooltipTrigger>
      {/* Changes of state are announced once, politely; the polling itself stays silent. */}
      <span className="visually-hidden" role="status">{announcement}</span>
    </div>
  );
}

/** What to tell a screen reader when sync changes under the clerk (not on every poll). */
function useAnnouncement(status: SyncStatus | null): string {
  const t = useT();
  const { fmt } = useApp();
  const previous = useRef<SyncStatus | null>(null);
  const [said, setSaid] = useState('');
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (!status || !before) return;
    const issuesBefore = before.rejected + before.conflicts;
    const issuesNow = status.rejected + status.conflicts;
    if (status.needs_rejoin && !before.needs_rejoin) {
      setSaid(`${t('sync.title')}: ${t('sync.rejoin_short')}`);
    } else if (status.state !== before.state) {
      setSaid(`${t('sync.title')}: ${shortLabel(t, fmt, { ...status, progress: null }, Date.now())}`);
    } else if (issuesNow > issuesBefore) {
      setSaid(t('sync.announce_issues', { count: issuesNow }));
    }
  }, [status, t, fmt]);
  return said;
}

function SyncDetails({ status, now, onNavigate }: { status: SyncStatus; now: number; onNavigate(): void }) {
  const t = useT();
  const { fmt } = useApp();
  const Icon = STATE_ICON[status.state];
  const standalone = status.state === 'standalone';
  const when = (iso: string) => (
    <time dateTime={iso}>
      {fmt.dateTime(iso)} <span className="muted">({fmt.relative(iso, now)})</span>
    </time>
  );
  return (
    <>
      <Heading slot="title" className="popover-title">{t('sync.title')}</Heading>
      <p className="sync-headline" data-state={status.state}>
        <Icon size={16} aria-hidden="true" />
        <span>{shortLabel(t, fmt, { ...status, progress: null }, now)}</span>
      </p>
      <p className="muted small">{t(`sync.explain.${status.state}` as MessageId)}</p>
      {status.progress ? <SyncProgressBar progress={status.progress} /> : null}
      {status.needs_rejoin ? (
        <section className="sync-rejoin-section" aria-labelledby="sync-rejoin-title">
          <h3 id="sync-rejoin-title" className="sync-issues-title">{t('sync.rejoin_title')}</h3>
          <p className="small">{t('sync.rejoin_explain')}</p>
          <RejoinForm />
        </section>
      ) : null}
      {status.memory_credentials ? <p className="muted small">{t('sync.memory_credentials')}</p> : null}
      {standalone ? null : (
        <>
          <dl className="sync-facts">
            {status.server_url ? (
              <div><dt>{t('sync.server')}</dt><dd dir="ltr" className="ltr-value">{status.server_url}</dd></div>
            ) : null}
            {status.device_name ? (
              <div><dt>{t('sync.device')}</dt><dd>{status.device_name}</dd></div>
            ) : null}
            <div>
              <dt>{t('sync.last_sync')}</dt>
              <dd>{status.last_sync_at ? when(status.last_sync_at) : t('sync.never')}</dd>
            </div>
            <div>
              <dt>{t('sync.pending')}</dt>
              <dd>
                {t('sync.pending_count', { count: status.pending })}
                {status.pending > 0 && status.oldest_pending ? (
                  <span className="dd-sub">{t('sync.pending_since', { when: fmt.dateTime(status.oldest_pending) })}</span>
                ) : null}
              </dd>
            </div>
            {status.next_attempt_at ? (
              <div><dt>{t('sync.next_attempt')}</dt><dd>{when(status.next_attempt_at)}</dd></div>
            ) : null}
            {status.last_error ? (
              <div><dt>{t('sync.last_error')}</dt><dd className="sync-error">{errorText(t, status.last_error)}</dd></div>
            ) : null}
          </dl>
          <IssueList count={status.rejected + status.conflicts} onNavigate={onNavigate} />
        </>
      )}
    </>
  );
}

function SyncProgressBar({ progress }: { progress: SyncProgress }) {
  const t = useT();
  const { fmt } = useApp();
  const known = progress.total !== null && progress.total > 0;
  return (
    <ProgressBar
      className="sync-progress"
      value={progress.done}
      minValue={0}
      maxValue={known ? progress.total! : 100}
      isIndeterminate={!known}
      valueLabel={progressText(t, fmt, progress)}
    >
      {({ percentage, valueText }) => (
        <>
          <div className="sync-progress-text">
            <Label>{t(`sync.phase.${progress.phase}` as MessageId)}</Label>
            <span className="muted">{valueText}</span>
          </div>
          <div className="sync-progress-track">
            <div className={known ? 'sync-progress-fill' : 'sync-progress-fill is-indeterminate'} style={known ? { inlineSize: `${percentage ?? 0}%` } : undefined} />
          </div>
        </>
      )}
    </ProgressBar>
  );
}

/** The changes made here that the server refused or left in conflict, with links to their cases. */
function IssueList({ count, onNavigate }: { count: number; onNavigate(): void }) {
  const t = useT();
  const { call } = useApp();
  const titleId = useId();
  const [issues, setIssues] = useState<SyncIssue[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    call('list_sync_issues', {})
      .then((list) => {
        if (!live) return;
        setIssues(list);
        setFailed(false);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [call, count]);
  return (
    <section className="sync-issues" aria-labelledby={titleId}>
      <h3 id={titleId} className="sync-issues-title">{t('sync.issues_title')}</h3>
      {issues === null ? (
        <p className="muted small">{failed ? t('sync.issues_failed') : t('common.loading')}</p>
      ) : issues.length === 0 ? (
        <p className="muted small">{t('sync.issues_none')}</p>
      ) : (
        <ul className="sync-issue-list">
          {issues.map((i) => (
            <li key={i.seq}>
              <SyncIssueEntry issue={i} showCase onNavigate={onNavigate} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
