import { useEffect, useState } from 'react';

/** The screens of a signed-in workstation, addressed by the URL's hash. */
export type Route =
  | { name: 'cases' }
  | { name: 'new' }
  | { name: 'case'; id: string }
  | { name: 'filing'; caseNumber?: string }
  | { name: 'catalogue' }
  | { name: 'staff' }
  | { name: 'conflicts' }
  | { name: 'certify' }
  | { name: 'ledger'; text?: string }
  | { name: 'ledger_entry'; id: string }
  | { name: 'verify'; code?: string };

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
      const caseNumber = params.get('case');
      return caseNumber ? { name: 'filing', caseNumber } : { name: 'filing' };
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
      const text = params.get('q');
      return text ? { name: 'ledger', text } : { name: 'ledger' };
    }
    case 'verify': {
      const code = params.get('code');
      return code ? { name: 'verify', code } : { name: 'verify' };
    }
    default:
      return { name: 'cases' };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'case':
      return `#/cases/${encodeURIComponent(route.id)}`;
    case 'cases':
      return '#/cases';
    case 'filing':
      return route.caseNumber ? `#/filing?case=${encodeURIComponent(route.caseNumber)}` : '#/filing';
    case 'ledger':
      return route.text ? `#/ledger?q=${encodeURIComponent(route.text)}` : '#/ledger';
    case 'ledger_entry':
      return `#/ledger/${encodeURIComponent(route.id)}`;
    case 'verify':
      return route.code ? `#/verify?code=${encodeURIComponent(route.code)}` : '#/verify';
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
