import { useEffect, useRef, useState } from 'react';
import { Label, ProgressBar } from 'react-aria-components';
import { CloudDownload } from 'lucide-react';
import type { RegistryStatus } from '../../gen/RegistryStatus';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { Banner } from '../../components/ui';
import { useNow, useRefreshAfterSync } from '../sync/SyncProvider';

/** How often to ask while the registry comes down, and while it has not started to. */
const POLL_DOWNLOADING_MS = 1500;
const POLL_EMPTY_MS = 10_000;

/**
 * Where this workstation's copy of the registry stands, asked again while it downloads (and,
 * less often, while it has not arrived), and after every exchange with the server.
 * `refreshed` counts the times the copy changed since the screen opened: searches run again.
 */
export function useRegistryStatus(): { status: RegistryStatus | null; refreshed: number } {
  const { call } = useApp();
  const [status, setStatus] = useState<RegistryStatus | null>(null);
  const [refreshed, setRefreshed] = useState(0);
  const [asked, setAsked] = useState(0);
  const seen = useRef<string | null>(null);
  useRefreshAfterSync(() => setAsked((a) => a + 1));

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    call('registry_status', {})
      .then((s) => {
        if (!live) return;
        setStatus(s);
        const version = `${s.state}|${s.updated_at ?? ''}`;
        if (seen.current !== null && seen.current !== version) setRefreshed((r) => r + 1);
        seen.current = version;
        const wait = s.state === 'downloading' ? POLL_DOWNLOADING_MS : s.state === 'empty' ? POLL_EMPTY_MS : null;
        if (wait !== null) timer = window.setTimeout(() => setAsked((a) => a + 1), wait);
      })
      .catch(() => {
        // The status line is a courtesy: the search says for itself when it cannot work.
        if (live) timer = window.setTimeout(() => setAsked((a) => a + 1), POLL_EMPTY_MS);
      });
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [call, asked]);

  return { status, refreshed };
}

/**
 * The registry's state in words: a line under the title ("10,000 persons, updated 5 minutes
 * ago"), and a panel with a progress bar while it downloads or a note while it has not come.
 */
export function RegistryStatusView({ status, variant }: { status: RegistryStatus | null; variant: 'line' | 'panel' }) {
  const t = useT();
  const { fmt } = useApp();
  const now = useNow(30_000);
  if (!status) return null;
  if (variant === 'line') {
    if (status.state === 'ready') {
      const count = t('registry.status.ready', { count: status.persons });
      return (
        <span className="registry-status-line" data-state="ready">
          {status.updated_at ? t('registry.status.ready_updated', { count, when: fmt.relative(status.updated_at, now) }) : count}
        </span>
      );
    }
    return (
      <span className="registry-status-line" data-state={status.state}>
        {t(status.state === 'downloading' ? 'registry.status.downloading_short' : 'registry.status.empty_short')}
      </span>
    );
  }
  if (status.state === 'empty') {
    return (
      <Banner kind="info" title={t('registry.status.empty_title')}>
        {t('registry.status.empty_text')}
      </Banner>
    );
  }
  if (status.state !== 'downloading') return null;
  const known = status.total > 0;
  const text = t('registry.status.downloading', { done: fmt.number(status.done), total: fmt.number(status.total) });
  return (
    <div className="card registry-download">
      <CloudDownload size={20} aria-hidden="true" className="registry-download-icon" />
      <ProgressBar
        className="registry-progress"
        value={status.done}
        minValue={0}
        maxValue={known ? status.total : 100}
        isIndeterminate={!known}
        valueLabel={text}
      >
        {({ percentage }) => (
          <>
            <Label className="registry-progress-label">{text}</Label>
            <div className="sync-progress-track">
              <div className={known ? 'sync-progress-fill' : 'sync-progress-fill is-indeterminate'} style={known ? { inlineSize: `${percentage ?? 0}%` } : undefined} />
            </div>
            <p className="muted small">{t('registry.status.downloading_help')}</p>
          </>
        )}
      </ProgressBar>
    </div>
  );
}
