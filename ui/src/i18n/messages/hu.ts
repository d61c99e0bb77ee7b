import type { Messages, SharedMessages } from './en';
import casesMessages from '../../features/cases/messages/hu';
import catalogueMessages from '../../features/catalogue/messages/hu';
import certificationMessages from '../../features/certification/messages/hu';
import filingMessages from '../../features/filing/messages/hu';
import intakeMessages from '../../features/intake/messages/hu';
import loginMessages from '../../features/login/messages/hu';
import registryMessages from '../../features/registry/messages/hu';
import reviewMessages from '../../features/review/messages/hu';
import setupMessages from '../../features/setup/messages/hu';
import staffMessages from '../../features/staff/messages/hu';
import queueMessages from '../../features/queue/messages/hu';
import syncMessages from '../../features/sync/messages/hu';

/** Magyar: the shared messages, then each feature's. */
const shared: SharedMessages = {
  'app.name': 'Okno',
  'app.unreachable': 'A munkaállomás nem érhető el',

  'common.back': 'Vissza',
  'common.cancel': 'Mégse',
  'common.choose': 'Válasszon…',
  'common.close': 'Bezárás',
  'common.dismiss': 'Elrejtés',
  'common.done': 'Kész',
  'common.language': 'Nyelv',
  'common.loading': 'Betöltés…',
  'common.next': 'Következő',
  'common.previous': 'Előző',
  'common.no_matches': 'Nincs találat',
  'common.range': '{from}–{to} / {total}',
  'common.retry': 'Újra',
  'common.save': 'Mentés',

  'form.counter': '{count} / {max}',
  'form.fix_fields': '{count, plural, one {Kérjük, javítsa a kiemelt mezőt.} other {Kérjük, javítsa a(z) # kiemelt mezőt.}}',

  'input.too_long': 'Ez {over, number} karakterrel hosszabb a megengedett {max, number} karakternél. Kérjük, rövidítse.',
  'input.date_incomplete': 'Kérjük, adja meg a teljes dátumot: évet, hónapot és napot.',
  'input.date_short_year': 'Kérjük, az évet mind a négy számjegyével adja meg.',
  'input.date_impossible': '{month} csak {days, number} napos. Kérjük, ellenőrizze a napot és a hónapot.',
  'input.date_in_office_calendar': 'A hivatal naptárában: {date}',

  'error.validation': 'Néhány adatot javítani kell.',
  'error.not_found': 'A keresett adat nem található.',
  'error.forbidden': 'Az Ön szerepköre ezt nem engedi.',
  'error.unauthenticated': 'A munkamenet lejárt. Kérjük, jelentkezzen be újra.',
  'error.invalid_credentials': 'A felhasználónév vagy a jelszó nem megfelelő.',
  'error.account_disabled': 'Ez a fiók le van tiltva. Kérjük, forduljon a rendszergazdához.',
  'error.invalid_transition': 'Az ügy a jelenlegi állapotából nem kerülhet ebbe az állapotba.',
  'error.already_initialized': 'Ez a munkaállomás már be van állítva.',
  'error.not_initialized': 'Ez a munkaállomás még nincs beállítva.',
  'error.too_large': 'A fájl túl nagy.',
  'error.unsupported_type': 'Ez a fájltípus nem fogadható el.',
  'error.duplicate': 'Valaki más módosítása megelőzte. Kérjük, frissítsen, és próbálja újra.',
  'error.storage': 'A számítógépen tárolt adatok nem olvashatók vagy írhatók. Kérjük, próbálja újra.',
  'error.internal': 'Hiba történt a rendszerben. Kérjük, próbálja újra.',
  'error.print_failed': 'A dokumentum elmentve, de a nyomtatóra küldése nem sikerült. Ellenőrizze a nyomtatót, és próbálja újra.',
  'error.numbers_exhausted': 'Ez a munkaállomás felhasználta a hivatal szerverétől kapott összes számot, és nem éri el a szervert újabbakért. Kérjük, próbálja újra, amikor van kapcsolat.',
  'error.enrolment_refused': 'A hivatal szervere nem fogadta el ezt a regisztrációs kódot. Lehet, hogy elgépelték, már felhasználták, vagy lejárt.',
  'error.device_revoked': 'A hivatal rendszergazdája visszavonta ennek a munkaállomásnak a hozzáférését a hivatal szerveréhez.',
  'error.server_unreachable': 'A hivatal szervere nem érhető el.',
  'error.server_error': 'A hivatal szervere hibát jelzett. Kérjük, próbálja újra később.',
  'error.credential_store': 'A számítógép hitelesítőadat-tárolója (kulcstartója) nem érhető el, így a munkaállomás kulcsa nem őrizhető biztonságosan. Nyissa fel a kulcstartót (jelentkezzen be újra az asztalra), és próbálja újra; ha a gépen nincs ilyen, indítsa újra az Oknót, és az magától a memóriában tartja a kulcsot.',
  'error.rejoin_needed': 'Ezt a munkaállomást újra csatlakoztatni kell a hivatal szerveréhez: a kulcsa hiányzik, vagy a szerver már nem fogadja el. A munka itt folytatódhat; kérjen új regisztrációs kódot a rendszergazdától.',
  'error.unsupported_protocol': 'Az Okno ezen verziója és a hivatal szervere nem tud együttműködni. Kérjük, kérje az Okno frissítését.',
  'error.seal_key_missing': 'Ezen a munkaállomáson még nincs a hivatal által hitelesített pecsétkulcs. Csatlakoztassa egyszer a hivatal szerveréhez, majd próbálja újra.',
  'error.already_superseded': 'Ezt a bejegyzést már érvénytelenítették vagy helyesbítették.',
  'error.already_settled': 'Ezt az ütközést már rendezték, talán egy másik munkaállomáson.',
  'error.unavailable': 'Ezen a munkaállomáson hiányzik ehhez egy eszköz (a beszédszintetizátor). Kérje meg a rendszergazdát, hogy telepítse.',
  'error.day_closed': 'Ezt a napot egy csoportvezető már lezárta, ezért semmi több nem rögzíthető rá. Kérjük, forduljon a csoportvezetőhöz.',
  'error.day_not_ready': 'A nap még nem zárható le: az ellenőrzőlista néhány pontja nincs kész.',

  'field_error.required': 'Kérjük, töltse ki ezt a mezőt.',
  'field_error.too_long': 'Legfeljebb {limit, number} karakter adható meg.',
  'field_error.too_short': 'Legalább {limit, number} karaktert adjon meg.',
  'field_error.too_small': 'Az érték legalább {limit, number} legyen.',
  'field_error.too_large': 'Az érték legfeljebb {limit, number} lehet.',
  'field_error.malformed': 'Ez nem tűnik helyesnek. Kérjük, ellenőrizze.',
  'field_error.invalid_date': 'Ez nem érvényes dátum.',
  'field_error.date_in_future': 'A dátum nem lehet a jövőben.',
  'field_error.unknown_service': 'Kérjük, válasszon szolgáltatást a katalógusból.',
  'field_error.unknown_agency': 'Kérjük, válasszon hivatalt a listából.',
  'field_error.unknown_staff': 'Ilyen munkatárs nem létezik.',
  'field_error.unknown_case': 'Ilyen számú ügy nincs.',
  'field_error.unknown_category': 'Ilyen betűjelű sorkategória nincs.',
  'field_error.overlap': 'Az időszakok átfedik egymást, vagy nincsenek sorrendben.',
  'field_error.unknown_checklist_item': 'Ez az irat nem szerepel a szolgáltatás iratlistáján.',
  'field_error.taken': 'Ez már foglalt.',
  'field_error.weak_password': 'A jelszónak legalább {limit, number} karakterből kell állnia.',
  'field_error.missing_translation': 'Kérjük, ezt a nyelvet is töltse ki.',
  'field_error.check_failed': 'Az ellenőrzőlista e pontja még nincs kész ({limit, number} maradt).',

  'shell.skip': 'Ugrás a tartalomra',
  'shell.navigation': 'Fő navigáció',
  'shell.sign_out': 'Kijelentkezés',
  'shell.signed_in_as': 'Bejelentkezve: {name}',
  'shell.no_access_title': 'Ez a rész Önnek nem érhető el',
  'shell.no_access_text': 'A szerepköre nem tartalmazza. A szerepköröket a rendszergazda módosíthatja.',

  'nav.cases': 'Ügyek',
  'nav.new_case': 'Új ügy',
  'nav.filing': 'Iktatókönyv',
  'nav.catalogue': 'Katalógus',
  'nav.staff': 'Munkatársak',
  'nav.conflicts': 'Ütközések',
  'nav.certify': 'Hitelesítés',
  'nav.ledger': 'Napló',
  'nav.verify': 'Pecsét ellenőrzése',
  'nav.review': 'Napi áttekintés',
  'nav.open_work': 'Nyitott munkák',
  'nav.close_day': 'Napzárás',
  'nav.registry': 'Anyakönyv',
  'nav.registry_audit': 'Anyakönyvi napló',

  'shortcuts.title': 'Billentyűparancsok',
  'shortcuts.new_case': 'Új ügy',
  'shortcuts.cases': 'Ügyek',
  'shortcuts.filing': 'Iktatókönyv',
  'shortcuts.registry': 'Anyakönyv',
  'shortcuts.search': 'Keresés a listában',
  'shortcuts.submit': 'Az űrlap elküldése',
  'shortcuts.close': 'Párbeszédablak vagy lista bezárása',
  'shortcuts.help': 'A billentyűparancsok megjelenítése',

  'receipt.title': 'Átvételi elismervény',
  'receipt.group': 'Átvételi elismervény',
  'receipt.print': 'Elismervény nyomtatása',
  'receipt.save': 'Elismervény mentése PDF-be',
  'receipt.view': 'Megtekintés',
  'receipt.saved_to': 'Mentve ide: {path}',
  'receipt.downloaded': 'Az elismervény mentése a Letöltések mappába folyamatban.',
  'receipt.print_opened': 'Az elismervény új ablakban nyílt meg; onnan nyomtathatja ki.',

  'period.period': '{from} – {to}',
  'period.period_from': 'kezdete: {from}',
  'period.period_to': 'vége: {to}',
  'period.period_all': 'Minden időszak',
  'period.from': 'Ettől',
  'period.to': 'Eddig',
  'period.this_month': 'Ebben a hónapban',
  'period.all_periods': 'Minden időszak',
};

const hu: Messages = {
  ...shared,
  ...casesMessages,
  ...catalogueMessages,
  ...certificationMessages,
  ...filingMessages,
  ...intakeMessages,
  ...loginMessages,
  ...registryMessages,
  ...reviewMessages,
  ...setupMessages,
  ...staffMessages,
  ...queueMessages,
  ...syncMessages,
};

export default hu;
