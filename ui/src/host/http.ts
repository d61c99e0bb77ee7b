import type { Api, Command } from '../gen/api';
import type { Locale } from '../gen/Locale';
import { toApiError, type DocumentResult, type Host, type ReceiptAction } from './types';

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
