import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import {
  ArrowRight, BookOpen, Check, CircleDashed, Eye, Download, Lock, MessageSquarePlus, Printer, UserRoundCog,
  FilePlus2, RefreshCw, Paperclip, Receipt, UserPlus, History, Footprints, Phone, Mail, Send, CloudUpload,
} from 'lucide-react';
import type { CaseDetail } from '../../gen/CaseDetail';
import type { CaseEventView } from '../../gen/CaseEventView';
import type { CaseStatus } from '../../gen/CaseStatus';
import type { Channel } from '../../gen/Channel';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { pickName } from '../../i18n/locales';
import { errorText, useT, type T } from '../../i18n/useT';
import { toApiError } from '../../host';
import { Banner, ModalDialog } from '../../components/ui';
import { DetailFrame, RecordHead, RecordPending, useRecord, type BackTo } from '../../components/detail';
import { DueDate, PriorityLabel, StatusBadge } from '../../components/badges';
import { SelectInput, TextAreaInput, type Option } from '../../components/fields';
import { AttachButton, AttachmentList } from '../../components/Attachments';
import { useFormErrors, submitForm } from '../../components/forms';
import { useReceipt } from './receipt';
import { EditCaseButton } from './EditCaseDialog';
import { CaseSyncIssues } from '../sync/issues';
import { VisitLink } from '../queue/VisitLink';
import { FeedbackButton } from '../feedback/NewItemDialog';
import { useRefreshAfterSync, useSync } from '../sync/SyncProvider';

const CHANNEL_ICON: Record<Channel, typeof Phone> = { walk_in: Footprints, phone: Phone, email: Mail, post: Send };

export function CaseDetailScreen({ id }: { id: string }) {
  const t = useT();
  const { call } = useApp();
  const { record: detail, setRecord: setDetail, error, reload } = useRecord(useCallback(() => call('get_case', { case_id: id }), [call, id]));
  // A completed sync may confirm this case's changes, or bring the server's refusals.
  useRefreshAfterSync(() => void reload());

  if (!detail) return <RecordPending back={backToCases(t)} error={error} notFound={t('case.not_found')} />;
  return <CaseView detail={detail} onChange={setDetail} reload={reload} />;
}

const backToCases = (t: T): BackTo => ({ href: href({ name: 'cases' }), label: t('case.back') });

