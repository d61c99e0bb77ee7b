/**
 * The staff feature's messages in English: the source of their ids (`MessageId` in
 * `i18n/messages` is the union of every feature's). The other languages are typed against it,
 * so the type checker refuses one that misses or invents a message.
 */
const en = {
  'role.clerk': 'Clerk',
  'role.registrar': 'Registrar',
  'role.cashier': 'Cashier',
  'role.supervisor': 'Supervisor',
  'role.admin': 'Administrator',

  'role_help.clerk': 'Registers and handles cases, files documents',
  'role_help.registrar': 'Certifications and the civil registry; handles cases',
  'role_help.cashier': 'Takes fees; can look at cases and the registry',
  'role_help.supervisor': 'Handles and reassigns cases, reviews the day',
  'role_help.admin': 'Manages the catalogue and staff accounts',

  'staff.title': 'Staff',
  'staff.subtitle': '{count, plural, one {# account} other {# accounts}}',
  'staff.add': 'Add staff member',
  'staff.create': 'Create account',
  'staff.created': 'Account for {name} created.',
  'staff.empty': 'No staff accounts yet',
  'staff.display_name': 'Name',
  'staff.username': 'Username',
  'staff.username_help': 'Letters, digits, . - or _',
  'staff.password': 'Password',
  'staff.password_help': 'At least {min, number} characters.',
  'staff.roles': 'Roles',
  'staff.roles_help': 'Pick at least one role.',
  'staff.language': 'Language',
  'staff.active': 'Active',
  'staff.disabled': 'Disabled',
} as const;

export type Messages = Record<keyof typeof en, string>;
export default en;
