import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SyncStatus } from '../../gen/SyncStatus';
import { useApp } from '../../app/state';

/** How often the shell asks the workstation how sync is going. */
const POLL_MS = 2000;

export interface SyncContextValue {
  /** The last answer of `sync_status`; null until the first one arrives. */
  status: SyncStatus | null;
  /** A sync the user asked for ("Sync now") is running. */
  busy: boolean;
  /** Asks for a sync at once; resolves with the status after it, rejects with an ApiError. */
  syncNow(): Promise<SyncStatus>;
}

const Ctx = createContext<SyncContextValue | null>(null);

export function useSync(): SyncContextValue {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSync outside SyncProvider');
  return v;
}

/**
 * Polls `sync_status` for the whole signed-in shell, so the header's indicator and the screens
 * that show sync state (a case's "not yet synced" badge) agree. Polling never gets in the
 * clerk's way: a failed poll is ignored and the next one tries again.
 */
export function SyncProvider({ children }: { children: ReactNode }) {
  const { call } = useApp();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [busy, setBusy] = useState(false);

  // Keep the same object while nothing changed, so consumers do not re-render every poll.
  const accept = useCallback((next: SyncStatus) => {
    setStatus((prev) => (prev && JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  }, []);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const next = await call('sync_status', {});
        if (live) accept(next);
      } catch {
        // Not in the clerk's way: the indicator keeps its last answer until the next poll.
      }
      // The next poll is scheduled after this one answered, so slow answers never pile up.
      if (live) timer = window.setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [call, accept]);

  const syncNow = useCallback(async () => {
    setBusy(true);
    try {
      const next = await call('sync_now', {});
      accept(next);
      return next;
    } finally {
      setBusy(false);
    }
  }, [call, accept]);

  const value = useMemo<SyncContextValue>(() => ({ status, busy, syncNow }), [status, busy, syncNow]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/**
 * Runs `refresh` whenever an exchange with the server may have changed what a screen shows
 * (a sync completed, or the server refused or left in conflict another change). Not on the
 * first answer: the screen has just loaded its data itself.
 */
export function useRefreshAfterSync(refresh: () => void) {
  const { status } = useSync();
  // On its own a workstation exchanges nothing: its screens have nothing to catch up on.
  const key =
    status && status.state !== 'standalone'
      ? `${status.last_sync_at ?? ''}|${status.pending}|${status.rejected}|${status.conflicts}`
      : null;
  const seen = useRef<string | null>(null);
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (key === null) return;
    if (seen.current !== null && seen.current !== key) latest.current();
    seen.current = key;
  }, [key]);
}

/** A clock that ticks now and then, for "synced 2 minutes ago". */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}
