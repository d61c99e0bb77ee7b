import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import type { Permission } from '../gen/Permission';
import type { MessageId } from '../i18n/messages';

/**
 * What a feature (one folder under `features/`) adds to the workstation: the screens it answers
 * for in the address bar and its entries in the sidebar. The shell and the router know nothing
 * else about a feature; `features/index.ts` lists them all.
 */
export interface Feature<R extends AnyRoute = AnyRoute> {
  /** Each of the feature's routes, by name. */
  routes: { [N in R['name']]: RouteDef<Extract<R, { name: N }>, R> };
  /** Its entries in the sidebar (none for a feature reached only from other screens). */
  nav?: NavEntry<R>[];
}

/** A route's value: its name and what its address says (all plain strings, so that it prints back). */
export interface AnyRoute {
  name: string;
}

/** One screen, as the address names it. */
export interface RouteDef<R extends AnyRoute, Sibling extends AnyRoute = R> {
  /**
   * The address's first segment: `cases` answers `#/cases` and `#/cases/<id>`. Routes that share
   * one tell their addresses apart in `parse`.
   */
  path: string;
  /** The route from the rest of the path and the query; null when the address is a sibling's. */
  parse(rest: string[], params: URLSearchParams): R | null;
  /** The route's address; without it, `#/<path>`. */
  href?(route: R): string;
  /** Who may open the screen; without it, everyone signed in. Others are told they have no access. */
  permission?: Permission;
  /** The screen, keyed where a new route value should start it afresh. */
  screen(route: R): ReactNode;
  /** The sidebar entry lit while the screen shows (a list's entry for one of its records); without it, its own. */
  nav?: Sibling['name'];
  /**
   * What makes another page of the same route (a record's id): when it changes, the focus moves
   * to the new page's title, as when the route changes. Without it, a change of the query alone
   * (a filter) leaves the focus where it is.
   */
  page?(route: R): string;
  /** The screen puts the focus where it is needed itself (a form's first field, a scanner's input). */
  focusesItself?: boolean;
}

/** An entry in the sidebar. */
export interface NavEntry<R extends AnyRoute = AnyRoute> {
  /** Where it leads. */
  route: R;
  label: MessageId;
  icon: LucideIcon;
  /** Who sees it; without it, everyone signed in. */
  permission?: Permission;
  /** Alt + this letter leads there (the key's place, whatever the keyboard's layout); `help` says so in the shortcuts list. */
  shortcut?: { key: string; help: MessageId };
  /** Its place in the sidebar, lowest first (in tens, so that a new entry fits between two). */
  order: number;
}

/** A calendar date `YYYY-MM-DD` from the address, or nothing. */
export function isoDay(v: string | null): string | undefined {
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}

/** Only the parameters that are set, so that routes compare and print cleanly. */
export function defined<const T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** An address with the query parameters that are set. */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const query = q.toString();
  return query ? `${path}?${query}` : path;
}

/** The address of one record under a path: `#/cases/<id>`. */
export function recordHref(path: string, id: string): string {
  return `#/${path}/${encodeURIComponent(id)}`;
}
