import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Popover } from 'react-aria-components';
import {
  BookOpen, BookUser, CalendarCheck, ChartColumn, FileClock, FilePlus2, FolderOpen, GitMerge, Keyboard, Library, ListTodo, LogOut, ScrollText, ShieldCheck, Stamp, Users,
} from 'lucide-react';
import type { Permission } from '../gen/Permission';
import type { Role } from '../gen/Role';
import type { MessageId } from '../i18n/messages';
import { useT } from '../i18n/useT';
import { useApp } from './state';
import { href, navigate, useRoute, type Route } from './router';
import { LanguagePicker } from '../components/LanguagePicker';
import { EmptyState } from '../components/ui';
import { CaseListScreen } from '../features/cases/CaseListScreen';
import { CaseDetailScreen } from '../features/cases/CaseDetailScreen';
import { IntakeScreen } from '../features/intake/IntakeScreen';
import { FilingScreen } from '../features/filing/FilingScreen';
import { CatalogueScreen } from '../features/catalogue/CatalogueScreen';
import { StaffScreen } from '../features/staff/StaffScreen';
import { ConflictsScreen } from '../features/sync/ConflictsScreen';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { CertifyScreen } from '../features/certification/CertifyScreen';
import { LedgerScreen } from '../features/certification/LedgerScreen';
import { LedgerEntryScreen } from '../features/certification/LedgerEntryScreen';
import { VerifyScreen } from '../features/certification/VerifyScreen';
import { ReviewScreen } from '../features/review/ReviewScreen';
import { OpenWorkScreen } from '../features/review/OpenWorkScreen';
import { CloseDayScreen } from '../features/review/CloseDayScreen';
import { RegistryScreen } from '../features/registry/RegistryScreen';
import { PersonScreen } from '../features/registry/PersonScreen';
import { RegistryAuditScreen } from '../features/registry/RegistryAuditScreen';

interface NavItem {
  route: Route;
  label: MessageId;
  icon: ReactNode;
  /** None: every signed-in member of staff. */
  permission?: Permission;
  shortcut?: string;
}

const NAV: NavItem[] = [
  { route: { name: 'cases' }, label: 'nav.cases', icon: <FolderOpen size={18} aria-hidden="true" />, permission: 'view_cases', shortcut: 'Alt+C' },
  { route: { name: 'new' }, label: 'nav.new_case', icon: <FilePlus2 size={18} aria-hidden="true" />, permission: 'register_case', shortcut: 'Alt+N' },
  { route: { name: 'filing' }, label: 'nav.filing', icon: <BookOpen size={18} aria-hidden="true" />, permission: 'view_filing', shortcut: 'Alt+F' },
  { route: { name: 'registry' }, label: 'nav.registry', icon: <BookUser size={18} aria-hidden="true" />, permission: 'lookup_registry', shortcut: 'Alt+R' },
  { route: { name: 'certify' }, label: 'nav.certify', icon: <Stamp size={18} aria-hidden="true" />, permission: 'certify' },
  { route: { name: 'ledger' }, label: 'nav.ledger', icon: <ScrollText size={18} aria-hidden="true" />, permission: 'view_ledger' },
  { route: { name: 'verify' }, label: 'nav.verify', icon: <ShieldCheck size={18} aria-hidden="true" /> },
  { route: { name: 'catalogue' }, label: 'nav.catalogue', icon: <Library size={18} aria-hidden="true" />, permission: 'edit_catalogue' },
  { route: { name: 'staff' }, label: 'nav.staff', icon: <Users size={18} aria-hidden="true" />, permission: 'manage_staff' },
  { route: { name: 'review' }, label: 'nav.review', icon: <ChartColumn size={18} aria-hidden="true" />, permission: 'review_day' },
  { route: { name: 'open_work' }, label: 'nav.open_work', icon: <ListTodo size={18} aria-hidden="true" />, permission: 'review_day' },
  { route: { name: 'conflicts' }, label: 'nav.conflicts', icon: <GitMerge size={18} aria-hidden="true" />, permission: 'review_conflicts' },
  { route: { name: 'close_day' }, label: 'nav.close_day', icon: <CalendarCheck size={18} aria-hidden="true" />, permission: 'close_day' },
  { route: { name: 'registry_audit' }, label: 'nav.registry_audit', icon: <FileClock size={18} aria-hidden="true" />, permission: 'view_registry_audit' },
];

