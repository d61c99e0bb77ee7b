import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ArrowLeft, CircleDashed } from 'lucide-react';
import { toApiError } from '../host';
import { errorText, useT } from '../i18n/useT';
import { EmptyState, Spinner } from './ui';

/** The list a record's screen leads back to. */
export interface BackTo {
  href: string;
  label: string;
}

/** A record's own screen (a case, a ledger entry, a person's card): the way back to its list, then the record. */
export function DetailFrame({ back, className, children }: { back: BackTo; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <a href={back.href} className="back-link">
        <ArrowLeft size={16} aria-hidden="true" className="flip-rtl" />
        {back.label}
      </a>
      {children}
    </div>
  );
}

/**
 * The head of a numbered record's screen: the number as the page's title (announced with what it
 * is), its standing beside it, what it is about, its facts (the `<dl>`'s rows), and what can be
 * done with it as a whole.
 */
export function RecordHead({ what, number, tags, subject, facts, actions }: {
  what: string;
  number: string;
  tags: ReactNode;
  subject: ReactNode;
  facts: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="card case-head" aria-labelledby="page-title">
      <div className="case-head-main">
        <div className="case-head-title">
          <h1 id="page-title" tabIndex={-1}>
            <span className="visually-hidden">{what} </span>
            <span dir="ltr" className="case-number-title">{number}</span>
          </h1>
          {tags}
        </div>
        <p className="case-subject" dir="auto">{subject}</p>
        <dl className="meta-grid">{facts}</dl>
      </div>
      {actions}
    </section>
  );
}

/**
 * One record, loaded when the screen opens and again on `reload` (after a change made here, or a
 * sync). `fetch` must keep its identity between renders (`useCallback`): a new one loads again.
 */
export function useRecord<R>(fetch: () => Promise<R>) {
  const t = useT();
  const [record, setRecord] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setRecord(await fetch());
      setError(null);
    } catch (e) {
      setError(errorText(t, toApiError(e)));
    }
  }, [fetch, t]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { record, setRecord, error, reload };
}

/** A record's screen before the record is there: loading, or why it cannot be had. */
export function RecordPending({ back, error, notFound }: { back: BackTo; error: string | null; notFound: string }) {
  const t = useT();
  if (!error) return <Spinner label={t('common.loading')} />;
  return (
    <DetailFrame back={back}>
      <EmptyState icon={<CircleDashed size={32} />} title={notFound}>
        {error}
      </EmptyState>
    </DetailFrame>
  );
}
