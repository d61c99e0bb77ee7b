import { useState } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { Download, FileImage, FileText, Paperclip, Upload } from 'lucide-react';
import type { AttachmentOwnerKind } from '../gen/AttachmentOwnerKind';
import type { AttachmentView } from '../gen/AttachmentView';
import { host, toApiError } from '../host';
import { useApp } from '../app/state';
import { errorText, useT } from '../i18n/useT';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  webp: 'image/webp',
};
const ACCEPTED = [...new Set(Object.values(TYPES))];

/** The media type the workstation accepts for a file, from its type or its extension. */
export function mediaTypeOf(file: File): string | null {
  if (ACCEPTED.includes(file.type)) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return TYPES[ext] ?? null;
}

/** A file's bytes as base64 (standard alphabet, padded). */
export function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const url = String(r.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export function AttachmentList({ items }: { items: AttachmentView[] }) {
  const { session, fmt, toast } = useApp();
  const t = useT();
  if (items.length === 0) return <p className="muted">{t('attachments.none')}</p>;
  return (
    <ul className="attachment-list">
      {items.map((a) => (
        <li key={a.id} className="attachment">
          {a.media_type === 'application/pdf' ? <FileText size={18} aria-hidden="true" /> : <FileImage size={18} aria-hidden="true" />}
          <span className="attachment-text">
            <span className="attachment-name" dir="auto">{a.filename}</span>
            <span className="attachment-meta">
              {fmt.size(a.size)} · {a.added_by_name} · {fmt.dateTime(a.added_at)}
            </span>
          </span>
          <Button
            className="icon-button"
            aria-label={t('attachments.download', { name: a.filename })}
            onPress={async () => {
              if (!session) return;
              try {
                const r = await host.document(session.token, { kind: 'attachment', attachment_id: a.id }, 'save');
                if (r.path) toast(t('receipt.saved_to', { path: r.path }));
              } catch (e) {
                toast(errorText(t, toApiError(e)), 'error');
              }
            }}
          >
            <Download size={16} aria-hidden="true" />
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** Picks files, checks size and type here first, then uploads them one by one. */
export function AttachButton({ ownerKind, ownerId, onAdded, label }: { ownerKind: AttachmentOwnerKind; ownerId: string; onAdded(a: AttachmentView): void; label?: string }) {
  const { call, toast } = useApp();
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setProblem(null);
    setBusy(true);
    const problems: string[] = [];
    for (const file of Array.from(files)) {
      const media = mediaTypeOf(file);
      if (!media) {
        problems.push(t('attachments.wrong_type', { name: file.name }));
        continue;
      }
      if (file.size > MAX_ATTACHMENT_BYTES) {
        problems.push(t('attachments.too_big', { name: file.name, max: 10 }));
        continue;
      }
      if (file.size === 0) {
        problems.push(t('attachments.empty', { name: file.name }));
        continue;
      }
      try {
        const data = await toBase64(file);
        const added = await call('add_attachment', { owner_kind: ownerKind, owner_id: ownerId, filename: file.name, media_type: media, data_base64: data });
        onAdded(added);
        toast(t('attachments.added', { name: file.name }));
      } catch (e) {
        problems.push(`${file.name}: ${errorText(t, toApiError(e))}`);
      }
    }
    setBusy(false);
    if (problems.length) setProblem(problems.join(' '));
  };

  return (
    <div className="attach">
      <FileTrigger acceptedFileTypes={[...ACCEPTED, '.pdf', '.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp']} allowsMultiple onSelect={(files) => void upload(files)}>
        <Button className="button button-secondary button-sm">
          {busy ? <Upload size={16} aria-hidden="true" /> : <Paperclip size={16} aria-hidden="true" />}
          {busy ? t('attachments.uploading') : (label ?? t('attachments.attach'))}
        </Button>
      </FileTrigger>
      <p className="field-help">{t('attachments.rules', { max: 10 })}</p>
      {problem ? <p className="field-error" role="alert">{problem}</p> : null}
    </div>
  );
}
