import { Library } from 'lucide-react';
import type { Feature } from '../../app/feature';
import { CatalogueScreen } from './CatalogueScreen';

export type CatalogueRoute = { name: 'catalogue' };

/** The office's agencies, services and their checklists. */
export const catalogue: Feature<CatalogueRoute> = {
  routes: {
    catalogue: { path: 'catalogue', parse: () => ({ name: 'catalogue' }), permission: 'edit_catalogue', screen: () => <CatalogueScreen /> },
  },
  nav: [{ route: { name: 'catalogue' }, label: 'nav.catalogue', icon: Library, permission: 'edit_catalogue', order: 80 }],
};
