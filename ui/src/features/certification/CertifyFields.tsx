import { useEffect, useMemo, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { Copy, FileImage, FileText, Paperclip, PenLine, Printer, RotateCcw, X } from 'lucide-react';
import { GregorianCalendar, parseDate, toCalendar, type CalendarDate } from '@internationalized/date';
import type { CertificationKind } from '../../gen/CertificationKind';
import type { CertifyRequest } from '../../gen/CertifyRequest';
import type { FileUpload } from '../../gen/FileUpload';
import type { IdDocumentKind } from '../../gen/IdDocumentKind';
import type { LedgerEntryView } from '../../gen/LedgerEntryView';
import type { Locale } from '../../gen/Locale';
import type { ServiceView } from '../../gen/ServiceView';
import type { Sex } from '../../gen/Sex';
import type { SignatureMethod } from '../../gen/SignatureMethod';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { ENDONYMS, LOCALES, isLocale, pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import {
  CheckboxInput, ComboBoxInput, DateInputField, NumberInput, Segmented, SelectInput, TextAreaInput, TextInput, type Option,
} from '../../components/fields';
import { toBase64 } from '../../components/Attachments';
import { SignaturePad, hasPointer } from './SignaturePad';

/** The request's field paths, as the core names them in field errors. */
export const CERT_FIELDS = [
  'kind', 'party_name', 'party_birth_date', 'party_sex', 'id_document_kind', 'id_document_number', 'id_document_checked',
  'document_description', 'document_language', 'pages', 'copies', 'service_id', 'case_number', 'second_locale',
  'original', 'signature_method', 'signature_png_base64', 'note',
] as const;

export const ID_KINDS: IdDocumentKind[] = ['identity_card', 'passport', 'residence_permit', 'driving_licence'];
const KINDS: CertificationKind[] = ['signature', 'copy'];
/** Not stated first: it is the default, and it gives the neutral wording. */
const SEXES: Sex[] = ['X', 'F', 'M'];
const NO_LOCALE = 'none';
/** The catalogue's services for the two acts, picked for the registrar until they choose. */
const DEFAULT_SERVICE: Record<CertificationKind, string> = { signature: 'CERT-SIG', copy: 'CERT-COPY', extract: 'REG-EXTRACT' };
const MAX_ORIGINAL_BYTES = 10 * 1024 * 1024;
const ORIGINAL_TYPES: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

type CertField = (typeof CERT_FIELDS)[number];

export interface CertDraft {
  kind: CertificationKind;
  partyName: string;
  birthDate: CalendarDate | null;
  /** The clause agrees with it in some languages (Slovak); `X` gives a neutral wording. */
  sex: Sex;
  idKind: IdDocumentKind | null;
  idNumber: string;
  idChecked: boolean;
  description: string;
  language: string;
  pages: number;
  copies: number;
  serviceId: string | null;
  /** The registrar picked the service: changing the kind no longer picks one for them. */
  serviceChosen: boolean;
  caseNumber: string;
  secondLocale: Locale | null;
  original: FileUpload | null;
  originalSize: number;
  method: SignatureMethod;
  /** The drawn signature, PNG base64. */
  signature: string | null;
  /** Correcting: the signature on record is kept (shown instead of the pad). */
  keepSignature: boolean;
  note: string;
}

/** Which request field each part of the draft fills. */
const DRAFT_PATH: Partial<Record<keyof CertDraft, CertField>> = {
  kind: 'kind', partyName: 'party_name', birthDate: 'party_birth_date', sex: 'party_sex', idKind: 'id_document_kind', idNumber: 'id_document_number',
  idChecked: 'id_document_checked', description: 'document_description', language: 'document_language', pages: 'pages',
  copies: 'copies', serviceId: 'service_id', caseNumber: 'case_number', secondLocale: 'second_locale', original: 'original',
  method: 'signature_method', signature: 'signature_png_base64', note: 'note',
};

export function emptyDraft(): CertDraft {
  return {
    kind: 'signature', partyName: '', birthDate: null, sex: 'X', idKind: 'identity_card', idNumber: '', idChecked: false,
    description: '', language: '', pages: 1, copies: 1, serviceId: null, serviceChosen: false, caseNumber: '',
    secondLocale: null, original: null, originalSize: 0,
    // Without anything to draw with, the citizen signs the printed ledger sheet.
    method: hasPointer() ? 'pad' : 'sheet',
    signature: null, keepSignature: false, note: '',
  };
}

const PNG_PREFIX = 'data:image/png;base64,';

/** The act of an entry, ready to be corrected. */
export function draftFromEntry(e: LedgerEntryView): CertDraft {
  const signature = e.signature_data_url?.startsWith(PNG_PREFIX) ? e.signature_data_url.slice(PNG_PREFIX.length) : null;
  let birthDate: CalendarDate | null = null;
  try {
    birthDate = e.party_birth_date ? parseDate(e.party_birth_date) : null;
  } catch {
    birthDate = null;
  }
  return {
    kind: e.act ?? (e.kind === 'copy' ? 'copy' : 'signature'),
    partyName: e.party_name,
    birthDate,
    sex: e.party_sex,
    idKind: e.id_document_kind,
    idNumber: e.id_document_number,
    idChecked: false,
    description: e.document_description,
    language: e.document_language,
    pages: e.pages,
    copies: e.copies,
    serviceId: e.service_id,
    serviceChosen: true,
    caseNumber: e.case_number ?? '',
    secondLocale: e.second_locale,
    original: null,
    originalSize: 0,
    method: e.signature_method,
    signature,
    keepSignature: !!signature,
    note: e.note ?? '',
  };
}

const blank = (s: string) => (s.trim() ? s.trim() : null);
const whole = (n: number, fallback: number) => (Number.isFinite(n) ? Math.trunc(n) : fallback);

export function toRequest(d: CertDraft): CertifyRequest {
  return {
    kind: d.kind,
    party_name: d.partyName,
    party_birth_date: d.birthDate ? toCalendar(d.birthDate, new GregorianCalendar()).toString() : null,
    party_sex: d.sex,
    // The core names the missing choice; an empty value never passes its check.
    id_document_kind: (d.idKind ?? '') as IdDocumentKind,
    id_document_number: d.idNumber,
    id_document_checked: d.idChecked,
    document_description: d.description,
    document_language: d.language,
    pages: whole(d.pages, 0),
    copies: whole(d.copies, 0),
    service_id: d.serviceId ?? '',
    case_number: blank(d.caseNumber),
    second_locale: d.secondLocale,
    original: d.original,
    signature_method: d.method,
    signature_png_base64: d.method === 'pad' ? d.signature : null,
    note: blank(d.note),
  };
}

/** The catalogue's active services as options (certification services first), with fees. */
export function useServiceOptions() {
  const { catalogue, locale, fmt } = useApp();
  const t = useT();
  const services = useMemo(() => (catalogue?.services ?? []).filter((s) => s.active), [catalogue]);
  const options: Option[] = useMemo(() => {
    const cert = (s: ServiceView) => (s.code.toUpperCase().startsWith('CERT') ? 0 : 1);
    return [...services]
      .sort((a, b) => cert(a) - cert(b) || pickName(a.names, locale).localeCompare(pickName(b.names, locale), locale))
      .map((s) => ({
        id: s.id,
        label: pickName(s.names, locale),
        textValue: pickName(s.names, locale),
        detail: `${s.code} · ${s.fee_minor > 0 ? fmt.money(s.fee_minor, s.currency) : t('intake.no_fee')}`,
      }));
  }, [services, locale, fmt, t]);
  const filter = useMemo(() => {
    const byId = new Map(services.map((s) => [s.id, s]));
    return (o: Option, input: string) => {
      const q = input.trim().toLocaleLowerCase();
      if (!q) return true;
      const s = byId.get(o.id);
      if (!s) return false;
      return [s.code, ...LOCALES.map((l) => s.names[l] ?? '')].join('\n').toLocaleLowerCase().includes(q);
    };
  }, [services]);
  const byCode = (code: string) => services.find((s) => s.code.toUpperCase() === code);
  return { services, options, filter, defaultFor: (kind: CertificationKind) => byCode(DEFAULT_SERVICE[kind])?.id ?? null };
}

/** A language's name in the UI language ("Slovak", "szlovák", "اسلواکی"), else its own name. */
export function useLanguageName() {
  const { locale } = useApp();
  return useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: 'language' });
    } catch {
      names = null;
    }
    return (l: Locale) => names?.of(l) ?? ENDONYMS[l];
  }, [locale]);
}