function CaseView({ detail, onChange, reload }: { detail: CaseDetail; onChange(d: CaseDetail): void; reload(): Promise<void> }) {
  const t = useT();
  const { locale, fmt, can } = useApp();
  const { status: sync } = useSync();
  const s = detail.summary;
  // A workstation on its own has no server to wait for: nothing is "not yet synced" there.
  const unsynced = detail.pending_sync > 0 && !!sync && sync.state !== 'standalone';
  const { run, busy } = useReceipt(s.id, () => void reload());
  const ChannelIcon = CHANNEL_ICON[s.channel];

  return (
    <DetailFrame back={backToCases(t)} className="case-detail">
      <RecordHead
        what={t('case.case')}
        number={s.number}
        tags={
          <>
            <StatusBadge status={s.status} size="lg" />
            <PriorityLabel priority={s.priority} />
            {s.private_conversation ? (
              <span className="tag tag-private">
                <Lock size={14} aria-hidden="true" />
                {t('case.private')}
              </span>
            ) : null}
            {unsynced ? (
              <span className="tag tag-unsynced">
                <CloudUpload size={14} aria-hidden="true" />
                {t('case.not_synced')}
                <span className="visually-hidden">: {t('case.not_synced_help', { count: detail.pending_sync })}</span>
              </span>
            ) : null}
            {can('handle_case') ? <EditCaseButton detail={detail} onChange={onChange} /> : null}
            <FeedbackButton caseRef={{ id: s.id, number: s.number }} className="button button-secondary button-sm" />
          </>
        }
        subject={s.subject}
        facts={
          <>
            <div><dt>{t('case.citizen')}</dt><dd>{s.party_name}</dd></div>
            <div>
              <dt>{t('case.service')}</dt>
              <dd>{pickName(s.service_names, locale)}<span className="dd-sub">{pickName(s.agency_names, locale)}</span></dd>
            </div>
            <div><dt>{t('case.received')}</dt><dd>{fmt.dateTime(s.received_at)}</dd></div>
            <div><dt>{t('case.due')}</dt><dd><DueDate date={s.due_date} overdue={s.overdue} formatted={fmt.date(s.due_date)} /></dd></div>
            <div><dt>{t('case.channel')}</dt><dd className="with-icon"><ChannelIcon size={14} aria-hidden="true" />{t(`channel.${s.channel}` as MessageId)}</dd></div>
            <div><dt>{t('case.assignee')}</dt><dd>{s.assignee_name ?? <span className="muted">{t('case.unassigned')}</span>}</dd></div>
            <div><dt>{t('intake.fee')}</dt><dd>{detail.fee_minor > 0 ? fmt.money(detail.fee_minor, detail.currency) : t('intake.no_fee')}</dd></div>
            <VisitLink refKind="case_file" refId={s.id} />
          </>
        }
        actions={
          <div className="case-head-actions" role="group" aria-label={t('receipt.group')}>
            <span className="group-label"><Receipt size={14} aria-hidden="true" />{t('receipt.title')}</span>
            <Button className="button button-secondary" onPress={() => void run('print')} data-busy={busy === 'print' || undefined}>
              <Printer size={16} aria-hidden="true" />
              {t('receipt.print')}
            </Button>
            <Button className="button button-secondary" onPress={() => void run('save')} data-busy={busy === 'save' || undefined}>
              <Download size={16} aria-hidden="true" />
              {t('receipt.save')}
            </Button>
            <Button className="button button-ghost" onPress={() => void run('view')} data-busy={busy === 'view' || undefined}>
              <Eye size={16} aria-hidden="true" />
              {t('receipt.view')}
            </Button>
          </div>
        }
      />

      <CaseSyncIssues issues={detail.sync_issues} />

      <div className="detail-layout">
        <div className="detail-main">
          {can('handle_case') && detail.allowed_transitions.length > 0 ? <StatusActions detail={detail} onChange={onChange} /> : null}
          {detail.description.trim() ? (
            <section className="card" aria-labelledby="desc-title">
              <h2 id="desc-title" className="card-title">{t('case.description')}</h2>
              <p className="prewrap" dir="auto">{detail.description}</p>
            </section>
          ) : null}
          <HistoryCard detail={detail} onChange={onChange} />
        </div>
        <aside className="detail-side">
          <section className="card" aria-labelledby="party-title">
            <h2 id="party-title" className="card-title">{t('case.party')}</h2>
            <dl className="party">
              <div><dt>{t('intake.party_name')}</dt><dd>{detail.party.name}</dd></div>
              {detail.party.birth_date ? <div><dt>{t('intake.birth_date')}</dt><dd>{fmt.date(detail.party.birth_date)}</dd></div> : null}
              {detail.party.phone ? <div><dt>{t('intake.phone')}</dt><dd dir="ltr" className="ltr-value">{detail.party.phone}</dd></div> : null}
              {detail.party.email ? <div><dt>{t('intake.email')}</dt><dd dir="ltr" className="ltr-value">{detail.party.email}</dd></div> : null}
              {detail.party.address ? <div><dt>{t('intake.address')}</dt><dd>{detail.party.address}</dd></div> : null}
            </dl>
          </section>
          {can('reassign_case') ? <AssigneeCard detail={detail} onChange={onChange} /> : null}
          <section className="card" aria-labelledby="checklist-title">
            <h2 id="checklist-title" className="card-title">
              {t('case.checklist')}
              {detail.checklist.length ? (
                <span className="card-count">{t('intake.documents_count', { done: detail.checklist.filter((c) => c.presented).length, total: detail.checklist.length })}</span>
              ) : null}
            </h2>
            {detail.checklist.length === 0 ? (
              <p className="muted">{t('intake.no_documents')}</p>
            ) : (
              <ul className="checklist-view">
                {detail.checklist.map((c, i) => (
                  <li key={i} className={c.presented ? 'doc-presented' : 'doc-missing'}>
                    {c.presented ? <Check size={16} aria-hidden="true" /> : <CircleDashed size={16} aria-hidden="true" />}
                    <span>{pickName(c.label, locale)}</span>
                    <span className="doc-state">{c.presented ? t('case.presented') : t('case.missing')}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="att-title">
            <h2 id="att-title" className="card-title">
              <Paperclip size={16} aria-hidden="true" />
              {t('attachments.title')}
            </h2>
            <AttachmentList items={detail.attachments} />
            {can('handle_case') ? <AttachButton ownerKind="case" ownerId={s.id} onAdded={() => void reload()} /> : null}
          </section>
          <section className="card" aria-labelledby="filings-title">
            <h2 id="filings-title" className="card-title">
              <BookOpen size={16} aria-hidden="true" />
              {t('case.filings')}
            </h2>
            {detail.filings.length === 0 ? (
              <p className="muted">{t('case.no_filings')}</p>
            ) : (
              <ul className="filing-links">
                {detail.filings.map((f) => (
                  <li key={f.id}>
                    <span className="case-number" dir="ltr">{f.number}</span>
                    <span className={`direction direction-${f.direction}`}>{t(`filing.${f.direction}` as MessageId)}</span>
                    <span className="filing-link-subject" dir="auto">{f.subject}</span>
                    <span className="muted small">{f.counterpart} · {fmt.dateTime(f.registered_at)}</span>
                  </li>
                ))}
              </ul>
            )}
            {can('register_filing') ? (
              <a className="button button-ghost button-sm" href={`#/filing?case=${encodeURIComponent(s.number)}`}>
                <FilePlus2 size={14} aria-hidden="true" />
                {t('case.register_document')}
              </a>
            ) : null}
          </section>
        </aside>
      </div>
    </DetailFrame>
  );
}

function StatusActions({ detail, onChange }: { detail: CaseDetail; onChange(d: CaseDetail): void }) {
  const t = useT();
  const { call, toast } = useApp();
  const [target, setTarget] = useState<CaseStatus | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError } = useFormErrors(t, ['note', 'to']);

  const confirm = async () => {
    if (!target || busy) return;
    setBusy(true);
    clear();
    try {
      const updated = await call('change_case_status', { case_id: detail.summary.id, to: target, note: note.trim() || null });
      onChange(updated);
      toast(t('case.status_changed', { status: t(`status.${target}` as MessageId) }));
      setTarget(null);
      setNote('');
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card status-card" aria-labelledby="status-title">
      <h2 id="status-title" className="card-title">
        <RefreshCw size={16} aria-hidden="true" />
        {t('case.change_status')}
      </h2>
      <p className="muted small">{t('case.change_status_help', { status: t(`status.${detail.summary.status}` as MessageId) })}</p>
      <div className="transition-buttons">
        {detail.allowed_transitions.map((to) => (
          <Button key={to} className={`button transition transition-${to}`} onPress={() => { clear(); setTarget(to); }}>
            <ArrowRight size={16} aria-hidden="true" className="flip-rtl" />
            {t(`status.${to}` as MessageId)}
          </Button>
        ))}
      </div>
      <ModalDialog isOpen={target !== null} onOpenChange={(o) => !o && setTarget(null)} title={target ? t('case.move_to', { status: t(`status.${target}` as MessageId) }) : ''} size="sm">
        <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void confirm(); }}>
          <div className="transition-preview">
            <StatusBadge status={detail.summary.status} />
            <ArrowRight size={16} aria-hidden="true" className="flip-rtl" />
            {target ? <StatusBadge status={target} /> : null}
          </div>
          {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
          <TextAreaInput
            name="note"
            label={t('case.status_note')}
            description={t('case.status_note_help')}
            value={note}
            onChange={setNote}
            maxLength={2000}
            rows={3}
            error={errors.fields.note}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                submitForm(formRef.current);
              }
            }}
          />
          <div className="dialog-actions">
            <Button className="button button-ghost" onPress={() => setTarget(null)}>{t('common.cancel')}</Button>
            <Button type="submit" className="button button-primary" data-busy={busy || undefined}>
              <Check size={16} aria-hidden="true" />
              {t('case.confirm_status')}
            </Button>
          </div>
        </Form>
      </ModalDialog>
    </section>
  );
}

function AssigneeCard({ detail, onChange }: { detail: CaseDetail; onChange(d: CaseDetail): void }) {
  const t = useT();
  const { call, staff, toast, session } = useApp();
  const NONE = 'none';
  const [choice, setChoice] = useState<string>(detail.summary.assignee_id ?? NONE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setChoice(detail.summary.assignee_id ?? NONE), [detail.summary.assignee_id]);
  const options: Option[] = [
    { id: NONE, label: t('case.unassigned') },
    ...(staff ?? []).filter((s) => s.active).map((s) => ({ id: s.id, label: s.display_name })),
  ];
  const changed = choice !== (detail.summary.assignee_id ?? NONE);
  const save = async (assignee: string) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await call('reassign_case', { case_id: detail.summary.id, assignee_id: assignee === NONE ? null : assignee }));
      toast(t('case.reassigned'));
    } catch (e) {
      setError(errorText(t, toApiError(e)));
    } finally {
      setBusy(false);
    }
  };
  const me = session?.staff.id;
  return (
    <section className="card" aria-labelledby="assignee-title">
      <h2 id="assignee-title" className="card-title">
        <UserRoundCog size={16} aria-hidden="true" />
        {t('case.assignee')}
      </h2>
      <SelectInput name="assignee_id" label={t('case.assign_to')} value={choice} onChange={(v) => setChoice(v ?? NONE)} options={options} placeholder={t('case.unassigned')} error={error ?? undefined} />
      <div className="row-actions">
        <Button className="button button-primary button-sm" data-busy={busy || undefined} onPress={() => { if (changed) void save(choice); }}>
          {t('case.reassign')}
        </Button>
        {me && detail.summary.assignee_id !== me ? (
          <Button className="button button-ghost button-sm" onPress={() => { setChoice(me); void save(me); }}>
            <UserPlus size={14} aria-hidden="true" />
            {t('case.assign_me')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

function HistoryCard({ detail, onChange }: { detail: CaseDetail; onChange(d: CaseDetail): void }) {
  const t = useT();
  const { call, can, toast } = useApp();
  const [newestFirst, setNewestFirst] = useState(true);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError } = useFormErrors(t, ['note']);
  const events = useMemo(() => {
    const sorted = [...detail.events].sort((a, b) => a.at.localeCompare(b.at));
    return newestFirst ? sorted.reverse() : sorted;
  }, [detail.events, newestFirst]);

  const addNote = async () => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      onChange(await call('add_case_note', { case_id: detail.summary.id, note }));
      setNote('');
      toast(t('case.note_added'));
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="history-title">
      <div className="card-head">
        <h2 id="history-title" className="card-title">
          <History size={16} aria-hidden="true" />
          {t('case.history')}
        </h2>
        <Button className="button button-ghost button-sm" onPress={() => setNewestFirst((v) => !v)} aria-label={newestFirst ? t('case.sort_oldest') : t('case.sort_newest')}>
          {newestFirst ? t('case.newest_first') : t('case.oldest_first')}
        </Button>
      </div>
      {can('handle_case') ? (
        <Form ref={formRef} className="note-form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void addNote(); }}>
          <TextAreaInput
            name="note"
            label={t('case.add_note')}
            value={note}
            onChange={setNote}
            maxLength={2000}
            rows={2}
            error={errors.fields.note ?? (errors.form && !Object.keys(errors.fields).length ? errors.form : undefined)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                submitForm(formRef.current);
              }
            }}
          />
          <Button type="submit" className="button button-secondary button-sm" data-busy={busy || undefined}>
            <MessageSquarePlus size={14} aria-hidden="true" />
            {t('case.add_note_button')}
          </Button>
        </Form>
      ) : null}
      <ol className="timeline">
        {events.map((e) => (
          <TimelineEntry key={e.id} event={e} />
        ))}
      </ol>
    </section>
  );
}

