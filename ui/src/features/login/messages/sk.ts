import type { Messages } from './en';

/** Slovenčina. */
const sk: Messages = {
  'login.title': 'Prihlásenie',
  'login.intro': 'Použite svoj zamestnanecký účet pre tento úrad.',
  'login.username': 'Používateľské meno',
  'login.password': 'Heslo',
  'login.submit': 'Prihlásiť sa',
  'login.fill_in': 'Zadajte, prosím, používateľské meno a heslo.',
  'login.session_ended': 'Vaše prihlásenie vypršalo. Prihláste sa, prosím, znova.',
  'login.demo_title': 'Ukážkový úrad',
  'login.demo_text': 'Na tejto pracovnej stanici sú ukážkové údaje. Heslo všetkých ukážkových účtov je {password}.',
  'login.demo_fill': 'Vyplniť ukážkový účet {user}',
  'login.demo_admin': 'Správca a vedúci',
  'login.demo_eva': 'Referentka, slovenčina',
  'login.demo_clerk': 'Referent, angličtina',
  'login.demo_gabor': 'Matrikár, maďarčina',
  'login.demo_asa': 'Pokladníčka, švédčina',
  'login.demo_maryam': 'Vedúca, perzština',
};

export default sk;
