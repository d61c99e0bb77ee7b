import { HttpHost } from './http';
import { TauriHost } from './tauri';
import type { Host } from './types';

export type { AuditExport, Host, DocumentAction, DocumentRequest, DocumentResult, ReportFormat } from './types';
export { isApiError, isPrintable, toApiError } from './types';

/** The desktop app when Tauri injected its internals, a browser-mode workstation otherwise. */
export function pickHost(): Host {
  return '__TAURI_INTERNALS__' in window ? new TauriHost() : new HttpHost();
}

export const host: Host = pickHost();
