import type { Messages, SharedMessages } from './en';
import casesMessages from '../../features/cases/messages/sk';
import catalogueMessages from '../../features/catalogue/messages/sk';
import certificationMessages from '../../features/certification/messages/sk';
import filingMessages from '../../features/filing/messages/sk';
import intakeMessages from '../../features/intake/messages/sk';
import loginMessages from '../../features/login/messages/sk';
import registryMessages from '../../features/registry/messages/sk';
import reviewMessages from '../../features/review/messages/sk';
import setupMessages from '../../features/setup/messages/sk';
import staffMessages from '../../features/staff/messages/sk';
import queueMessages from '../../features/queue/messages/sk';
import syncMessages from '../../features/sync/messages/sk';

/** Slovenčina: the shared messages, then each feature's. */
const shared: SharedMessages = {
  'app.name': 'Okno',
  'app.unreachable': 'Pracovnú stanicu sa nepodarilo zastihnúť',

  'common.back': 'Späť',
  'common.cancel': 'Zrušiť',
  'common.choose': 'Vyberte…',
  'common.close': 'Zavrieť',
  'common.dismiss': 'Skryť',
  'common.done': 'Hotovo',
  'common.language': 'Jazyk',
  'common.loading': 'Načítava sa…',
  'common.next': 'Ďalej',
  'common.previous': 'Späť',
  'common.no_matches': 'Nič sa nenašlo',
  'common.range': '{from}–{to} z {total}',
  'common.retry': 'Skúsiť znova',
  'common.save': 'Uložiť',

  'form.counter': '{count} / {max}',
  'form.fix_fields': '{count, plural, one {Opravte, prosím, zvýraznené pole.} few {Opravte, prosím, # zvýraznené polia.} other {Opravte, prosím, # zvýraznených polí.}}',

  'input.too_long': 'Text je o {over, plural, one {# znak} few {# znaky} other {# znakov}} dlhší, než je povolených {max, number} znakov. Skráťte ho, prosím.',
  'input.date_incomplete': 'Zadajte, prosím, celý dátum: deň, mesiac aj rok.',
  'input.date_short_year': 'Zadajte, prosím, rok všetkými štyrmi číslicami.',
  'input.date_impossible': 'Mesiac {month} má iba {days, number} dní. Skontrolujte, prosím, deň a mesiac.',
  'input.date_in_office_calendar': 'V kalendári úradu: {date}',

  'error.validation': 'Niektoré údaje treba opraviť.',
  'error.not_found': 'Záznam sa nenašiel.',
  'error.forbidden': 'Vaša rola to neumožňuje.',
  'error.unauthenticated': 'Vaše prihlásenie vypršalo. Prihláste sa, prosím, znova.',
  'error.invalid_credentials': 'Používateľské meno alebo heslo nie je správne.',
  'error.account_disabled': 'Tento účet je zablokovaný. Obráťte sa na správcu.',
  'error.invalid_transition': 'Prípad sa z aktuálneho stavu nemôže presunúť do zvoleného stavu.',
  'error.already_initialized': 'Táto pracovná stanica už je nastavená.',
  'error.not_initialized': 'Táto pracovná stanica ešte nie je nastavená.',
  'error.too_large': 'Súbor je príliš veľký.',
  'error.unsupported_type': 'Tento typ súboru sa neprijíma.',
  'error.duplicate': 'Niekto iný bol rýchlejší. Obnovte, prosím, údaje a skúste to znova.',
  'error.storage': 'Údaje na tomto počítači sa nepodarilo načítať alebo zapísať. Skúste to, prosím, znova.',
  'error.internal': 'Niečo sa pokazilo na našej strane. Skúste to, prosím, znova.',
  'error.print_failed': 'Dokument sa uložil, ale nepodarilo sa ho odoslať na tlačiareň. Skontrolujte tlačiareň a skúste to znova.',
  'error.numbers_exhausted': 'Táto pracovná stanica minula všetky čísla, ktoré jej pridelil server úradu, a nemôže sa k nemu pripojiť po ďalšie. Skúste to, prosím, znova, keď bude pripojená.',
  'error.enrolment_refused': 'Server úradu neprijal tento registračný kód. Možno je zle napísaný, už bol použitý alebo mu vypršala platnosť.',
  'error.device_revoked': 'Správca úradu odobral tejto pracovnej stanici prístup k serveru úradu.',
  'error.server_unreachable': 'Server úradu nie je dostupný.',
  'error.server_error': 'Server úradu ohlásil chybu. Skúste to, prosím, neskôr.',
  'error.credential_store': 'Úložisko prihlasovacích údajov (kľúčenka) tohto počítača nie je dostupné, preto kľúč pracovnej stanice nemožno bezpečne uchovať. Odomknite kľúčenku (znova sa prihláste do pracovnej plochy) a skúste to znova; ak ju počítač nemá, reštartujte Okno a kľúč si sám ponechá v pamäti.',
  'error.rejoin_needed': 'Túto pracovnú stanicu treba znova pripojiť k serveru úradu: jej kľúč chýba alebo ho server už neprijíma. Práca tu pokračuje; požiadajte správcu o nový registračný kód.',
  'error.unsupported_protocol': 'Táto verzia aplikácie Okno a server úradu nedokážu spolupracovať. Požiadajte, prosím, o aktualizáciu aplikácie Okno.',
  'error.seal_key_missing': 'Táto pracovná stanica ešte nemá pečatný kľúč osvedčený úradom. Raz ju pripojte k serveru úradu a skúste to znova.',
  'error.already_superseded': 'Tento záznam už bol zrušený alebo opravený.',
  'error.already_settled': 'Tento konflikt už bol vyriešený, možno na inej pracovnej stanici.',
  'error.unavailable': 'Na tejto pracovnej stanici chýba potrebný nástroj (syntetizátor reči). Požiadajte správcu o jeho inštaláciu.',
  'error.day_closed': 'Tento deň už vedúci uzavrel, preto sa naň nedá nič ďalšie zaznamenať. Obráťte sa, prosím, na vedúceho.',
  'error.day_not_ready': 'Deň sa ešte nedá uzavrieť: niektoré body kontrolného zoznamu nie sú splnené.',

  'field_error.required': 'Vyplňte, prosím, toto pole.',
  'field_error.too_long': 'Zadajte najviac {limit, number} znakov.',
  'field_error.too_short': 'Zadajte aspoň {limit, number} znakov.',
  'field_error.too_small': 'Hodnota musí byť aspoň {limit, number}.',
  'field_error.too_large': 'Hodnota môže byť najviac {limit, number}.',
  'field_error.malformed': 'Tento údaj nevyzerá správne. Skontrolujte ho, prosím.',
  'field_error.invalid_date': 'Toto nie je platný dátum.',
  'field_error.date_in_future': 'Dátum nemôže byť v budúcnosti.',
  'field_error.unknown_service': 'Vyberte, prosím, službu z katalógu.',
  'field_error.unknown_agency': 'Vyberte, prosím, inštitúciu zo zoznamu.',
  'field_error.unknown_staff': 'Takýto zamestnanec neexistuje.',
  'field_error.unknown_case': 'Prípad s týmto číslom neexistuje.',
  'field_error.unknown_category': 'Kategória radu s týmto písmenom neexistuje.',
  'field_error.overlap': 'Časy sa prekrývajú alebo nie sú v poradí.',
  'field_error.unknown_checklist_item': 'Tento doklad nie je v zozname dokladov služby.',
  'field_error.taken': 'Toto sa už používa.',
  'field_error.weak_password': 'Heslo musí mať aspoň {limit, number} znakov.',
  'field_error.missing_translation': 'Vyplňte, prosím, aj tento jazyk.',
  'field_error.check_failed': 'Tento bod kontrolného zoznamu ešte nie je splnený (zostáva {limit, number}).',

  'shell.skip': 'Preskočiť na obsah',
  'shell.navigation': 'Hlavná navigácia',
  'shell.sign_out': 'Odhlásiť sa',
  'shell.signed_in_as': 'Prihlásený: {name}',
  'shell.no_access_title': 'Táto časť vám nie je dostupná',
  'shell.no_access_text': 'Vaša rola ju nezahŕňa. Roly vám môže zmeniť správca.',

  'nav.cases': 'Prípady',
  'nav.new_case': 'Nový prípad',
  'nav.filing': 'Podací denník',
  'nav.catalogue': 'Katalóg',
  'nav.staff': 'Zamestnanci',
  'nav.conflicts': 'Konflikty',
  'nav.certify': 'Osvedčiť',
  'nav.ledger': 'Osvedčovacia kniha',
  'nav.verify': 'Overiť pečať',
  'nav.review': 'Prehľad dňa',
  'nav.open_work': 'Otvorená práca',
  'nav.close_day': 'Uzávierka dňa',
  'nav.registry': 'Matrika',
  'nav.registry_audit': 'Záznam nahliadnutí',

  'shortcuts.title': 'Klávesové skratky',
  'shortcuts.new_case': 'Nový prípad',
  'shortcuts.cases': 'Prípady',
  'shortcuts.filing': 'Podací denník',
  'shortcuts.registry': 'Matrika',
  'shortcuts.search': 'Hľadať v zozname',
  'shortcuts.submit': 'Odoslať formulár',
  'shortcuts.close': 'Zavrieť dialóg alebo zoznam',
  'shortcuts.help': 'Zobraziť tieto skratky',

  'receipt.title': 'Potvrdenie o prijatí',
  'receipt.group': 'Potvrdenie o prijatí',
  'receipt.print': 'Tlačiť potvrdenie',
  'receipt.save': 'Uložiť potvrdenie ako PDF',
  'receipt.view': 'Zobraziť',
  'receipt.saved_to': 'Uložené do {path}',
  'receipt.downloaded': 'Potvrdenie sa ukladá do priečinka Stiahnuté.',
  'receipt.print_opened': 'Potvrdenie sa otvorilo v novom okne; vytlačte ho odtiaľ.',

  'period.period': '{from} – {to}',
  'period.period_from': 'od {from}',
  'period.period_to': 'do {to}',
  'period.period_all': 'Všetky obdobia',
  'period.from': 'Od',
  'period.to': 'Do',
  'period.this_month': 'Tento mesiac',
  'period.all_periods': 'Všetky obdobia',
};

const sk: Messages = {
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

export default sk;
