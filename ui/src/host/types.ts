import type { Api, Command } from '../gen/api';
import type { ApiError } from '../gen/ApiError';
import type { AuditFilter } from '../gen/AuditFilter';
import type { ErrorCode } from '../gen/ErrorCode';
import type { Locale } from '../gen/Locale';

/** What the user wants done with a case's intake receipt. */
export type ReceiptAction = 'view' | 'save' | 'print';

/** What the user wants done with a document (certified copy, ledger report). */
export type DocumentAction = 'view' | 'save' | 'print';

/** The file format of a report that comes as a table as well as a document. */
export type ReportFormat = 'pdf' | 'csv';

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
  /** Shows, saves or prints the intake receipt of a case. */
  receipt(token: string, caseId: string, locale: Locale, action: ReceiptAction): Promise<DocumentResult>;
  /** Saves (downloads) an attachment. */
  attachment(token: string, id: string, filename: string): Promise<DocumentResult>;
  /**
   * Shows, saves or prints the certified copy of a ledger entry; printing records the copies
   * printed.
   */
  certifiedCopy(token: string, entryId: string, action: DocumentAction, copies: number): Promise<DocumentResult>;
  /** Shows, saves or prints the certification ledger for a period (`YYYY-MM-DD`, inclusive). */
  ledgerReport(token: string, from: string, to: string, locale: Locale, action: DocumentAction): Promise<DocumentResult>;
  /**
   * Shows, saves or prints the report of a day or period (`YYYY-MM-DD`, inclusive) as a PDF,
   * or saves it as CSV (a CSV is only ever saved).
   */
  dayReport(token: string, from: string, to: string, locale: Locale, format: ReportFormat, action: DocumentAction): Promise<DocumentResult>;
  /** Saves the registry's audit log as CSV (supervisors): the filter's entries, all of them. */
  registryAuditCsv(token: string, filter: AuditExport): Promise<DocumentResult>;
}

/**
 * Every code the core may answer with. A record over the generated `ErrorCode`, so the type
 * checker refuses this list when a code is added to (or removed from) the wire types.
 */
const KNOWN_CODES: Record<ErrorCode, true> = {
  validation: true, not_found: true, forbidden: true, unauthenticated: true, invalid_credentials: true,
  account_disabled: true, invalid_transition: true, already_initialized: true, not_initialized: true,
  too_large: true, unsupported_type: true, duplicate: true, storage: true, print_failed: true,
  numbers_exhausted: true, enrolment_refused: true, device_revoked: true, server_unreachable: true,
  server_error: true, credential_store: true, unsupported_protocol: true, seal_key_missing: true,
  already_superseded: true, already_settled: true, day_closed: true, day_not_ready: true, internal: true,
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
