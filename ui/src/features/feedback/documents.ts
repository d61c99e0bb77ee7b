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

/** A table made here (invitation codes) saved as a CSV file through the browser: no document request behind it. */
export function downloadCsv(filename: string, rows: string[][]) {
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
  // A byte-order mark, so that spreadsheet programs read the file as UTF-8.
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
