import type { Feature } from '../app/feature';
import { intake } from './intake';
import { cases } from './cases';
import { filing } from './filing';
import { registry } from './registry';
import { certification } from './certification';
import { catalogue } from './catalogue';
import { staff } from './staff';
import { review } from './review';
import { sync } from './sync';
import { queue } from './queue';
import { cash } from './cash';
import { feedback } from './feedback';

/**
 * Every feature of a signed-in workstation. This list is all the router and the shell know of
 * them: a new feature adds one line here, a new screen of a feature touches only its folder.
 * The order is that of the shortcuts list; the sidebar places its entries by their `order`.
 */
export const FEATURES = [queue, cash, feedback, intake, cases, filing, registry, certification, catalogue, staff, review, sync] as const;

type RouteOf<F> = F extends Feature<infer R> ? R : never;

/** The screens of a signed-in workstation, addressed by the URL's hash. */
export type Route = RouteOf<(typeof FEATURES)[number]>;

/** Where an address that names no screen leads. */
export const HOME: Route = { name: 'cases' };
