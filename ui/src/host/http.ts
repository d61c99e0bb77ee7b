import type { Api, Command } from '../gen/api';
import { isPrintable, toApiError, type DocumentAction, type DocumentRequest, type DocumentResult, type Host } from './types';

/**
 * Talks to a browser-mode workstation (okno-browser) over HTTP on the page's own origin:
 * `POST /api/<command>` for commands, one plain GET for every document.
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

  /** `GET /api/document`: the request as JSON, what is done with it, the copies printed. */
  documentUrl(token: string, request: DocumentRequest, action: DocumentAction, copies = 1): string {
    const q = new URLSearchParams({ token, action, request: JSON.stringify(request) });
    if (action === 'print') q.set('copies', String(Math.max(1, Math.trunc(copies))));
    return `${this.base}/api/document?${q.toString()}`;
  }

  async document(token: string, request: DocumentRequest, action: DocumentAction, copies = 1): Promise<DocumentResult> {
    if (action === 'save' || !isPrintable(request)) {
      download(this.documentUrl(token, request, 'save'), '');
    } else {
      // The browser's PDF viewer shows it; printing is the viewer's print button. Asking for
      // the printable document is this host's printing: the core records it then.
      window.open(this.documentUrl(token, request, action, copies), '_blank', 'noopener');
    }
    return {};
  }

  async openDisplay(): Promise<void> {
    // A window of its own, to drag to the screen that faces the room.
    window.open(`${this.base}/#/display`, 'okno-display', 'popup,width=1280,height=720');
  }

  async openRating(): Promise<void> {
    // A window of its own, to drag to the screen (or tablet) that faces the citizen.
    window.open(`${this.base}/#/rate`, 'okno-rating', 'popup,width=1024,height=768');
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
