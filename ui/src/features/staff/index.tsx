import { Users } from 'lucide-react';
import type { Feature } from '../../app/feature';
import { StaffScreen } from './StaffScreen';

export type StaffRoute = { name: 'staff' };

/** The office's members of staff and their roles. */
export const staff: Feature<StaffRoute> = {
  routes: {
    staff: { path: 'staff', parse: () => ({ name: 'staff' }), permission: 'manage_staff', screen: () => <StaffScreen /> },
  },
  nav: [{ route: { name: 'staff' }, label: 'nav.staff', icon: Users, permission: 'manage_staff', order: 90 }],
};