function TimelineEntry({ event: e }: { event: CaseEventView }) {
  const t = useT();
  const { fmt } = useApp();
  let body: React.ReactNode;
  switch (e.kind) {
    case 'registered':
      body = (
        <>
          <p className="event-title">{t('event.registered')}</p>
          {e.assignee_name ? <p className="event-text">{t('event.assigned_to', { name: e.assignee_name })}</p> : null}
        </>
      );
      break;
    case 'status_changed':
      body = (
        <>
          <p className="event-title">{t('event.status_changed')}</p>
          <p className="event-status">
            {e.from_status ? <StatusBadge status={e.from_status} /> : null}
            <ArrowRight size={14} aria-hidden="true" className="flip-rtl" />
            <span className="visually-hidden">{t('event.to')}</span>
            {e.to_status ? <StatusBadge status={e.to_status} /> : null}
          </p>
        </>
      );
      break;
    case 'note_added':
      body = <p className="event-title">{t('event.note_added')}</p>;
      break;
    case 'reassigned':
      body = <p className="event-title">{e.assignee_name ? t('event.assigned_to', { name: e.assignee_name }) : t('event.unassigned')}</p>;
      break;
    case 'attachment_added':
      body = <p className="event-title">{t('event.attachment_added')}</p>;
      break;
    case 'filing_linked':
      body = <p className="event-title">{t('event.filing_linked')}</p>;
      break;
    case 'receipt_printed':
      body = <p className="event-title">{t('event.receipt_printed')}</p>;
      break;
  }
  return (
    <li className={`event event-${e.kind}`}>
      <span className="event-dot" aria-hidden="true" />
      <div className="event-body">
        {body}
        {e.note ? <p className={e.kind === 'note_added' || e.kind === 'status_changed' ? 'event-note' : 'event-text'} dir="auto">{e.note}</p> : null}
        <p className="event-meta">
          {e.actor_name} · <time dateTime={e.at}>{fmt.dateTime(e.at)}</time>
        </p>
      </div>
    </li>
  );
}
