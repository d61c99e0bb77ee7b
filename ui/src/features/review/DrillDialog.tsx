import { useCallback, useState } from 'react';
import { FolderOpen } from 'lucide-react';
import type { ReviewDimension } from '../../gen/ReviewDimension';
import type { ReviewMeasure } from '../../gen/ReviewMeasure';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { Banner, EmptyState, ModalDialog, Pagination } from '../../components/ui';
import { useFetched } from '../../components/fetch';
import { CaseTable } from './CaseTable';

const PAGE = 20;

/** Which number of a review to open: a measure, over the period or one day, maybe one group. */
export interface Drill {
  measure: ReviewMeasure;
  dimension?: ReviewDimension;
  key?: string;
  day?: string;
  /** What the number is, as the screen showed it (the dialog's title). */
  title: string;
  /** Where it belongs: the group and the period or day. */
  context: string;
}

/** The records behind one number of the review, a page at a time. */
export function DrillDialog({ from, to, drill, onClose }: { from: string; to: string; drill: Drill | null; onClose(): void }) {
  return (
    <ModalDialog isOpen={drill !== null} onOpenChange={(open) => !open && onClose()} title={drill?.title ?? ''} size="xl">
      {drill ? <DrillBody key={`${from}|${to}|${JSON.stringify(drill)}`} from={from} to={to} drill={drill} /> : null}
    </ModalDialog>
  );
}

function DrillBody({ from, to, drill }: { from: string; to: string; drill: Drill }) {
  const t = useT();
  const { call } = useApp();
  const [offset, setOffset] = useState(0);
  const { value: list, loading, error } = useFetched(
    useCallback(
      () =>
        call('drill_review', {
          from,
          to,
          measure: drill.measure,
          dimension: drill.dimension ?? null,
          key: drill.dimension ? (drill.key ?? '') : null,
          day: drill.day ?? null,
          limit: PAGE,
          offset,
        }),
      [call, drill, from, to, offset],
    ),
  );

  return (
    <div className="drill" aria-busy={loading}>
      <p className="drill-context">
        <span>{drill.context}</span>
        {list ? (
          <span className="drill-total" aria-live="polite" data-total={list.total}>
            {t('review.drill_total', { count: list.total })}
          </span>
        ) : null}
      </p>
      {error ? <Banner kind="error" title={t('review.drill_failed')}>{error}</Banner> : null}
      {list && list.items.length > 0 ? (
        <div className={`card table-card ${loading ? 'is-loading' : ''}`}>
          {loading ? <div className="progress-line" aria-hidden="true" /> : null}
          <CaseTable items={list.items} caption={drill.title} />
        </div>
      ) : list && !loading ? (
        <EmptyState icon={<FolderOpen size={32} />} title={t('review.drill_empty')} />
      ) : null}
      {list ? <Pagination total={list.total} limit={PAGE} offset={offset} onChange={setOffset} label={t('review.drill_pages')} /> : null}
    </div>
  );
}
