import { Ban, CheckCircle2, CloudUpload, Copy, FilePenLine, FileText, PenLine } from 'lucide-react';
import type { LedgerEntryKind } from '../../gen/LedgerEntryKind';
import type { LedgerStatus } from '../../gen/LedgerStatus';
import type { MessageId } from '../../i18n/messages';
import { useT } from '../../i18n/useT';
import { useSync } from '../sync/SyncProvider';

const STATUS_ICON: Record<LedgerStatus, typeof Ban> = {
  valid: CheckCircle2,
  corrected: FilePenLine,
  cancelled: Ban,
};

/** Where an act stands: an icon and a word on a tinted background (never colour alone). */
export function LedgerStatusBadge({ status, size = 'md' }: { status: LedgerStatus; size?: 'md' | 'lg' }) {
  const t = useT();
  const Icon = STATUS_ICON[status];
  return (
    <span className={`badge badge-ledger-${status} badge-${size}`}>
      <Icon size={size === 'lg' ? 16 : 14} aria-hidden="true" />
      <span>{t(`certification.ledger_status.${status}` as MessageId)}</span>
    </span>
  );
}

const KIND_ICON: Record<LedgerEntryKind, typeof Ban> = {
  signature: PenLine,
  copy: Copy,
  correction: FilePenLine,
  cancellation: Ban,
  extract: FileText,
};

export function LedgerKindLabel({ kind }: { kind: LedgerEntryKind }) {
  const t = useT();
  const Icon = KIND_ICON[kind];
  return (
    <span className={`ledger-kind ledger-kind-${kind}`}>
      <Icon size={14} aria-hidden="true" />
      <span>{t(`certification.ledger_kind.${kind}` as MessageId)}</span>
    </span>
  );
}

/**
 * "Not yet synced": the entry has not reached the office's server. A workstation on its own has
 * no server to wait for, so nothing is flagged there (as on a case).
 */
export function UnsyncedTag({ pending }: { pending: boolean }) {
  const t = useT();
  const { status } = useSync();
  if (!pending || !status || status.state === 'standalone') return null;
  return (
    <span className="tag tag-unsynced">
      <CloudUpload size={14} aria-hidden="true" />
      {t('certification.ledger.not_synced')}
    </span>
  );
}

/** A left-to-right value (an entry number) inside a translated sentence, isolated for bidi. */
export const isolate = (s: string) => `\u2066${s}\u2069`;
