import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import {
  Ban, Check, ClipboardCopy, Download, Eye, FilePenLine, Fingerprint, Paperclip, PenLine, Printer, ScrollText, Stamp,
} from 'lucide-react';
import type { LedgerEntryView } from '../../gen/LedgerEntryView';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href, navigate } from '../../app/router';
import { ENDONYMS, pickName } from '../../i18n/locales';
import { useFormatters } from '../../i18n/format';
import { useT, type T } from '../../i18n/useT';
import { Banner, ModalDialog } from '../../components/ui';
import { DetailFrame, RecordHead, RecordPending, useRecord, type BackTo } from '../../components/detail';
import { NumberInput, TextAreaInput } from '../../components/fields';
import { AttachButton, AttachmentList } from '../../components/Attachments';
import { useFormErrors, submitForm } from '../../components/forms';
import { useRefreshAfterSync } from '../sync/SyncProvider';
import { CERT_FIELDS, CertifyFields, draftFromEntry, toRequest, type CertDraft } from './CertifyFields';
import { LedgerKindLabel, LedgerStatusBadge, UnsyncedTag, isolate } from './labels';
import { useCertifiedCopy } from './documents';
import { VisitLink } from '../queue/VisitLink';

export function LedgerEntryScreen({ id }: { id: string }) {
  const t = useT();
  const { call } = useApp();
  const { record: entry, setRecord: setEntry, error, reload } = useRecord(useCallback(() => call('get_ledger_entry', { id }), [call, id]));
  useRefreshAfterSync(() => void reload());

  if (!entry) return <RecordPending back={backToLedger(t)} error={error} notFound={t('certification.entry.not_found')} />;
  return <EntryView entry={entry} onChange={setEntry} reload={reload} />;
}

const backToLedger = (t: T): BackTo => ({ href: href({ name: 'ledger' }), label: t('certification.entry.back') });

