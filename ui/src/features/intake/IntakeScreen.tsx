import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import {
  CalendarClock, CheckCircle2, ClipboardCheck, Coins, Mail, Phone, Plus, Printer, Download, FolderOpen, Footprints, Send, Eraser,
} from 'lucide-react';
import { GregorianCalendar, toCalendar, type CalendarDate } from '@internationalized/date';
import type { CaseDetail } from '../../gen/CaseDetail';
import type { Channel } from '../../gen/Channel';
import type { Priority } from '../../gen/Priority';
import type { ServiceView } from '../../gen/ServiceView';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { navigate } from '../../app/router';
import { pickName, LOCALES } from '../../i18n/locales';
import { addDays, todayIn } from '../../i18n/format';
import { useT } from '../../i18n/useT';
import {
  CheckboxInput, ComboBoxInput, DateInputField, Segmented, TextAreaInput, TextInput, type Option,
} from '../../components/fields';
import { Banner, PageHeader, StickyActions } from '../../components/ui';
import { useFormErrors, submitForm } from '../../components/forms';
import { useReceipt } from '../cases/receipt';

const FIELDS = [
  'party.name', 'party.birth_date', 'party.phone', 'party.email', 'party.address',
  'service_id', 'channel', 'subject', 'description', 'priority', 'private_conversation', 'documents_presented',
] as const;

const MAX_DESCRIPTION = 4000;
const CHANNELS: Channel[] = ['walk_in', 'phone', 'email', 'post'];
const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

interface Draft {
  name: string;
  birthDate: CalendarDate | null;
  phone: string;
  email: string;
  address: string;
  serviceId: string | null;
  documents: number[];
  channel: Channel;
  priority: Priority;
  private: boolean;
  subject: string;
  description: string;
}

const EMPTY: Draft = {
  name: '', birthDate: null, phone: '', email: '', address: '', serviceId: null, documents: [],
  channel: 'walk_in', priority: 'normal', private: false, subject: '', description: '',
};

const blank = (s: string) => (s.trim() ? s.trim() : null);

/** Intake: a walk-in citizen's matter registered in one keyboard-first flow. */
export function IntakeScreen() {
  const [done, setDone] = useState<CaseDetail | null>(null);
  const [round, setRound] = useState(0);
  return done ? (
    <Confirmation
      registered={done}
      onAnother={() => {
        setDone(null);
        setRound((r) => r + 1);
      }}
    />
  ) : (
    // Clearing starts a new form: a half-typed date goes with the rest.
    <IntakeForm key={round} onRegistered={setDone} onClear={() => setRound((r) => r + 1)} />
  );
}

