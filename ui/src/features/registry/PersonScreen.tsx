import { useState } from 'react';
import { Button } from 'react-aria-components';
import { FileText, Lock, Printer, ShieldCheck, Users } from 'lucide-react';
import type { FamilyRelation } from '../../gen/FamilyRelation';
import type { MessageId } from '../../i18n/messages';
import type { PersonCard } from '../../gen/PersonCard';
import type { PersonLink } from '../../gen/PersonLink';
import type { RecordView } from '../../gen/RecordView';
import { useApp } from '../../app/state';
import { href, navigate } from '../../app/router';
import { toApiError } from '../../host';
import { errorText, useT, type T } from '../../i18n/useT';
import { EmptyState } from '../../components/ui';
import { DetailFrame, type BackTo } from '../../components/detail';
import { registryMemory } from './memory';
import { openPerson } from './open';
import { fullName, isolate, RecordKindLabel } from './labels';
import { PurposeDialog } from './PurposeDialog';
import { ExtractDialog } from './ExtractDialog';

/**
 * A person's card, as opened (and audited) from the results or from another card. A card opened
 * earlier in the session shows again from memory (Back and Forward); one that is not open asks
 * for a reason first, like any other look-up.
 */
export function PersonScreen({ id }: { id: string }) {
  const t = useT();
  const { session } = useApp();
  const [card, setCard] = useState<PersonCard | null>(() => registryMemory(session?.token ?? '').cards.get(id) ?? null);
  const [asking, setAsking] = useState(false);

  if (card) return <CardView card={card} />;
  return (
    <DetailFrame back={backToResults(t)} className="person">
      <div className="card">
        <EmptyState
          icon={<Lock size={32} />}
          title={t('registry.closed_title')}
          actions={
            <Button className="button button-primary" onPress={() => setAsking(true)}>
              <ShieldCheck size={16} aria-hidden="true" />
              {t('registry.closed_open')}
            </Button>
          }
        >
          {t('registry.closed_text')}
        </EmptyState>
      </div>
      {asking ? <PurposeDialog personId={id} person={null} onClose={() => setAsking(false)} onOpened={(c) => (setAsking(false), setCard(c))} /> : null}
    </DetailFrame>
  );
}

const backToResults = (t: T): BackTo => ({ href: href({ name: 'registry' }), label: t('registry.back') });

const RELATIONS: FamilyRelation[] = ['father', 'mother', 'spouse', 'child'];

function CardView({ card }: { card: PersonCard }) {
  const t = useT();
  const { fmt } = useApp();
  const p = card.person;
  const maiden = p.birth_family_name && p.birth_family_name !== p.family_name ? p.birth_family_name : null;

  return (
    <DetailFrame back={backToResults(t)} className="person">
      <div className="person-layout">
        <div className="person-main">
          <section className="card person-head" aria-labelledby="page-title">
            <div className="person-title">
              <h1 id="page-title" tabIndex={-1}>
                <bdi>{fullName(p)}</bdi>
              </h1>
              {p.death_date ? <span className="tag tag-deceased">{t('registry.died_on', { date: fmt.date(p.death_date) })}</span> : null}
            </div>
            <dl className="meta-grid person-facts">
              <div><dt>{t('registry.given_names')}</dt><dd><bdi>{p.given_names}</bdi></dd></div>
              <div><dt>{t('registry.family_name')}</dt><dd><bdi>{p.family_name}</bdi></dd></div>
              {maiden ? <div><dt>{t('registry.birth_family_name')}</dt><dd><bdi>{maiden}</bdi></dd></div> : null}
              <div><dt>{t('registry.sex')}</dt><dd>{t(`registry.sex.${p.sex}` as MessageId)}</dd></div>
              <div><dt>{t('registry.birth_date')}</dt><dd>{p.birth_date ? fmt.date(p.birth_date) : t('registry.unknown_date')}</dd></div>
              <div><dt>{t('registry.birth_place')}</dt><dd><bdi>{p.birth_place || '—'}</bdi></dd></div>
              {p.death_date ? <div><dt>{t('registry.death_date')}</dt><dd>{fmt.date(p.death_date)}</dd></div> : null}
              <div><dt>{t('registry.marital_status')}</dt><dd>{t(`registry.marital.${card.marital_status}` as MessageId)}</dd></div>
            </dl>
          </section>
          <section className="card person-records" aria-labelledby="records-title">
            <h2 id="records-title" className="card-title">
              <FileText size={16} aria-hidden="true" />
              {t('registry.records')}
              <span className="card-count">{fmt.number(card.records.length)}</span>
            </h2>
            {card.records.length === 0 ? <p className="muted">{t('registry.no_records')}</p> : <RecordsTable card={card} />}
          </section>
        </div>
        <div className="person-side">
          <aside className="person-audit" aria-label={t('registry.audit_note_label')}>
            <p className="person-audit-reason">
              <ShieldCheck size={16} aria-hidden="true" />
              <span>
                {card.case_number
                  ? t('registry.opened_for_case', { number: isolate(card.case_number) })
                  : t('registry.opened_for_purpose')}
              </span>
            </p>
            {card.purpose ? <p className="person-audit-purpose" dir="auto">{card.purpose}</p> : null}
            <p className="muted small">{t('registry.audit_note')}</p>
          </aside>
          <section className="card" aria-labelledby="family-title">
            <h2 id="family-title" className="card-title">
              <Users size={16} aria-hidden="true" />
              {t('registry.family')}
            </h2>
            <Family card={card} />
          </section>
        </div>
      </div>
    </DetailFrame>
  );
}

