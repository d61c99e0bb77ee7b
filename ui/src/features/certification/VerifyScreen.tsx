import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import {
  Ban, BookCheck, BookDashed, FilePenLine, ScanLine, ScrollText, ShieldCheck, ShieldOff, ShieldQuestion, ShieldX, Undo2, X,
} from 'lucide-react';
import type { SealCheck } from '../../gen/SealCheck';
import type { SealKind } from '../../gen/SealKind';
import type { SealVerdict } from '../../gen/SealVerdict';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { errorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { TextInput } from '../../components/fields';
import { Banner, PageHeader } from '../../components/ui';
import { isolate } from './labels';
import { SealKeysCard } from './SealKeysCard';

const VERDICT_ICON: Record<SealVerdict, typeof Ban> = {
  genuine: ShieldCheck,
  cancelled: Ban,
  corrected: FilePenLine,
  voided: Ban,
  refunded: Undo2,
  revoked: ShieldOff,
  forged: ShieldX,
  unknown_office: ShieldQuestion,
  malformed: ScanLine,
};

/** How a verdict looks: good, a warning, bad, or "that was not a seal". Always with words. */
const VERDICT_TONE: Record<SealVerdict, 'good' | 'warn' | 'bad' | 'neutral'> = {
  genuine: 'good',
  cancelled: 'bad',
  corrected: 'warn',
  voided: 'bad',
  refunded: 'warn',
  revoked: 'bad',
  forged: 'bad',
  unknown_office: 'warn',
  malformed: 'neutral',
};

/** What a seal vouches for, in words: an act of the ledger, or an entry of the cash journal. */
const KIND_LABEL: Record<SealKind, MessageId> = {
  signature: 'certification.ledger_kind.signature',
  copy: 'certification.ledger_kind.copy',
  correction: 'certification.ledger_kind.correction',
  cancellation: 'certification.ledger_kind.cancellation',
  extract: 'certification.ledger_kind.extract',
  receipt: 'certification.seal_kind.receipt',
  receipt_void: 'certification.seal_kind.receipt_void',
  refund: 'certification.seal_kind.refund',
};

/** A seal of the cash journal (a receipt, its void, a refund) rather than of the certification ledger. */
const isReceipt = (kind: SealKind) => kind === 'receipt' || kind === 'receipt_void' || kind === 'refund';

/** The sentence naming the entry that superseded a sealed one, by the verdict. */
const SUPERSEDED_BY: Partial<Record<SealVerdict, MessageId>> = {
  corrected: 'certification.verify.corrected_by',
  voided: 'certification.verify.voided_by',
  refunded: 'certification.verify.refunded_by',
};

/**
 * Verify a seal: paste the code or the address from the QR code, or scan it (a USB scanner types
 * like a keyboard and ends with Enter). Open to everyone signed in.
 */
export function VerifyScreen({ initialCode }: { initialCode?: string }) {
  const t = useT();
  const { call } = useApp();
  const [code, setCode] = useState(initialCode ?? '');
  const [check, setCheck] = useState<SealCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  const verify = async (value: string) => {
    const v = value.trim();
    if (!v) {
      setMissing(true);
      inputRef.current?.focus();
      return;
    }
    const mine = ++seq.current;
    setMissing(false);
    setBusy(true);
    setFailure(null);
    setCheck(null);
    try {
      const r = await call('verify_seal', { code: v });
      if (mine === seq.current) setCheck(r);
    } catch (e) {
      if (mine === seq.current) setFailure(errorText(t, toApiError(e)));
    } finally {
      if (mine === seq.current) {
        setBusy(false);
        // Ready for the next scan: it replaces what is there.
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    }
  };

  useEffect(() => {
    inputRef.current?.focus();
    if (initialCode) void verify(initialCode);
    // Once, for the code the address brought.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="verify">
      <PageHeader title={t('certification.verify.title')} subtitle={t('certification.verify.subtitle')} />
      <form
        className="card verify-form"
        noValidate
        aria-labelledby="page-title"
        onSubmit={(e) => {
          e.preventDefault();
          void verify(code);
        }}
      >
        <TextInput
          name="code"
          label={t('certification.verify.code')}
          value={code}
          onChange={(v) => {
            setCode(v);
            if (v.trim()) setMissing(false);
          }}
          inputRef={inputRef}
          autoComplete="off"
          spellCheck={false}
          dir="ltr"
          digits
          className="verify-field"
          placeholder={t('certification.verify.placeholder')}
          description={t('certification.verify.help')}
          error={missing ? t('certification.verify.code_missing') : undefined}
        />
        <div className="verify-buttons">
          <Button type="submit" className="button button-primary button-lg" data-busy={busy || undefined}>
            <ShieldCheck size={18} aria-hidden="true" />
            {busy ? t('certification.verify.checking') : t('certification.verify.submit')}
          </Button>
          {code ? (
            <Button
              className="button button-ghost"
              onPress={() => {
                setCode('');
                setCheck(null);
                setFailure(null);
                inputRef.current?.focus();
              }}
            >
              <X size={16} aria-hidden="true" />
              {t('certification.verify.clear')}
            </Button>
          ) : null}
        </div>
      </form>

      <div className="verify-live" aria-live="polite" aria-atomic="true">
        {failure ? <Banner kind="error" title={t('certification.verify.failed')}>{failure}</Banner> : null}
        {check ? <VerdictHeadline check={check} /> : null}
      </div>
      {check ? <SealDetails check={check} /> : null}
      <SealKeysCard />
    </div>
  );
}

function VerdictHeadline({ check }: { check: SealCheck }) {
  const t = useT();
  const Icon = VERDICT_ICON[check.verdict];
  const later = check.superseded_by;
  return (
    <div className={`card verdict verdict-${VERDICT_TONE[check.verdict]}`} data-verdict={check.verdict}>
      <span className="verdict-icon" aria-hidden="true"><Icon size={36} /></span>
      <div className="verdict-body">
        <p className="verdict-label">
          <span className="visually-hidden">{t('certification.verify.verdict')}: </span>
          {t(`certification.verdict.${check.verdict}` as MessageId)}
        </p>
        <p className="verdict-text">{t(`certification.verdict.${check.verdict}_text` as MessageId)}</p>
        {later ? (
          <p className="verdict-text">
            {t(SUPERSEDED_BY[check.verdict] ?? 'certification.verify.cancelled_by', { number: isolate(later) })}
          </p>
        ) : null}
        {check.reason ? (
          <p className="verdict-text">
            <strong>{t('certification.entry.reason')}:</strong> <span dir="auto">{check.reason}</span>
          </p>
        ) : null}
      </div>
    </div>
  );
}

function SealDetails({ check }: { check: SealCheck }) {
  const t = useT();
  const { fmt, can } = useApp();
  const c = check.contents;
  if (!c) return null;
  const trusted = check.verdict !== 'forged' && check.verdict !== 'malformed';
  const receipt = isReceipt(c.kind);
  const known = receipt
    ? { yes: t('certification.verify.receipt_known'), no: t('certification.verify.receipt_not_known') }
    : { yes: t('certification.verify.known'), no: t('certification.verify.not_known') };
  const open =
    receipt && can('take_payments')
      ? { to: href({ name: 'cash', tab: 'journal', q: c.number }), label: t('certification.verify.open_in_journal') }
      : !receipt && can('view_ledger')
        ? { to: href({ name: 'ledger', text: c.number }), label: t('certification.verify.open_in_ledger') }
        : null;
  return (
    <section className="card seal-details" aria-labelledby="seal-details-title">
      <h2 id="seal-details-title" className="card-title">
        <ScrollText size={16} aria-hidden="true" />
        {trusted ? t('certification.verify.contents') : t('certification.verify.contents_untrusted')}
      </h2>
      <dl className="party entry-facts">
        <div>
          <dt>{receipt ? t('certification.verify.receipt_number') : t('certification.verify.number')}</dt>
          <dd><span className="case-number" dir="ltr">{c.number}</span> · {t(KIND_LABEL[c.kind])}</dd>
        </div>
        <div><dt>{t('certification.verify.office')}</dt><dd>{c.office_name ?? <code className="hash" dir="ltr">{c.office_id}</code>}</dd></div>
        <div><dt>{receipt ? t('certification.verify.payment_date') : t('certification.verify.date')}</dt><dd>{fmt.date(c.local_day)}</dd></div>
        {receipt && c.amount_minor !== null ? (
          <div className="seal-amount"><dt>{t('certification.verify.amount')}</dt><dd>{fmt.money(c.amount_minor, c.currency ?? '')}</dd></div>
        ) : null}
        <div><dt>{receipt ? t('certification.verify.payer') : t('certification.entry.party')}</dt><dd>{c.party_name || '—'}</dd></div>
        <div><dt>{receipt ? t('certification.verify.paid_for') : t('certification.document_description')}</dt><dd><span dir="auto">{c.document_description}</span></dd></div>
        {receipt ? null : (
          <>
            <div><dt>{t('certification.verify.pages')}</dt><dd>{fmt.number(c.pages)}</dd></div>
            <div><dt>{t('certification.verify.copies')}</dt><dd>{fmt.number(c.copies)}</dd></div>
            <div>
              <dt>{t('certification.entry.original_hash')}</dt>
              <dd>{c.original_sha256 ? <code className="hash" dir="ltr">{c.original_sha256}</code> : <span className="muted">{t('certification.entry.no_original')}</span>}</dd>
            </div>
          </>
        )}
      </dl>
      {trusted ? (
        <p className={`entry-known ${check.entry_known ? 'is-known' : 'is-unknown'}`}>
          {check.entry_known ? <BookCheck size={18} aria-hidden="true" /> : <BookDashed size={18} aria-hidden="true" />}
          <span>{check.entry_known ? known.yes : known.no}</span>
          {check.entry_known && open ? <a href={open.to} className="button button-ghost button-sm">{open.label}</a> : null}
        </p>
      ) : null}
    </section>
  );
}
