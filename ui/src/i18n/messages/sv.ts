import type { Messages, SharedMessages } from './en';
import casesMessages from '../../features/cases/messages/sv';
import catalogueMessages from '../../features/catalogue/messages/sv';
import certificationMessages from '../../features/certification/messages/sv';
import filingMessages from '../../features/filing/messages/sv';
import intakeMessages from '../../features/intake/messages/sv';
import loginMessages from '../../features/login/messages/sv';
import registryMessages from '../../features/registry/messages/sv';
import reviewMessages from '../../features/review/messages/sv';
import setupMessages from '../../features/setup/messages/sv';
import staffMessages from '../../features/staff/messages/sv';
import queueMessages from '../../features/queue/messages/sv';
import syncMessages from '../../features/sync/messages/sv';

/** Svenska: the shared messages, then each feature's. */
const shared: SharedMessages = {
  'app.name': 'Okno',
  'app.unreachable': 'Arbetsstationen gick inte att nå',

  'common.back': 'Tillbaka',
  'common.cancel': 'Avbryt',
  'common.choose': 'Välj…',
  'common.close': 'Stäng',
  'common.dismiss': 'Dölj',
  'common.done': 'Klar',
  'common.language': 'Språk',
  'common.loading': 'Laddar…',
  'common.next': 'Nästa',
  'common.previous': 'Föregående',
  'common.no_matches': 'Inga träffar',
  'common.range': '{from}–{to} av {total}',
  'common.retry': 'Försök igen',
  'common.save': 'Spara',

  'form.counter': '{count} / {max}',
  'form.fix_fields': '{count, plural, one {Rätta det markerade fältet.} other {Rätta de # markerade fälten.}}',

  'input.too_long': 'Texten är {over, number} tecken för lång: högst {max, number} tecken får plats. Korta den, tack.',
  'input.date_incomplete': 'Ange hela datumet: år, månad och dag.',
  'input.date_short_year': 'Ange året med alla fyra siffrorna.',
  'input.date_impossible': 'Månaden {month} har bara {days, number} dagar. Kontrollera dag och månad.',
  'input.date_in_office_calendar': 'I kontorets kalender: {date}',

  'error.validation': 'Några uppgifter behöver rättas.',
  'error.not_found': 'Uppgiften hittades inte.',
  'error.forbidden': 'Din roll tillåter inte detta.',
  'error.unauthenticated': 'Din session har gått ut. Logga in igen.',
  'error.invalid_credentials': 'Användarnamnet eller lösenordet stämmer inte.',
  'error.account_disabled': 'Kontot är spärrat. Kontakta en administratör.',
  'error.invalid_transition': 'Ärendet kan inte flyttas till den statusen härifrån.',
  'error.already_initialized': 'Arbetsstationen är redan konfigurerad.',
  'error.not_initialized': 'Arbetsstationen är inte konfigurerad än.',
  'error.too_large': 'Filen är för stor.',
  'error.unsupported_type': 'Den här filtypen tas inte emot.',
  'error.duplicate': 'Någon annans ändring kom först. Ladda om och försök igen.',
  'error.storage': 'Uppgifterna på den här datorn kunde inte läsas eller skrivas. Försök igen.',
  'error.internal': 'Något gick fel hos oss. Försök igen.',
  'error.print_failed': 'Dokumentet sparades men kunde inte skickas till skrivaren. Kontrollera skrivaren och försök igen.',
  'error.numbers_exhausted': 'Arbetsstationen har använt alla nummer som kontorets server gav den och kan inte nå servern för att få fler. Försök igen när den är ansluten.',
  'error.enrolment_refused': 'Kontorets server godtog inte registreringskoden. Den kan vara felskriven, redan använd eller ha gått ut.',
  'error.device_revoked': 'Kontorets administratör har dragit in arbetsstationens åtkomst till kontorets server.',
  'error.server_unreachable': 'Kontorets server går inte att nå.',
  'error.server_error': 'Kontorets server rapporterade ett fel. Försök igen senare.',
  'error.credential_store': 'Datorns lösenordslager (nyckelring) är inte tillgängligt, så arbetsstationens nyckel kan inte förvaras säkert. Lås upp nyckelringen (logga in på skrivbordet igen) och försök igen; om datorn saknar en, starta om Okno så håller det själv nyckeln i minnet.',
  'error.rejoin_needed': 'Arbetsstationen måste anslutas på nytt till kontorets server: dess nyckel saknas eller godtas inte längre. Arbetet fortsätter här; be administratören om en ny registreringskod.',
  'error.unsupported_protocol': 'Den här versionen av Okno och kontorets server kan inte arbeta tillsammans. Be om att Okno uppdateras.',
  'error.seal_key_missing': 'Den här arbetsstationen har ännu ingen sigillnyckel som kontoret har godkänt. Anslut den till kontorets server en gång och försök igen.',
  'error.already_superseded': 'Posten har redan makulerats eller rättats.',
  'error.already_settled': 'Konflikten har redan lösts, kanske vid en annan arbetsstation.',
  'error.unavailable': 'Den här arbetsstationen saknar ett verktyg för detta (talsyntesen). Be administratören att installera det.',
  'error.day_closed': 'Dagen har redan stängts av en arbetsledare, så inget mer kan registreras på den. Fråga en arbetsledare.',
  'error.day_not_ready': 'Dagen kan inte stängas än: några punkter på checklistan är inte klara.',

  'field_error.required': 'Fyll i det här fältet.',
  'field_error.too_long': 'Högst {limit, number} tecken.',
  'field_error.too_short': 'Minst {limit, number} tecken.',
  'field_error.too_small': 'Värdet måste vara minst {limit, number}.',
  'field_error.too_large': 'Värdet får vara högst {limit, number}.',
  'field_error.malformed': 'Det här ser inte rätt ut. Kontrollera det.',
  'field_error.invalid_date': 'Det här är inget giltigt datum.',
  'field_error.date_in_future': 'Datumet kan inte ligga i framtiden.',
  'field_error.unknown_service': 'Välj en tjänst ur katalogen.',
  'field_error.unknown_agency': 'Välj en myndighet i listan.',
  'field_error.unknown_staff': 'Den medarbetaren finns inte.',
  'field_error.unknown_case': 'Det finns inget ärende med det numret.',
  'field_error.unknown_category': 'Det finns ingen kökategori med den bokstaven.',
  'field_error.overlap': 'Tiderna överlappar eller är i fel ordning.',
  'field_error.unknown_checklist_item': 'Handlingen finns inte på tjänstens checklista.',
  'field_error.taken': 'Det här används redan.',
  'field_error.weak_password': 'Lösenordet måste ha minst {limit, number} tecken.',
  'field_error.missing_translation': 'Fyll i det här språket också.',
  'field_error.check_failed': 'Den här punkten på checklistan är inte klar än ({limit, number} kvar).',

  'shell.skip': 'Hoppa till innehållet',
  'shell.navigation': 'Huvudmeny',
  'shell.sign_out': 'Logga ut',
  'shell.signed_in_as': 'Inloggad som {name}',
  'shell.no_access_title': 'Den här delen är inte tillgänglig för dig',
  'shell.no_access_text': 'Den ingår inte i din roll. En administratör kan ändra dina roller.',

  'nav.cases': 'Ärenden',
  'nav.new_case': 'Nytt ärende',
  'nav.filing': 'Diarium',
  'nav.catalogue': 'Katalog',
  'nav.staff': 'Medarbetare',
  'nav.conflicts': 'Konflikter',
  'nav.certify': 'Bestyrk',
  'nav.ledger': 'Liggare',
  'nav.verify': 'Kontrollera sigill',
  'nav.review': 'Dagens översikt',
  'nav.open_work': 'Öppet arbete',
  'nav.close_day': 'Stäng dagen',
  'nav.registry': 'Folkbokföring',
  'nav.registry_audit': 'Logg över uppslag',

  'shortcuts.title': 'Kortkommandon',
  'shortcuts.new_case': 'Nytt ärende',
  'shortcuts.cases': 'Ärenden',
  'shortcuts.filing': 'Diarium',
  'shortcuts.registry': 'Folkbokföring',
  'shortcuts.search': 'Sök i listan',
  'shortcuts.submit': 'Skicka formuläret',
  'shortcuts.close': 'Stäng en dialog eller lista',
  'shortcuts.help': 'Visa kortkommandona',

  'receipt.title': 'Mottagningskvitto',
  'receipt.group': 'Mottagningskvitto',
  'receipt.print': 'Skriv ut kvitto',
  'receipt.save': 'Spara kvitto som PDF',
  'receipt.view': 'Visa',
  'receipt.saved_to': 'Sparat i {path}',
  'receipt.downloaded': 'Kvittot sparas i Hämtade filer.',
  'receipt.print_opened': 'Kvittot öppnades i ett nytt fönster; skriv ut det därifrån.',

  'period.period': '{from} – {to}',
  'period.period_from': 'från {from}',
  'period.period_to': 'till {to}',
  'period.period_all': 'Alla perioder',
  'period.from': 'Från',
  'period.to': 'Till',
  'period.this_month': 'Denna månad',
  'period.all_periods': 'Alla perioder',
};

const sv: Messages = {
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

export default sv;
