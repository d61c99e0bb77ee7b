import { invoke } from '@tauri-apps/api/core';
import type { Api, Command } from '../gen/api';
import type { Locale } from '../gen/Locale';
import { toApiError, type AuditExport, type DocumentAction, type DocumentResult, type Host, type ReceiptAction, type ReportFormat } from './types';

/**
 * The desktop app: every command goes through the shell's one `api` IPC command; documents
 * are saved and printed by the shell, which answers where the file went.
 */
export class TauriHost implements Host {
  readonly kind = 'tauri' as const;

  async call<K extends Command>(cmd: K, args: Api[K]['req'], token: string | null): Promise<Api[K]['res']> {
    try {
      return await invoke<Api[K]['res']>('api', { command: cmd, token, args });
    } catch (e) {
      throw toApiError(e);
    }
  }

  async receipt(token: string, caseId: string, locale: Locale, action: ReceiptAction): Promise<DocumentResult> {
    try {
      // The shell has no viewer of its own: "view" saves the PDF and says where.
      const command = action === 'print' ? 'print_receipt' : 'save_receipt';
      const path = await invoke<string>(command, { token, caseId, locale });
      return { path };
    } catch (e) {
      throw toApiError(e);
    }
  }

  async attachment(token: string, id: string): Promise<DocumentResult> {
    try {
      const path = await invoke<string>('save_attachment', { token, attachmentId: id });
      return { path };
    } catch (e) {
      throw toApiError(e);
    }
  }

  async certifiedCopy(token: string, entryId: string, action: DocumentAction, copies: number): Promise<DocumentResult> {
    try {
      // "View" saves the PDF and says where, as for the receipt; printing records the copies.
      const path =
        action === 'print'
          ? await invoke<string>('print_certified_copy', { token, entryId, copies })
          : await invoke<string>('save_certified_copy', { token, entryId });
      return { path };
    } catch (e) {
      throw toApiError(e);
    }
  }

  async ledgerReport(token: string, from: string, to: string, locale: Locale, action: DocumentAction): Promise<DocumentResult> {
    try {
      const command = action === 'print' ? 'print_ledger_report' : 'save_ledger_report';
      const path = await invoke<string>(command, { token, from, to, locale });
      return { path };
    } catch (e) {
      throw toApiError(e);
    }
  }

  async dayReport(token: string, from: string, to: string, locale: Locale, format: ReportFormat, action: DocumentAction): Promise<DocumentResult> {
    try {
      // As for the ledger: "view" saves and says where; only the PDF is printed.
      const command = action === 'print' && format === 'pdf' ? 'print_day_report' : 'save_day_report';
      const path = await invoke<string>(command, { token, from, to, locale, format });
      return { path };
    } catch (e) {
      throw toApiError(e);
    }
  }

  async registryAuditCsv(token: string, filter: AuditExport): Promise<DocumentResult> {
    try {
      const path = await invoke<string>('save_registry_audit', {
        token,
        from: filter.from,
        to: filter.to,
        staffId: filter.staff_id,
        person: filter.person?.trim() || null,
      });
      return { path };
    } catch (e) {
      throw toApiError(e);
    }
  }
}
