import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { Building2, Download, FileSpreadsheet, Globe, Printer } from 'lucide-react';
import { GregorianCalendar, PersianCalendar, parseDate, toCalendar } from '@internationalized/date';
import type { Calendar } from '../../gen/Calendar';
import type { FeedbackAudience } from '../../gen/FeedbackAudience';
import type { FeedbackReport } from '../../gen/FeedbackReport';
import type { Locale } from '../../gen/Locale';
import { useApp } from '../../app/state';
import { addDays } from '../../i18n/format';
import { ENDONYMS, LOCALES } from '../../i18n/locales';
import { errorText, useT } from '../../i18n/useT';
import { toApiError, type DocumentAction, type ReportFormat } from '../../host';
import { Segmented, SelectInput } from '../../components/fields';
import { PeriodFields, isoDate, type Period } from '../../components/filters';
import { Banner, Spinner } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { ReportFigures } from './ReportFigures';
import { useFeedbackDocument } from './documents';
import { periodLabel } from './labels';

type Choice = 'current' | 'previous' | 'custom';
interface Span {
  from: string;
  to: string;
}

/** The half-year before the one starting on `from` (`YYYY-MM-DD`), in the office's calendar. */
export function previousHalf(from: string, calendar: Calendar): Span {
  const start = toCalendar(parseDate(from), calendar === 'persian' ? new PersianCalendar() : new GregorianCalendar()).subtract({ months: 6 });
  return { from: isoDate(start), to: addDays(from, -1) };
}

/**
 * The citizen's voice over a period, a supervisor's: the current half-year of the office's
 * calendar to start with, the one before, or any span. The figures are drawn here; the report
 * itself is printed or saved for the office (with names) or for the public (without).
 */