/** A data: URL for an SVG document, shown through <img> so that nothing in it can run. */
function svgDataUrl(svg: string) {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function EntryView({ entry: e, onChange, reload }: { entry: LedgerEntryView; onChange(e: LedgerEntryView): void; reload(): Promise<void> }) {
  const t = useT();
  const { can, fmt, locale, catalogue } = useApp();
  const [dialog, setDialog] = useState<'cancel' | 'correct' | null>(null);
  const isAct = e.kind !== 'cancellation';
  const mayChange = can('certify') && e.status === 'valid' && isAct;
  const service = catalogue?.services.find((s) => s.id === e.service_id);

  return (
    <DetailFrame back={backToLedger(t)} className="ledger-entry">
      <RecordHead
        what={t('certification.entry.entry')}
        number={e.number}
        tags={
          <>
            <LedgerStatusBadge status={e.status} size="lg" />
            <LedgerKindLabel kind={e.kind} />
            <UnsyncedTag pending={e.pending_sync} />
            {mayChange ? (
              <div className="entry-actions">
                <Button className="button button-secondary button-sm" onPress={() => setDialog('correct')}>
                  <FilePenLine size={14} aria-hidden="true" />
                  {t('certification.entry.correct')}
                </Button>
                <Button className="button button-secondary button-sm button-danger" onPress={() => setDialog('cancel')}>
                  <Ban size={14} aria-hidden="true" />
                  {t('certification.entry.cancel')}
                </Button>
              </div>
            ) : null}
          </>
        }
        subject={e.document_description}
        facts={
          <>
            <div><dt>{t('certification.entry.party')}</dt><dd>{e.party_name}</dd></div>
            <div><dt>{t('certification.entry.certified_at')}</dt><dd>{fmt.dateTime(e.certified_at)}</dd></div>
            <div><dt>{t('certification.entry.registrar')}</dt><dd>{e.registrar_name}</dd></div>
            <div><dt>{t('certification.entry.place')}</dt><dd>{e.place}</dd></div>
            <VisitLink refKind="certification" refId={e.id} />
            <div>
              <dt>{t('intake.fee')}</dt>
              <dd>
                {e.fee_minor > 0 ? fmt.money(e.fee_minor, e.currency) : t('intake.no_fee')}
                {service ? <span className="dd-sub">{pickName(service.names, locale)}</span> : null}
              </dd>
            </div>
            {e.case_number ? (
              <div>
                <dt>{t('certification.case_number')}</dt>
                <dd>
                  {e.case_id && can('view_cases') ? (
                    <a className="case-link" href={href({ name: 'case', id: e.case_id })} dir="ltr">{e.case_number}</a>
                  ) : (
                    <span dir="ltr">{e.case_number}</span>
                  )}
                </dd>
              </div>
            ) : null}
          </>
        }
      />

      <EntryBanners entry={e} />

      <div className="detail-layout">
        <div className="detail-main">
          {isAct ? <CopyPreview entry={e} /> : null}
          <DetailsCard entry={e} />
        </div>
        <aside className="detail-side">
          {isAct ? <CopyActions entry={e} reload={reload} /> : null}
          {isAct ? <SignatureCard entry={e} /> : null}
          <section className="card" aria-labelledby="att-title">
            <h2 id="att-title" className="card-title">
              <Paperclip size={16} aria-hidden="true" />
              {t('attachments.title')}
            </h2>
            <AttachmentList items={e.attachments} />
            {can('certify') && e.signature_method === 'sheet' && isAct ? (
              <>
                <p className="muted small">{t('certification.entry.sheet_help')}</p>
                <AttachButton ownerKind="certification" ownerId={e.id} label={t('certification.entry.attach_sheet')} onAdded={() => void reload()} />
              </>
            ) : null}
          </section>
        </aside>
      </div>

      {dialog === 'cancel' ? <CancelDialog entry={e} onDone={onChange} reload={reload} onClose={() => setDialog(null)} /> : null}
      {dialog === 'correct' ? <CorrectDialog entry={e} onClose={() => setDialog(null)} /> : null}
    </DetailFrame>
  );
}

function EntryBanners({ entry: e }: { entry: LedgerEntryView }) {
  const t = useT();
  const later = e.superseded_by ? (
    <a href={href({ name: 'ledger', text: e.superseded_by })} dir="ltr" className="case-link">{e.superseded_by}</a>
  ) : null;
  const earlier = e.refers_to_number ? (
    e.refers_to ? (
      <a href={href({ name: 'ledger_entry', id: e.refers_to })} dir="ltr" className="case-link">{e.refers_to_number}</a>
    ) : (
      <span dir="ltr">{e.refers_to_number}</span>
    )
  ) : null;
  return (
    <>
      {e.status === 'cancelled' ? (
        <Banner kind="error" title={t('certification.entry.is_cancelled')}>
          {later ? <p>{t('certification.entry.cancelled_by')} {later}</p> : null}
          <p>{t('certification.entry.is_cancelled_help')}</p>
        </Banner>
      ) : e.status === 'corrected' ? (
        <Banner kind="warning" title={t('certification.entry.is_corrected')}>
          {later ? <p>{t('certification.entry.corrected_by')} {later}</p> : null}
          <p>{t('certification.entry.is_corrected_help')}</p>
        </Banner>
      ) : null}
      {e.kind === 'correction' || e.kind === 'cancellation' ? (
        <Banner kind="info" title={e.kind === 'correction' ? t('certification.entry.this_corrects') : t('certification.entry.this_cancels')}>
          {earlier ? <p>{t('certification.entry.refers_to')} {earlier}</p> : null}
          {e.reason ? <p><span className="banner-label">{t('certification.entry.reason')}:</span> <span dir="auto">{e.reason}</span></p> : null}
        </Banner>
      ) : null}
    </>
  );
}

/** The certified copy's clause and seal as they will print, in each clause's own language and direction. */
function CopyPreview({ entry: e }: { entry: LedgerEntryView }) {
  const t = useT();
  const { toast, session } = useApp();
  // Dates on the copy as printed: in the office's language and calendar.
  const paperFmt = useFormatters(e.clause_locale, session?.office.calendar ?? null, session?.office.time_zone ?? null);
  const copyUrl = async () => {
    try {
      await navigator.clipboard.writeText(e.seal_url);
      toast(t('certification.entry.seal_url_copied'));
    } catch {
      toast(t('certification.entry.seal_url_copy_failed'), 'error');
    }
  };
  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title" className="card-title">
        <Stamp size={16} aria-hidden="true" />
        {t('certification.entry.preview')}
      </h2>
      {/* The copy is laid out in the office's language, whatever language the screen is in. */}
      <div className="paper" data-status={e.status} lang={e.clause_locale} dir={e.clause_locale === 'fa' ? 'rtl' : 'ltr'}>
        {e.clauses.map((c) => (
          <div key={c.locale} className="clause" lang={c.locale} dir={c.locale === 'fa' ? 'rtl' : 'ltr'}>
            <p className="clause-title">{c.title}</p>
            <p className="clause-text">{c.text}</p>
          </div>
        ))}
        <div className="paper-foot">
          <div className="paper-signoff">
            <p>{e.place}, {paperFmt.date(e.local_day)}</p>
            <p className="paper-registrar">{e.registrar_name}</p>
          </div>
          <figure className="seal">
            <img className="seal-qr" src={svgDataUrl(e.seal_qr_svg)} alt={t('certification.entry.seal_alt', { number: isolate(e.number) })} width={132} height={132} />
            <figcaption dir="ltr">{e.number}</figcaption>
          </figure>
        </div>
      </div>
      <div className="seal-url">
        <span className="seal-url-label">{t('certification.entry.seal_url')}</span>
        <code className="seal-url-value" dir="ltr">{e.seal_url}</code>
        <Button className="icon-button" aria-label={t('certification.entry.seal_url_copy')} onPress={() => void copyUrl()}>
          <ClipboardCopy size={16} aria-hidden="true" />
        </Button>
      </div>
    </section>
  );
}

