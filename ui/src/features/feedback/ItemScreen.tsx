import { useCallback, useState } from 'react';
import { Button } from 'react-aria-components';
import {
  Ban, CheckCircle2, Download, Eye, FileText, Globe, Lock, MessageSquareReply, Play, Printer, RotateCcw, StickyNote, UserRoundCog,
} from 'lucide-react';
import type { FeedbackDetail } from '../../gen/FeedbackDetail';
import type { FeedbackEventView } from '../../gen/FeedbackEventView';
import type { FeedbackSettings } from '../../gen/FeedbackSettings';
import type { Locale } from '../../gen/Locale';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { ENDONYMS, pickName } from '../../i18n/locales';
import { errorText, useT, type T } from '../../i18n/useT';
import { toApiError } from '../../host';
import { DetailFrame, RecordHead, RecordPending, useRecord, type BackTo } from '../../components/detail';
import { DueDate } from '../../components/badges';
import { useFetched } from '../../components/fetch';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { ticketDigits } from '../queue/ticket';
import { ChannelLabel, FeedbackStateBadge, KindLabel, aboutLabel, eventLabel } from './labels';
import { useFeedbackDocument } from './documents';
import { StepDialog, type StepCode } from './StepDialogs';

const backToList = (t: T): BackTo => ({ href: href({ name: 'feedback' }), label: t('feedback.back') });

/** The steps, in the order their buttons stand; each with its icon and words. */
const STEPS: { code: StepCode; label: MessageId; icon: typeof Play }[] = [
  { code: 'start', label: 'feedback.step.start', icon: Play },
  { code: 'assign', label: 'feedback.step.assign', icon: UserRoundCog },
  { code: 'answer', label: 'feedback.step.answer', icon: MessageSquareReply },
  { code: 'close', label: 'feedback.step.close', icon: CheckCircle2 },
  { code: 'reject', label: 'feedback.step.reject', icon: Ban },
  { code: 'reopen', label: 'feedback.step.reopen', icon: RotateCcw },
  { code: 'note', label: 'feedback.step.note', icon: StickyNote },
];

/** A feedback item: what was said and by whom, its deadline, its history, and the next steps of its handling. */
export function ItemScreen({ id }: { id: string }) {
  const t = useT();
  const { call } = useApp();
  const { record, setRecord, error, reload } = useRecord(useCallback(() => call('get_feedback', { id }), [call, id]));
  useRefreshAfterSync(() => void reload());
  if (!record) return <RecordPending back={backToList(t)} error={error} notFound={t('feedback.not_found')} />;
  return <ItemView detail={record} onChange={setRecord} />;
}

/** A root cause's name in the reader's language, else its code. */
export function rootCauseName(settings: FeedbackSettings | null, code: string, locale: Locale): string {
  const r = settings?.root_causes.find((x) => x.code === code);
  return (r && pickName(r.names, locale)) || code;
}

