import { invoke } from '@tauri-apps/api/core';
import type { Api, Command } from '../gen/api';
import { isPrintable, toApiError, type DocumentAction, type DocumentRequest, type DocumentResult, type Host } from './types';

/**
 * The desktop app: every command goes through the shell's one `api` IPC command, every
 * document through its one `document` command, which saves it (and prints it) and answers
 * where the file went.
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

  async document(token: string, request: DocumentRequest, action: DocumentAction, copies = 1): Promise<DocumentResult> {
    try {
      // The shell has no viewer of its own: "view" saves the file and says where. A table or
      // an attachment is only ever saved.
      const act: DocumentAction = isPrintable(request) ? action : 'save';
      const path = await invoke<string>('document', { token, request, action: act, copies });
      return { path };
    } catch (e) {
      throw toApiError(e);
    }
  }

  async openDisplay(): Promise<void> {
    try {
      await invoke('open_display');
    } catch (e) {
      throw toApiError(e);
    }
  }

  async openRating(): Promise<void> {
    try {
      // The shell opens a window labelled "rating" with `window.__OKNO_RATING__ = true`, as it
      // does the display's.
      await invoke('open_rating');
    } catch (e) {
      throw toApiError(e);
    }
  }
}