function originalType(file: File): string | null {
  if (Object.values(ORIGINAL_TYPES).includes(file.type)) return file.type;
  return ORIGINAL_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? null;
}

export interface CertifyFieldsProps {
  draft: CertDraft;
  set: Dispatch<SetStateAction<CertDraft>>;
  /** Translated field errors by path (with `prefix`). */
  errors: Record<string, string>;
  setFieldError(path: string, message: string | null): void;
  /** `corrected.` when the act sits inside a correction request. */
  prefix?: string;
  /** Cards on a screen, plain sections in a dialog. */
  variant?: 'cards' | 'plain';
  /** Correcting: the signature on record, a `data:` URL. */
  signatureOnRecord?: string | null;
  /** Correcting: the hash of the original on record. */
  originalOnRecord?: string | null;
}

/** The act's fields: shared by "Certify" and "Correct entry". */
export function CertifyFields({ draft: d, set, errors, setFieldError, prefix = '', variant = 'cards', signatureOnRecord, originalOnRecord }: CertifyFieldsProps) {
  const t = useT();
  const { session, fmt } = useApp();
  const { services, options, filter, defaultFor } = useServiceOptions();
  const name = (f: CertField) => `${prefix}${f}`;
  const err = (f: CertField) => errors[name(f)];
  // "Please fill this in" says little next to a tick box or a drawing surface.
  const required = t('field_error.required');
  const errOr = (f: (typeof CERT_FIELDS)[number], instead: string) => (err(f) === required ? instead : err(f));
  // A changed value drops its field's error: the registrar sees what is still to fix.
  const put = <K extends keyof CertDraft>(k: K, v: CertDraft[K]) => {
    set((x) => ({ ...x, [k]: v }));
    const path = DRAFT_PATH[k];
    if (path && errors[name(path)]) setFieldError(name(path), null);
  };

  // Until the registrar picks a service, the act's own service is picked for them.
  const fallback = defaultFor(d.kind);
  useEffect(() => {
    if (!d.serviceChosen && !d.serviceId && fallback) set((x) => ({ ...x, serviceId: fallback }));
  }, [d.serviceChosen, d.serviceId, fallback, set]);

  const service = services.find((s) => s.id === d.serviceId);
  const officeLocale = session?.office.locale ?? 'sk';
  const localeOptions: Option[] = [
    { id: NO_LOCALE, label: t('certification.second_locale_none') },
    ...LOCALES.filter((l) => l !== officeLocale).map((l) => ({ id: l, label: ENDONYMS[l], lang: l })),
  ];
  const numberFormat = useMemo(() => ({ maximumFractionDigits: 0, useGrouping: false }), []);
  const languageName = useLanguageName();

  const pickOriginal = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    const media = originalType(file);
    if (!media) return setFieldError(name('original'), t('certification.original_wrong_type', { name: file.name }));
    if (file.size > MAX_ORIGINAL_BYTES) return setFieldError(name('original'), t('attachments.too_big', { name: file.name, max: 10 }));
    if (file.size === 0) return setFieldError(name('original'), t('attachments.empty', { name: file.name }));
    try {
      const data = await toBase64(file);
      set((x) => ({ ...x, original: { filename: file.name, media_type: media, data_base64: data }, originalSize: file.size }));
      setFieldError(name('original'), null);
    } catch {
      setFieldError(name('original'), t('certification.original_unreadable', { name: file.name }));
    }
  };

  // A plain function, not a component: the fields inside keep their identity between renders.
  const section = ({ id, title, children }: { id: string; title: string; children: ReactNode }) => (
    <fieldset className={variant === 'cards' ? 'card form-section' : 'form-section cert-section'} id={`${prefix}section-${id}`}>
      <legend className={variant === 'cards' ? 'card-title' : 'cert-section-title'}>{title}</legend>
      {children}
    </fieldset>
  );

  const kindIcons: Record<CertificationKind, ReactNode> = {
    signature: <PenLine size={16} aria-hidden="true" />,
    copy: <Copy size={16} aria-hidden="true" />,
    extract: <FileText size={16} aria-hidden="true" />,
  };

  return (
    <>
      {section({
        id: 'act',
        title: t('certification.section_act'),
        children: (
          <>
            <Segmented<CertificationKind>
              name={name('kind')}
              label={t('certification.kind')}
              value={d.kind}
              onChange={(v) =>
                set((x) => ({ ...x, kind: v, serviceId: x.serviceChosen ? x.serviceId : defaultFor(v) ?? x.serviceId }))
              }
              options={KINDS.map((k) => ({ id: k, label: t(`certification.kind_${k}` as MessageId), icon: kindIcons[k] }))}
              error={err('kind')}
            />
            <div className="grid-2">
              <ComboBoxInput
                name={name('service_id')}
                label={t('certification.service')}
                value={d.serviceId}
                onChange={(v) => {
                  set((x) => ({ ...x, serviceId: v, serviceChosen: true }));
                  if (v) setFieldError(name('service_id'), null);
                }}
                options={options}
                filter={filter}
                placeholder={t('intake.service_placeholder')}
                emptyText={t('intake.no_service')}
                isRequired
                error={err('service_id')}
                description={
                  service
                    ? t('certification.fee_is', { fee: service.fee_minor > 0 ? fmt.money(service.fee_minor, service.currency) : t('intake.no_fee') })
                    : t('intake.service_help')
                }
              />
              <TextInput
                name={name('case_number')}
                label={t('certification.case_number')}
                value={d.caseNumber}
                onChange={(v) => put('caseNumber', v)}
                error={err('case_number')}
                placeholder={`C-${new Date().getFullYear()}/00001`}
                dir="ltr"
                digits
                description={t('certification.case_number_help')}
              />
            </div>
            <TextAreaInput
              name={name('note')}
              label={t('certification.note')}
              value={d.note}
              onChange={(v) => put('note', v)}
              maxLength={2000}
              rows={2}
              error={err('note')}
              description={t('intake.optional')}
              counter={(n, max) => t('form.counter', { count: fmt.number(n), max: fmt.number(max) })}
            />
          </>
        ),
      })}

      {section({
        id: 'party',
        title: t('certification.section_party'),
        children: (
          <>
            <TextInput name={name('party_name')} label={t('intake.party_name')} value={d.partyName} onChange={(v) => put('partyName', v)} isRequired autoComplete="off" maxLength={200} error={err('party_name')} />
            <div className="grid-2">
              <DateInputField name={name('party_birth_date')} label={t('intake.birth_date')} value={d.birthDate} onChange={(v) => put('birthDate', v)} error={err('party_birth_date')} description={t('intake.optional')} />
              <SelectInput
                name={name('party_sex')}
                label={t('certification.party_sex')}
                value={d.sex}
                onChange={(v) => put('sex', SEXES.find((x) => x === v) ?? 'X')}
                options={SEXES.map((x) => ({ id: x, label: t(`registry.sex.${x}` as MessageId) }))}
                placeholder={t('common.choose')}
                error={err('party_sex')}
                description={t('certification.party_sex_help')}
              />
            </div>
            <div className="grid-2">
              <SelectInput
                name={name('id_document_kind')}
                label={t('certification.id_kind')}
                value={d.idKind}
                onChange={(v) => put('idKind', (v as IdDocumentKind | null) ?? null)}
                options={ID_KINDS.map((k) => ({ id: k, label: t(`certification.id_kind.${k}` as MessageId) }))}
                placeholder={t('common.choose')}
                isRequired
                error={err('id_document_kind')}
              />
              <TextInput name={name('id_document_number')} label={t('certification.id_number')} value={d.idNumber} onChange={(v) => put('idNumber', v)} isRequired autoComplete="off" maxLength={50} dir="auto" digits error={err('id_document_number')} spellCheck={false} />
            </div>
            <CheckboxInput
              name={name('id_document_checked')}
              isSelected={d.idChecked}
              onChange={(v) => put('idChecked', v)}
              isRequired
              className="checkbox-card"
              description={t('certification.id_checked_help')}
              error={errOr('id_document_checked', t('certification.id_checked_required'))}
            >
              {t('certification.id_checked')}
            </CheckboxInput>
          </>
        ),
      })}

      {section({
        id: 'document',
        title: t('certification.section_document'),
        children: (
          <>
            <TextInput name={name('document_description')} label={t('certification.document_description')} value={d.description} onChange={(v) => put('description', v)} isRequired maxLength={300} error={err('document_description')} description={t('certification.document_description_help')} />
            <div className="grid-3">
              <TextInput name={name('document_language')} label={t('certification.document_language')} value={d.language} onChange={(v) => put('language', v)} isRequired maxLength={60} error={err('document_language')} description={t('certification.document_language_help')} />
              <NumberInput name={name('pages')} label={d.kind === 'copy' ? t('certification.pages_copy') : t('certification.pages_signature')} value={d.pages} onChange={(v) => put('pages', v)} minValue={1} isRequired error={err('pages')} formatOptions={numberFormat} />
              <NumberInput name={name('copies')} label={d.kind === 'copy' ? t('certification.copies_copy') : t('certification.copies_signature')} value={d.copies} onChange={(v) => put('copies', v)} minValue={1} isRequired error={err('copies')} formatOptions={numberFormat} />
            </div>
            <div className="grid-2">
              <SelectInput
                name={name('second_locale')}
                label={t('certification.second_locale')}
                value={d.secondLocale ?? NO_LOCALE}
                onChange={(v) => put('secondLocale', isLocale(v) ? v : null)}
                options={localeOptions}
                placeholder={t('certification.second_locale_none')}
                error={err('second_locale')}
                description={t('certification.second_locale_help', { language: languageName(officeLocale) })}
              />
              <div className={`field original-field ${err('original') ? 'is-invalid' : ''}`}>
                <span className="field-label" id={`${prefix}original-label`}>{t('certification.original')}</span>
                {d.original ? (
                  <div className="file-chip">
                    {d.original.media_type === 'application/pdf' ? <FileText size={18} aria-hidden="true" /> : <FileImage size={18} aria-hidden="true" />}
                    <span className="file-chip-text">
                      <span className="file-chip-name" dir="auto">{d.original.filename}</span>
                      <span className="file-chip-meta">{fmt.size(d.originalSize)}</span>
                    </span>
                    <Button
                      className="icon-button"
                      aria-label={t('certification.original_remove', { name: d.original.filename })}
                      onPress={() => set((x) => ({ ...x, original: null, originalSize: 0 }))}
                    >
                      <X size={16} aria-hidden="true" />
                    </Button>
                  </div>
                ) : (
                  <FileTrigger acceptedFileTypes={['application/pdf', 'image/jpeg', 'image/png', '.pdf', '.jpg', '.jpeg', '.png']} onSelect={(files) => void pickOriginal(files)}>
                    <Button className="button button-secondary original-button" aria-describedby={`${prefix}original-label ${prefix}original-help`}>
                      <Paperclip size={16} aria-hidden="true" />
                      {t('certification.original_choose')}
                    </Button>
                  </FileTrigger>
                )}
                {err('original') ? (
                  <p className="field-error" role="alert">{err('original')}</p>
                ) : (
                  <p className="field-help" id={`${prefix}original-help`}>
                    {originalOnRecord && !d.original
                      ? t('certification.original_on_record', { hash: `${originalOnRecord.slice(0, 16)}…` })
                      : t('certification.original_help')}
                  </p>
                )}
              </div>
            </div>
          </>
        ),
      })}

      {section({
        id: 'signature',
        title: t('certification.section_signature'),
        children: (
          <>
            <Segmented<SignatureMethod>
              name={name('signature_method')}
              label={t('certification.method')}
              value={d.method}
              onChange={(v) => put('method', v)}
              options={[
                { id: 'pad', label: t('certification.method_pad'), icon: <PenLine size={16} aria-hidden="true" /> },
                { id: 'sheet', label: t('certification.method_sheet'), icon: <Printer size={16} aria-hidden="true" /> },
              ]}
              error={err('signature_method')}
            />
            {d.method === 'pad' ? (
              d.keepSignature && signatureOnRecord ? (
                <div className="field signature-field">
                  <span className="field-label">{t('certification.signature_on_record')}</span>
                  <div className="signature-record">
                    <img src={signatureOnRecord} alt={t('certification.entry.signature_alt', { name: d.partyName })} />
                  </div>
                  <Button className="button button-ghost button-sm" onPress={() => set((x) => ({ ...x, keepSignature: false, signature: null }))}>
                    <RotateCcw size={14} aria-hidden="true" />
                    {t('certification.sign_again')}
                  </Button>
                </div>
              ) : (
                <SignaturePad
                  label={t('certification.pad_label')}
                  description={hasPointer() ? t('certification.pad_help') : t('certification.pad_no_pointer')}
                  error={errOr('signature_png_base64', t('certification.pad_required'))}
                  isEmpty={!d.signature}
                  onChange={(png) => put('signature', png)}
                />
              )
            ) : (
              <p className="method-note">
                <Printer size={16} aria-hidden="true" />
                <span>{t('certification.method_sheet_help')}</span>
              </p>
            )}
          </>
        ),
      })}

    </>
  );
}