function IntakeForm({ onRegistered, onClear }: { onRegistered(c: CaseDetail): void; onClear(): void }) {
  const t = useT();
  const { call, catalogue, locale, session, fmt } = useApp();
  const [d, setD] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const { errors, clear, fromError, setField } = useFormErrors(t, FIELDS);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));

  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  const services = useMemo(() => (catalogue?.services ?? []).filter((s) => s.active), [catalogue]);
  const agencyName = useMemo(() => {
    const m = new Map((catalogue?.agencies ?? []).map((a) => [a.id, pickName(a.names, locale)]));
    return (id: string) => m.get(id) ?? '';
  }, [catalogue, locale]);

  const serviceOptions: Option[] = useMemo(
    () =>
      services
        .map((s) => ({
          id: s.id,
          label: pickName(s.names, locale),
          detail: [
            agencyName(s.agency_id),
            s.fee_minor > 0 ? fmt.money(s.fee_minor, s.currency) : t('intake.no_fee'),
            t('intake.deadline_days', { days: s.deadline_days }),
          ].join(' · '),
        }))
        .sort((a, b) => a.label.localeCompare(b.label, locale)),
    [services, locale, agencyName, fmt, t],
  );
  const serviceFilter = useMemo(() => {
    const byId = new Map(services.map((s) => [s.id, s]));
    return (o: Option, input: string) => {
      const q = input.trim().toLocaleLowerCase();
      if (!q) return true;
      const s = byId.get(o.id);
      if (!s) return false;
      const hay = [s.code, ...LOCALES.map((l) => s.names[l] ?? ''), agencyName(s.agency_id)].join('\n').toLocaleLowerCase();
      return hay.includes(q);
    };
  }, [services, agencyName]);

  const service: ServiceView | undefined = services.find((s) => s.id === d.serviceId);
  const today = todayIn(session?.office.time_zone ?? null);
  const due = service ? addDays(today, service.deadline_days) : null;

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      const birth = d.birthDate ? toCalendar(d.birthDate, new GregorianCalendar()).toString() : null;
      const registered = await call('register_case', {
        party: { name: d.name, birth_date: birth, phone: blank(d.phone), email: blank(d.email), address: blank(d.address) },
        service_id: d.serviceId ?? '',
        channel: d.channel,
        subject: d.subject,
        description: d.description,
        priority: d.priority,
        private_conversation: d.private,
        documents_presented: d.documents,
      });
      onRegistered(registered);
    } catch (e) {
      fromError(e, formRef.current);
      setBusy(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submitForm(formRef.current);
    }
  };

  const toggleDocument = (i: number, on: boolean) =>
    set('documents', on ? [...d.documents, i].sort((a, b) => a - b) : d.documents.filter((x) => x !== i));

  const channelIcons: Record<Channel, React.ReactNode> = {
    walk_in: <Footprints size={16} aria-hidden="true" />,
    phone: <Phone size={16} aria-hidden="true" />,
    email: <Mail size={16} aria-hidden="true" />,
    post: <Send size={16} aria-hidden="true" className="flip-rtl" />,
  };

  return (
    <div className="intake">
      <PageHeader
        title={t('intake.title')}
        subtitle={t('intake.subtitle')}
        actions={
          <span className="hint">
            <kbd dir="ltr">Ctrl</kbd> + <kbd dir="ltr">Enter</kbd> {t('intake.shortcut_submit')}
          </span>
        }
      />
      {errors.form ? (
        <Banner kind="error" title={errors.form}>
          {Object.keys(errors.fields).length > 0 ? <p>{t('form.fix_fields', { count: Object.keys(errors.fields).length })}</p> : null}
          {errors.other.length ? <ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}
        </Banner>
      ) : null}
      <div className="intake-layout">
        <form
          ref={formRef}
          className="form intake-form"
          noValidate
          aria-labelledby="page-title"
          onKeyDown={onKeyDown}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <fieldset className="card form-section">
            <legend className="card-title">{t('intake.citizen')}</legend>
            <div className="grid-2">
              <TextInput name="party.name" label={t('intake.party_name')} value={d.name} onChange={(v) => set('name', v)} isRequired inputRef={nameRef} autoComplete="off" error={errors.fields['party.name']} maxLength={200} />
              <DateInputField name="party.birth_date" label={t('intake.birth_date')} value={d.birthDate} onChange={(v) => set('birthDate', v)} error={errors.fields['party.birth_date']} description={t('intake.optional')} />
            </div>
            <div className="grid-3">
              <TextInput name="party.phone" type="tel" label={t('intake.phone')} value={d.phone} onChange={(v) => set('phone', v)} autoComplete="off" inputMode="tel" dir="ltr" error={errors.fields['party.phone']} />
              <TextInput name="party.email" type="email" label={t('intake.email')} value={d.email} onChange={(v) => set('email', v)} autoComplete="off" dir="ltr" error={errors.fields['party.email']} />
              <TextInput name="party.address" label={t('intake.address')} value={d.address} onChange={(v) => set('address', v)} autoComplete="off" error={errors.fields['party.address']} />
            </div>
          </fieldset>

          <fieldset className="card form-section">
            <legend className="card-title">{t('intake.matter')}</legend>
            <ComboBoxInput
              name="service_id"
              label={t('intake.service')}
              value={d.serviceId}
              onChange={(v) => {
                setD((x) => ({ ...x, serviceId: v, documents: v === x.serviceId ? x.documents : [] }));
                if (v) setField('service_id', null);
              }}
              options={serviceOptions}
              filter={serviceFilter}
              placeholder={t('intake.service_placeholder')}
              emptyText={t('intake.no_service')}
              isRequired
              error={errors.fields['service_id']}
              description={t('intake.service_help')}
            />
            {service && service.required_documents.length > 0 ? (
              <div className="checklist" role="group" aria-labelledby="checklist-title">
                <p id="checklist-title" className="checklist-title">
                  <ClipboardCheck size={16} aria-hidden="true" />
                  {t('intake.documents_title')}
                  <span className="checklist-count">{t('intake.documents_count', { done: d.documents.length, total: service.required_documents.length })}</span>
                </p>
                {service.required_documents.map((doc, i) => (
                  <CheckboxInput key={i} name={`documents_presented.${i}`} isSelected={d.documents.includes(i)} onChange={(on) => toggleDocument(i, on)}>
                    {pickName(doc, locale)}
                  </CheckboxInput>
                ))}
                {errors.fields['documents_presented'] ? <p className="field-error">{errors.fields['documents_presented']}</p> : null}
              </div>
            ) : service ? (
              <p className="muted checklist-none">{t('intake.no_documents')}</p>
            ) : null}
            <div className="segment-row">
              <Segmented<Channel>
                name="channel"
                label={t('intake.channel')}
                value={d.channel}
                onChange={(v) => set('channel', v)}
                options={CHANNELS.map((c) => ({ id: c, label: t(`channel.${c}` as MessageId), icon: channelIcons[c] }))}
                error={errors.fields['channel']}
              />
              <Segmented<Priority>
                name="priority"
                label={t('intake.priority')}
                value={d.priority}
                onChange={(v) => set('priority', v)}
                options={PRIORITIES.map((p) => ({ id: p, label: t(`priority.${p}` as MessageId) }))}
                error={errors.fields['priority']}
              />
            </div>
            <CheckboxInput name="private_conversation" isSelected={d.private} onChange={(v) => set('private', v)} description={t('intake.private_help')} className="checkbox-card">
              {t('intake.private')}
            </CheckboxInput>
            <TextInput name="subject" label={t('intake.subject')} value={d.subject} onChange={(v) => set('subject', v)} isRequired maxLength={200} error={errors.fields['subject']} description={t('intake.subject_help')} />
            <TextAreaInput
              name="description"
              label={t('intake.description')}
              value={d.description}
              onChange={(v) => set('description', v)}
              maxLength={MAX_DESCRIPTION}
              rows={4}
              error={errors.fields['description']}
              counter={(n, max) => t('form.counter', { count: fmt.number(n), max: fmt.number(max) })}
            />
          </fieldset>

          <StickyActions>
            <Button type="submit" className="button button-primary button-lg">
              <CheckCircle2 size={18} aria-hidden="true" />
              {busy ? t('intake.registering') : t('intake.submit')}
            </Button>
            <Button
              className="button button-ghost"
              onPress={onClear}
            >
              <Eraser size={16} aria-hidden="true" />
              {t('intake.clear')}
            </Button>
          </StickyActions>
        </form>

        <aside className="intake-summary" aria-labelledby="summary-title">
          <div className="card summary-card">
            <h2 id="summary-title" className="card-title">{t('intake.summary')}</h2>
            {service ? (
              <>
                <p className="summary-service">{pickName(service.names, locale)}</p>
                <p className="summary-agency">{agencyName(service.agency_id)}</p>
                <dl className="summary-facts">
                  <div>
                    <dt><Coins size={16} aria-hidden="true" />{t('intake.fee')}</dt>
                    <dd>{service.fee_minor > 0 ? fmt.money(service.fee_minor, service.currency) : t('intake.no_fee')}</dd>
                  </div>
                  <div>
                    <dt><CalendarClock size={16} aria-hidden="true" />{t('intake.due')}</dt>
                    <dd>
                      {due ? fmt.date(due) : ''}
                      <span className="muted small"> · {t('intake.deadline_days', { days: service.deadline_days })}</span>
                    </dd>
                  </div>
                  <div>
                    <dt><ClipboardCheck size={16} aria-hidden="true" />{t('intake.documents')}</dt>
                    <dd>{t('intake.documents_count', { done: d.documents.length, total: service.required_documents.length })}</dd>
                  </div>
                </dl>
              </>
            ) : (
              <p className="muted">{t('intake.summary_empty')}</p>
            )}
          </div>
          <div className="card tips-card">
            <h2 className="card-title">{t('intake.tips_title')}</h2>
            <ul className="tips">
              <li><kbd dir="ltr">Tab</kbd> {t('intake.tip_tab')}</li>
              <li><kbd dir="ltr">↓</kbd> <kbd dir="ltr">Enter</kbd> {t('intake.tip_service')}</li>
              <li><kbd dir="ltr">Space</kbd> {t('intake.tip_space')}</li>
              <li><kbd dir="ltr">Ctrl+Enter</kbd> {t('intake.tip_submit')}</li>
            </ul>
          </div>
        </aside>
      </div>
    </div>
  );
}

