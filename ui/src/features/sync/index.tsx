import { GitMerge } from 'lucide-react';
import type { Feature } from '../../app/feature';
import { ConflictsScreen } from './ConflictsScreen';

export type SyncRoute = { name: 'conflicts' };

/** Working with the office server: the conflicts a supervisor settles. */
export const sync: Feature<SyncRoute> = {
  routes: {
    conflicts: { path: 'conflicts', parse: () => ({ name: 'conflicts' }), permission: 'review_conflicts', screen: () => <ConflictsScreen /> },
  },
  nav: [{ route: { name: 'conflicts' }, label: 'nav.conflicts', icon: GitMerge, permission: 'review_conflicts', order: 120 }],
};
