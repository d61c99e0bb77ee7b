import { Button } from 'react-aria-components';
import { Download, FileSpreadsheet, Printer } from 'lucide-react';
import { useT } from '../../i18n/useT';
import { useDayReport } from './documents';

/** The report of a day or period: print it, save it as PDF, save its table as CSV. */
export function ReportActions({ from, to, label }: { from: string; to: string; label: string }) {
  const t = useT();
  const report = useDayReport();
  return (
    <div className="report-actions" role="group" aria-label={label}>
      <Button className="button button-secondary button-sm" onPress={() => void report.run('pdf', 'print', from, to)} data-busy={report.busy === 'pdf-print' || undefined}>
        <Printer size={14} aria-hidden="true" />
        {t('report.print')}
      </Button>
      <Button className="button button-secondary button-sm" onPress={() => void report.run('pdf', 'save', from, to)} data-busy={report.busy === 'pdf-save' || undefined}>
        <Download size={14} aria-hidden="true" />
        {t('report.save_pdf')}
      </Button>
      <Button className="button button-secondary button-sm" onPress={() => void report.run('csv', 'save', from, to)} data-busy={report.busy === 'csv-save' || undefined}>
        <FileSpreadsheet size={14} aria-hidden="true" />
        {t('report.save_csv')}
      </Button>
    </div>
  );
}