/** The other party of a record, seen from the card's person (the spouse of a marriage). */
function otherParty(r: RecordView, personId: string): string | null {
  return r.person_id === personId ? r.partner_name : r.person_name;
}

function RecordsTable({ card }: { card: PersonCard }) {
  const t = useT();
  const { fmt, can } = useApp();
  // An extract is a certification of what the registry says: both permissions are needed.
  const mayExtract = can('certify') && can('lookup_registry');
  const [extracting, setExtracting] = useState<RecordView | null>(null);
  return (
    <div className="table-scroll">
      <table className="table records-table">
        <caption className="visually-hidden">{t('registry.records')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('registry.col_kind')}</th>
            <th scope="col">{t('registry.col_number')}</th>
            <th scope="col">{t('registry.col_date')}</th>
            <th scope="col">{t('registry.col_partner')}</th>
            {mayExtract ? <th scope="col"><span className="visually-hidden">{t('registry.col_actions')}</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {card.records.map((r) => {
            const other = otherParty(r, card.person.id);
            return (
              <tr key={r.id}>
                <td><RecordKindLabel kind={r.kind} /></td>
                <td>
                  <span id={`record-${r.id}-number`} className="cell-main case-number" dir="ltr">{r.number}</span>
                  <span className="cell-sub">{t('registry.book_volume_page', { book: isolate(r.book), volume: isolate(r.volume), page: fmt.plain(r.page) })}</span>
                </td>
                <td>
                  <span className="cell-main nowrap">{fmt.date(r.date)}</span>
                  <bdi className="cell-sub">{r.place}</bdi>
                </td>
                <td>
                  {other ? <bdi className="cell-main">{other}</bdi> : <span className="muted">—</span>}
                  {r.note ? <span className="cell-sub" dir="auto" title={r.note}>{r.note}</span> : null}
                </td>
                {mayExtract ? (
                  <td className="record-actions">
                    <Button className="button button-ghost button-sm" onPress={() => setExtracting(r)} aria-describedby={`record-${r.id}-number`}>
                      <Printer size={16} aria-hidden="true" />
                      {t('registry.extract.action')}
                    </Button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {extracting ? <ExtractDialog card={card} record={extracting} onClose={() => setExtracting(null)} /> : null}
    </div>
  );
}

/**
 * Parents, spouses and children, each opening their own card with the reason this card was
 * opened for (a new audit entry each time). A parent named on the record but not in the
 * registry is named without a card.
 */
function Family({ card }: { card: PersonCard }) {
  const t = useT();
  const { call, session, fmt, toast } = useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const p = card.person;

  const openRelative = async (link: PersonLink) => {
    if (busy || !session) return;
    setBusy(link.id);
    try {
      const opened = await openPerson(call, session.token, link.id, { caseNumber: card.case_number ?? '', purpose: card.purpose ?? '' });
      navigate({ name: 'registry_person', id: opened.person.id });
    } catch (e) {
      toast(errorText(t, toApiError(e)), 'error');
      setBusy(null);
    }
  };

  const unlinked: { relation: FamilyRelation; name: string }[] = [];
  if (p.father_name && !card.family.some((f) => f.relation === 'father')) unlinked.push({ relation: 'father', name: p.father_name });
  if (p.mother_name && !card.family.some((f) => f.relation === 'mother')) unlinked.push({ relation: 'mother', name: p.mother_name });
  if (card.family.length === 0 && unlinked.length === 0) return <p className="muted">{t('registry.no_family')}</p>;

  return (
    <>
      <ul className="family">
        {RELATIONS.flatMap((relation) => [
          ...card.family
            .filter((f) => f.relation === relation)
            .map((f) => (
              <li key={`${relation}-${f.id}`} className="family-member">
                <span className="family-relation">{t(`registry.relation.${relation}` as MessageId)}</span>
                <span className="family-who">
                  <Button
                    className="link-button family-link"
                    onPress={() => void openRelative(f)}
                    data-busy={busy === f.id || undefined}
                    aria-describedby={`family-${f.id}-dates`}
                  >
                    <bdi>{fullName(f)}</bdi>
                  </Button>
                  <span id={`family-${f.id}-dates`} className="family-dates">
                    {[f.birth_date ? t('registry.born_on', { date: fmt.date(f.birth_date) }) : null, f.death_date ? t('registry.died_on', { date: fmt.date(f.death_date) }) : null]
                      .filter(Boolean)
                      .join(t('registry.joiner'))}
                  </span>
                </span>
              </li>
            )),
          ...unlinked
            .filter((u) => u.relation === relation)
            .map((u) => (
              <li key={`${relation}-unlinked`} className="family-member">
                <span className="family-relation">{t(`registry.relation.${relation}` as MessageId)}</span>
                <span className="family-who">
                  <bdi className="person-full-name">{u.name}</bdi>
                  <span className="family-dates">{t('registry.not_in_registry')}</span>
                </span>
              </li>
            )),
        ])}
      </ul>
      <p className="muted small">{t('registry.family_hint')}</p>
    </>
  );
}
