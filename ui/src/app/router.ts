import { useEffect, useState } from 'react';

/** The screens of a signed-in workstation, addressed by the URL's hash. */
export type Route =
  | { name: 'cases' }
  | { name: 'new' }
  | { name: 'case'; id: string }
  | { name: 'filing'; caseNumber?: string; day?: string; direction?: 'incoming' | 'outgoing' }
  | { name: 'catalogue' }
  | { name: 'staff' }
  | { name: 'conflicts' }
  | { name: 'certify' }
  | { name: 'ledger'; text?: string; from?: string; to?: string }
  | { name: 'ledger_entry'; id: string }
  | { name: 'verify'; code?: string }
  | { name: 'review'; from?: string; to?: string }
  | { name: 'open_work'; show?: OpenWorkList }
  | { name: 'close_day'; day?: string }
  | { name: 'registry' }
  | { name: 'registry_person'; id: string }
  | { name: 'registry_audit' };

/** The lists of the open-work screen, as its address names them. */
export type OpenWorkList = 'overdue' | 'due_soon' | 'waiting' | 'unassigned';
const OPEN_WORK_LISTS: readonly string[] = ['overdue', 'due_soon', 'waiting', 'unassigned'];

/** A calendar date `YYYY-MM-DD` from the address, or nothing. */
function isoDay(v: string | null): string | undefined {
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}

/** Only the parameters that are set, so that routes compare and print cleanly. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'new':
      return { name: 'new' };
    case 'cases':
      return parts[1] ? { name: 'case', id: decodeURIComponent(parts[1]) } : { name: 'cases' };
    case 'filing': {
      const direction = params.get('direction');
      return defined<Route>({
        name: 'filing',
        caseNumber: params.get('case') || undefined,
        day: isoDay(params.get('day')),
        direction: direction === 'incoming' || direction === 'outgoing' ? direction : undefined,
      });
    }
    case 'catalogue':
      return { name: 'catalogue' };
    case 'staff':
      return { name: 'staff' };
    case 'conflicts':
      return { name: 'conflicts' };
    case 'certify':
      return { name: 'certify' };
    case 'ledger': {
      if (parts[1]) return { name: 'ledger_entry', id: decodeURIComponent(parts[1]) };
      return defined<Route>({ name: 'ledger', text: params.get('q') || undefined, from: isoDay(params.get('from')), to: isoDay(params.get('to')) });
    }
    case 'verify': {
      const code = params.get('code');
      return code ? { name: 'verify', code } : { name: 'verify' };
    }
    case 'review':
      return defined<Route>({ name: 'review', from: isoDay(params.get('from')), to: isoDay(params.get('to')) });
    case 'open-work': {
      const show = params.get('show');
      return show && OPEN_WORK_LISTS.includes(show) ? { name: 'open_work', show: show as OpenWorkList } : { name: 'open_work' };
    }
    case 'close-day':
      return defined<Route>({ name: 'close_day', day: isoDay(params.get('day')) });
    case 'registry':
      // A person's card is addressed by the person only: the search and the reason for the
      // look-up stay in the session's memory, never in the address (or the browser's history).
      return parts[1] ? { name: 'registry_person', id: decodeURIComponent(parts[1]) } : { name: 'registry' };
    case 'registry-audit':
      return { name: 'registry_audit' };
    default:
      return { name: 'cases' };
  }
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const query = q.toString();
  return query ? `${path}?${query}` : path;
}

export function href(route: Route): string {
  switch (route.name) {
    case 'case':
      return `#/cases/${encodeURIComponent(route.id)}`;
    case 'cases':
      return '#/cases';
    case 'filing':
      return withQuery('#/filing', { case: route.caseNumber, day: route.day, direction: route.direction });
    case 'ledger':
      return withQuery('#/ledger', { q: route.text, from: route.from, to: route.to });
    case 'ledger_entry':
      return `#/ledger/${encodeURIComponent(route.id)}`;
    case 'verify':
      return route.code ? `#/verify?code=${encodeURIComponent(route.code)}` : '#/verify';
    case 'review':
      return withQuery('#/review', { from: route.from, to: route.to });
    case 'open_work':
      return withQuery('#/open-work', { show: route.show });
    case 'close_day':
      return withQuery('#/close-day', { day: route.day });
    case 'registry_person':
      return `#/registry/${encodeURIComponent(route.id)}`;
    case 'registry_audit':
      return '#/registry-audit';
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route) {
  const target = href(route);
  if (window.location.hash !== target) window.location.hash = target;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