function CopyActions({ entry: e, reload }: { entry: LedgerEntryView; reload(): Promise<void> }) {
  const t = useT();
  const { fmt } = useApp();
  const [copies, setCopies] = useState(Math.max(1, e.copies));
  const waiting = useRef(false);
  // In the browser the copy prints from a new tab: its count changes there; catch up on return.
  const onPrinted = useCallback(() => {
    waiting.current = true;
    window.setTimeout(() => void reload(), 1500);
  }, [reload]);
  useEffect(() => {
    const onFocus = () => {
      if (!waiting.current) return;
      waiting.current = false;
      void reload();
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [reload]);
  const { run, busy } = useCertifiedCopy(e.id, onPrinted);
  const printable = e.status === 'valid';
  const numberFormat = useMemo(() => ({ maximumFractionDigits: 0, useGrouping: false }), []);
  const n = Number.isFinite(copies) && copies >= 1 ? Math.trunc(copies) : 1;

  return (
    <section className="card copy-card" aria-labelledby="copy-title">
      <h2 id="copy-title" className="card-title">
        <Printer size={16} aria-hidden="true" />
        {t('certification.entry.copy_title')}
      </h2>
      {printable ? (
        <NumberInput name="print_copies" label={t('certification.entry.copies_to_print')} value={copies} onChange={setCopies} minValue={1} maxValue={99} formatOptions={numberFormat} />
      ) : (
        <p className="muted small">{e.status === 'cancelled' ? t('certification.entry.no_print_cancelled') : t('certification.entry.no_print_corrected')}</p>
      )}
      <div className="copy-buttons">
        {printable ? (
          <Button className="button button-primary" onPress={() => void run('print', n)} data-busy={busy === 'print' || undefined}>
            <Printer size={16} aria-hidden="true" />
            {t('certification.entry.print_copy')}
          </Button>
        ) : null}
        <Button className="button button-secondary" onPress={() => void run('save')} data-busy={busy === 'save' || undefined}>
          <Download size={16} aria-hidden="true" />
          {t('certification.entry.save_pdf')}
        </Button>
        <Button className="button button-ghost" onPress={() => void run('view')} data-busy={busy === 'view' || undefined}>
          <Eye size={16} aria-hidden="true" />
          {t('certification.entry.view_pdf')}
        </Button>
      </div>
      <p className="printed-count" aria-live="polite">
        <span>{t('certification.entry.printed', { count: e.printed })}</span>
        {e.last_printed_at ? <span className="muted small"> · {t('certification.entry.last_printed', { time: fmt.dateTime(e.last_printed_at) })}</span> : null}
      </p>
    </section>
  );
}

function SignatureCard({ entry: e }: { entry: LedgerEntryView }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="signature-title">
      <h2 id="signature-title" className="card-title">
        <PenLine size={16} aria-hidden="true" />
        {t('certification.entry.signature')}
      </h2>
      {e.signature_data_url ? (
        <div className="signature-record">
          <img src={e.signature_data_url} alt={t('certification.entry.signature_alt', { name: e.party_name })} />
        </div>
      ) : e.signature_method === 'sheet' ? (
        <p className="muted">{t('certification.entry.signed_on_sheet')}</p>
      ) : (
        <p className="muted">{t('certification.entry.no_signature')}</p>
      )}
    </section>
  );
}

function DetailsCard({ entry: e }: { entry: LedgerEntryView }) {
  const t = useT();
  const { fmt } = useApp();
  const row = (label: string, value: React.ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  const languages = (
    <>
      <span lang={e.clause_locale}>{ENDONYMS[e.clause_locale]}</span>
      {e.second_locale ? <>{' + '}<span lang={e.second_locale}>{ENDONYMS[e.second_locale]}</span></> : null}
    </>
  );
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title" className="card-title">
        <ScrollText size={16} aria-hidden="true" />
        {t('certification.entry.details')}
      </h2>
      <dl className="party entry-facts">
        {e.act ? row(t('certification.kind'), t(`certification.kind_${e.act}_long` as MessageId)) : null}
        {row(t('intake.party_name'), e.party_name)}
        {e.party_birth_date ? row(t('intake.birth_date'), fmt.date(e.party_birth_date)) : null}
        {e.party_sex !== 'X' ? row(t('certification.party_sex'), t(`registry.sex.${e.party_sex}` as MessageId)) : null}
        {e.id_document_kind || e.id_document_number
          ? row(
              t('certification.entry.id_document'),
              <>
                {e.id_document_kind ? t(`certification.id_kind.${e.id_document_kind}` as MessageId) : null}
                {e.id_document_number ? <> · <span dir="auto">{e.id_document_number}</span></> : null}
              </>,
            )
          : null}
        {row(t('certification.document_description'), <span dir="auto">{e.document_description}</span>)}
        {e.document_language ? row(t('certification.document_language'), <span dir="auto">{e.document_language}</span>) : null}
        {row(e.act === 'copy' ? t('certification.pages_copy') : t('certification.pages_signature'), fmt.number(e.pages))}
        {row(e.act === 'copy' ? t('certification.copies_copy') : t('certification.copies_signature'), fmt.number(e.copies))}
        {row(t('certification.clause_languages'), languages)}
        {row(t('certification.method_short'), e.signature_method === 'pad' ? t('certification.method_pad_short') : t('certification.method_sheet_short'))}
        {row(t('certification.entry.office_day'), fmt.dateLong(e.local_day))}
        {e.note ? row(t('certification.note'), <span className="prewrap" dir="auto">{e.note}</span>) : null}
      </dl>
      <h3 className="subheading with-icon">
        <Fingerprint size={16} aria-hidden="true" />
        {t('certification.entry.integrity')}
      </h3>
      <dl className="party entry-facts">
        {row(t('certification.entry.original_hash'), e.original_sha256 ? <code className="hash" dir="ltr">{e.original_sha256}</code> : <span className="muted">{t('certification.entry.no_original')}</span>)}
        {row(t('certification.entry.entry_hash'), <code className="hash" dir="ltr">{e.entry_hash}</code>)}
        {row(t('certification.entry.chain'), <><code className="hash" dir="ltr">{e.chain_id}</code> · {t('certification.entry.chain_position', { position: fmt.plain(e.chain_pos) })}</>)}
      </dl>
    </section>
  );
}

function CancelDialog({ entry, onDone, reload, onClose }: { entry: LedgerEntryView; onDone(e: LedgerEntryView): void; reload(): Promise<void>; onClose(): void }) {
  const t = useT();
  const { call, toast } = useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError, setField } = useFormErrors(t, ['reason']);

  const submit = async () => {
    if (busy) return;
    if (!reason.trim()) {
      setField('reason', t('field_error.required'));
      formRef.current?.querySelector<HTMLElement>('textarea')?.focus();
      return;
    }
    setBusy(true);
    clear();
    try {
      const result = await call('cancel_certification', { entry_id: entry.id, reason: reason.trim() });
      if (result.id === entry.id) onDone(result);
      else await reload();
      toast(result.id === entry.id ? t('certification.entry.cancelled_toast_same') : t('certification.entry.cancelled_toast', { number: result.number }));
      onClose();
    } catch (e) {
      fromError(e, formRef.current);
      setBusy(false);
    }
  };

  const onlyForm = errors.form && !Object.keys(errors.fields).length;
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('certification.entry.cancel_title', { number: isolate(entry.number) })} size="sm">
      <form ref={formRef} className="form" noValidate onSubmit={(ev) => { ev.preventDefault(); void submit(); }}>
        <p>{t('certification.entry.cancel_explain')}</p>
        {onlyForm ? <Banner kind="error">{errors.form}</Banner> : null}
        <TextAreaInput name="reason" label={t('certification.entry.reason')} value={reason} onChange={setReason} isRequired maxLength={500} rows={3} error={errors.fields.reason} description={t('certification.entry.reason_help')} />
        <div className="dialog-actions">
          <Button className="button button-ghost" onPress={onClose}>{t('certification.entry.keep')}</Button>
          <Button type="submit" className="button button-primary button-destructive" data-busy={busy || undefined}>
            <Ban size={16} aria-hidden="true" />
            {t('certification.entry.cancel_confirm')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}

