import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { MessageSquarePlus } from 'lucide-react';
import type { FeedbackAbout } from '../../gen/FeedbackAbout';
import type { FeedbackInput } from '../../gen/FeedbackInput';
import type { FeedbackKind } from '../../gen/FeedbackKind';
import type { Locale } from '../../gen/Locale';
import type { TicketView } from '../../gen/TicketView';
import { useApp } from '../../app/state';
import { navigate } from '../../app/router';
import { ENDONYMS, LOCALES, pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { Banner, ModalDialog } from '../../components/ui';
import { CheckboxInput, ComboBoxInput, Segmented, SelectInput, TextAreaInput, TextInput, type Option } from '../../components/fields';
import { ctrlEnterSubmits, focusFirstInvalid, useFormErrors } from '../../components/forms';
import { ticketDigits } from '../queue/ticket';
import { ABOUTS, KINDS, aboutLabel, kindHelp, kindLabel } from './labels';

const KNOWN = [
  'kind', 'about', 'service_code', 'agency_code', 'desk', 'staff_id', 'description', 'locale',
  'contact.name', 'contact.email', 'contact.phone', 'contact.address', 'visit_id', 'case_id',
] as const;

const DESCRIPTION_MAX = 4000;
const SHORT_MAX = 200;
const ADDRESS_MAX = 400;

/** The visit an item is taken down in, when the dialog opens from it. */
export interface VisitRef {
  id: string;
  locale: Locale;
  ticket?: string | null;
}

/** The case an item is about, when the dialog opens from it. */
export interface CaseRef {
  id: string;
  number: string;
}

/** A question or a call-back cannot be answered without a way to reach the citizen (okno-rules' `needs_contact`). */
const needsContact = (k: FeedbackKind) => k === 'question' || k === 'callback';
const emailOk = (s: string) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(s);
const phoneOk = (s: string) => /^[0-9+ ().-]+$/.test(s) && (s.match(/\d/g)?.length ?? 0) >= 6 && (s.match(/\d/g)?.length ?? 0) <= 20;

/**
 * Taking down a complaint, a suggestion, an idea, praise, a question or a call-back request at
 * the desk: what it is and what about, in the citizen's words and language, anonymous or with a
 * way to answer, and linked to the visit being served or to a case.
 */
export function NewItemDialog({ onClose, visit, caseRef }: { onClose(): void; visit?: VisitRef; caseRef?: CaseRef }) {
  const t = useT();
  const { call, can, catalogue, staff, locale: uiLocale, session, toast } = useApp();
  const [kind, setKind] = useState<FeedbackKind>('complaint');
  const [about, setAbout] = useState<FeedbackAbout>('office');
  const [serviceCode, setServiceCode] = useState<string | null>(null);
  const [agencyCode, setAgencyCode] = useState<string | null>(null);
  const [desk, setDesk] = useState('');
  const [staffId, setStaffId] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [locale, setLocale] = useState<Locale>(visit?.locale ?? session?.office.locale ?? uiLocale);
  const [localeTouched, setLocaleTouched] = useState(!!visit);
  const [anonymous, setAnonymous] = useState(false);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const [serving, setServing] = useState<TicketView | null>(null);
  const [linkVisit, setLinkVisit] = useState(true);
  const [caseNumber, setCaseNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, fromError, clear, setField } = useFormErrors(t, KNOWN);

  // The ticket this desk serves now: the item is linked to its visit, in its language.
  useEffect(() => {
    if (visit || !can('serve_queue')) return;
    let live = true;
    call('desk_state', {})
      .then((d) => {
        if (!live) return;
        const current = d.current ?? null;
        setServing(current);
        if (d.setup?.label) setDesk((x) => x || d.setup!.label);
        if (current && !localeTouched) setLocale(current.locale);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // Asked once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const linkable: VisitRef | null = visit ?? (serving ? { id: serving.visit_id, locale: serving.locale, ticket: serving.number } : null);
  const mustContact = needsContact(kind);
  const isAnonymous = anonymous && !mustContact;

  const services: Option[] = useMemo(
    () =>
      (catalogue?.services ?? [])
        .filter((s) => s.active)
        .map((s) => ({ id: s.code, label: pickName(s.names, uiLocale), detail: s.code }))
        .sort((a, b) => a.label.localeCompare(b.label, uiLocale)),
    [catalogue, uiLocale],
  );
  const agencies: Option[] = useMemo(
    () =>
      (catalogue?.agencies ?? [])
        .filter((a) => a.active)
        .map((a) => ({ id: a.code, label: pickName(a.names, uiLocale) }))
        .sort((a, b) => a.label.localeCompare(b.label, uiLocale)),
    [catalogue, uiLocale],
  );
  const staffOptions: Option[] = (staff ?? []).filter((s) => s.active).map((s) => ({ id: s.id, label: s.display_name }));
  const localeOptions: Option[] = LOCALES.map((l) => ({ id: l, label: ENDONYMS[l], lang: l }));

  /** The case the number names (the list's exact match), or why not. */
  const findCase = async (): Promise<string | null | 'unknown'> => {
    if (caseRef) return caseRef.id;
    const n = caseNumber.trim();
    if (!n) return null;
    const found = await call('list_cases', { scope: 'all', status: null, service_id: null, assignee_id: null, overdue_only: false, text: n, limit: 5, offset: 0 });
    return found.items.find((c) => c.number.toLowerCase() === n.toLowerCase())?.id ?? 'unknown';
  };

  const submit = async () => {
    clear();
    const missing: [string, string][] = [];
    if (!description.trim()) missing.push(['description', t('field_error.required')]);
    if (about === 'service' && !serviceCode) missing.push(['service_code', t('field_error.required')]);
    if (about === 'agency' && !agencyCode) missing.push(['agency_code', t('field_error.required')]);
    if (about === 'desk' && !desk.trim()) missing.push(['desk', t('field_error.required')]);
    if (!isAnonymous) {
      if (email.trim() && !emailOk(email.trim())) missing.push(['contact.email', t('feedback.error.email')]);
      if (phone.trim() && !phoneOk(phone.trim())) missing.push(['contact.phone', t('feedback.error.phone')]);
    }
    if (mustContact && !email.trim() && !phone.trim()) missing.push(['contact.phone', t('feedback.error.contact_needed')]);
    for (const [f, m] of missing) setField(f, m);
    if (missing.length) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    try {
      const caseId = await findCase();
      if (caseId === 'unknown') {
        setField('case_id', t('field_error.unknown_case'));
        if (formRef.current) focusFirstInvalid(formRef.current);
        return;
      }
      const input: FeedbackInput = {
        kind,
        about,
        service_code: about === 'service' ? serviceCode : null,
        agency_code: about === 'agency' ? agencyCode : null,
        desk: about === 'desk' ? desk.trim() : null,
        staff_id: about === 'staff' ? staffId : null,
        description: description.trim(),
        locale,
        contact: isAnonymous
          ? null
          : { name: name.trim() || null, email: email.trim() || null, phone: phone.trim() || null, address: address.trim() || null },
        visit_id: linkable && linkVisit ? linkable.id : null,
        case_id: caseId,
      };
      const detail = await call('file_feedback', input);
      toast(t('feedback.filed', { number: detail.summary.number }));
      onClose();
      navigate({ name: 'feedback_item', id: detail.summary.id });
    } catch (e) {
      const err = fromError(e, formRef.current);
      // The one refusal with words of its own: a question or a call-back with no way to answer.
      if (mustContact && err.fields.some((f) => f.field === 'contact.phone' && f.code === 'required')) {
        setField('contact.phone', t('feedback.error.contact_needed'));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('feedback.new_title')} size="lg">
      <Form ref={formRef} className="form fb-new" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <p className="form-intro">{t('feedback.new_intro')}</p>
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
        <RadioGroup className="field" name="kind" value={kind} onChange={(v) => setKind(v as FeedbackKind)} validationBehavior="aria" isInvalid={!!errors.fields.kind}>
          <Label className="field-label">{t('feedback.kind_label')}</Label>
          <div className="fb-kind-options">
            {KINDS.map((k) => (
              <Radio key={k} value={k} className="radio-card">
                <span className="radio-dot" aria-hidden="true" />
                <span className="radio-text">
                  <span className="radio-title">{kindLabel(t, k)}</span>
                  <span className="radio-help">{kindHelp(t, k)}</span>
                </span>
              </Radio>
            ))}
          </div>
        </RadioGroup>

        <Segmented<FeedbackAbout> name="about" label={t('feedback.about_label')} value={about} onChange={setAbout} options={ABOUTS.map((a) => ({ id: a, label: aboutLabel(t, a) }))} error={errors.fields.about} />
        {about === 'service' ? (
          <ComboBoxInput name="service_code" label={t('feedback.service')} value={serviceCode} onChange={setServiceCode} options={services} emptyText={t('common.no_matches')} isRequired error={errors.fields.service_code} />
        ) : null}
        {about === 'agency' ? (
          <SelectInput name="agency_code" label={t('feedback.agency')} value={agencyCode} onChange={setAgencyCode} options={agencies} placeholder={t('common.choose')} isRequired error={errors.fields.agency_code} />
        ) : null}
        {about === 'desk' ? (
          <TextInput name="desk" label={t('feedback.desk')} value={desk} onChange={setDesk} maxLength={SHORT_MAX} isRequired dir="ltr" error={errors.fields.desk} className="fb-short" />
        ) : null}
        {about === 'staff' && staff ? (
          <SelectInput name="staff_id" label={t('feedback.staff')} description={t('feedback.staff_help')} value={staffId} onChange={setStaffId} options={staffOptions} placeholder={t('feedback.staff_unnamed')} error={errors.fields.staff_id} />
        ) : null}

        <TextAreaInput
          name="description"
          label={t('feedback.description')}
          description={t('feedback.description_help')}
          value={description}
          onChange={setDescription}
          maxLength={DESCRIPTION_MAX}
          rows={6}
          isRequired
          counter={(n, max) => t('form.counter', { count: n, max })}
          onKeyDown={ctrlEnterSubmits(formRef)}
          error={errors.fields.description}
        />
        <SelectInput
          name="locale"
          label={t('feedback.language')}
          description={t('feedback.language_help')}
          value={locale}
          onChange={(v) => { if (v) { setLocale(v as Locale); setLocaleTouched(true); } }}
          options={localeOptions}
          placeholder={t('common.choose')}
          error={errors.fields.locale}
          className="fb-short"
        />

        <fieldset className="fieldset fb-contact">
          <legend className="field-label">{t('feedback.contact')}</legend>
          {mustContact ? (
            <p className="field-help">{t('feedback.contact_needed_help')}</p>
          ) : (
            <CheckboxInput isSelected={anonymous} onChange={setAnonymous} description={t('feedback.anonymous_help')}>
              {t('feedback.anonymous')}
            </CheckboxInput>
          )}
          {!isAnonymous ? (
            <div className="grid-2">
              <TextInput name="contact.name" label={t('feedback.contact_name')} value={name} onChange={setName} maxLength={SHORT_MAX} autoComplete="off" error={errors.fields['contact.name']} />
              <TextInput name="contact.email" type="email" label={t('feedback.contact_email')} value={email} onChange={setEmail} maxLength={SHORT_MAX} dir="ltr" autoComplete="off" error={errors.fields['contact.email']} />
              <TextInput name="contact.phone" type="tel" label={t('feedback.contact_phone')} value={phone} onChange={setPhone} maxLength={SHORT_MAX} dir="ltr" autoComplete="off" isRequired={mustContact && !email.trim()} error={errors.fields['contact.phone']} />
              <TextInput name="contact.address" label={t('feedback.contact_address')} value={address} onChange={setAddress} maxLength={ADDRESS_MAX} autoComplete="off" error={errors.fields['contact.address']} />
            </div>
          ) : null}
        </fieldset>

        <fieldset className="fieldset fb-links">
          <legend className="field-label">{t('feedback.links')}</legend>
          {linkable ? (
            <CheckboxInput isSelected={linkVisit} onChange={setLinkVisit} error={errors.fields.visit_id}>
              {linkable.ticket
                ? t('feedback.link_visit_ticket', { number: ticketDigits(linkable.ticket, uiLocale) })
                : t('feedback.link_visit')}
            </CheckboxInput>
          ) : null}
          {caseRef ? (
            <p>{t('feedback.about_case')} <span className="case-number" dir="ltr">{caseRef.number}</span></p>
          ) : can('view_cases') ? (
            <TextInput name="case_id" label={t('feedback.case_number')} description={t('feedback.case_number_help')} value={caseNumber} onChange={setCaseNumber} digits dir="ltr" maxLength={40} error={errors.fields.case_id} className="fb-short" />
          ) : null}
        </fieldset>

        <div className="dialog-actions">
          <Button className="button" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>
            <MessageSquarePlus size={16} aria-hidden="true" />
            {t('feedback.file')}
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}

/** The button that opens the dialog from another record (a visit, a case), for those who take feedback. */
export function FeedbackButton({ visit, caseRef, className }: { visit?: VisitRef; caseRef?: CaseRef; className?: string }) {
  const t = useT();
  const { can } = useApp();
  const [open, setOpen] = useState(false);
  if (!can('take_feedback')) return null;
  return (
    <>
      <Button className={className ?? 'button button-secondary'} onPress={() => setOpen(true)}>
        <MessageSquarePlus size={16} aria-hidden="true" />
        {t('feedback.button')}
      </Button>
      {open ? <NewItemDialog visit={visit} caseRef={caseRef} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
