import { useCallback, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { Banknote, Search, ShoppingBag } from 'lucide-react';
import type { CashDesk } from '../../gen/CashDesk';
import type { DueList } from '../../gen/DueList';
import type { DueMatch } from '../../gen/DueMatch';
import type { FeeView } from '../../gen/FeeView';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { ENDONYMS } from '../../i18n/locales';
import { errorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { Banner } from '../../components/ui';
import { CheckboxInput, TextInput } from '../../components/fields';
import { TicketNumber } from '../queue/ticket';
import { DocNumber, FeeStateBadge } from './labels';
import { feeLine, linesTotal, type Line } from './model';
import { PaymentDialog } from './PaymentDialog';
import { WalkUpDialog } from './WalkUpDialog';

const feeKey = (f: FeeView) => `${f.ref_kind}:${f.ref_id}`;

/** What the cashier is about to take: the visit's chosen fees, or services paid on their own. */
interface Paying {
  match: DueMatch | null;
  lines: Line[];
}

/**
 * "What is due": one box for a ticket, case or certification number or a name; each visit found
 * with its fees (due, ordered or paid, and the receipt that paid it); the due ones chosen to pay.
 * A walk-up payment takes services from the catalogue with no visit behind them.
 */
export function DueSection({ desk, onPaid }: { desk: CashDesk; onPaid(): void }) {
  const t = useT();
  const { call } = useApp();
  const [query, setQuery] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [result, setResult] = useState<DueList | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [paying, setPaying] = useState<Paying | null>(null);
  const [walkUp, setWalkUp] = useState(false);
  const [round, setRound] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  const find = useCallback(
    async (q: string) => {
      setBusy(true);
      setError(null);
      try {
        setResult(await call('find_due', { query: q }));
        setAsked(q);
        setRound((r) => r + 1);
      } catch (e) {
        setError(errorText(t, toApiError(e)));
      } finally {
        setBusy(false);
      }
    },
    [call, t],
  );

  const done = () => {
    setPaying(null);
    onPaid();
    if (asked) void find(asked);
    // Ready for the next citizen, once the dialog has given the focus back.
    requestAnimationFrame(() => {
      inputRef.current?.focus();
      inputRef.current?.select();
    });
  };

  return (
    <section className="card cash-due" aria-labelledby="cash-due-title">
      <div className="card-head">
        <h2 id="cash-due-title" className="card-title"><Search size={16} aria-hidden="true" />{t('cash.due.title')}</h2>
        <Button className="button button-secondary" onPress={() => setWalkUp(true)}>
          <ShoppingBag size={16} aria-hidden="true" />
          {t('cash.walkup.open')}
        </Button>
      </div>
      <form
        className="cash-due-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const q = query.trim();
          if (!q) {
            setMissing(true);
            inputRef.current?.focus();
            return;
          }
          setMissing(false);
          void find(q);
        }}
      >
        <div className="cash-due-search" data-search>
          <TextInput
            name="query"
            type="search"
            label={t('cash.due.query')}
            description={t('cash.due.query_help')}
            value={query}
            onChange={(v) => { setQuery(v); if (v.trim()) setMissing(false); }}
            inputRef={inputRef}
            digits
            autoComplete="off"
            spellCheck={false}
            error={missing ? t('cash.due.query_missing') : undefined}
          />
        </div>
        <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>
          <Search size={16} aria-hidden="true" />
          {t('cash.due.find')}
        </Button>
      </form>

      <div className="cash-due-live" aria-live="polite" aria-atomic="true">
        {error ? <Banner kind="error">{error}</Banner> : null}
        {result && asked !== null ? (
          <p className="cash-due-count">
            {result.matches.length === 0 ? t('cash.due.none', { query: asked }) : t('cash.due.found', { count: result.matches.length, query: asked })}
          </p>
        ) : null}
      </div>

      {result ? (
        <ol className="cash-matches">
          {result.matches.map((m, i) => (
            <li key={`${round}-${m.visit_id ?? i}`}>
              <MatchCard match={m} index={i} currency={desk.currency} onPay={(lines) => setPaying({ match: m, lines })} />
            </li>
          ))}
        </ol>
      ) : null}

      {paying ? <PaymentDialog desk={desk} match={paying.match} lines={paying.lines} onClose={() => setPaying(null)} onDone={done} /> : null}
      {walkUp ? (
        <WalkUpDialog
          currency={desk.currency}
          onClose={() => setWalkUp(false)}
          onContinue={(lines) => { setWalkUp(false); setPaying({ match: null, lines }); }}
        />
      ) : null}
    </section>
  );
}

