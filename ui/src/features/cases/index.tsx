import { FolderOpen } from 'lucide-react';
import { recordHref, type Feature } from '../../app/feature';
import { useApp } from '../../app/state';
import { NoAccess } from '../../components/ui';
import { FilingScreen } from '../filing/FilingScreen';
import { CaseListScreen } from './CaseListScreen';
import { CaseDetailScreen } from './CaseDetailScreen';

export type CasesRoute = { name: 'cases' } | { name: 'case'; id: string };

/** The office's cases: the list (the workstation's home) and each case. */
export const cases: Feature<CasesRoute> = {
  routes: {
    cases: {
      path: 'cases',
      parse: (rest) => (rest[0] ? null : { name: 'cases' }),
      screen: () => <CasesHome />,
    },
    case: {
      path: 'cases',
      parse: (rest) => (rest[0] ? { name: 'case', id: decodeURIComponent(rest[0]) } : null),
      href: (r) => recordHref('cases', r.id),
      permission: 'view_cases',
      screen: (r) => <CaseDetailScreen key={r.id} id={r.id} />,
      nav: 'cases',
      page: (r) => r.id,
    },
  },
  nav: [
    { route: { name: 'cases' }, label: 'nav.cases', icon: FolderOpen, permission: 'view_cases', shortcut: { key: 'C', help: 'shortcuts.cases' }, order: 10 },
  ],
};

/** The home screen: the cases, or the filing book for one who keeps only that. */
function CasesHome() {
  const { can } = useApp();
  return can('view_cases') ? <CaseListScreen /> : can('view_filing') ? <FilingScreen /> : <NoAccess />;
}
