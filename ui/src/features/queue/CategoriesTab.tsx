import { useCallback } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { Megaphone, Pencil } from 'lucide-react';
import type { QueueCategoryView } from '../../gen/QueueCategoryView';
import { useApp } from '../../app/state';
import { pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { EmptyState } from '../../components/ui';
import { useFetched } from '../../components/fetch';
import { CodeNamesDialog } from '../catalogue/CodeNamesDialog';

/**
 * The queue's categories in the catalogue: each a letter prefix (the ticket's `M` in `M-042`)
 * and its names; services name the category they are queued under.
 */
export function CategoriesTab({ editing, onEdit }: { editing: { item: QueueCategoryView | null } | null; onEdit(e: { item: QueueCategoryView | null } | null): void }) {
  const t = useT();
  const { call, locale, catalogue } = useApp();
  const { value: categories, reload } = useFetched(useCallback(() => call('queue_categories', {}), [call]));
  const list = categories ?? [];
  return (
    <>
      <div className="card table-card">
        {list.length === 0 ? (
          <EmptyState icon={<Megaphone size={32} />} title={t('catalogue.no_queue_categories')} />
        ) : (
          <Table aria-label={t('catalogue.queue_categories')} className="table" onRowAction={(k) => onEdit({ item: list.find((c) => c.id === k) ?? null })}>
            <TableHeader>
              <Column isRowHeader>{t('catalogue.col_queue_category')}</Column>
              <Column>{t('catalogue.col_code')}</Column>
              <Column className="col-num">{t('catalogue.col_services')}</Column>
              <Column>{t('catalogue.col_state')}</Column>
            </TableHeader>
            <TableBody items={list}>
              {(c) => (
                <Row id={c.id} className="row" textValue={pickName(c.names, locale)}>
                  <Cell><span className="with-icon"><Pencil size={12} aria-hidden="true" className="row-edit-icon" />{pickName(c.names, locale)}</span></Cell>
                  <Cell><span className="category-code" dir="ltr">{c.code}</span></Cell>
                  <Cell className="col-num">{(catalogue?.services ?? []).filter((s) => s.queue_category === c.code).length}</Cell>
                  <Cell><span className={`tag ${c.active ? 'tag-active' : 'tag-inactive'}`}>{c.active ? t('catalogue.active') : t('catalogue.inactive')}</span></Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        )}
      </div>
      <p className="muted small table-hint">{t('catalogue.edit_hint')}</p>
      {editing ? (
        <CategoryDialog
          item={editing.item}
          onClose={() => onEdit(null)}
          onSaved={() => {
            onEdit(null);
            void reload();
          }}
        />
      ) : null}
    </>
  );
}

function CategoryDialog({ item, onClose, onSaved }: { item: QueueCategoryView | null; onClose(): void; onSaved(): void }) {
  const t = useT();
  const { call, toast } = useApp();
  return (
    <CodeNamesDialog
      title={item ? t('catalogue.edit_queue_category') : t('catalogue.new_queue_category')}
      item={item}
      code={{ label: t('catalogue.queue_category_code'), help: t('catalogue.queue_category_code_help'), maxLength: 3 }}
      onClose={onClose}
      save={async (v) => {
        await call('save_queue_category', { id: item?.id ?? null, ...v, code: v.code.toUpperCase() });
        toast(t('catalogue.saved'));
        onSaved();
      }}
    />
  );
}
