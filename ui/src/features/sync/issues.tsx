import type { SyncIssue } from '../../gen/SyncIssue';
import type { CommandName } from '../../gen/CommandName';
import { COMMAND_NAMES } from '../../gen/commandNames';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { useT } from '../../i18n/useT';
import { Banner } from '../../components/ui';

/** Reason codes the server gives for a refused change that have their own translation. */
const KNOWN_REASONS = new Set([
  'invalid_transition', 'forbidden', 'unknown_case', 'validation', 'duplicate', 'number_not_leased', 'conflict',
  'day_closed', 'already_settled', 'no_cash_session', 'not_take_back', 'supervisor_required', 'already_paid',
]);

/**
 * The label of every sync command: `CommandName` is generated from the one command list in
 * okno-wire, and the type check fails when a command has no `sync_command.*` message.
 */
function commandLabel(command: CommandName): MessageId {
  return `sync_command.${command}`;
}

function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

/** Why the server did not take a change, translated by its code; else its English explanation. */
export function IssueReason({ issue }: { issue: SyncIssue }) {
  const t = useT();
  const code = KNOWN_REASONS.has(issue.code) ? issue.code : issue.outcome === 'conflict' ? 'conflict' : null;
  if (code) return <>{t(`sync_issue.${code}` as MessageId)}</>;
  return (
    <>
      {t('sync_issue.other')} <q lang="en" dir="ltr">{issue.message}</q>
    </>
  );
}

function CommandLabel({ command }: { command: string }) {
  const t = useT();
  return isCommandName(command) ? <>{t(commandLabel(command))}</> : <code dir="ltr">{command}</code>;
}

/**
 * One change the server refused or left in conflict: what it was, why, when; with a link to its
 * case when shown outside the case.
 */
export function SyncIssueEntry({ issue, showCase, onNavigate }: { issue: SyncIssue; showCase: boolean; onNavigate?: () => void }) {
  const t = useT();
  const { fmt } = useApp();
  return (
    <div className="sync-issue">
      <p className="sync-issue-head">
        {showCase && issue.case_id ? (
          <a className="case-link" href={href({ name: 'case', id: issue.case_id })} onClick={onNavigate}>
            {issue.case_number ? <span dir="ltr">{issue.case_number}</span> : t('sync.open_case')}
          </a>
        ) : null}
        <span className={`tag tag-outcome-${issue.outcome}`}>{t(`sync_issue.outcome.${issue.outcome}` as MessageId)}</span>
        <span className="sync-issue-command"><CommandLabel command={issue.command} /></span>
      </p>
      <p className="sync-issue-reason"><IssueReason issue={issue} /></p>
      <p className="event-meta"><time dateTime={issue.at}>{fmt.dateTime(issue.at)}</time></p>
    </div>
  );
}

/** The box beside a case's record listing the changes to it that the server did not accept. */
export function CaseSyncIssues({ issues }: { issues: SyncIssue[] }) {
  const t = useT();
  if (issues.length === 0) return null;
  const refused = issues.some((i) => i.outcome === 'rejected');
  return (
    <div className="case-sync-issues">
      <Banner kind={refused ? 'error' : 'warning'} title={t('case.sync_issues_title', { count: issues.length })}>
        <p>{t('case.sync_issues_help')}</p>
        <ul className="sync-issue-list">
          {issues.map((i) => (
            <li key={i.seq}>
              <SyncIssueEntry issue={i} showCase={false} />
            </li>
          ))}
        </ul>
      </Banner>
    </div>
  );
}
