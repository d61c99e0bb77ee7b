import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Label, Radio, RadioGroup } from 'react-aria-components';
import { ArrowRight, Cloud, GitMerge, Monitor } from 'lucide-react';
import type { CaseStatus } from '../../gen/CaseStatus';
import type { ConflictDecision } from '../../gen/ConflictDecision';
import type { ConflictView } from '../../gen/ConflictView';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { toApiError } from '../../host';
import { errorText, useT } from '../../i18n/useT';
import { SelectInput, TextAreaInput, type Option } from '../../components/fields';
import { useFormErrors } from '../../components/forms';
import { Banner, EmptyState, PageHeader, Spinner } from '../../components/ui';
import { StatusBadge } from '../../components/badges';
import { useRefreshAfterSync } from './SyncProvider';

/** Kinds of conflict that have a translated name. */
const KNOWN_KINDS = new Set(['status']);

/**
 * Disagreements the office server could not settle by itself, for supervisors: each one side
 * by side (what the server holds, what this or another desk tried), and a decision — keep the
 * server's status or move the case on — with a note, which becomes a normal change of the case.
 */
export function ConflictsScreen() {
  const t = useT();
  const { call } = useApp();
  const [rows, setRows] = useState<ConflictView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRows(await call('list_conflicts', {}));
      setError(null);
    } catch (e) {
      setError(errorText(t, toApiError(e)));
    }
  }, [call, t]);

  useEffect(() => {
    void load();
  }, [load]);
  useRefreshAfterSync(() => void load());

  const sorted = useMemo(() => (rows ? [...rows].sort((a, b) => a.created_at.localeCompare(b.created_at)) : null), [rows]);

  return (
    <div className="conflicts">
      <PageHeader title={t('conflicts.title')} subtitle={sorted ? t('conflicts.subtitle', { count: sorted.length }) : undefined} />
      {error ? (
        <Banner kind="error" title={t('conflicts.load_failed')}>
          <p>{error}</p>
          <Button className="button button-secondary button-sm" onPress={() => void load()}>{t('common.retry')}</Button>
        </Banner>
      ) : null}
      {sorted === null ? (
        error ? null : <Spinner label={t('common.loading')} />
      ) : sorted.length === 0 ? (
        <div className="card">
          <EmptyState icon={<GitMerge size={32} />} title={t('conflicts.empty')}>
            {t('conflicts.empty_text')}
          </EmptyState>
        </div>
      ) : (
        <ol className="conflict-list" aria-label={t('conflicts.table')}>
          {sorted.map((c) => (
            <li key={c.id}>
              <ConflictCard conflict={c} onSettled={() => void load()} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function ConflictCard({ conflict: c, onSettled }: { conflict: ConflictView; onSettled(): void }) {
  const t = useT();
  const { fmt } = useApp();
  const unknown = <span className="muted">{t('conflicts.unknown')}</span>;
  const held = c.current_status ?? c.server_status;
  const headingId = `conflict-${c.id}`;
  return (
    <article className="card conflict-card" aria-labelledby={headingId}>
      <header className="conflict-head">
        <h2 id={headingId} className="conflict-title">
          {c.case_id ? (
            <a className="case-link" href={href({ name: 'case', id: c.case_id })}>
              {c.case_number ? <span dir="ltr">{c.case_number}</span> : t('sync.open_case')}
            </a>
          ) : c.case_number ? (
            <span className="case-number" dir="ltr">{c.case_number}</span>
          ) : (
            unknown
          )}
          {c.case_party_name ? <span className="citizen">{c.case_party_name}</span> : null}
        </h2>
        {c.case_subject ? <p className="conflict-subject" dir="auto">{c.case_subject}</p> : null}
        <p className="cell-sub">
          {KNOWN_KINDS.has(c.kind) ? t(`conflicts.kind.${c.kind}` as MessageId) : <code dir="ltr">{c.kind}</code>}
          {' · '}
          <time dateTime={c.created_at}>{fmt.dateTime(c.created_at)}</time>
        </p>
      </header>
      <div className="conflict-sides">
        <section className="conflict-side side-server" aria-label={t('conflicts.server_side')}>
          <h3 className="side-title"><Cloud size={16} aria-hidden="true" />{t('conflicts.server_side')}</h3>
          <dl className="side-facts">
            <div><dt>{t('conflicts.status_now')}</dt><dd>{held ? <StatusBadge status={held} size="lg" /> : unknown}</dd></div>
            {c.server_status && c.current_status && c.server_status !== c.current_status ? (
              <div><dt>{t('conflicts.col_server')}</dt><dd><StatusBadge status={c.server_status} /></dd></div>
            ) : null}
          </dl>
          <p className="side-help">{t('conflicts.server_help')}</p>
        </section>
        <section className="conflict-side side-attempt" aria-label={t('conflicts.col_attempted')}>
          <h3 className="side-title"><Monitor size={16} aria-hidden="true" />{t('conflicts.col_attempted')}</h3>
          <dl className="side-facts">
            <div>
              <dt>{t('conflicts.change')}</dt>
              <dd>
                {c.attempted_from || c.attempted_to ? (
                  <span className="event-status conflict-change">
                    {c.attempted_from ? <StatusBadge status={c.attempted_from} /> : unknown}
                    <ArrowRight size={14} aria-hidden="true" className="flip-rtl" />
                    <span className="visually-hidden">{t('event.to')}</span>
                    {c.attempted_to ? <StatusBadge status={c.attempted_to} /> : unknown}
                  </span>
                ) : (
                  unknown
                )}
              </dd>
            </div>
            <div><dt>{t('conflicts.col_by')}</dt><dd>{c.actor_name ?? unknown}</dd></div>
            <div><dt>{t('conflicts.col_device')}</dt><dd>{c.device_name ?? unknown}</dd></div>
            <div><dt>{t('conflicts.col_when')}</dt><dd><time dateTime={c.created_at}>{fmt.dateTime(c.created_at)}</time></dd></div>
            <div>
              <dt>{t('conflicts.attempted_note')}</dt>
              <dd>{c.attempted_note ? <q className="side-note" dir="auto">{c.attempted_note}</q> : <span className="muted">{t('conflicts.no_note')}</span>}</dd>
            </div>
          </dl>
        </section>
      </div>
      <SettleForm conflict={c} held={held} onSettled={onSettled} />
    </article>
  );
}

/** The supervisor's decision on one conflict, with the note that goes into the case's history. */
function SettleForm({ conflict: c, held, onSettled }: { conflict: ConflictView; held: CaseStatus | null; onSettled(): void }) {
  const t = useT();
  const { call, toast } = useApp();
  const canMove = c.allowed.length > 0;
  const [decision, setDecision] = useState<ConflictDecision>('keep_server');
  const [to, setTo] = useState<string | null>(() => (c.attempted_to && c.allowed.includes(c.attempted_to) ? c.attempted_to : null));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError, setField } = useFormErrors(t, ['decision', 'to', 'note']);
  const statusOptions: Option[] = c.allowed.map((s) => ({ id: s, label: t(`status.${s}` as MessageId) }));

  const submit = async () => {
    clear();
    let missing = false;
    if (!note.trim()) {
      setField('note', t('conflicts.note_required'));
      missing = true;
    }
    if (decision === 'move_to' && !to) {
      setField('to', t('conflicts.pick_status'));
      missing = true;
    }
    if (missing) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid] button')?.focus());
      return;
    }
    setBusy(true);
    try {
      await call('settle_conflict', {
        conflict_id: c.id,
        decision,
        to: decision === 'move_to' ? (to as CaseStatus) : null,
        note: note.trim(),
      });
      toast(t('conflicts.settled_toast', { number: c.case_number ?? '' }));
      onSettled();
    } catch (e) {
      const err = toApiError(e);
      if (err.code === 'already_settled') {
        toast(errorText(t, err), 'info');
        onSettled();
      } else {
        fromError(err, formRef.current);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} className="settle-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <RadioGroup
        className="field settle-decision"
        name="decision"
        value={decision}
        onChange={(v) => setDecision(v as ConflictDecision)}
        validationBehavior="aria"
      >
        <Label className="field-label">{t('conflicts.decision')}</Label>
        <div className="decision-options">
          <Radio value="keep_server" className="radio-card">
            <span className="radio-dot" aria-hidden="true" />
            <span className="radio-text">
              <span className="radio-title">{t('conflicts.keep_server')}</span>
              <span className="radio-help">
                {held ? t('conflicts.keep_server_help', { status: t(`status.${held}` as MessageId) }) : t('conflicts.keep_server_help_plain')}
              </span>
            </span>
          </Radio>
          <Radio value="move_to" className="radio-card" isDisabled={!canMove}>
            <span className="radio-dot" aria-hidden="true" />
            <span className="radio-text">
              <span className="radio-title">{t('conflicts.move_to')}</span>
              <span className="radio-help">{canMove ? t('conflicts.move_to_help') : t('conflicts.move_none')}</span>
            </span>
          </Radio>
        </div>
      </RadioGroup>
      {decision === 'move_to' ? (
        <SelectInput name="to" label={t('conflicts.move_status')} value={to} onChange={setTo} options={statusOptions} placeholder={t('common.choose')} isRequired error={errors.fields.to} className="settle-status" />
      ) : null}
      <TextAreaInput name="note" label={t('conflicts.note')} description={t('conflicts.note_help')} value={note} onChange={setNote} maxLength={1000} rows={2} isRequired error={errors.fields.note} />
      {errors.form && !errors.fields.note && !errors.fields.to ? <Banner kind="error">{errors.form}</Banner> : null}
      <div className="form-actions">
        <Button type="submit" className="button button-primary" isDisabled={busy} data-busy={busy || undefined}>
          <GitMerge size={16} aria-hidden="true" />
          {decision === 'move_to' && to ? t('conflicts.settle_move', { status: t(`status.${to}` as MessageId) }) : t('conflicts.settle_keep')}
        </Button>
      </div>
    </form>
  );
}
