import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { ArrowRight, GitMerge } from 'lucide-react';
import type { ConflictView } from '../../gen/ConflictView';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { toApiError } from '../../host';
import { errorText, useT } from '../../i18n/useT';
import { Banner, EmptyState, PageHeader, Spinner } from '../../components/ui';
import { StatusBadge } from '../../components/badges';
import { useRefreshAfterSync } from './SyncProvider';

/** Kinds of conflict that have a translated name. */
const KNOWN_KINDS = new Set(['status']);

/**
 * Disagreements the office server could not settle by itself, for supervisors. Read-only for
 * now: settling them comes with a later change (the screen says so).
 */
export function ConflictsScreen() {
  const t = useT();
  const { call, fmt } = useApp();
  const [rows, setRows] = useState<ConflictView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRows(await call('list_conflicts', {}));
      setError(null);
    } catch (e) {
      setError(errorText(t, toApiError(e)));
    }
  }, [call, t]);

  useEffect(() => {
    void load();
  }, [load]);
  useRefreshAfterSync(() => void load());

  const sorted = useMemo(() => (rows ? [...rows].sort((a, b) => b.created_at.localeCompare(a.created_at)) : null), [rows]);
  const unknown = <span className="muted">{t('conflicts.unknown')}</span>;

  return (
    <div className="conflicts">
      <PageHeader title={t('conflicts.title')} subtitle={sorted ? t('conflicts.subtitle', { count: sorted.length }) : undefined} />
      <Banner kind="info">{t('conflicts.later_note')}</Banner>
      {error ? (
        <Banner kind="error" title={t('conflicts.load_failed')}>
          <p>{error}</p>
          <Button className="button button-secondary button-sm" onPress={() => void load()}>{t('common.retry')}</Button>
        </Banner>
      ) : null}
      {sorted === null ? (
        error ? null : <Spinner label={t('common.loading')} />
      ) : (
        <div className="card table-card">
          {sorted.length === 0 ? (
            <EmptyState icon={<GitMerge size={32} />} title={t('conflicts.empty')}>
              {t('conflicts.empty_text')}
            </EmptyState>
          ) : (
            <table className="table conflicts-table">
              <caption className="visually-hidden">{t('conflicts.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('conflicts.col_case')}</th>
                  <th scope="col">{t('conflicts.col_kind')}</th>
                  <th scope="col">{t('conflicts.col_server')}</th>
                  <th scope="col">{t('conflicts.col_attempted')}</th>
                  <th scope="col">{t('conflicts.col_by')}</th>
                  <th scope="col">{t('conflicts.col_device')}</th>
                  <th scope="col">{t('conflicts.col_when')}</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.case_id ? (
                        <a className="case-link" href={href({ name: 'case', id: c.case_id })}>
                          {c.case_number ? <span dir="ltr">{c.case_number}</span> : t('sync.open_case')}
                        </a>
                      ) : (
                        unknown
                      )}
                    </td>
                    <td>{KNOWN_KINDS.has(c.kind) ? t(`conflicts.kind.${c.kind}` as MessageId) : <code dir="ltr">{c.kind}</code>}</td>
                    <td>{c.server_status ? <StatusBadge status={c.server_status} /> : unknown}</td>
                    <td>
                      {c.attempted_from || c.attempted_to ? (
                        <span className="event-status conflict-change">
                          {c.attempted_from ? <StatusBadge status={c.attempted_from} /> : unknown}
                          <ArrowRight size={14} aria-hidden="true" className="flip-rtl" />
                          <span className="visually-hidden">{t('event.to')}</span>
                          {c.attempted_to ? <StatusBadge status={c.attempted_to} /> : unknown}
                        </span>
                      ) : (
                        unknown
                      )}
                    </td>
                    <td>{c.actor_name ?? unknown}</td>
                    <td>{c.device_name ?? unknown}</td>
                    <td className="nowrap"><time dateTime={c.created_at}>{fmt.dateTime(c.created_at)}</time></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
