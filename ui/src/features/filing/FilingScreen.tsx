import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { ArrowDownLeft, ArrowUpRight, BookOpen, CalendarRange, CheckCircle2, FilePlus2, Paperclip } from 'lucide-react';
import { parseDate, type CalendarDate } from '@internationalized/date';
import type { FilingDirection } from '../../gen/FilingDirection';
import type { FilingView } from '../../gen/FilingView';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { todayIn } from '../../i18n/format';
import { useT } from '../../i18n/useT';
import { DateInputField, NumberInput, SelectInput, Segmented, TextAreaInput, TextInput, type Option } from '../../components/fields';
import { Banner, EmptyState, ModalDialog, PageHeader, Pagination, useDebounced } from '../../components/ui';
import { FilterBar, isoDate } from '../../components/filters';
import { useFetched } from '../../components/fetch';
import { AttachButton, AttachmentList } from '../../components/Attachments';
import { useFormErrors, submitForm } from '../../components/forms';

const PAGE = 25;
const ANY = 'any';

function DirectionTag({ direction }: { direction: FilingDirection }) {
  const t = useT();
  return (
    <span className={`direction direction-${direction}`}>
      {direction === 'incoming' ? <ArrowDownLeft size={14} aria-hidden="true" className="flip-rtl" /> : <ArrowUpRight size={14} aria-hidden="true" className="flip-rtl" />}
      {t(`filing.${direction}` as MessageId)}
    </span>
  );
}

