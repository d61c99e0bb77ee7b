import { useEffect, useState } from 'react';
import type { AnyRoute, RouteDef } from './feature';
import { FEATURES, HOME, type Route } from '../features';

export type { Route };

interface Routes {
  byName: Map<string, RouteDef<AnyRoute>>;
  byPath: Map<string, RouteDef<AnyRoute>[]>;
}

let built: Routes | null = null;

/**
 * The features' routes, gathered on first use rather than when this module loads: the features'
 * screens import this module (for `href` and `navigate`), so the list is not complete until they
 * have all loaded.
 */
function routes(): Routes {
  if (built) return built;
  const byName = new Map<string, RouteDef<AnyRoute>>();
  const byPath = new Map<string, RouteDef<AnyRoute>[]>();
  for (const feature of FEATURES) {
    for (const [name, def] of Object.entries<RouteDef<AnyRoute>>(feature.routes)) {
      if (byName.has(name)) throw new Error(`two features define the route ${name}`);
      byName.set(name, def);
      byPath.set(def.path, [...(byPath.get(def.path) ?? []), def]);
    }
  }
  built = { byName, byPath };
  return built;
}

/** How a route is addressed, shown and announced (its feature's definition). */
export function routeDef(route: Route): RouteDef<AnyRoute> {
  const def = routes().byName.get(route.name);
  if (!def) throw new Error(`no feature defines the route ${route.name}`);
  return def;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const [first = '', ...rest] = path.split('/').filter(Boolean);
  for (const def of routes().byPath.get(first) ?? []) {
    const route = def.parse(rest, params);
    if (route) return route as Route;
  }
  return HOME;
}

export function href(route: Route): string {
  const def = routeDef(route);
  return def.href ? def.href(route) : `#/${def.path}`;
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
