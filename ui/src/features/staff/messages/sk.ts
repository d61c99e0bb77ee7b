import type { Messages } from './en';

/** Slovenčina. */
const sk: Messages = {
  'role.clerk': 'Referent',
  'role.registrar': 'Matrikár',
  'role.cashier': 'Pokladník',
  'role.supervisor': 'Vedúci',
  'role.admin': 'Správca',

  'role_help.clerk': 'Eviduje a vybavuje prípady, zapisuje do podacieho denníka',
  'role_help.registrar': 'Osvedčovanie a matrika; vybavuje prípady',
  'role_help.cashier': 'Vyberá poplatky; môže nahliadať do prípadov a denníka',
  'role_help.supervisor': 'Vybavuje a prideľuje prípady, kontroluje deň',
  'role_help.admin': 'Spravuje katalóg a účty zamestnancov',

  'staff.title': 'Zamestnanci',
  'staff.subtitle': '{count, plural, one {# účet} few {# účty} other {# účtov}}',
  'staff.add': 'Pridať zamestnanca',
  'staff.create': 'Vytvoriť účet',
  'staff.created': 'Účet pre {name} bol vytvorený.',
  'staff.empty': 'Zatiaľ žiadne účty zamestnancov',
  'staff.display_name': 'Meno',
  'staff.username': 'Používateľské meno',
  'staff.username_help': 'Písmená, číslice, . - alebo _',
  'staff.password': 'Heslo',
  'staff.password_help': 'Aspoň {min, number} znakov.',
  'staff.roles': 'Roly',
  'staff.roles_help': 'Vyberte aspoň jednu rolu.',
  'staff.language': 'Jazyk',
  'staff.active': 'Aktívny',
  'staff.disabled': 'Zablokovaný',
};

export default sk;