function ItemView({ detail, onChange }: { detail: FeedbackDetail; onChange(d: FeedbackDetail): void }) {
  const t = useT();
  const { call, fmt, locale, catalogue, toast } = useApp();
  const s = detail.summary;
  const [step, setStep] = useState<StepCode | null>(null);
  const [starting, setStarting] = useState(false);
  const { value: settings } = useFetched(useCallback(() => call('feedback_settings', {}), [call]));
  const letter = useFeedbackDocument();

  const agencyName = (code: string | null | undefined) => {
    if (!code) return null;
    const a = catalogue?.agencies.find((x) => x.code === code);
    return a ? pickName(a.names, locale) : code;
  };
  const serviceName = (code: string | null | undefined) => {
    if (!code) return null;
    const v = catalogue?.services.find((x) => x.code === code);
    return v ? pickName(v.names, locale) : code;
  };
  const aboutDetail =
    s.about === 'service' ? serviceName(detail.service_code)
      : s.about === 'agency' ? agencyName(s.agency_code)
        : s.about === 'desk' ? detail.desk
          : s.about === 'staff' ? (detail.staff_name ?? (detail.staff_hidden ? t('feedback.staff_hidden') : null))
            : null;

  const start = async () => {
    setStarting(true);
    try {
      onChange(await call('feedback_step', { id: s.id, step: { action: 'start' } }));
      toast(t('feedback.step_done.start'));
    } catch (e) {
      toast(errorText(t, toApiError(e)), 'error');
    } finally {
      setStarting(false);
    }
  };

  const contact = detail.contact ?? null;
  const steps = STEPS.filter((x) => detail.steps.includes(x.code));

  return (
    <DetailFrame back={backToList(t)} className="fb-item">
      <RecordHead
        what={t('feedback.item')}
        number={s.number}
        tags={
          <>
            <FeedbackStateBadge state={s.state} size="lg" />
            <KindLabel kind={s.kind} />
          </>
        }
        subject={s.title}
        facts={
          <>
            <div>
              <dt>{t('feedback.fact.about')}</dt>
              <dd>{aboutLabel(t, s.about)}{aboutDetail ? <span className="dd-sub" dir="auto">{aboutDetail}</span> : null}</dd>
            </div>
            <div><dt>{t('feedback.fact.channel')}</dt><dd><ChannelLabel channel={s.channel} /></dd></div>
            <div><dt>{t('feedback.fact.received')}</dt><dd>{fmt.dateTime(s.received_at)}</dd></div>
            <div>
              <dt>{t('feedback.fact.due')}</dt>
              <dd>{s.due_date ? <DueDate date={s.due_date} overdue={s.overdue} formatted={fmt.date(s.due_date)} /> : <span className="muted">{t('feedback.no_deadline')}</span>}</dd>
            </div>
            <div><dt>{t('feedback.fact.language')}</dt><dd lang={s.locale}>{ENDONYMS[s.locale]}</dd></div>
            <div>
              <dt>{t('feedback.fact.assignee')}</dt>
              <dd>
                {s.assignee_name ?? <span className="muted">{t('feedback.unassigned')}</span>}
                {detail.department || s.agency_code ? (
                  <span className="dd-sub">{[detail.department, s.about === 'agency' ? null : agencyName(s.agency_code)].filter(Boolean).join(' · ')}</span>
                ) : null}
              </dd>
            </div>
            {detail.answered_at ? <div><dt>{t('feedback.fact.answered')}</dt><dd>{fmt.dateTime(detail.answered_at)}</dd></div> : null}
            {detail.root_cause ? <div><dt>{t('feedback.fact.root_cause')}</dt><dd>{rootCauseName(settings, detail.root_cause, locale)}</dd></div> : null}
            {detail.adopted != null ? <div><dt>{t('feedback.fact.adopted')}</dt><dd>{detail.adopted ? t('feedback.yes') : t('feedback.no')}</dd></div> : null}
            {detail.visit_id ? (
              <div>
                <dt>{t('feedback.fact.visit')}</dt>
                <dd>
                  <a href={href({ name: 'visit', id: detail.visit_id })}>
                    {detail.ticket_number ? t('feedback.visit_ticket', { number: ticketDigits(detail.ticket_number, locale) }) : t('feedback.visit_open')}
                  </a>
                </dd>
              </div>
            ) : null}
            {detail.case_id ? (
              <div>
                <dt>{t('feedback.fact.case')}</dt>
                <dd><a href={href({ name: 'case', id: detail.case_id })} dir="ltr" className="case-link">{detail.case_number ?? t('feedback.case_open')}</a></dd>
              </div>
            ) : null}
          </>
        }
        actions={
          detail.answer ? (
            <div className="case-head-actions" role="group" aria-label={t('feedback.letter')}>
              <span className="group-label"><FileText size={14} aria-hidden="true" />{t('feedback.letter')}</span>
              <Button className="button button-secondary" onPress={() => void letter.run({ kind: 'feedback_answer', item_id: s.id }, 'print')} data-busy={letter.busy === 'feedback_answer-print' || undefined}>
                <Printer size={16} aria-hidden="true" />
                {t('feedback.letter_print')}
              </Button>
              <Button className="button button-secondary" onPress={() => void letter.run({ kind: 'feedback_answer', item_id: s.id }, 'save')} data-busy={letter.busy === 'feedback_answer-save' || undefined}>
                <Download size={16} aria-hidden="true" />
                {t('feedback.letter_save')}
              </Button>
              <Button className="button button-ghost" onPress={() => void letter.run({ kind: 'feedback_answer', item_id: s.id }, 'view')} data-busy={letter.busy === 'feedback_answer-view' || undefined}>
                <Eye size={16} aria-hidden="true" />
                {t('feedback.letter_view')}
              </Button>
            </div>
          ) : undefined
        }
      />

      <div className="detail-layout">
        <div className="detail-main">
          {steps.length ? (
            <section className="card" aria-labelledby="fb-steps-title">
              <h2 id="fb-steps-title" className="card-title">{t('feedback.steps')}</h2>
              <div className="transition-buttons">
                {steps.map(({ code, label, icon: I }) => (
                  <Button
                    key={code}
                    className={`button ${code === 'answer' || (code === 'start' && !detail.steps.includes('answer')) ? 'button-primary' : code === 'reject' ? 'button-secondary button-danger' : 'button-secondary'}`}
                    onPress={() => (code === 'start' ? void start() : setStep(code))}
                    isDisabled={code === 'start' && starting}
                    data-busy={(code === 'start' && starting) || undefined}
                  >
                    <I size={16} aria-hidden="true" />
                    {t(label)}
                  </Button>
                ))}
              </div>
            </section>
          ) : null}
          <section className="card" aria-labelledby="fb-desc-title">
            <h2 id="fb-desc-title" className="card-title">{t('feedback.description')}</h2>
            <p className="prewrap" dir="auto" lang={s.locale}>{detail.description}</p>
            {detail.media_url ? (
              <p className="small muted">{t('feedback.media_url')} <span dir="ltr" className="ltr-value fb-url">{detail.media_url}</span></p>
            ) : null}
          </section>
          {detail.answer ? (
            <section className="card" aria-labelledby="fb-answer-title">
              <h2 id="fb-answer-title" className="card-title"><MessageSquareReply size={16} aria-hidden="true" />{t('feedback.answer')}</h2>
              <p className="prewrap" dir="auto" lang={s.locale}>{detail.answer}</p>
            </section>
          ) : null}
          <History events={detail.events} />
        </div>
        <aside className="detail-side">
          <section className="card" aria-labelledby="fb-contact-title">
            <h2 id="fb-contact-title" className="card-title">{t('feedback.contact')}</h2>
            {contact && (contact.name || contact.email || contact.phone || contact.address) ? (
              <dl className="party fb-party">
                {contact.name ? <div><dt>{t('feedback.contact_name')}</dt><dd>{contact.name}</dd></div> : null}
                {contact.email ? <div><dt>{t('feedback.contact_email')}</dt><dd dir="ltr" className="ltr-value">{contact.email}</dd></div> : null}
                {contact.phone ? <div><dt>{t('feedback.contact_phone')}</dt><dd dir="ltr" className="ltr-value">{contact.phone}</dd></div> : null}
                {contact.address ? <div><dt>{t('feedback.contact_address')}</dt><dd className="prewrap">{contact.address}</dd></div> : null}
              </dl>
            ) : (
              <p className="muted with-icon"><Lock size={14} aria-hidden="true" />{t('feedback.anonymous_item')}</p>
            )}
          </section>
        </aside>
      </div>
      {step ? (
        <StepDialog
          step={step}
          detail={detail}
          settings={settings}
          onClose={() => setStep(null)}
          onDone={(d) => {
            onChange(d);
            toast(t(`feedback.step_done.${step}` as MessageId));
          }}
        />
      ) : null}
    </DetailFrame>
  );
}

function History({ events }: { events: FeedbackEventView[] }) {
  const t = useT();
  const { fmt } = useApp();
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="card" aria-labelledby="fb-history-title">
      <h2 id="fb-history-title" className="card-title">{t('feedback.history')}</h2>
      <ol className="timeline">
        {sorted.map((e) => (
          <li key={e.id} className={`event fb-event-${e.kind}`}>
            <span className="event-dot" aria-hidden="true" />
            <div className="event-body">
              <p className="event-title">
                {eventLabel(t, e.kind)}
                {e.state && e.state !== e.kind ? <> <FeedbackStateBadge state={e.state} /></> : null}
              </p>
              {e.text ? <p className="event-note" dir="auto">{e.text}</p> : null}
              {e.public ? (
                <p className="with-icon small fb-public"><Globe size={14} aria-hidden="true" />{t('feedback.public_note')}</p>
              ) : null}
              <p className="event-meta">
                <time dateTime={e.at}>{fmt.dateTime(e.at)}</time>
                {' · '}
                {e.actor_name ?? t('feedback.by_citizen')}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
