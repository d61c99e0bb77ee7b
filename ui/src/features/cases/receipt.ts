import { useCallback, useState } from 'react';
import { host, toApiError, type DocumentAction } from '../../host';
import { useApp } from '../../app/state';
import { errorText, useT } from '../../i18n/useT';

/** Views, saves or prints a case's intake receipt through the host, and says how it went. */
export function useReceipt(caseId: string | null, onPrinted?: () => void) {
  const { session, locale, toast, call } = useApp();
  const t = useT();
  const [busy, setBusy] = useState<DocumentAction | null>(null);
  const run = useCallback(
    async (action: DocumentAction) => {
      if (!session || !caseId) return;
      setBusy(action);
      try {
        // A cheap authenticated call first, so an ended session goes back to login.
        await call('outbox_status', {});
        const result = await host.document(session.token, { kind: 'receipt', case_id: caseId, locale }, action);
        if (result.path) toast(t('receipt.saved_to', { path: result.path }));
        else if (action === 'save') toast(t('receipt.downloaded'));
        else if (action === 'print') toast(t('receipt.print_opened'), 'info');
        if (action === 'print') onPrinted?.();
      } catch (e) {
        toast(errorText(t, toApiError(e)), 'error');
      } finally {
        setBusy(null);
      }
    },
    [session, caseId, locale, toast, t, call, onPrinted],
  );
  return { run, busy };
}
