import { useCallback, useState } from 'react';
import { host, toApiError, type DocumentAction } from '../../host';
import { useApp } from '../../app/state';
import { errorText, useT } from '../../i18n/useT';

/**
 * Views, saves or prints the certified copy of a ledger entry through the host, and says how it
 * went. `onPrinted` runs after a print was sent (the entry's printed count changed).
 */
export function useCertifiedCopy(entryId: string, onPrinted?: () => void) {
  const { session, toast, call } = useApp();
  const t = useT();
  const [busy, setBusy] = useState<DocumentAction | null>(null);
  const run = useCallback(
    async (action: DocumentAction, copies = 1) => {
      if (!session) return;
      setBusy(action);
      try {
        // A cheap authenticated call first, so an ended session goes back to login.
        await call('outbox_status', {});
        const result = await host.document(session.token, { kind: 'certified_copy', entry_id: entryId }, action, copies);
        if (result.path) toast(t('receipt.saved_to', { path: result.path }));
        else if (action === 'save') toast(t('certification.entry.copy_downloaded'));
        else if (action === 'print') toast(t('certification.entry.copy_print_opened'), 'info');
        if (action === 'print') onPrinted?.();
      } catch (e) {
        toast(errorText(t, toApiError(e)), 'error');
      } finally {
        setBusy(null);
      }
    },
    [session, entryId, toast, t, call, onPrinted],
  );
  return { run, busy };
}

/** Views, saves or prints the ledger for a period (`YYYY-MM-DD`, both days included). */
export function useLedgerReport() {
  const { session, locale, toast, call } = useApp();
  const t = useT();
  const [busy, setBusy] = useState<DocumentAction | null>(null);
  const run = useCallback(
    async (action: DocumentAction, from: string, to: string) => {
      if (!session) return;
      setBusy(action);
      try {
        await call('outbox_status', {});
        const result = await host.document(session.token, { kind: 'ledger_report', from, to, locale }, action);
        if (result.path) toast(t('receipt.saved_to', { path: result.path }));
        else if (action === 'save') toast(t('certification.ledger.report_downloaded'));
        else toast(t('certification.ledger.report_opened'), 'info');
      } catch (e) {
        toast(errorText(t, toApiError(e)), 'error');
      } finally {
        setBusy(null);
      }
    },
    [session, locale, toast, t, call],
  );
  return { run, busy };
}
