import type { Api, Command } from '../gen/api';
import type { Locale } from '../gen/Locale';
import { toApiError, type AuditExport, type DocumentAction, type DocumentResult, type Host, type ReceiptAction, type ReportFormat } from './types';

/**
 * Talks to a browser-mode workstation (okno-browser) over HTTP on the page's own origin:
 * `POST /api/<command>` for commands, plain GETs for documents.
 */
export class HttpHost implements Host {
  readonly kind = 'http' as const;

  constructor(private readonly base = '') {}

  async call<K extends Command>(cmd: K, args: Api[K]['req'], token: string | null): Promise<Api[K]['res']> {
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/${cmd}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, args }),
      });
    } catch (e) {
      throw { code: 'storage', message: `workstation unreachable: ${String(e)}`, fields: [] };
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) throw toApiError(body ?? `HTTP ${response.status}`);
    return body as Api[K]['res'];
  }

  receiptUrl(token: string, caseId: string, locale: Locale, record: boolean): string {
    const q = new URLSearchParams({ token, locale });
    if (record) q.set('record', '1');
    return `${this.base}/api/receipt/${encodeURIComponent(caseId)}?${q.toString()}`;
  }

  async receipt(token: string, caseId: string, locale: Locale, action: ReceiptAction): Promise<DocumentResult> {
    if (action === 'save') {
      download(this.receiptUrl(token, caseId, locale, false), '');
    } else {
      // The browser's PDF viewer shows it; printing is the viewer's print button. Printing
      // records that the receipt was handed out.
      window.open(this.receiptUrl(token, caseId, locale, action === 'print'), '_blank', 'noopener');
    }
    return {};
  }

  async attachment(token: string, id: string, filename: string): Promise<DocumentResult> {
    const q = new URLSearchParams({ token });
    download(`${this.base}/api/attachment/${encodeURIComponent(id)}?${q.toString()}`, filename);
    return {};
  }

  certifiedCopyUrl(token: string, entryId: string, print: boolean, copies: number): string {
    const q = new URLSearchParams({ token, print: print ? '1' : '0' });
    if (print) q.set('copies', String(Math.max(1, Math.trunc(copies))));
    return `${this.base}/api/certified-copy/${encodeURIComponent(entryId)}?${q.toString()}`;
  }

  async certifiedCopy(token: string, entryId: string, action: DocumentAction, copies: number): Promise<DocumentResult> {
    if (action === 'save') {
      download(this.certifiedCopyUrl(token, entryId, false, copies), '');
    } else {
      // As with the receipt: the browser's viewer shows it and prints it; asking for the
      // printable copy records the copies printed.
      window.open(this.certifiedCopyUrl(token, entryId, action === 'print', copies), '_blank', 'noopener');
    }
    return {};
  }

  ledgerReportUrl(token: string, from: string, to: string, locale: Locale): string {
    const q = new URLSearchParams({ token, from, to, locale });
    return `${this.base}/api/ledger-report?${q.toString()}`;
  }

  async ledgerReport(token: string, from: string, to: string, locale: Locale, action: DocumentAction): Promise<DocumentResult> {
    const url = this.ledgerReportUrl(token, from, to, locale);
    if (action === 'save') download(url, '');
    else window.open(url, '_blank', 'noopener');
    return {};
  }

  dayReportUrl(token: string, from: string, to: string, locale: Locale, format: ReportFormat): string {
    const q = new URLSearchParams({ token, from, to, locale, format });
    return `${this.base}/api/day-report?${q.toString()}`;
  }

  async dayReport(token: string, from: string, to: string, locale: Locale, format: ReportFormat, action: DocumentAction): Promise<DocumentResult> {
    const url = this.dayReportUrl(token, from, to, locale, format);
    // A table is for a spreadsheet, not for the browser's window: it is always saved.
    if (action === 'save' || format === 'csv') download(url, '');
    else window.open(url, '_blank', 'noopener');
    return {};
  }

  registryAuditCsvUrl(token: string, filter: AuditExport): string {
    const q = new URLSearchParams({ token });
    // Only what is set: an empty bound is no bound.
    if (filter.from) q.set('from', filter.from);
    if (filter.to) q.set('to', filter.to);
    if (filter.staff_id) q.set('staff_id', filter.staff_id);
    if (filter.person?.trim()) q.set('person', filter.person.trim());
    return `${this.base}/api/registry-audit.csv?${q.toString()}`;
  }

  async registryAuditCsv(token: string, filter: AuditExport): Promise<DocumentResult> {
    download(this.registryAuditCsvUrl(token, filter), '');
    return {};
  }
}

function download(url: string, filename: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}
