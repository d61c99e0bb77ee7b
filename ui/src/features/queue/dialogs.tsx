import { useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Printer, Ticket } from 'lucide-react';
import type { DeskSetup } from '../../gen/DeskSetup';
import type { DeskState } from '../../gen/DeskState';
import type { Locale } from '../../gen/Locale';
import type { QueueCategoryView } from '../../gen/QueueCategoryView';
import type { TicketPriority } from '../../gen/TicketPriority';
import type { TicketView } from '../../gen/TicketView';
import { useApp } from '../../app/state';
import { host, toApiError } from '../../host';
import { ENDONYMS, LOCALES, pickName } from '../../i18n/locales';
import { errorText, useT } from '../../i18n/useT';
import { Banner, ModalDialog } from '../../components/ui';
import { CheckboxInput, Segmented, SelectInput, TextInput, type Option } from '../../components/fields';
import { useFormErrors } from '../../components/forms';
import { TicketNumber, priorityLabel } from './ticket';

/** Names this desk and the categories it serves. */
export function DeskSetupDialog({
  isOpen, onOpenChange, categories, current, onSaved,
}: {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  categories: QueueCategoryView[];
  current: DeskSetup | null;
  onSaved(state: DeskState): void;
}) {
  const t = useT();
  const { call, locale, toast } = useApp();
  const [label, setLabel] = useState(current?.label ?? '');
  const [chosen, setChosen] = useState<string[]>(current?.categories ?? []);
  const [isPrivate, setPrivate] = useState(current?.private ?? false);
  const [busy, setBusy] = useState(false);
  const { errors, fromError, clear } = useFormErrors(t, ['label', 'categories']);
  const formRef = useRef<HTMLFormElement>(null);

  const save = async () => {
    setBusy(true);
    clear();
    try {
      const state = await call('set_desk_setup', { label: label.trim(), categories: chosen, private: isPrivate });
      toast(t('queue.setup_saved', { desk: state.setup?.label ?? label }));
      onSaved(state);
      onOpenChange(false);
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen={isOpen} onOpenChange={onOpenChange} title={t('queue.setup_title')}>
      <Form
        ref={formRef}
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p className="form-intro">{t('queue.setup_intro')}</p>
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
        <TextInput name="label" label={t('queue.desk_label')} description={t('queue.desk_label_help')} value={label} onChange={setLabel} isRequired maxLength={8} error={errors.fields.label} autoFocus />
        <fieldset className="fieldset">
          <legend className="field-label">{t('queue.categories')}</legend>
          <div className="checkbox-grid">
            {categories
              .filter((c) => c.active)
              .map((c) => (
                <CheckboxInput
                  key={c.code}
                  name={`category-${c.code}`}
                  isSelected={chosen.includes(c.code)}
                  onChange={(on) => setChosen((xs) => (on ? [...xs, c.code] : xs.filter((x) => x !== c.code)))}
                >
                  <span className="category-code" dir="ltr">{c.code}</span> {pickName(c.names, locale)}
                </CheckboxInput>
              ))}
          </div>
          {errors.fields.categories ? <p className="field-error" role="alert">{errors.fields.categories}</p> : null}
        </fieldset>
        <CheckboxInput name="private" isSelected={isPrivate} onChange={setPrivate} description={t('queue.private_desk_help')}>
          {t('queue.private_desk')}
        </CheckboxInput>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isDisabled={busy}>
            {t('common.save')}
          </Button>
          <Button className="button" onPress={() => onOpenChange(false)}>
            {t('common.cancel')}
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}

/** Prints a ticket through the host; a failed print is recorded and the ticket shown large. */
export function useTicketPrint(onDone: (ticket: TicketView, failed: boolean) => void) {
  const t = useT();
  const { session, call, toast } = useApp();
  const [busy, setBusy] = useState(false);
  const print = async (ticket: TicketView) => {
    if (!session) return;
    setBusy(true);
    try {
      await host.document(session.token, { kind: 'ticket', ticket_id: ticket.id }, 'print');
      toast(t('queue.printed'), 'info');
      onDone(await call('get_ticket', { ticket_id: ticket.id }), false);
    } catch (e) {
      toast(errorText(t, toApiError(e)), 'error');
      try {
        onDone(await call('ticket_action', { ticket_id: ticket.id, action: 'print_failed' }), true);
      } catch {
        onDone(ticket, true);
      }
    } finally {
      setBusy(false);
    }
  };
  return { print, busy };
}

/** A ticket for a citizen who skipped the kiosk (or calls by phone), then its print. */
export function TakeTicketDialog({
  isOpen, onOpenChange, categories, onTaken,
}: {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  categories: QueueCategoryView[];
  onTaken(ticket: TicketView): void;
}) {
  const t = useT();
  const { call, locale, fmt } = useApp();
  const [category, setCategory] = useState<string | null>(categories.find((c) => c.active)?.code ?? null);
  const [priority, setPriority] = useState<TicketPriority>('normal');
  const [citizenLocale, setCitizenLocale] = useState<Locale>(locale);
  const [isPrivate, setPrivate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [failed, setFailed] = useState(false);
  const { errors, fromError, clear } = useFormErrors(t, ['category']);
  const formRef = useRef<HTMLFormElement>(null);
  const { print, busy: printing } = useTicketPrint((tk, f) => {
    setTicket(tk);
    setFailed(f);
    onTaken(tk);
  });
  const bigRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ticket) bigRef.current?.focus();
  }, [ticket]);

  const categoryOptions: Option[] = categories
    .filter((c) => c.active)
    .map((c) => ({ id: c.code, label: `${c.code} · ${pickName(c.names, locale)}` }));
  const localeOptions: Option[] = LOCALES.map((l) => ({ id: l, label: ENDONYMS[l], lang: l }));

  const take = async () => {
    if (!category) return;
    setBusy(true);
    clear();
    try {
      const tk = await call('take_ticket', { category, priority, locale: citizenLocale, private: isPrivate });
      setTicket(tk);
      onTaken(tk);
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen={isOpen} onOpenChange={onOpenChange} title={ticket ? t('queue.taken', { number: ticket.number }) : t('queue.take_title')}>
      {ticket ? (
        <div className={`ticket-card ${failed ? 'ticket-card-large' : ''}`} ref={bigRef} tabIndex={-1} aria-live="polite">
          {failed ? <Banner kind="warning">{t('queue.print_failed')}</Banner> : null}
          <p className="ticket-card-category">{pickName(ticket.category_names, citizenLocale) || ticket.category}</p>
          <TicketNumber number={ticket.number} locale={citizenLocale} className="ticket-card-number" />
          {ticket.ahead != null ? (
            <p className="ticket-card-meta">
              {t('queue.ahead', { count: ticket.ahead })}
              {ticket.estimated_wait_minutes != null && ticket.estimated_wait_minutes > 0 ? ` · ${t('queue.estimate', { minutes: ticket.estimated_wait_minutes })}` : ''}
            </p>
          ) : null}
          <p className="ticket-card-meta">{fmt.time(ticket.taken_at)}</p>
          <div className="form-actions">
            <Button className="button button-primary" isDisabled={printing} onPress={() => void print(ticket)}>
              <Printer size={18} aria-hidden="true" />
              {failed ? t('queue.reprint') : t('queue.print')}
            </Button>
            <Button className="button" onPress={() => onOpenChange(false)}>
              {t('common.done')}
            </Button>
          </div>
        </div>
      ) : (
        <Form
          ref={formRef}
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void take();
          }}
        >
          <p className="form-intro">{t('queue.take_help')}</p>
          {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
          <SelectInput name="category" label={t('queue.category')} value={category} onChange={setCategory} options={categoryOptions} placeholder={t('common.choose')} isRequired error={errors.fields.category} />
          <Segmented<TicketPriority>
            name="priority"
            label={t('queue.priority')}
            value={priority}
            onChange={setPriority}
            options={(['normal', 'mobility', 'needs'] as const).map((p) => ({ id: p, label: priorityLabel(t, p) }))}
          />
          <SelectInput name="locale" label={t('queue.language')} value={citizenLocale} onChange={(v) => v && setCitizenLocale(v as Locale)} options={localeOptions} placeholder={t('common.choose')} />
          <CheckboxInput name="private" isSelected={isPrivate} onChange={setPrivate}>
            {t('queue.private')}
          </CheckboxInput>
          <div className="form-actions">
            <Button type="submit" className="button button-primary" isDisabled={busy || !category}>
              <Ticket size={18} aria-hidden="true" />
              {t('queue.take_submit')}
            </Button>
            <Button className="button" onPress={() => onOpenChange(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </Form>
      )}
    </ModalDialog>
  );
}

/** Checks in a citizen who booked: their code gives a ticket called first once the slot begins. */
export function CheckInDialog({ onClose, onDone }: { onClose(): void; onDone(ticket: TicketView): void }) {
  const t = useT();
  const { call, toast } = useApp();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, fromError, clear } = useFormErrors(t, ['code']);
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('queue.check_in_title')}>
      <Form
        ref={formRef}
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          clear();
          try {
            const ticket = await call('check_in', { code });
            toast(t('queue.checked_in', { number: ticket.number }));
            onDone(ticket);
          } catch (err) {
            fromError(err, formRef.current);
          } finally {
            setBusy(false);
          }
        }}
      >
        <p className="form-intro">{t('queue.check_in_help')}</p>
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
        <TextInput name="code" label={t('queue.booking_code')} value={code} onChange={setCode} isRequired maxLength={16} error={errors.fields.code} dir="ltr" autoFocus />
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isDisabled={busy || !code.trim()}>
            {t('queue.check_in')}
          </Button>
          <Button className="button" onPress={onClose}>
            {t('common.cancel')}
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