export function FilingScreen({ caseNumber, initialDay, initialDirection }: { caseNumber?: string; initialDay?: string; initialDirection?: FilingDirection }) {
  const t = useT();
  const { call, fmt, session, can } = useApp();
  const today = todayIn(session?.office.time_zone ?? null);
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [day, setDay] = useState<CalendarDate | null>(() => parseDate(initialDay ?? today));
  const [direction, setDirection] = useState<string>(initialDirection ?? ANY);
  const [text, setText] = useState('');
  const [offset, setOffset] = useState(0);
  const [formOpen, setFormOpen] = useState(!!caseNumber && can('register_filing'));
  const q = useDebounced(text, 250);

  const dayIso = day ? isoDate(day) : null;
  const { value: list, loading, error, reload } = useFetched(
    useCallback(
      () =>
        call('list_filings', {
          year: dayIso ? Number(dayIso.slice(0, 4)) : year,
          day: dayIso,
          direction: direction === ANY ? null : (direction as FilingDirection),
          text: q.trim() || null,
          limit: PAGE,
          offset,
        }),
      [call, year, dayIso, direction, q, offset],
    ),
  );

  const years: Option[] = Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({ id: String(y), label: fmt.plain(y) }));
  const directions: Option[] = [
    { id: ANY, label: t('filing.any_direction') },
    { id: 'incoming', label: t('filing.incoming') },
    { id: 'outgoing', label: t('filing.outgoing') },
  ];

  const scopeText = dayIso ? t('filing.scope_day', { day: fmt.dateLong(dayIso) }) : t('filing.scope_year', { year: years.find((y) => y.id === String(year))?.label ?? String(year) });

  return (
    <div className="filing">
      <PageHeader
        title={t('filing.title')}
        subtitle={<span aria-live="polite">{list ? `${scopeText} · ${t('filing.count', { count: list.total })}` : scopeText}</span>}
        actions={
          can('register_filing') ? (
            <Button className="button button-primary" onPress={() => setFormOpen(true)}>
              <FilePlus2 size={18} aria-hidden="true" />
              {t('filing.register')}
            </Button>
          ) : null
        }
      />
      <FilterBar
        search={{ name: 'text', label: t('filing.search'), placeholder: t('filing.search_placeholder'), value: text, onChange: (v) => { setText(v); setOffset(0); } }}
        end={
          day ? (
            <Button className="button button-ghost button-sm" onPress={() => { setDay(null); setOffset(0); }}>
              <CalendarRange size={14} aria-hidden="true" />
              {t('filing.whole_year')}
            </Button>
          ) : (
            <Button className="button button-ghost button-sm" onPress={() => { setDay(parseDate(today)); setOffset(0); }}>
              <CalendarRange size={14} aria-hidden="true" />
              {t('filing.today')}
            </Button>
          )
        }
      >
        <SelectInput name="year" label={t('filing.year')} value={String(dayIso ? Number(dayIso.slice(0, 4)) : year)} onChange={(v) => { if (v) { setYear(Number(v)); setDay(null); setOffset(0); } }} options={years} placeholder={String(thisYear)} className="field-inline field-narrow" />
        <DateInputField name="day" label={t('filing.day')} value={day} onChange={(v) => { setDay(v); setOffset(0); }} className="field-inline" />
        <SelectInput name="direction" label={t('filing.direction')} value={direction} onChange={(v) => { setDirection(v ?? ANY); setOffset(0); }} options={directions} placeholder={t('filing.any_direction')} className="field-inline" />
      </FilterBar>
      {error ? <Banner kind="error" title={t('filing.load_failed')}>{error}</Banner> : null}
      <div className={`card table-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
        {loading ? <div className="progress-line" aria-hidden="true" /> : null}
        {list && list.items.length > 0 ? (
          <Table aria-label={t('filing.table')} className="table">
            <TableHeader>
              <Column isRowHeader>{t('filing.col_number')}</Column>
              <Column>{t('filing.col_registered')}</Column>
              <Column>{t('filing.col_direction')}</Column>
              <Column>{t('filing.col_counterpart')}</Column>
              <Column className="col-subject">{t('filing.col_subject')}</Column>
              <Column className="col-num">{t('filing.col_pages')}</Column>
              <Column className="col-num">{t('filing.col_enclosures')}</Column>
              <Column>{t('filing.col_case')}</Column>
              <Column>{t('filing.col_by')}</Column>
            </TableHeader>
            <TableBody items={list.items}>
              {(f: FilingView) => (
                <Row id={f.id} className="row" textValue={`${f.number} ${f.subject}`}>
                  <Cell><span className="case-number" dir="ltr">{f.number}</span></Cell>
                  <Cell>
                    <span className="cell-main nowrap">{fmt.dateOfInstant(f.registered_at)}</span>
                    <span className="cell-sub">{fmt.time(f.registered_at)}</span>
                  </Cell>
                  <Cell><DirectionTag direction={f.direction} /></Cell>
                  <Cell><span dir="auto">{f.counterpart}</span></Cell>
                  <Cell>
                    <span className="cell-main" dir="auto">{f.subject}</span>
                    {f.attachments.length > 0 ? (
                      <span className="cell-sub with-icon"><Paperclip size={12} aria-hidden="true" />{t('filing.scans', { count: f.attachments.length })}</span>
                    ) : null}
                    {f.note ? <span className="cell-sub">{f.note}</span> : null}
                  </Cell>
                  <Cell className="col-num">{fmt.number(f.pages)}</Cell>
                  <Cell className="col-num">{fmt.number(f.enclosures)}</Cell>
                  <Cell>
                    {f.case_id && f.case_number ? (
                      <a className="case-link" href={href({ name: 'case', id: f.case_id })} dir="ltr">{f.case_number}</a>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </Cell>
                  <Cell>{f.registered_by_name}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        ) : list && !loading ? (
          <EmptyState icon={<BookOpen size={32} />} title={dayIso ? t('filing.empty_day') : t('filing.empty')}>
            {t('filing.empty_text')}
          </EmptyState>
        ) : null}
      </div>
      {list ? <Pagination total={list.total} limit={PAGE} offset={offset} onChange={setOffset} label={t('filing.pages_nav')} /> : null}
      {formOpen ? (
        <RegisterDialog
          initialCase={caseNumber ?? ''}
          onClose={() => {
            setFormOpen(false);
            reload();
            if (caseNumber) window.location.hash = '#/filing';
          }}
          onRegistered={reload}
        />
      ) : null}
    </div>
  );
}

const FIELDS = ['direction', 'counterpart', 'subject', 'pages', 'enclosures', 'case_number', 'note'] as const;

function RegisterDialog({ initialCase, onClose, onRegistered }: { initialCase: string; onClose(): void; onRegistered(): void }) {
  const t = useT();
  const { call } = useApp();
  const [direction, setDirection] = useState<FilingDirection>('incoming');
  const [counterpart, setCounterpart] = useState('');
  const [subject, setSubject] = useState('');
  const [pages, setPages] = useState(1);
  const [enclosures, setEnclosures] = useState(0);
  const [caseNumber, setCaseNumber] = useState(initialCase);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [entry, setEntry] = useState<FilingView | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const { errors, clear, fromError } = useFormErrors(t, FIELDS);

  useEffect(() => {
    if (entry) doneRef.current?.focus();
  }, [entry]);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      const created = await call('register_filing', {
        direction,
        counterpart,
        subject,
        pages: Number.isFinite(pages) ? pages : 0,
        enclosures: Number.isFinite(enclosures) ? enclosures : 0,
        case_number: caseNumber.trim() || null,
        note: note.trim() || null,
      });
      setEntry(created);
      onRegistered();
    } catch (e) {
      fromError(e, formRef.current);
    } finally {
      setBusy(false);
    }
  };

  const title = entry ? t('filing.registered_title') : t('filing.register');
  const numberFormat = useMemo(() => ({ maximumFractionDigits: 0, useGrouping: false }), []);

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={title} size="md">
      {entry ? (
        <div className="filing-done">
          <div className="filing-done-head">
            <CheckCircle2 size={28} aria-hidden="true" className="success-icon" />
            <h3 ref={doneRef} tabIndex={-1} className="filing-done-number">
              <span className="visually-hidden">{t('filing.registered_as')} </span>
              <span dir="ltr">{entry.number}</span>
            </h3>
          </div>
          <div className="visually-hidden" aria-live="assertive">{t('filing.registered_announce', { number: entry.number })}</div>
          <p className="muted">{entry.subject} · {entry.counterpart}</p>
          <h4 className="subheading">{t('filing.scans_title')}</h4>
          <AttachmentList items={entry.attachments} />
          <AttachButton
            ownerKind="filing"
            ownerId={entry.id}
            label={t('filing.attach_scans')}
            onAdded={(a) => {
              setEntry((x) => (x ? { ...x, attachments: [...x.attachments, a] } : x));
              onRegistered();
            }}
          />
          <div className="dialog-actions">
            <Button className="button button-primary" onPress={onClose}>{t('common.done')}</Button>
          </div>
        </div>
      ) : (
        <form ref={formRef} className="form" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}
          onKeyDown={(e: React.KeyboardEvent) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submitForm(formRef.current); } }}>
          {errors.form ? <Banner kind="error" title={errors.form} /> : null}
          <Segmented<FilingDirection>
            name="direction"
            label={t('filing.direction')}
            value={direction}
            onChange={setDirection}
            options={[
              { id: 'incoming', label: t('filing.incoming'), icon: <ArrowDownLeft size={16} aria-hidden="true" className="flip-rtl" /> },
              { id: 'outgoing', label: t('filing.outgoing'), icon: <ArrowUpRight size={16} aria-hidden="true" className="flip-rtl" /> },
            ]}
            error={errors.fields.direction}
          />
          <TextInput name="counterpart" label={direction === 'incoming' ? t('filing.sender') : t('filing.addressee')} value={counterpart} onChange={setCounterpart} isRequired maxLength={200} error={errors.fields.counterpart} autoFocus />
          <TextInput name="subject" label={t('filing.subject')} value={subject} onChange={setSubject} isRequired maxLength={200} error={errors.fields.subject} />
          <div className="grid-3">
            <NumberInput name="pages" label={t('filing.pages')} value={pages} onChange={setPages} minValue={1} isRequired error={errors.fields.pages} formatOptions={numberFormat} />
            <NumberInput name="enclosures" label={t('filing.enclosures')} value={enclosures} onChange={setEnclosures} minValue={0} error={errors.fields.enclosures} formatOptions={numberFormat} description={t('filing.enclosures_help')} />
            <TextInput name="case_number" label={t('filing.case_number')} value={caseNumber} onChange={setCaseNumber} digits error={errors.fields.case_number} placeholder={`C-${new Date().getFullYear()}/00001`} dir="ltr" description={t('intake.optional')} />
          </div>
          <TextAreaInput name="note" label={t('filing.note')} value={note} onChange={setNote} maxLength={2000} rows={2} error={errors.fields.note} />
          <div className="dialog-actions">
            <Button className="button button-ghost" onPress={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" className="button button-primary">
              <CheckCircle2 size={16} aria-hidden="true" />
              {t('filing.submit')}
            </Button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
