import type { Api, Command } from '../gen/api';
import type { ApiError } from '../gen/ApiError';
import type { AuditFilter } from '../gen/AuditFilter';
import type { DocumentAction } from '../gen/DocumentAction';
import type { DocumentRequest } from '../gen/DocumentRequest';
import type { ErrorCode } from '../gen/ErrorCode';

export type { DocumentAction } from '../gen/DocumentAction';
export type { DocumentRequest } from '../gen/DocumentRequest';
export type { ReportFormat } from '../gen/ReportFormat';

/** What the registry's audit export holds: the screen's filter, every row of it. */
export type AuditExport = Pick<AuditFilter, 'from' | 'to' | 'staff_id' | 'person'>;

/** The outcome of a document action: where the file went, when the host knows. */
export interface DocumentResult {
  /** A path on this computer (desktop app) when the file was saved there. */
  path?: string;
}

/**
 * The one way the UI reaches the workstation core. Two implementations: Tauri IPC in the
 * desktop app and HTTP to a browser-mode workstation on loopback. Nothing outside
 * `ui/src/host/` knows which one is running.
 */
export interface Host {
  readonly kind: 'tauri' | 'http';
  /** Runs one API command; rejects with an {@link ApiError}. */
  call<K extends Command>(cmd: K, args: Api[K]['req'], token: string | null): Promise<Api[K]['res']>;
  /**
   * Shows, saves or prints a document of the one document list (receipt, certified copy,
   * reports, exports, attachments). Printing — and only printing — records it where the
   * document keeps such a record (a receipt as handed out, a certified copy's `copies`). A
   * table or an attachment is always saved: it is not for the browser's window or the printer.
   */
  document(token: string, request: DocumentRequest, action: DocumentAction, copies?: number): Promise<DocumentResult>;
  /** Opens the waiting-room display: a window of its own (the desktop remembers where it was put). */
  openDisplay(): Promise<void>;
  /**
   * Opens the rating window: the citizen-facing window of this desk (a second screen or a tablet
   * turned to the citizen), where a finished visit is rated. No one signs in there either.
   */
  openRating(): Promise<void>;
}

/** Whether a document is a PDF, which can be shown and printed (a table or a stored file is saved). */
export function isPrintable(request: DocumentRequest): boolean {
  switch (request.kind) {
    case 'receipt':
    case 'certified_copy':
    case 'ledger_report':
      return true;
    case 'day_report':
      return request.format === 'pdf';
    case 'ticket':
    case 'cash_receipt':
    case 'payment_order':
    case 'z_report':
    case 'feedback_answer':
      return true;
    case 'feedback_report':
      return request.format === 'pdf';
    case 'registry_audit':
    case 'attachment':
    case 'revenue_export':
    case 'survey_answers':
    case 'survey_codes':
      return false;
  }
}

/**
 * Every code the core may answer with. A record over the generated `ErrorCode`, so the type
 * checker refuses this list when a code is added to (or removed from) the wire types.
 */
const KNOWN_CODES: Record<ErrorCode, true> = {
  validation: true, not_found: true, forbidden: true, unauthenticated: true, invalid_credentials: true,
  account_disabled: true, invalid_transition: true, already_initialized: true, not_initialized: true,
  too_large: true, unsupported_type: true, duplicate: true, storage: true, print_failed: true, unavailable: true,
  numbers_exhausted: true, enrolment_refused: true, device_revoked: true, server_unreachable: true,
  server_error: true, credential_store: true, rejoin_needed: true, unsupported_protocol: true, seal_key_missing: true,
  already_superseded: true, already_settled: true, day_closed: true, day_not_ready: true, no_cash_session: true,
  cash_session_open: true, internal: true,
};
const ERROR_CODES = new Set<string>(Object.keys(KNOWN_CODES));

export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === 'object' && e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    ERROR_CODES.has((e as { code: string }).code) &&
    Array.isArray((e as { fields?: unknown }).fields)
  );
}

/** Whatever went wrong, as an ApiError the UI can translate. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : 'unexpected error';
  return { code: 'internal', message, fields: [] };
}
