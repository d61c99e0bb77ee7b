import type { Messages } from './en';

/** Svenska. */
const sv: Messages = {
  'role.clerk': 'Handläggare',
  'role.registrar': 'Registrator',
  'role.cashier': 'Kassör',
  'role.supervisor': 'Arbetsledare',
  'role.admin': 'Administratör',

  'role_help.clerk': 'Registrerar och handlägger ärenden, diarieför handlingar',
  'role_help.registrar': 'Bestyrkanden och folkbokföring; handlägger ärenden',
  'role_help.cashier': 'Tar betalt avgifter; kan se ärenden och diariet',
  'role_help.supervisor': 'Handlägger och fördelar ärenden, går igenom dagen',
  'role_help.admin': 'Sköter katalogen och medarbetarnas konton',

  'staff.title': 'Medarbetare',
  'staff.subtitle': '{count, plural, one {# konto} other {# konton}}',
  'staff.add': 'Lägg till medarbetare',
  'staff.create': 'Skapa konto',
  'staff.created': 'Konto för {name} skapat.',
  'staff.empty': 'Inga medarbetarkonton än',
  'staff.display_name': 'Namn',
  'staff.username': 'Användarnamn',
  'staff.username_help': 'Bokstäver, siffror, . - eller _',
  'staff.password': 'Lösenord',
  'staff.password_help': 'Minst {min, number} tecken.',
  'staff.roles': 'Roller',
  'staff.roles_help': 'Välj minst en roll.',
  'staff.language': 'Språk',
  'staff.active': 'Aktiv',
  'staff.disabled': 'Spärrad',
};

export default sv;
