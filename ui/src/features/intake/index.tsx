import { FilePlus2 } from 'lucide-react';
import type { Feature } from '../../app/feature';
import { IntakeScreen } from './IntakeScreen';

export type IntakeRoute = { name: 'new' };

/** Registering a new case at the counter. */
export const intake: Feature<IntakeRoute> = {
  routes: {
    new: {
      path: 'new',
      parse: () => ({ name: 'new' }),
      permission: 'register_case',
      screen: () => <IntakeScreen />,
      // The cursor starts in the citizen's name.
      focusesItself: true,
    },
  },
  nav: [
    { route: { name: 'new' }, label: 'nav.new_case', icon: FilePlus2, permission: 'register_case', shortcut: { key: 'N', help: 'shortcuts.new_case' }, order: 20 },
  ],
};
