/**
 * The login feature's messages in English: the source of their ids (`MessageId` in
 * `i18n/messages` is the union of every feature's). The other languages are typed against it,
 * so the type checker refuses one that misses or invents a message.
 */
const en = {
  'login.title': 'Sign in',
  'login.intro': 'Use your staff account for this office.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.fill_in': 'Please enter your username and password.',
  'login.session_ended': 'Your session has ended. Please sign in again.',
  'login.demo_title': 'Demo office',
  'login.demo_text': 'This workstation holds demo data. Every demo account’s password is {password}.',
  'login.demo_fill': 'Fill in the demo account {user}',
  'login.demo_admin': 'Administrator and supervisor',
  'login.demo_eva': 'Clerk, Slovak',
  'login.demo_clerk': 'Clerk, English',
  'login.demo_gabor': 'Registrar, Hungarian',
  'login.demo_asa': 'Cashier, Swedish',
  'login.demo_maryam': 'Supervisor, Persian',
} as const;

export type Messages = Record<keyof typeof en, string>;
export default en;
