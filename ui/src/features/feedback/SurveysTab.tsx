import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ChartColumn, ClipboardList, FileSpreadsheet, KeyRound, Pencil, Plus } from 'lucide-react';
import type { SurveyView } from '../../gen/SurveyView';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { TextInput } from '../../components/fields';
import { focusFirstInvalid, useFormErrors } from '../../components/forms';
import { useFetched } from '../../components/fetch';
import { Banner, EmptyState, ModalDialog } from '../../components/ui';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { SurveyStateBadge } from './labels';
import { useFeedbackDocument } from './documents';

/**
 * The resident surveys, a supervisor's: each one's state and period, how many invitation codes
 * were issued and answers came back; from here a survey is written or changed, codes are issued
 * (and saved as a CSV for a mail merge), results are read and the answers saved as CSV.
 */
export function SurveysTab() {
  const t = useT();
  const { call, fmt, locale } = useApp();
  const { value: surveys, loading, error, reload } = useFetched(useCallback(() => call('list_surveys', {}), [call]));
  useRefreshAfterSync(reload);
  const [codesFor, setCodesFor] = useState<SurveyView | null>(null);
  const answers = useFeedbackDocument();

  return (
    <>
      <div className="fb-bar">
        <p className="muted small">{t('survey.list_help')}</p>
        <a className="button button-primary" href={href({ name: 'survey', id: 'new' })}>
          <Plus size={16} aria-hidden="true" />
          {t('survey.new')}
        </a>
      </div>
      {error ? <Banner kind="error" title={t('survey.load_failed')}>{error}</Banner> : null}
      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {surveys && surveys.length ? (
          <div className="table-scroll-x">
            <table className="table fb-surveys">
              <caption className="visually-hidden">{t('survey.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('survey.col.title')}</th>
                  <th scope="col">{t('survey.col.state')}</th>
                  <th scope="col">{t('survey.col.period')}</th>
                  <th scope="col" className="col-num">{t('survey.col.codes')}</th>
                  <th scope="col" className="col-num">{t('survey.col.answers')}</th>
                  <th scope="col"><span className="visually-hidden">{t('survey.col.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {surveys.map((s) => {
                  const title = pickName(s.title, locale) || t('survey.untitled');
                  return (
                    <tr key={s.id}>
                      <th scope="row">
                        <a href={href({ name: 'survey', id: s.id })} dir="auto">{title}</a>
                        {s.public_url ? <span className="cell-sub" dir="ltr">{s.public_url}</span> : null}
                      </th>
                      <td><SurveyStateBadge state={s.state} /></td>
                      <td className="nowrap">{t('period.period', { from: fmt.date(s.starts_on), to: fmt.date(s.ends_on) })}</td>
                      <td className="col-num">{fmt.number(s.codes)}</td>
                      <td className="col-num">{fmt.number(s.answers)}</td>
                      <td>
                        <div className="row-actions">
                          <a className="button button-ghost button-sm" href={href({ name: 'survey', id: s.id })} aria-label={t('survey.edit_n', { title })}>
                            <Pencil size={14} aria-hidden="true" />
                            {t('survey.edit')}
                          </a>
                          <a className="button button-ghost button-sm" href={href({ name: 'survey_results', id: s.id })} aria-label={t('survey.results_n', { title })}>
                            <ChartColumn size={14} aria-hidden="true" />
                            {t('survey.results')}
                          </a>
                          {s.state !== 'closed' ? (
                            <Button className="button button-ghost button-sm" aria-label={t('survey.codes_n', { title })} onPress={() => setCodesFor(s)}>
                              <KeyRound size={14} aria-hidden="true" />
                              {t('survey.codes')}
                            </Button>
                          ) : null}
                          <Button
                            className="button button-ghost button-sm"
                            aria-label={t('survey.answers_csv_n', { title })}
                            onPress={() => void answers.run({ kind: 'survey_answers', survey_id: s.id }, 'save', s.id)}
                            data-busy={answers.busy === s.id || undefined}
                            isDisabled={s.answers === 0}
                          >
                            <FileSpreadsheet size={14} aria-hidden="true" />
                            {t('survey.answers_csv')}
                          </Button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : surveys && !loading ? (
          <EmptyState icon={<ClipboardList size={32} />} title={t('survey.empty')}>{t('survey.empty_text')}</EmptyState>
        ) : null}
      </div>
      {codesFor ? <CodesDialog survey={codesFor} onClose={() => setCodesFor(null)} onIssued={reload} /> : null}
    </>
  );
}

const MAX_CODES = 5000;

/**
 * Invitation codes for a survey (for a letter to each household, say): how many, then the codes,
 * each good for one answer sheet, to save as a CSV made here.
 */
function CodesDialog({ survey, onClose, onIssued }: { survey: SurveyView; onClose(): void; onIssued(): void }) {
  const t = useT();
  const { call, locale, fmt } = useApp();
  const [count, setCount] = useState('100');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, ['count']);
  const title = pickName(survey.title, locale);

  useEffect(() => {
    if (codes) resultRef.current?.focus();
  }, [codes]);

  const issue = async () => {
    clear();
    const n = /^\d{1,5}$/.test(count.trim()) ? Number(count.trim()) : 0;
    if (n < 1 || n > MAX_CODES) {
      setField('count', t('survey.codes_count_invalid', { max: MAX_CODES }));
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const r = await call('issue_survey_codes', { id: survey.id, count: n });
      setCodes(r.codes);
      onIssued();
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const { run: runDocument } = useFeedbackDocument();
  // Every code of the survey (these and those issued before), with its link and whether it was used.
  const save = () => {
    if (!codes) return;
    void runDocument({ kind: 'survey_codes', survey_id: survey.id }, 'save');
  };

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('survey.codes_title', { title })} size={codes ? 'lg' : 'md'}>
      {codes ? (
        <div className="form">
          <h3 ref={resultRef} tabIndex={-1} className="subheading">{t('survey.codes_issued', { count: codes.length })}</h3>
          <p className="muted small">{t('survey.codes_keep')}</p>
          <ol className="fb-codes" aria-label={t('survey.codes_list')}>
            {codes.map((c) => <li key={c} dir="ltr">{c}</li>)}
          </ol>
          <div className="dialog-actions">
            <Button className="button" onPress={onClose}>{t('common.done')}</Button>
            <Button className="button button-primary" onPress={save}>
              <FileSpreadsheet size={16} aria-hidden="true" />
              {t('survey.codes_csv')}
            </Button>
          </div>
        </div>
      ) : (
        <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void issue(); }}>
          <p className="form-intro">{t('survey.codes_help', { issued: fmt.number(survey.codes) })}</p>
          {errors.form && !errors.fields.count ? <Banner kind="error">{errors.form}</Banner> : null}
          <TextInput name="count" label={t('survey.codes_count')} value={count} onChange={setCount} inputMode="numeric" digits isRequired autoFocus className="fb-short" error={errors.fields.count} />
          <div className="dialog-actions">
            <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>
              <KeyRound size={16} aria-hidden="true" />
              {t('survey.codes_issue')}
            </Button>
          </div>
        </Form>
      )}
    </ModalDialog>
  );
}
