import type { Messages } from './en';

/** Magyar. */
const hu: Messages = {
  'login.title': 'Bejelentkezés',
  'login.intro': 'Használja a hivatalhoz tartozó munkatársi fiókját.',
  'login.username': 'Felhasználónév',
  'login.password': 'Jelszó',
  'login.submit': 'Bejelentkezés',
  'login.fill_in': 'Kérjük, adja meg a felhasználónevét és a jelszavát.',
  'login.session_ended': 'A munkamenet lejárt. Kérjük, jelentkezzen be újra.',
  'login.demo_title': 'Bemutató hivatal',
  'login.demo_text': 'Ezen a munkaállomáson bemutató adatok vannak. Minden bemutató fiók jelszava: {password}.',
  'login.demo_fill': 'A(z) {user} bemutató fiók kitöltése',
  'login.demo_admin': 'Rendszergazda és csoportvezető',
  'login.demo_eva': 'Ügyintéző, szlovák',
  'login.demo_clerk': 'Ügyintéző, angol',
  'login.demo_gabor': 'Anyakönyvvezető, magyar',
  'login.demo_asa': 'Pénztáros, svéd',
  'login.demo_maryam': 'Csoportvezető, perzsa',
};

export default hu;
