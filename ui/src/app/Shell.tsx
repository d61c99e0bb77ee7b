import { useEffect, useRef, useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Popover } from 'react-aria-components';
import { Keyboard, LogOut } from 'lucide-react';
import type { Role } from '../gen/Role';
import type { MessageId } from '../i18n/messages';
import { useT } from '../i18n/useT';
import { useApp } from './state';
import type { NavEntry } from './feature';
import { href, navigate, routeDef, useRoute, type Route } from './router';
import { FEATURES } from '../features';
import { LanguagePicker } from '../components/LanguagePicker';
import { NoAccess } from '../components/ui';
import { SyncIndicator } from '../features/sync/SyncIndicator';

/** The features' sidebar entries, in their places. */
const NAV: NavEntry<Route>[] = FEATURES.flatMap((f): NavEntry<Route>[] => f.nav ?? []).sort((a, b) => a.order - b.order);

/** The entries with a shortcut, in the order of the features' list. */
const SHORTCUTS = FEATURES.flatMap((f): NavEntry<Route>[] => f.nav ?? []).filter((n) => n.shortcut);

const shortcutKeys = (n: NavEntry) => (n.shortcut ? `Alt+${n.shortcut.key}` : undefined);

function isCurrent(item: NavEntry, route: Route) {
  return item.route.name === (routeDef(route).nav ?? route.name);
}

export function Shell() {
  const { session, can, signOut } = useApp();
  const t = useT();
  const route = useRoute();
  const [helpOpen, setHelpOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // Keyboard shortcuts for the whole workstation.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        const entry = SHORTCUTS.find((n) => e.code === `Key${n.shortcut?.key}`);
        if (entry && (!entry.permission || can(entry.permission))) {
          e.preventDefault();
          navigate(entry.route);
        }
        return;
      }
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-search] input, input[data-search]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      } else if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [can]);

  // A new screen: tell assistive technology where we are (unless the screen puts the focus where
  // it is needed itself). Another page of the same route (another case) is a new screen too.
  const def = routeDef(route);
  const page = def.page?.(route) ?? null;
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    if (def.focusesItself) return;
    const h = document.getElementById('page-title');
    (h ?? mainRef.current)?.focus({ preventScroll: true });
  }, [route.name, page]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!session) return null;
  const roles = session.staff.roles.map((r: Role) => t(`role.${r}` as MessageId)).join(', ');
  const nav = NAV.filter((n) => !n.permission || can(n.permission));

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="22" height="22"><rect x="3" y="3" width="18" height="18" rx="3" fill="none" stroke="currentColor" strokeWidth="2" /><path d="M12 3v18M3 12h18" stroke="currentColor" strokeWidth="2" /></svg>
          </span>
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-office">{session.office.name}</span>
          </span>
        </div>
        <div className="topbar-tools">
          <SyncIndicator />
          <ShortcutsHelp isOpen={helpOpen} onOpenChange={setHelpOpen} />
          <LanguagePicker compact />
          <div className="user" aria-label={t('shell.signed_in_as', { name: session.staff.display_name })} role="group">
            <span className="user-avatar" aria-hidden="true">{initials(session.staff.display_name)}</span>
            <span className="user-text">
              <span className="user-name">{session.staff.display_name}</span>
              <span className="user-roles">{roles}</span>
            </span>
          </div>
          <Button className="button button-ghost" onPress={() => void signOut()}>
            <LogOut size={16} aria-hidden="true" className="flip-rtl" />
            {t('shell.sign_out')}
          </Button>
        </div>
      </header>
      <div className="shell-body">
        <nav className="sidebar" aria-label={t('shell.navigation')}>
          <ul>
            {nav.map((item) => {
              const current = isCurrent(item, route);
              return (
                <li key={item.route.name}>
                  <a href={href(item.route)} className="nav-link" aria-current={current ? 'page' : undefined} aria-keyshortcuts={shortcutKeys(item)}>
                    <item.icon size={18} aria-hidden="true" />
                    <span className="nav-label">{t(item.label)}</span>
                    {item.shortcut ? <kbd className="nav-kbd" aria-hidden="true">{shortcutKeys(item)}</kbd> : null}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <main id="main" className="main" ref={mainRef} tabIndex={-1}>
          <Screen route={route} />
        </main>
      </div>
    </div>
  );
}

/** The route's screen, or "no access" for one whose roles do not reach it. */
function Screen({ route }: { route: Route }) {
  const { can } = useApp();
  const def = routeDef(route);
  return def.permission && !can(def.permission) ? <NoAccess /> : def.screen(route);
}

function initials(name: string) {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1]![0] : '')).toUpperCase();
}

function ShortcutsHelp({ isOpen, onOpenChange }: { isOpen: boolean; onOpenChange(open: boolean): void }) {
  const t = useT();
  const rows: [string, MessageId][] = [
    ...SHORTCUTS.map((n): [string, MessageId] => [shortcutKeys(n)!, n.shortcut!.help]),
    ['/', 'shortcuts.search'],
    ['Ctrl+Enter', 'shortcuts.submit'],
    ['Esc', 'shortcuts.close'],
    ['?', 'shortcuts.help'],
  ];
  return (
    <DialogTrigger isOpen={isOpen} onOpenChange={onOpenChange}>
      <Button className="icon-button topbar-icon" aria-label={t('shortcuts.title')} aria-keyshortcuts="?">
        <Keyboard size={18} aria-hidden="true" />
      </Button>
      <Popover className="popover popover-card" placement="bottom end">
        <Dialog className="popover-dialog">
          <Heading slot="title" className="popover-title">{t('shortcuts.title')}</Heading>
          <dl className="shortcut-list">
            {rows.map(([keys, label]) => (
              <div key={keys} className="shortcut-row">
                <dt><kbd dir="ltr">{keys}</kbd></dt>
                <dd>{t(label)}</dd>
              </div>
            ))}
          </dl>
        </Dialog>
      </Popover>
    </DialogTrigger>
  );
}
