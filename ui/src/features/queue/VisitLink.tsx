import { useEffect, useState } from 'react';
import { History } from 'lucide-react';
import type { VisitView } from '../../gen/VisitView';
import { useApp } from '../../app/state';
import { href } from '../../app/router';
import { ENDONYMS } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { ticketDigits } from './ticket';

/**
 * The visit a case or a certification was made in (when a ticket was being served), as one
 * line of the record's facts. Nothing when the record belongs to no visit.
 */
export function VisitLink({ refKind, refId }: { refKind: 'case_file' | 'certification'; refId: string }) {
  const t = useT();
  const { call, can, locale } = useApp();
  const [visit, setVisit] = useState<VisitView | null>(null);
  useEffect(() => {
    if (!can('serve_queue') && !can('review_day')) return;
    let live = true;
    call('visit_of', { ref_kind: refKind, ref_id: refId })
      .then((v) => live && setVisit(v.visit ?? null))
      .catch(() => live && setVisit(null));
    return () => {
      live = false;
    };
  }, [call, can, refKind, refId]);
  if (!visit) return null;
  const number = visit.ticket?.number ?? '';
  return (
    <div>
      <dt>{t('visit.of_record')}</dt>
      <dd>
        <a href={href({ name: 'visit', id: visit.id })}>
          <History size={14} aria-hidden="true" /> {t('visit.of_record_help', { number: ticketDigits(number, locale), language: ENDONYMS[visit.locale] })}
        </a>
      </dd>
    </div>
  );
}