/** One visit found: who, when, in which language; its fees, the due ones ticked to pay. */
function MatchCard({ match: m, index, currency, onPay }: { match: DueMatch; index: number; currency: string; onPay(lines: Line[]): void }) {
  const t = useT();
  const { fmt, locale } = useApp();
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(m.fees.filter((f) => f.state === 'due').map(feeKey)));
  const lines = m.fees.filter((f) => f.state === 'due' && chosen.has(feeKey(f))).map(feeLine);
  const total = linesTotal(lines);
  const titleId = `cash-match-${index}`;
  const toggle = (f: FeeView, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(feeKey(f));
      else next.delete(feeKey(f));
      return next;
    });
  return (
    <article className="cash-match" aria-labelledby={titleId}>
      <div className="cash-match-head">
        <h3 id={titleId} className="cash-match-title">
          {m.ticket_number ? (
            <>
              <span className="visually-hidden">{t('cash.due.ticket')} </span>
              <TicketNumber number={m.ticket_number} locale={locale} />
            </>
          ) : (
            t('cash.due.no_ticket')
          )}
          {m.parties.length ? <span className="cash-match-parties"> · {m.parties.join(', ')}</span> : null}
        </h3>
        <p className="muted small">
          {fmt.dateTime(m.started_at)}
          {m.locale ? <> · <span lang={m.locale}>{ENDONYMS[m.locale]}</span></> : null}
          {m.visit_id ? <> · <a href={href({ name: 'visit', id: m.visit_id })}>{t('cash.due.open_visit')}</a></> : null}
        </p>
      </div>
      <table className="table cash-fees">
        <caption className="visually-hidden">{t('cash.due.fees_of', { what: m.ticket_number ?? m.parties.join(', ') })}</caption>
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">{t('cash.due.col_pay')}</span></th>
            <th scope="col">{t('cash.col.record')}</th>
            <th scope="col">{t('cash.col.what')}</th>
            <th scope="col">{t('cash.col.account')}</th>
            <th scope="col" className="col-num">{t('cash.col.amount')}</th>
            <th scope="col">{t('cash.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {m.fees.map((f) => (
            <tr key={feeKey(f)}>
              <td className="cash-fee-check">
                {f.state === 'due' ? (
                  <CheckboxInput name={`pay-${f.ref_id}`} isSelected={chosen.has(feeKey(f))} onChange={(on) => toggle(f, on)} className="checkbox-bare">
                    <span className="visually-hidden">{t('cash.due.pay_fee', { record: f.ref_label, what: f.description })}</span>
                  </CheckboxInput>
                ) : null}
              </td>
              <td><DocNumber number={f.ref_label} /></td>
              <td dir="auto">{f.description}</td>
              <td>{f.account ? <span dir="ltr">{f.account}</span> : <span className="muted">—</span>}</td>
              <td className="col-num nowrap">{fmt.money(f.amount_minor, f.currency)}</td>
              <td>
                <FeeStateBadge state={f.state} />
                {f.paid_by ? <span className="cell-sub">{t(f.state === 'ordered' ? 'cash.due.ordered_by' : 'cash.due.paid_by')} <DocNumber number={f.paid_by} /></span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cash-match-foot">
        <span className="muted">
          {t('cash.due.totals', { due: fmt.money(m.due_minor, currency), paid: fmt.money(m.paid_minor, currency) })}
        </span>
        <Button className="button button-primary" isDisabled={lines.length === 0} onPress={() => onPay(lines)}>
          <Banknote size={16} aria-hidden="true" />
          {lines.length ? t('cash.due.take_payment_amount', { amount: fmt.money(total, currency) }) : t('cash.due.take_payment')}
        </Button>
      </div>
    </article>
  );
}
