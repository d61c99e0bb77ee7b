import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Api, Command } from '../gen/api';
import type { Locale } from '../gen/Locale';
import type { Permission } from '../gen/Permission';
import type { Session } from '../gen/Session';
import type { Catalogue } from '../gen/Catalogue';
import type { StaffView } from '../gen/StaffView';
import { host, isApiError, toApiError } from '../host';
import { initialLocale, isLocale, rememberLocale } from '../i18n/locales';
import { useFormatters, type Formatters } from '../i18n/format';

export interface Toast {
  id: number;
  kind: 'success' | 'info' | 'error';
  text: string;
}

export interface AppState {
  locale: Locale;
  /** Switches the UI language at once; remembered for the signed-in member of staff. */
  changeLocale(locale: Locale): Promise<void>;
  session: Session | null;
  signIn(session: Session): void;
  signOut(): Promise<void>;
  /** Set when the session ended under us (token expired): the login screen says so. */
  sessionEnded: boolean;
  can(permission: Permission): boolean;
  /** Runs a command with the session's token; an ended session goes back to login. */
  call<K extends Command>(cmd: K, args: Api[K]['req']): Promise<Api[K]['res']>;
  fmt: Formatters;
  toasts: Toast[];
  toast(text: string, kind?: Toast['kind']): void;
  dismissToast(id: number): void;
  /** Reference data shared by screens, loaded once per session. */
  catalogue: Catalogue | null;
  reloadCatalogue(): Promise<void>;
  staff: StaffView[] | null;
  reloadStaff(): Promise<void>;
}

const Ctx = createContext<AppState | null>(null);

export function useApp(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useApp outside AppStateProvider');
  return v;
}

const SESSION_KEY = 'okno.session';

function restoreSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return typeof s.token === 'string' && isLocale(s.staff?.locale) ? s : null;
  } catch {
    return null;
  }
}

function storeSession(s: Session | null) {
  try {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // not fatal: the session lasts as long as the page
  }
}

export function AppStateProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(restoreSession);
  const [locale, setLocale] = useState<Locale>(() => session?.staff.locale ?? initialLocale());
  const [sessionEnded, setSessionEnded] = useState(false);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [staff, setStaff] = useState<StaffView[] | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const toastId = useRef(0);

  const fmt = useFormatters(locale, session?.office.calendar ?? null, session?.office.time_zone ?? null);

  const endSession = useCallback(() => {
    storeSession(null);
    setSession(null);
    setCatalogue(null);
    setStaff(null);
  }, []);

  const call = useCallback(
    async <K extends Command>(cmd: K, args: Api[K]['req']): Promise<Api[K]['res']> => {
      try {
        return await host.call(cmd, args, sessionRef.current?.token ?? null);
      } catch (e) {
        const err = toApiError(e);
        if (err.code === 'unauthenticated' && sessionRef.current) {
          setSessionEnded(true);
          endSession();
        }
        throw err;
      }
    },
    [endSession],
  );

  const signIn = useCallback((s: Session) => {
    storeSession(s);
    setSession(s);
    setSessionEnded(false);
    setLocale(s.staff.locale);
    rememberLocale(s.staff.locale);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await host.call('logout', {}, sessionRef.current?.token ?? null);
    } catch {
      // signing out locally is what matters
    }
    setSessionEnded(false);
    endSession();
    window.location.hash = '';
  }, [endSession]);

  const changeLocale = useCallback(
    async (next: Locale) => {
      setLocale(next);
      rememberLocale(next);
      const s = sessionRef.current;
      if (s) {
        const updated: Session = { ...s, staff: { ...s.staff, locale: next } };
        storeSession(updated);
        setSession(updated);
        try {
          await call('set_locale', { locale: next });
        } catch (e) {
          if (isApiError(e) && e.code === 'unauthenticated') return;
          // The language still switches here; it is remembered next time it can be.
        }
      }
    },
    [call],
  );

  const can = useCallback((p: Permission) => !!session?.permissions.includes(p), [session]);

  const dismissToast = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const toast = useCallback(
    (text: string, kind: Toast['kind'] = 'success') => {
      const id = ++toastId.current;
      setToasts((ts) => [...ts.slice(-2), { id, kind, text }]);
      window.setTimeout(() => dismissToast(id), kind === 'error' ? 9000 : 5000);
    },
    [dismissToast],
  );

  const reloadCatalogue = useCallback(async () => {
    setCatalogue(await call('catalogue', {}));
  }, [call]);
  const reloadStaff = useCallback(async () => {
    setStaff(await call('list_staff', {}));
  }, [call]);

  const token = session?.token;
  useEffect(() => {
    if (!token) return;
    reloadCatalogue().catch(() => undefined);
    reloadStaff().catch(() => undefined);
  }, [token, reloadCatalogue, reloadStaff]);

  const value = useMemo<AppState>(
    () => ({
      locale, changeLocale, session, signIn, signOut, sessionEnded, can, call, fmt,
      toasts, toast, dismissToast, catalogue, reloadCatalogue, staff, reloadStaff,
    }),
    [locale, changeLocale, session, signIn, signOut, sessionEnded, can, call, fmt, toasts, toast, dismissToast, catalogue, reloadCatalogue, staff, reloadStaff],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