export function ReportTab() {
  const t = useT();
  const { call } = useApp();
  const [current, setCurrent] = useState<FeedbackReport | null>(null);
  const [choice, setChoice] = useState<Choice>('current');
  const [asked, setAsked] = useState<Span | null>(null);
  const [report, setReport] = useState<FeedbackReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useRefreshAfterSync(() => setRound((r) => r + 1));

  useEffect(() => {
    let live = true;
    setLoading(true);
    // No period: the core answers the current half-year of the office's calendar.
    call('feedback_report', asked ? { from: asked.from, to: asked.to } : { from: null, to: null })
      .then((r) => {
        if (!live) return;
        setReport(r);
        if (!asked) setCurrent(r);
        setError(null);
      })
      .catch((e) => live && setError(errorText(t, toApiError(e))))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [call, asked, round, t]);

  const pick = (c: Choice) => {
    setChoice(c);
    if (c === 'current') setAsked(null);
    else if (c === 'previous' && current) setAsked(previousHalf(current.from, current.calendar));
  };

  return (
    <div className="fb-report">
      <PeriodPicker choice={choice} onChoice={pick} onCustom={setAsked} report={report} />
      {error ? (
        <Banner kind="error" title={t('feedback.report.load_failed')}>
          <p>{error}</p>
          <Button className="button button-secondary button-sm" onPress={() => setRound((r) => r + 1)}>{t('common.retry')}</Button>
        </Banner>
      ) : null}
      {report ? (
        <>
          <ReportDocuments report={report} />
          <div className={loading ? 'is-loading' : undefined} aria-busy={loading}>
            <ReportFigures report={report} />
          </div>
        </>
      ) : error ? null : (
        <Spinner label={t('common.loading')} />
      )}
    </div>
  );
}

function PeriodPicker({ choice, onChoice, onCustom, report }: { choice: Choice; onChoice(c: Choice): void; onCustom(s: Span): void; report: FeedbackReport | null }) {
  const t = useT();
  const { fmt } = useApp();
  const [range, setRange] = useState<Period>({ from: null, to: null });
  const [problem, setProblem] = useState<{ field: 'from' | 'to'; text: string } | null>(null);
  const apply = () => {
    if (!range.from) return setProblem({ field: 'from', text: t('field_error.required') });
    if (!range.to) return setProblem({ field: 'to', text: t('field_error.required') });
    if (range.to.compare(range.from) < 0) return setProblem({ field: 'to', text: t('feedback.report.period_order') });
    setProblem(null);
    onCustom({ from: isoDate(range.from), to: isoDate(range.to) });
  };
  return (
    <div className="card period-picker">
      <Segmented<Choice>
        name="period"
        label={t('feedback.report.period')}
        value={choice}
        onChange={onChoice}
        options={[
          { id: 'current', label: t('feedback.report.current_half') },
          { id: 'previous', label: t('feedback.report.previous_half') },
          { id: 'custom', label: t('feedback.report.custom') },
        ]}
      />
      {choice === 'custom' ? (
        <form className="period-custom" onSubmit={(e) => { e.preventDefault(); apply(); }}>
          <PeriodFields value={range} onChange={setRange} errors={problem ? { [problem.field]: problem.text } : undefined} />
          <Button type="submit" className="button button-primary">{t('feedback.report.show')}</Button>
        </form>
      ) : null}
      {report ? (
        <p className="fb-period" aria-live="polite">
          <strong>{periodLabel(report.label, t, fmt.number)}</strong> · {t('period.period', { from: fmt.date(report.from), to: fmt.date(report.to) })}
        </p>
      ) : null}
    </div>
  );
}

/** The report as documents: for the office (with names) or for the public (none), PDF or CSV, in a chosen language. */
function ReportDocuments({ report }: { report: FeedbackReport }) {
  const t = useT();
  const { session } = useApp();
  const [locale, setLocale] = useState<Locale>(session?.office.locale ?? 'en');
  const doc = useFeedbackDocument();
  const run = (audience: FeedbackAudience, format: ReportFormat, action: DocumentAction) =>
    void doc.run({ kind: 'feedback_report', from: report.from, to: report.to, audience, locale, format }, action, `${audience}-${format}-${action}`);
  const group = (audience: FeedbackAudience) => (
    <div className="report-actions" role="group" aria-label={t(`feedback.report.doc_${audience}`)}>
      <span className="group-label">
        {audience === 'internal' ? <Building2 size={14} aria-hidden="true" /> : <Globe size={14} aria-hidden="true" />}
        {t(`feedback.report.doc_${audience}`)}
      </span>
      <Button className="button button-secondary button-sm" onPress={() => run(audience, 'pdf', 'print')} data-busy={doc.busy === `${audience}-pdf-print` || undefined}>
        <Printer size={14} aria-hidden="true" />
        {t('report.print')}
      </Button>
      <Button className="button button-secondary button-sm" onPress={() => run(audience, 'pdf', 'save')} data-busy={doc.busy === `${audience}-pdf-save` || undefined}>
        <Download size={14} aria-hidden="true" />
        {t('report.save_pdf')}
      </Button>
      <Button className="button button-secondary button-sm" onPress={() => run(audience, 'csv', 'save')} data-busy={doc.busy === `${audience}-csv-save` || undefined}>
        <FileSpreadsheet size={14} aria-hidden="true" />
        {t('report.save_csv')}
      </Button>
    </div>
  );
  return (
    <section className="card fb-report-docs" aria-labelledby="fb-report-docs">
      <h2 id="fb-report-docs" className="card-title">{t('feedback.report.documents')}</h2>
      <div className="fb-report-docs-row">
        <SelectInput
          name="report_locale"
          label={t('feedback.report.language')}
          value={locale}
          onChange={(v) => v && setLocale(v as Locale)}
          options={LOCALES.map((l) => ({ id: l, label: ENDONYMS[l], lang: l }))}
          placeholder={t('common.choose')}
          className="field-inline"
        />
        {group('internal')}
        {group('public')}
      </div>
      <p className="muted small">{t('feedback.report.public_help')}</p>
    </section>
  );
}