const CORRECT_FIELDS = ['reason', ...CERT_FIELDS.map((f) => `corrected.${f}`)];

function CorrectDialog({ entry, onClose }: { entry: LedgerEntryView; onClose(): void }) {
  const t = useT();
  const { call, toast } = useApp();
  const [reason, setReason] = useState('');
  const [d, setD] = useState<CertDraft>(() => draftFromEntry(entry));
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError, setField } = useFormErrors(t, CORRECT_FIELDS);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      const result = await call('correct_certification', { entry_id: entry.id, reason, corrected: toRequest(d) });
      toast(t('certification.entry.corrected_toast', { number: result.number }));
      onClose();
      navigate({ name: 'ledger_entry', id: result.id });
    } catch (e) {
      fromError(e, formRef.current);
      setBusy(false);
    }
  };

  const fieldCount = Object.keys(errors.fields).length;
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('certification.entry.correct_title', { number: isolate(entry.number) })} size="lg">
      <form
        ref={formRef}
        className="form correct-form"
        noValidate
        onKeyDown={(ev) => {
          if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
            ev.preventDefault();
            submitForm(formRef.current);
          }
        }}
        onSubmit={(ev) => {
          ev.preventDefault();
          void submit();
        }}
      >
        <p>{t('certification.entry.correct_explain')}</p>
        {errors.form ? (
          <Banner kind="error" title={errors.form}>
            {fieldCount > 0 ? <p>{t('form.fix_fields', { count: fieldCount })}</p> : null}
            {errors.other.length ? <ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}
          </Banner>
        ) : null}
        <TextAreaInput name="reason" label={t('certification.entry.reason')} value={reason} onChange={setReason} isRequired maxLength={500} rows={2} error={errors.fields.reason} description={t('certification.entry.correct_reason_help')} />
        <CertifyFields
          draft={d}
          set={setD}
          errors={errors.fields}
          setFieldError={setField}
          prefix="corrected."
          variant="plain"
          signatureOnRecord={entry.signature_data_url}
          originalOnRecord={entry.original_sha256}
        />
        <div className="dialog-actions">
          <Button className="button button-ghost" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" data-busy={busy || undefined}>
            <Check size={16} aria-hidden="true" />
            {t('certification.entry.correct_confirm')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}