function Confirmation({ registered, onAnother }: { registered: CaseDetail; onAnother(): void }) {
  const t = useT();
  const { fmt, locale } = useApp();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { run, busy } = useReceipt(registered.summary.id);
  const s = registered.summary;
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <section className="confirmation" aria-labelledby="page-title">
      <div className="visually-hidden" aria-live="assertive">{t('intake.registered_announce', { number: s.number })}</div>
      <div className="card confirmation-card">
        <div className="confirmation-icon" aria-hidden="true"><CheckCircle2 size={40} /></div>
        <h1 id="page-title" ref={headingRef} tabIndex={-1} className="confirmation-heading">
          <span className="confirmation-label">{t('intake.registered')}</span>
          <span className="case-number-big" dir="ltr">{s.number}</span>
        </h1>
        <dl className="confirmation-facts">
          <div><dt>{t('case.citizen')}</dt><dd>{s.party_name}</dd></div>
          <div><dt>{t('case.service')}</dt><dd>{pickName(s.service_names, locale)}</dd></div>
          <div><dt>{t('case.due')}</dt><dd>{fmt.date(s.due_date)}</dd></div>
          <div><dt>{t('intake.fee')}</dt><dd>{registered.fee_minor > 0 ? fmt.money(registered.fee_minor, registered.currency) : t('intake.no_fee')}</dd></div>
        </dl>
        <div className="confirmation-actions">
          <Button className="button button-primary button-lg" onPress={() => void run('print')} data-busy={busy === 'print' || undefined}>
            <Printer size={18} aria-hidden="true" />
            {t('receipt.print')}
          </Button>
          <Button className="button button-secondary button-lg" onPress={() => void run('save')} data-busy={busy === 'save' || undefined}>
            <Download size={18} aria-hidden="true" />
            {t('receipt.save')}
          </Button>
          <Button className="button button-secondary button-lg" onPress={() => navigate({ name: 'case', id: s.id })}>
            <FolderOpen size={18} aria-hidden="true" />
            {t('intake.open_case')}
          </Button>
          <Button className="button button-ghost button-lg" onPress={onAnother}>
            <Plus size={18} aria-hidden="true" />
            {t('intake.another')}
          </Button>
        </div>
      </div>
    </section>
  );
}

