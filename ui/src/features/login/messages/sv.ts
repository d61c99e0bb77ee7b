import type { Messages } from './en';

/** Svenska. */
const sv: Messages = {
  'login.title': 'Logga in',
  'login.intro': 'Använd ditt medarbetarkonto för det här kontoret.',
  'login.username': 'Användarnamn',
  'login.password': 'Lösenord',
  'login.submit': 'Logga in',
  'login.fill_in': 'Fyll i användarnamn och lösenord.',
  'login.session_ended': 'Din session har gått ut. Logga in igen.',
  'login.demo_title': 'Demokontor',
  'login.demo_text': 'Arbetsstationen innehåller demodata. Alla demokonton har lösenordet {password}.',
  'login.demo_fill': 'Fyll i demokontot {user}',
  'login.demo_admin': 'Administratör och arbetsledare',
  'login.demo_eva': 'Handläggare, slovakiska',
  'login.demo_clerk': 'Handläggare, engelska',
  'login.demo_gabor': 'Registrator, ungerska',
  'login.demo_asa': 'Kassör, svenska',
  'login.demo_maryam': 'Arbetsledare, persiska',
};

export default sv;
