import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';
import { BookUser, FileText, Search, SearchX, Users } from 'lucide-react';
import type { PersonHit } from '../../gen/PersonHit';
import type { RegistryHits } from '../../gen/RegistryHits';
import { useApp } from '../../app/state';
import { navigate } from '../../app/router';
import { toApiError } from '../../host';
import { errorText, useT } from '../../i18n/useT';
import { Banner, EmptyState, PageHeader, useDebounced } from '../../components/ui';
import { tooLongText } from '../../components/fields';
import { toWesternDigits } from '../../i18n/digits';
import { registryMemory } from './memory';
import { PersonName } from './labels';
import { PurposeDialog } from './PurposeDialog';
import { RegistryStatusView, useRegistryStatus } from './RegistryStatus';

/** Hits asked for at once: a screenful and more; a longer list means the search is too wide. */
const LIMIT = 50;
/** Search as you type: wait this long after the last key. */
const DEBOUNCE_MS = 120;
/** PageUp and PageDown move this many hits. */
const PAGE_STEP = 10;
/** The longest search text the core takes (longer is refused, never cut). */
const QUERY_MAX = 200;

interface Query {
  text: string;
  parent: string;
}

const sameQuery = (a: Query, b: Query) => a.text.trim() === b.text.trim() && a.parent.trim() === b.parent.trim();

/**
 * The civil registry look-up: one box for names, a date of birth or a record number, and an
 * optional parent's name; the ranked results follow as you type and are worked by keyboard
 * (arrows move, Enter opens). Opening a card asks what the look-up is for, as the audit needs.
 */
