import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import {
  BellRing, CalendarCheck, CheckCircle2, CircleSlash, FilePlus2, History, Megaphone, MonitorUp, PauseCircle, Play, Settings2,
  Smile, Stamp, Ticket, Undo2, Shuffle,
} from 'lucide-react';
import type { CallResult } from '../../gen/CallResult';
import type { DeskState } from '../../gen/DeskState';
import type { QueueBoard } from '../../gen/QueueBoard';
import type { QueueCategoryView } from '../../gen/QueueCategoryView';
import type { TicketAction } from '../../gen/TicketAction';
import type { TicketView } from '../../gen/TicketView';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { ENDONYMS, pickName } from '../../i18n/locales';
import { errorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { Banner, EmptyState, ModalDialog, PageHeader, Spinner } from '../../components/ui';
import { SelectInput, TextInput, type Option } from '../../components/fields';
import { useFormErrors } from '../../components/forms';
import { CheckInDialog, DeskSetupDialog, TakeTicketDialog } from './dialogs';
import { TicketNumber, TicketStateBadge, minutesSince, priorityLabel, ticketDigits } from './ticket';
import { openDisplay } from './display';
import { openRatingWindow } from '../feedback/RatingWindow';

/** How often the line is read again from the working copy (the sync brings others' changes). */
const REFRESH_MS = 2000;

/** The desk's queue: call the next citizen with one key, serve them, and see the line. */
export function QueueScreen() {
  const t = useT();
  const { call, locale, fmt, toast } = useApp();
  const [desk, setDesk] = useState<DeskState | null>(null);
  const [board, setBoard] = useState<QueueBoard | null>(null);
  const [categories, setCategories] = useState<QueueCategoryView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [setupOpen, setSetupOpen] = useState(false);
  const [takeOpen, setTakeOpen] = useState(false);
  const [checkInOpen, setCheckInOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [lastCall, setLastCall] = useState<CallResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(async () => {
    try {
      const [d, b, c] = await Promise.all([call('desk_state', {}), call('queue_board', {}), call('queue_categories', {})]);
      setDesk(d);
      setBoard(b);
      setCategories(c);
      setNow(Date.now());
      setError(null);
    } catch (e) {
      setError(errorText(t, toApiError(e)));
    }
  }, [call, t]);

  useEffect(() => {
    void load();
    const id = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(id);
  }, [load]);

  const callNext = useCallback(async () => {
    if (busy || !desk?.setup) return;
    setBusy(true);
    try {
      const r = await call('call_next', {});
      setLastCall(r);
      if (!r.ticket) toast(t('queue.nobody'), 'info');
      await load();
    } catch (e) {
      toast(errorText(t, toApiError(e)), 'error');
    } finally {
      setBusy(false);
    }
  }, [busy, desk, call, toast, t, load]);

  // One key calls the next ticket, wherever the focus is on this screen.
  const callRef = useRef(callNext);
  callRef.current = callNext;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2' && !e.altKey && !e.ctrlKey && !e.metaKey && !document.querySelector('.modal-overlay')) {
        e.preventDefault();
        void callRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const act = async (ticket: TicketView, action: TicketAction) => {
    setBusy(true);
    try {
      await call('ticket_action', { ticket_id: ticket.id, ...action });
      if (action.action === 'finish' || action.action === 'no_show') setLastCall(null);
      await load();
    } catch (e) {
      toast(errorText(t, toApiError(e)), 'error');
    } finally {
      setBusy(false);
    }
  };

  if (!desk || !board) return error ? <Banner kind="error">{error}</Banner> : <Spinner label={t('common.loading')} />;
  const setup = desk.setup ?? null;
  const current = desk.current ?? null;
  const catName = (code: string) => pickName(categories.find((c) => c.code === code)?.names, locale) || code;
  const stale = board.stale_since ?? null;

  return (
    <div className="queue">
      <PageHeader
        title={t('queue.title')}
        subtitle={setup ? t('queue.subtitle_desk', { desk: ticketDigits(setup.label, locale), categories: setup.categories.join(', ') }) : t('queue.subtitle_none')}
        actions={
          <>
            <Button className="button" onPress={() => openDisplay()}>
              <MonitorUp size={18} aria-hidden="true" />
              {t('queue.open_display')}
            </Button>
            <Button className="button" onPress={openRatingWindow}>
              <Smile size={18} aria-hidden="true" />
              {t('queue.open_rating')}
            </Button>
            <Button className="button" onPress={() => setTakeOpen(true)} isDisabled={!categories.some((c) => c.active)}>
              <Ticket size={18} aria-hidden="true" />
              {t('queue.take')}
            </Button>
            <Button className="button" onPress={() => setCheckInOpen(true)}>
              <CalendarCheck size={18} aria-hidden="true" />
              {t('queue.check_in')}
            </Button>
            <Button className="button" onPress={() => setSetupOpen(true)}>
              <Settings2 size={18} aria-hidden="true" />
              {t('queue.setup')}
            </Button>
          </>
        }
      />
      {error ? <Banner kind="error">{error}</Banner> : null}
      {stale ? <Banner kind="warning">{t('queue.stale', { time: fmt.dateTime(stale) })}</Banner> : null}

      {!setup ? (
        <EmptyState
          icon={<Settings2 size={32} />}
          title={t('queue.setup_first')}
          actions={
            <Button className="button button-primary" onPress={() => setSetupOpen(true)}>
              {t('queue.setup')}
            </Button>
          }
        >
          {t('queue.setup_first_help')}
        </EmptyState>
      ) : (
        <div className="queue-grid">
          <section className="card queue-now" aria-labelledby="queue-now-title">
            <div className="card-head">
              <h2 id="queue-now-title" className="card-title">{t('queue.now')}</h2>
              <Button className="button button-primary button-large" onPress={() => void callNext()} isDisabled={busy} aria-keyshortcuts="F2">
                <Megaphone size={20} aria-hidden="true" />
                {busy ? t('queue.calling') : t('queue.call_next')}
                <kbd aria-hidden="true">{t('queue.call_next_key')}</kbd>
              </Button>
            </div>
            <div aria-live="polite">
              {lastCall?.offline ? <Banner kind="info">{t('queue.called_offline')}</Banner> : null}
              {current ? (
                <CurrentTicket ticket={current} busy={busy} onAct={act} onTransfer={() => setTransferOpen(true)} catName={catName} />
              ) : (
                <div className="queue-now-empty">
                  <p className="queue-now-empty-title">{t('queue.now_empty')}</p>
                  <p>{t('queue.now_empty_help', { key: t('queue.call_next_key') })}</p>
                </div>
              )}
            </div>
            {current && lastCall?.ticket?.id === current.id && lastCall.scores.length ? (
              <details className="queue-why">
                <summary>{t('queue.why')}</summary>
                <p className="muted">{t('queue.why_help')}</p>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('queue.col_number')}</th>
                      <th scope="col">{t('queue.score_waited')}</th>
                      <th scope="col">{t('queue.score_priority')}</th>
                      <th scope="col">{t('queue.score_private')}</th>
                      <th scope="col">{t('queue.score_appointment')}</th>
                      <th scope="col">{t('queue.score_total')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lastCall.scores.map((s) => (
                      <tr key={s.number}>
                        <td><TicketNumber number={s.number} locale={locale} /></td>
                        <td>{fmt.number(s.waited)}</td>
                        <td>{fmt.number(s.priority)}</td>
                        <td>{fmt.number(s.private)}</td>
                        <td>{fmt.number(s.appointment)}</td>
                        <td><strong>{fmt.number(s.total)}</strong></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            ) : null}
          </section>

          <section className="card queue-counts" aria-labelledby="queue-counts-title">
            <h2 id="queue-counts-title" className="card-title">{t('queue.by_category')}</h2>
            <ul className="queue-count-list">
              {board.categories.map((c) => (
                <li key={c.code} className={setup.categories.includes(c.code) ? 'mine' : undefined}>
                  <span className="category-code" dir="ltr">{c.code}</span>
                  <span className="queue-count-name">{pickName(c.names, locale)}</span>
                  <strong className="queue-count-n">{fmt.plain(c.waiting)}</strong>
                  {c.waiting ? <span className="muted">{t('queue.longest', { minutes: c.longest_wait_minutes })}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}

      <section className="card" aria-labelledby="queue-waiting-title">
        <div className="card-head">
          <h2 id="queue-waiting-title" className="card-title">{t('queue.waiting')}</h2>
          <span className="card-count">{fmt.plain(board.waiting.length)}</span>
        </div>
        {board.waiting.length ? (
          <TicketTable tickets={board.waiting} now={now} catName={catName} caption={t('queue.waiting')} />
        ) : (
          <p className="muted">{t('queue.waiting_empty')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="queue-active-title">
        <div className="card-head">
          <h2 id="queue-active-title" className="card-title">{t('queue.active')}</h2>
        </div>
        {board.active.length ? (
          <TicketTable tickets={board.active} now={now} catName={catName} caption={t('queue.active')} showDesk />
        ) : (
          <p className="muted">{t('queue.active_empty')}</p>
        )}
      </section>

      {board.parked.length ? (
        <section className="card" aria-labelledby="queue-parked-title">
          <h2 id="queue-parked-title" className="card-title">{t('queue.parked')}</h2>
          <ul className="parked-list">
            {board.parked.map((p) => (
              <li key={p.id}>
                <TicketNumber number={p.number} locale={locale} /> <span className="muted">{catName(p.category)}</span>
                <Button className="button button-small" onPress={() => void act(p, { action: 'return' })} isDisabled={busy}>
                  <Undo2 size={16} aria-hidden="true" />
                  {t('queue.return')}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {setupOpen ? (
        <DeskSetupDialog isOpen onOpenChange={setSetupOpen} categories={categories} current={setup} onSaved={(d) => setDesk(d)} />
      ) : null}
      {checkInOpen ? (
        <CheckInDialog
          onClose={() => setCheckInOpen(false)}
          onDone={() => {
            setCheckInOpen(false);
            void load();
          }}
        />
      ) : null}
      {takeOpen ? <TakeTicketDialog isOpen onOpenChange={setTakeOpen} categories={categories} onTaken={() => void load()} /> : null}
      {transferOpen && current ? (
        <TransferDialog
          ticket={current}
          categories={categories}
          onClose={() => setTransferOpen(false)}
          onDone={async (category) => {
            setTransferOpen(false);
            toast(t('queue.transferred', { number: current.number, category: catName(category) }));
            setLastCall(null);
            await load();
          }}
        />
      ) : null}
    </div>
  );
}

function CurrentTicket({
  ticket, busy, onAct, onTransfer, catName,
}: {
  ticket: TicketView;
  busy: boolean;
  onAct(t: TicketView, a: TicketAction): void;
  onTransfer(): void;
  catName(code: string): string;
}) {
  const t = useT();
  const { locale, fmt, can } = useApp();
  const serving = ticket.state === 'serving';
  return (
    <div className="queue-current">
      <div className="queue-current-head">
        <TicketNumber number={ticket.number} locale={locale} className="queue-current-number" />
        <div className="queue-current-facts">
          <TicketStateBadge state={ticket.state} />
          <span>{catName(ticket.category)}</span>
          <span lang={ticket.locale}>{ENDONYMS[ticket.locale]}</span>
          {ticket.priority !== 'normal' ? <span className="badge badge-warning">{priorityLabel(t, ticket.priority)}</span> : null}
          {ticket.private ? <span className="badge">{t('queue.private')}</span> : null}
          {ticket.appointment_at ? <span className="badge badge-appointment">{t('queue.appointment_at', { time: fmt.time(ticket.appointment_at) })}</span> : null}
          <span className="muted">
            {serving && ticket.served_at ? t('queue.serving_since', { time: fmt.time(ticket.served_at) }) : ticket.called_at ? t('queue.called_at', { time: fmt.time(ticket.called_at) }) : null}
          </span>
          <span className="muted">{t('queue.calls', { count: ticket.calls })}</span>
        </div>
      </div>
      <div className="queue-actions">
        {!serving ? (
          <>
            <Button className="button button-primary" onPress={() => onAct(ticket, { action: 'start' })} isDisabled={busy}>
              <Play size={18} aria-hidden="true" />
              {t('queue.start')}
            </Button>
            <Button className="button" onPress={() => onAct(ticket, { action: 'recall' })} isDisabled={busy}>
              <BellRing size={18} aria-hidden="true" />
              {t('queue.recall')}
            </Button>
            <Button className="button" onPress={() => onAct(ticket, { action: 'no_show' })} isDisabled={busy}>
              <CircleSlash size={18} aria-hidden="true" />
              {t('queue.no_show')}
            </Button>
          </>
        ) : (
          <>
            {can('register_case') ? (
              <a className="button" href={href({ name: 'new' })}>
                <FilePlus2 size={18} aria-hidden="true" />
                {t('queue.register_case')}
              </a>
            ) : null}
            {can('certify') ? (
              <a className="button" href={href({ name: 'certify' })}>
                <Stamp size={18} aria-hidden="true" />
                {t('queue.certify')}
              </a>
            ) : null}
            <Button className="button button-primary" onPress={() => onAct(ticket, { action: 'finish' })} isDisabled={busy}>
              <CheckCircle2 size={18} aria-hidden="true" />
              {t('queue.finish')}
            </Button>
          </>
        )}
        <Button className="button" onPress={() => onAct(ticket, { action: 'park' })} isDisabled={busy}>
          <PauseCircle size={18} aria-hidden="true" />
          {t('queue.park')}
        </Button>
        <Button className="button" onPress={onTransfer} isDisabled={busy}>
          <Shuffle size={18} aria-hidden="true" />
          {t('queue.transfer')}
        </Button>
        <a className="button button-ghost" href={href({ name: 'visit', id: ticket.visit_id })}>
          <History size={18} aria-hidden="true" />
          {t('queue.open_visit')}
        </a>
      </div>
    </div>
  );
}

function TicketTable({
  tickets, now, catName, caption, showDesk,
}: {
  tickets: TicketView[];
  now: number;
  catName(code: string): string;
  caption: string;
  showDesk?: boolean;
}) {
  const t = useT();
  const { locale, fmt } = useApp();
  return (
    <table className="table queue-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('queue.col_number')}</th>
          <th scope="col">{t('queue.col_category')}</th>
          <th scope="col">{t('queue.col_waited')}</th>
          {showDesk ? <th scope="col">{t('queue.col_desk')}</th> : <th scope="col">{t('queue.col_estimate')}</th>}
          <th scope="col">{t('queue.col_language')}</th>
          <th scope="col">{t('queue.col_state')}</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((tk) => (
          <tr key={tk.id}>
            <td>
              <a href={href({ name: 'visit', id: tk.visit_id })}>
                <TicketNumber number={tk.number} locale={locale} />
              </a>
              {tk.print_failed ? <span className="badge badge-warning">{t('queue.print_failed_badge')}</span> : null}
            </td>
            <td>{catName(tk.category)}</td>
            <td>{t('queue.minutes', { minutes: minutesSince(tk.taken_at, now) })}</td>
            {showDesk ? (
              <td>{tk.desk ? ticketDigits(tk.desk, locale) : '—'}</td>
            ) : (
              <td>
                {tk.estimated_wait_minutes == null ? '—' : tk.estimated_wait_minutes === 0 ? t('queue.estimate_next') : t('queue.estimate', { minutes: tk.estimated_wait_minutes })}
              </td>
            )}
            <td lang={tk.locale}>{ENDONYMS[tk.locale]}</td>
            <td>
              <TicketStateBadge state={tk.state} />
              {tk.priority !== 'normal' ? <span className="badge badge-warning">{priorityLabel(t, tk.priority)}</span> : null}
              {tk.appointment_at ? <span className="badge badge-appointment">{t('queue.appointment_at', { time: fmt.time(tk.appointment_at) })}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TransferDialog({
  ticket, categories, onClose, onDone,
}: {
  ticket: TicketView;
  categories: QueueCategoryView[];
  onClose(): void;
  onDone(category: string): void;
}) {
  const t = useT();
  const { call, locale } = useApp();
  const [category, setCategory] = useState<string | null>(null);
  const [desk, setDesk] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, fromError, clear } = useFormErrors(t, ['category', 'desk']);
  const formRef = useRef<HTMLFormElement>(null);
  const options: Option[] = categories.filter((c) => c.active).map((c) => ({ id: c.code, label: `${c.code} · ${pickName(c.names, locale)}` }));
  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('queue.transfer_title', { number: ticket.number })}>
      <Form
        ref={formRef}
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!category) return;
          setBusy(true);
          clear();
          try {
            await call('ticket_action', { ticket_id: ticket.id, action: 'transfer', category, desk: desk.trim() || null });
            onDone(category);
          } catch (err) {
            fromError(err, formRef.current);
          } finally {
            setBusy(false);
          }
        }}
      >
        <p className="form-intro">{t('queue.transfer_help')}</p>
        {errors.form && !Object.keys(errors.fields).length ? <Banner kind="error">{errors.form}</Banner> : null}
        <SelectInput name="category" label={t('queue.transfer_category')} value={category} onChange={setCategory} options={options} placeholder={t('common.choose')} isRequired error={errors.fields.category} />
        <TextInput name="desk" label={t('queue.transfer_desk')} value={desk} onChange={setDesk} maxLength={8} error={errors.fields.desk} />
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isDisabled={busy || !category}>
            {t('queue.transfer')}
          </Button>
          <Button className="button" onPress={onClose}>
            {t('common.cancel')}
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
