import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { AlertCircle, CheckCircle2, ChevronLeft, ChevronRight, Info, Users, X } from 'lucide-react';
import { useT } from '../i18n/useT';
import { useApp } from '../app/state';
import { useStickyBarHeight } from './focus';

export function PageHeader({ title, subtitle, actions, id = 'page-title' }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  return (
    <header className="page-header">
      <div className="page-heading">
        <h1 id={id} ref={ref} tabIndex={-1}>{title}</h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

/**
 * A form's actions, kept in view at the bottom of the window while the form scrolls under them;
 * the page keeps room for the bar so that no focused field ends up under it.
 */
export function StickyActions({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useStickyBarHeight(ref);
  return (
    <div ref={ref} className="form-actions sticky-actions">
      {children}
    </div>
  );
}

export function Banner({ kind, title, children, onDismiss }: { kind: 'error' | 'info' | 'success' | 'warning'; title?: ReactNode; children?: ReactNode; onDismiss?: () => void }) {
  const t = useT();
  const Icon = kind === 'error' || kind === 'warning' ? AlertCircle : kind === 'success' ? CheckCircle2 : Info;
  return (
    <div className={`banner banner-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <Icon size={18} aria-hidden="true" className="banner-icon" />
      <div className="banner-body">
        {title ? <p className="banner-title">{title}</p> : null}
        {children ? <div className="banner-text">{children}</div> : null}
      </div>
      {onDismiss ? (
        <Button className="icon-button" aria-label={t('common.dismiss')} onPress={onDismiss}>
          <X size={16} aria-hidden="true" />
        </Button>
      ) : null}
    </div>
  );
}

export function EmptyState({ icon, title, children, actions }: { icon: ReactNode; title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty-state">
      <div className="empty-icon" aria-hidden="true">{icon}</div>
      <p className="empty-title">{title}</p>
      {children ? <p className="empty-text">{children}</p> : null}
      {actions ? <div className="empty-actions">{actions}</div> : null}
    </div>
  );
}

/** What a screen shows to someone whose roles do not reach it (an address typed or kept from before). */
export function NoAccess() {
  const t = useT();
  return (
    <EmptyState icon={<Users size={32} />} title={t('shell.no_access_title')}>
      {t('shell.no_access_text')}
    </EmptyState>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
    </div>
  );
}

export function Pagination({ total, limit, offset, onChange, label }: { total: number; limit: number; offset: number; onChange(offset: number): void; label: string }) {
  const t = useT();
  const { fmt } = useApp();
  if (total <= limit) return null;
  const from = offset + 1;
  const to = Math.min(offset + limit, total);
  return (
    <nav className="pagination" aria-label={label}>
      <span className="pagination-range">{t('common.range', { from: fmt.number(from), to: fmt.number(to), total: fmt.number(total) })}</span>
      <div className="pagination-buttons">
        <Button className="button button-secondary button-sm" isDisabled={offset === 0} onPress={() => onChange(Math.max(0, offset - limit))}>
          <ChevronLeft size={16} aria-hidden="true" className="flip-rtl" />
          {t('common.previous')}
        </Button>
        <Button className="button button-secondary button-sm" isDisabled={to >= total} onPress={() => onChange(offset + limit)}>
          {t('common.next')}
          <ChevronRight size={16} aria-hidden="true" className="flip-rtl" />
        </Button>
      </div>
    </nav>
  );
}

/** A modal dialog with a title, a body and a row of actions. */
export function ModalDialog({
  isOpen, onOpenChange, title, children, size = 'md', isDismissable = true,
}: {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  title: ReactNode;
  children: ReactNode;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  isDismissable?: boolean;
}) {
  const t = useT();
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={isDismissable} isKeyboardDismissDisabled={!isDismissable}>
      <Modal className={`modal modal-${size}`}>
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <div className="dialog-header">
                <Heading slot="title" className="dialog-title">{title}</Heading>
                <Button className="icon-button" aria-label={t('common.close')} onPress={close}>
                  <X size={18} aria-hidden="true" />
                </Button>
              </div>
              <div className="dialog-body">{children}</div>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

export function Toasts() {
  const { toasts, dismissToast } = useApp();
  const t = useT();
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`}>
          {toast.kind === 'error' ? <AlertCircle size={18} aria-hidden="true" /> : <CheckCircle2 size={18} aria-hidden="true" />}
          <span className="toast-text">{toast.text}</span>
          <Button className="icon-button icon-button-inverse" aria-label={t('common.dismiss')} onPress={() => dismissToast(toast.id)}>
            <X size={16} aria-hidden="true" />
          </Button>
        </div>
      ))}
    </div>
  );
}

/** Runs once after mount: moves focus to the page's heading so screen readers hear where they are. */
export function useFocusOnMount(ref: React.RefObject<HTMLElement | null>, enabled = true) {
  useEffect(() => {
    if (enabled) ref.current?.focus();
  }, [ref, enabled]);
}

/** Debounces a value (search boxes). */
export function useDebounced<V>(value: V, ms: number): V {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms, setV]);
  return v;
}