export function RegistryScreen() {
  const t = useT();
  const { call, session, fmt } = useApp();
  const memory = registryMemory(session?.token ?? '');
  const [query, setQuery] = useState<Query>({ text: memory.text, parent: memory.parent });
  const [result, setResult] = useState<{ query: Query; hits: RegistryHits } | null>(() =>
    memory.hits ? { query: { text: memory.text, parent: memory.parent }, hits: memory.hits } : null,
  );
  const [activeId, setActiveId] = useState<string | null>(memory.selectedId);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<PersonHit | null>(null);
  /** A search box has the focus: the selected hit shows the focus ring. */
  const [steering, setSteering] = useState(false);
  const searched = useDebounced(query, DEBOUNCE_MS);
  const textTooLong = tooLongText(t, query.text, QUERY_MAX);
  const parentTooLong = tooLongText(t, query.parent, QUERY_MAX);
  const { status, refreshed } = useRegistryStatus();
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  // Arriving (or coming back from a card): the search box, with the hit last opened selected.
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    memory.text = query.text;
    memory.parent = query.parent;
  }, [memory, query]);

  // A text over the limit is not searched for: the field says why.
  const empty = (!searched.text.trim() && !searched.parent.trim()) || !!textTooLong || !!parentTooLong;
  useEffect(() => {
    if (empty) {
      setResult(null);
      setLoading(false);
      setError(null);
      memory.hits = null;
      return;
    }
    // Each answer belongs to the query it was asked for; one that comes after a newer question
    // was asked is dropped (the cleanup below), so a slow answer never replaces a newer one.
    let live = true;
    setLoading(true);
    call('search_registry', { text: searched.text.trim(), parent: searched.parent.trim() || null, limit: LIMIT })
      .then((hits) => {
        if (!live) return;
        setResult({ query: searched, hits });
        memory.hits = hits;
        setError(null);
      })
      .catch((e) => live && setError(errorText(t, toApiError(e))))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [call, searched, empty, refreshed, memory, t]);

  const hits = useMemo(() => (result && !empty ? result.hits.hits : []), [result, empty]);
  // The selection follows its person through new answers; otherwise the best hit is selected,
  // so that Enter opens what the list shows first.
  const activeIndex = hits.length === 0 ? -1 : Math.max(0, hits.findIndex((h) => h.id === activeId));
  const active = activeIndex >= 0 ? hits[activeIndex]! : null;
  const optionId = (h: PersonHit) => `${listId}-${h.id}`;
  const fresh = !!result && !loading && sameQuery(result.query, query);

  useEffect(() => {
    if (active) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const move = (to: number) => {
    if (hits.length === 0) return;
    setActiveId(hits[Math.min(hits.length - 1, Math.max(0, to))]!.id);
  };
  const open = (h: PersonHit) => {
    setActiveId(h.id);
    setOpening(h);
  };

  /** The search boxes steer the list: arrows, PageUp/PageDown, Enter to open. */
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case 'ArrowDown':
        if (!hits.length) return;
        e.preventDefault();
        move(activeIndex + 1);
        break;
      case 'ArrowUp':
        if (!hits.length) return;
        e.preventDefault();
        move(activeIndex - 1);
        break;
      case 'PageDown':
        if (!hits.length) return;
        e.preventDefault();
        move(activeIndex + PAGE_STEP);
        break;
      case 'PageUp':
        if (!hits.length) return;
        e.preventDefault();
        move(activeIndex - PAGE_STEP);
        break;
      case 'Enter':
        e.preventDefault();
        // Only what is on screen for what is typed: never a hit of an older query.
        if (fresh && active) open(active);
        break;
    }
  };

  // Both boxes steer the one list (the ARIA combobox pattern with a list that stays open): the
  // selected hit is their active descendant, the focus never leaves the box being typed in.
  const comboProps = {
    role: 'combobox' as const,
    'aria-controls': listId,
    'aria-expanded': hits.length > 0,
    'aria-autocomplete': 'list' as const,
    'aria-activedescendant': active ? optionId(active) : undefined,
    onKeyDown,
  };

  return (
    <div className="registry">
      <PageHeader title={t('registry.title')} subtitle={<RegistryStatusView status={status} variant="line" />} />
      <RegistryStatusView status={status} variant="panel" />

      <div className="card registry-search">
        <div
          className="registry-fields"
          role="search"
          aria-label={t('registry.search_region')}
          onFocus={() => setSteering(true)}
          onBlur={() => setSteering(false)}
        >
          <TextField className="field registry-text" value={query.text} onChange={(v) => setQuery((q) => ({ ...q, text: toWesternDigits(v) }))} isInvalid={!!textTooLong} validationBehavior="aria" type="search">
            <Label className="field-label">{t('registry.search')}</Label>
            <div className="registry-input" data-search>
              <Search size={18} aria-hidden="true" className="registry-input-icon" />
              <Input
                ref={inputRef}
                className="input input-lg"
                placeholder={t('registry.search_placeholder')}
                autoComplete="off"
                spellCheck={false}
                {...comboProps}
              />
            </div>
            <Text slot="description" className="field-help">
              {fmt.inputCalendar === 'persian' ? t('registry.search_help_persian') : t('registry.search_help')}
            </Text>
            {textTooLong ? <FieldError className="field-error">{textTooLong}</FieldError> : null}
          </TextField>
          <TextField className="field registry-parent" value={query.parent} onChange={(v) => setQuery((q) => ({ ...q, parent: toWesternDigits(v) }))} isInvalid={!!parentTooLong} validationBehavior="aria" type="search">
            <Label className="field-label">{t('registry.parent')}</Label>
            <Input className="input input-lg" autoComplete="off" spellCheck={false} {...comboProps} />
            <Text slot="description" className="field-help">{t('registry.parent_help')}</Text>
            {parentTooLong ? <FieldError className="field-error">{parentTooLong}</FieldError> : null}
          </TextField>
        </div>
        {result && !empty ? <QueryReading hits={result.hits} /> : null}
      </div>

      {error ? <Banner kind="error" title={t('registry.search_failed')}>{error}</Banner> : null}

      <div className="registry-count" aria-live="polite" aria-atomic="true">
        {result && !empty ? <CountLine hits={result.hits} /> : null}
      </div>

      {empty ? (
        <div className="card">
          <EmptyState icon={<BookUser size={32} />} title={t('registry.start_title')}>
            {t('registry.start_text')}
          </EmptyState>
        </div>
      ) : result && hits.length === 0 && !loading ? (
        <div className="card">
          <EmptyState icon={<SearchX size={32} />} title={t('registry.none_title')}>
            {t('registry.none_text')}
          </EmptyState>
        </div>
      ) : (
        <div className={`card hits-card ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
          {loading ? <div className="progress-line" aria-hidden="true" /> : null}
          <div className="hit hit-head" aria-hidden="true">
            <span>{t('registry.col_person')}</span>
            <span>{t('registry.col_born')}</span>
            <span>{t('registry.col_parents')}</span>
            <span>{t('registry.col_more')}</span>
          </div>
          <ul role="listbox" id={listId} className="hits" aria-label={t('registry.results')}>
            {hits.map((h) => (
              <li
                key={h.id}
                id={optionId(h)}
                role="option"
                aria-selected={h.id === active?.id}
                className="hit"
                data-active={h.id === active?.id || undefined}
                data-focus-visible={(steering && h.id === active?.id) || undefined}
                data-born={h.birth_date ?? undefined}
                // The search box keeps the focus: the list is steered from there.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => open(h)}
              >
                <HitRow hit={h} />
              </li>
            ))}
          </ul>
          {hits.length > 0 ? (
            <p className="hits-hint muted small" aria-hidden="true">
              <kbd>↑</kbd> <kbd>↓</kbd> {t('registry.keys_move')}{t('registry.joiner')}<kbd dir="ltr">Enter</kbd> {t('registry.keys_open')}
            </p>
          ) : null}
        </div>
      )}

      {opening ? (
        <PurposeDialog
          personId={opening.id}
          person={opening}
          onClose={() => setOpening(null)}
          onOpened={(card) => {
            memory.selectedId = opening.id;
            navigate({ name: 'registry_person', id: card.person.id });
          }}
        />
      ) : null}
    </div>
  );
}

/** One hit: who, born when and where, whose child, and what else marks them out. */
function HitRow({ hit }: { hit: PersonHit }) {
  const t = useT();
  const { fmt } = useApp();
  return (
    <>
      <span className="hit-cell hit-person">
        <PersonName person={hit} />
      </span>
      <span className="hit-cell hit-birth">
        <span className="visually-hidden">{t('registry.col_born')}: </span>
        <span className="hit-main nowrap">{hit.birth_date ? fmt.date(hit.birth_date) : t('registry.unknown_date')}</span>
        {hit.birth_place ? <bdi className="hit-sub">{hit.birth_place}</bdi> : null}
      </span>
      <span className="hit-cell hit-parents">
        {hit.father_name ? (
          <span className="hit-parent">
            <span className="hit-label">{t('registry.relation.father')}</span> <bdi>{hit.father_name}</bdi>
          </span>
        ) : null}
        {hit.mother_name ? (
          <span className="hit-parent">
            <span className="hit-label">{t('registry.relation.mother')}</span> <bdi>{hit.mother_name}</bdi>
          </span>
        ) : null}
      </span>
      <span className="hit-cell hit-more">
        {hit.death_date ? <span className="hit-died">{t('registry.died_on', { date: fmt.date(hit.death_date) })}</span> : null}
        {hit.record_number ? (
          <span className="hit-record">
            <FileText size={12} aria-hidden="true" />
            <span className="visually-hidden">{t('registry.matched_record')}: </span>
            <span dir="ltr">{hit.record_number}</span>
          </span>
        ) : null}
      </span>
    </>
  );
}

/** How many matched: exact up to the cap, "more than" beyond it, and how many are listed. */
function CountLine({ hits }: { hits: RegistryHits }) {
  const t = useT();
  const { fmt } = useApp();
  const text = hits.capped
    ? t('registry.count_capped', { count: hits.total })
    : hits.total > hits.hits.length
      ? t('registry.count_some', { count: hits.total, shown: fmt.number(hits.hits.length) })
      : t('registry.count', { count: hits.total });
  return (
    <p className={hits.capped ? 'registry-count-line is-capped' : 'registry-count-line'} data-total={hits.total} data-capped={hits.capped || undefined}>
      <Users size={16} aria-hidden="true" />
      <span>{text}</span>
    </p>
  );
}

/** How the search read what was typed: a birth date or period, a record number. */
function QueryReading({ hits }: { hits: RegistryHits }) {
  const t = useT();
  const { fmt } = useApp();
  const parts: string[] = [];
  if (hits.born_from && hits.born_to) {
    parts.push(
      hits.born_from === hits.born_to
        ? t('registry.read_born_on', { date: fmt.date(hits.born_from) })
        : t('registry.read_born_between', { from: fmt.date(hits.born_from), to: fmt.date(hits.born_to) }),
    );
  }
  if (hits.record_number) parts.push(t('registry.read_record', { number: `\u2066${hits.record_number}\u2069` }));
  if (parts.length === 0) return null;
  return <p className="registry-reading muted small">{t('registry.read_as', { what: parts.join(t('registry.joiner')) })}</p>;
}
