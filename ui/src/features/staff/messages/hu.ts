import type { Messages } from './en';

/** Magyar. */
const hu: Messages = {
  'role.clerk': 'Ügyintéző',
  'role.registrar': 'Anyakönyvvezető',
  'role.cashier': 'Pénztáros',
  'role.supervisor': 'Csoportvezető',
  'role.admin': 'Rendszergazda',

  'role_help.clerk': 'Ügyeket vesz fel és intéz, iktat',
  'role_help.registrar': 'Hitelesítés és anyakönyv; ügyeket intéz',
  'role_help.cashier': 'Díjakat szed be; betekinthet az ügyekbe és az iktatókönyvbe',
  'role_help.supervisor': 'Ügyeket intéz és oszt ki, áttekinti a napot',
  'role_help.admin': 'Kezeli a katalógust és a munkatársak fiókjait',

  'staff.title': 'Munkatársak',
  'staff.subtitle': '{count, plural, one {# fiók} other {# fiók}}',
  'staff.add': 'Munkatárs hozzáadása',
  'staff.create': 'Fiók létrehozása',
  'staff.created': '{name} fiókja létrejött.',
  'staff.empty': 'Még nincs munkatársi fiók',
  'staff.display_name': 'Név',
  'staff.username': 'Felhasználónév',
  'staff.username_help': 'Betűk, számjegyek, . - vagy _',
  'staff.password': 'Jelszó',
  'staff.password_help': 'Legalább {min, number} karakter.',
  'staff.roles': 'Szerepkörök',
  'staff.roles_help': 'Válasszon legalább egy szerepkört.',
  'staff.language': 'Nyelv',
  'staff.active': 'Aktív',
  'staff.disabled': 'Letiltva',
};

export default hu;
