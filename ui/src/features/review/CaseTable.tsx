import type { ReactNode } from 'react';
import { Checkbox } from 'react-aria-components';
import { Check, Minus } from 'lucide-react';
import type { CaseSummary } from '../../gen/CaseSummary';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { CaseParty, DueDate, StatusBadge } from '../../components/badges';

/** Ticked cases of a list, by id. */
export interface Selection {
  selected: ReadonlySet<string>;
  onChange(next: Set<string>): void;
}

/**
 * The cases behind a figure, or a list of open work: number (opens the case), citizen,
 * service, status, assignee, received and due. With a selection, each row has a checkbox.
 */
export function CaseTable({
  items, caption, selection, extra,
}: {
  items: CaseSummary[];
  caption: string;
  selection?: Selection;
  /** One more column (e.g. how long a case has waited). */
  extra?: { header: string; cell(c: CaseSummary): ReactNode };
}) {
  const t = useT();
  const { fmt, locale } = useApp();
  const all = selection ? items.length > 0 && items.every((c) => selection.selected.has(c.id)) : false;
  const some = selection ? items.some((c) => selection.selected.has(c.id)) : false;
  const toggle = (id: string, on: boolean) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (on) next.add(id);
    else next.delete(id);
    selection.onChange(next);
  };
  const toggleAll = (on: boolean) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    for (const c of items) {
      if (on) next.add(c.id);
      else next.delete(c.id);
    }
    selection.onChange(next);
  };

  return (
    <table className="table case-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {selection ? (
            <th scope="col" className="col-select">
              <SelectBox isSelected={all} isIndeterminate={some && !all} onChange={toggleAll} label={t('work.select_all')} />
            </th>
          ) : null}
          <th scope="col" className="col-number">{t('cases.col_number')}</th>
          <th scope="col" className="col-citizen">{t('cases.col_citizen')}</th>
          <th scope="col" className="col-service">{t('cases.col_service')}</th>
          <th scope="col" className="col-status">{t('cases.col_status')}</th>
          <th scope="col" className="col-assignee">{t('cases.col_assignee')}</th>
          <th scope="col" className="col-received">{t('cases.col_received')}</th>
          <th scope="col" className="col-due">{t('cases.col_due')}</th>
          {extra ? <th scope="col" className="col-extra">{extra.header}</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((c) => {
          const selected = selection?.selected.has(c.id) ?? false;
          return (
            <tr key={c.id} className={`${c.overdue ? 'row-overdue' : ''} ${selected ? 'row-selected' : ''}`}>
              {selection ? (
                <td className="col-select">
                  <SelectBox isSelected={selected} onChange={(on) => toggle(c.id, on)} label={t('work.select_case', { number: c.number })} />
                </td>
              ) : null}
              <td>
                <a className="case-link" href={href({ name: 'case', id: c.id })}><span dir="ltr">{c.number}</span></a>
              </td>
              <td>
                <CaseParty name={c.party_name} subject={c.subject} isPrivate={c.private_conversation} />
              </td>
              <td><span className="cell-main">{pickName(c.service_names, locale)}</span></td>
              <td><StatusBadge status={c.status} /></td>
              <td>{c.assignee_name ?? <span className="muted">{t('case.unassigned')}</span>}</td>
              <td>
                <span className="cell-main nowrap">{fmt.dateOfInstant(c.received_at)}</span>
                <span className="cell-sub">{fmt.time(c.received_at)}</span>
              </td>
              <td><DueDate date={c.due_date} overdue={c.overdue} formatted={fmt.date(c.due_date)} /></td>
              {extra ? <td>{extra.cell(c)}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A checkbox with no visible words (its row says what it ticks). */
function SelectBox({ isSelected, isIndeterminate, onChange, label }: { isSelected: boolean; isIndeterminate?: boolean; onChange(on: boolean): void; label: string }) {
  return (
    <Checkbox className="checkbox checkbox-bare" isSelected={isSelected} isIndeterminate={isIndeterminate} onChange={onChange} aria-label={label}>
      <span className="checkbox-box" aria-hidden="true">
        {isIndeterminate ? <Minus size={14} strokeWidth={3} /> : <Check size={14} strokeWidth={3} />}
      </span>
    </Checkbox>
  );
}
