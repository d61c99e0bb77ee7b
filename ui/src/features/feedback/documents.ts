import { useCallback, useState } from 'react';
import { host, isPrintable, toApiError, type DocumentAction, type DocumentRequest } from '../../host';
import { useApp } from '../../app/state';
import { errorText, useT } from '../../i18n/useT';

/**
 * Prints, shows or saves one of the feedback documents (an item's answer letter, the period's
 * report for the office or the public, a survey's answers) through the host, and says how it
 * went. `busy` names the button whose document is on its way (the caller's key).
 */
export function useFeedbackDocument() {
  const { session, toast, call } = useApp();
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const run = useCallback(
    async (request: DocumentRequest, action: DocumentAction, key: string = `${request.kind}-${action}`) => {
      if (!session) return;
      setBusy(key);
      try {
        // A cheap authenticated call first, so an ended session goes back to login.
        await call('outbox_status', {});
        const result = await host.document(session.token, request, action);
        if (result.path) toast(t('receipt.saved_to', { path: result.path }));
        else if (action === 'save' || !isPrintable(request)) toast(t('feedback.doc.downloaded'));
        else toast(t('feedback.doc.opened'), 'info');
      } catch (e) {
        toast(errorText(t, toApiError(e)), 'error');
      } finally {
        setBusy(null);
      }
    },
    [session, toast, t, call],
  );
  return { run, busy };
}