function isCurrent(item: Route, route: Route) {
  return (
    item.name === route.name ||
    (item.name === 'cases' && route.name === 'case') ||
    (item.name === 'ledger' && route.name === 'ledger_entry') ||
    (item.name === 'registry' && route.name === 'registry_person')
  );
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
        const go = (r: Route, p: Permission) => {
          if (!can(p)) return;
          e.preventDefault();
          navigate(r);
        };
        if (e.code === 'KeyN') go({ name: 'new' }, 'register_case');
        else if (e.code === 'KeyC') go({ name: 'cases' }, 'view_cases');
        else if (e.code === 'KeyF') go({ name: 'filing' }, 'view_filing');
        else if (e.code === 'KeyR') go({ name: 'registry' }, 'lookup_registry');
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

  // A new screen: tell assistive technology where we are (intake focuses its first field itself,
  // the seal check its code field, ready for a scanner, the registry its search box or the hit
  // last opened).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    if (route.name === 'new' || route.name === 'verify' || route.name === 'registry') return;
    const h = document.getElementById('page-title');
    (h ?? mainRef.current)?.focus({ preventScroll: true });
  }, [route.name, route.name === 'case' || route.name === 'ledger_entry' || route.name === 'registry_person' ? route.id : null]); // eslint-disable-line react-hooks/exhaustive-deps

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
              const current = isCurrent(item.route, route);
              return (
                <li key={item.route.name}>
                  <a href={href(item.route)} className="nav-link" aria-current={current ? 'page' : undefined} aria-keyshortcuts={item.shortcut}>
                    {item.icon}
                    <span className="nav-label">{t(item.label)}</span>
                    {item.shortcut ? <kbd className="nav-kbd" aria-hidden="true">{item.shortcut}</kbd> : null}
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

function Screen({ route }: { route: Route }) {
  const { can } = useApp();
  const t = useT();
  const denied = (
    <EmptyState icon={<Users size={32} />} title={t('shell.no_access_title')}>
      {t('shell.no_access_text')}
    </EmptyState>
  );
  switch (route.name) {
    case 'cases':
      return can('view_cases') ? <CaseListScreen /> : can('view_filing') ? <FilingScreen /> : denied;
    case 'case':
      return can('view_cases') ? <CaseDetailScreen key={route.id} id={route.id} /> : denied;
    case 'new':
      return can('register_case') ? <IntakeScreen /> : denied;
    case 'filing':
      return can('view_filing') ? (
        <FilingScreen key={`${route.day ?? ''}|${route.direction ?? ''}`} caseNumber={route.caseNumber} initialDay={route.day} initialDirection={route.direction} />
      ) : denied;
    case 'catalogue':
      return can('edit_catalogue') ? <CatalogueScreen /> : denied;
    case 'staff':
      return can('manage_staff') ? <StaffScreen /> : denied;
    case 'conflicts':
      return can('review_conflicts') ? <ConflictsScreen /> : denied;
    case 'certify':
      return can('certify') ? <CertifyScreen /> : denied;
    case 'ledger':
      return can('view_ledger') ? (
        <LedgerScreen key={`${route.text ?? ''}|${route.from ?? ''}|${route.to ?? ''}`} initialText={route.text} initialFrom={route.from} initialTo={route.to} />
      ) : denied;
    case 'ledger_entry':
      return can('view_ledger') ? <LedgerEntryScreen key={route.id} id={route.id} /> : denied;
    case 'verify':
      return <VerifyScreen key={route.code ?? ''} initialCode={route.code} />;
    case 'review':
      return can('review_day') ? <ReviewScreen from={route.from} to={route.to} /> : denied;
    case 'open_work':
      return can('review_day') ? <OpenWorkScreen key={route.show ?? ''} show={route.show} /> : denied;
    case 'close_day':
      return can('close_day') ? <CloseDayScreen key={route.day ?? ''} day={route.day} /> : denied;
    case 'registry':
      return can('lookup_registry') ? <RegistryScreen /> : denied;
    case 'registry_person':
      return can('lookup_registry') ? <PersonScreen key={route.id} id={route.id} /> : denied;
    case 'registry_audit':
      return can('view_registry_audit') ? <RegistryAuditScreen /> : denied;
  }
}

function initials(name: string) {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1]![0] : '')).toUpperCase();
}

function ShortcutsHelp({ isOpen, onOpenChange }: { isOpen: boolean; onOpenChange(open: boolean): void }) {
  const t = useT();
  const rows: [string, MessageId][] = [
    ['Alt+N', 'shortcuts.new_case'],
    ['Alt+C', 'shortcuts.cases'],
    ['Alt+F', 'shortcuts.filing'],
    ['Alt+R', 'shortcuts.registry'],
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
