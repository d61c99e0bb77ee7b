import { useCallback, useState } from 'react';
import { host, toApiError, type DocumentAction, type ReportFormat } from '../../host';
import { useApp } from '../../app/state';
import { errorText, useT } from '../../i18n/useT';

/** What is being exported just now: the format and what is done with it. */
export type ReportJob = `${ReportFormat}-${DocumentAction}`;

/**
 * Exports the report of a day or period (`YYYY-MM-DD`, both days included) through the host,
 * as a PDF to view, save or print, or as a CSV to save, and says how it went.
 */
export function useDayReport() {
  const { session, locale, toast, call } = useApp();
  const t = useT();
  const [busy, setBusy] = useState<ReportJob | null>(null);
  const run = useCallback(
    async (format: ReportFormat, action: DocumentAction, from: string, to: string) => {
      if (!session) return;
      setBusy(`${format}-${action}`);
      try {
        // A cheap authenticated call first, so that an ended session goes back to login.
        await call('outbox_status', {});
        const result = await host.document(session.token, { kind: 'day_report', from, to, locale, format }, action);
        if (result.path) toast(t('receipt.saved_to', { path: result.path }));
        else if (action === 'save' || format === 'csv') toast(t('report.downloaded'));
        else toast(t('report.opened'), 'info');
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
