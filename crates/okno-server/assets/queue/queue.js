/*
 * Okno queue pages: the kiosk (ticket machine), the waiting-room display and the citizen's
 * status page, and the citizen's appointment booking page. One plain script for all four (no
 * build step, no imports), picked by <body data-page="kiosk|display|status|book">. The pages run under a strict CSP
 * (default-src 'self'), so there is no inline script or style anywhere: styles are classes in
 * queue.css, and every string shown is in the table below.
 *
 * Server routes used:
 *   GET  /queue/<office>/info        KioskInfo
 *   POST /queue/<office>/tickets     PublicTicket | 4xx {code, message}
 *   GET  /queue/ticket/<id>          PublicTicket | 404 {code: "not_found"}
 *   GET  /queue/<office>/board       PublicBoard
 *   GET  /queue/<office>/events      text/event-stream, each message's data a PublicBoard
 *   GET  /queue/announce.wav?l=&n=&d= the spoken call
 *   POST /queue/<office>/checkin     PublicTicket (a booking checked in at the kiosk) | 4xx
 *   GET  /queue/<office>/slots?service=&date=  [Slot] | 400 {code: "not_bookable"}
 *   POST /queue/<office>/appointments          PublicAppointment | 4xx {code, message}
 *   GET  /queue/appointment/<code>             PublicAppointment | 404 {code: "unknown_booking"}
 *   POST /queue/appointment/<code>/move        PublicAppointment | 4xx
 *   POST /queue/appointment/<code>/cancel      PublicAppointment | 4xx
 */
'use strict';

(() => {
  const LOCALES = ['en', 'hu', 'sk', 'sv', 'fa'];
  /** The BCP 47 tag each language formats numbers, money and times with. */
  const TAGS = { en: 'en-GB', hu: 'hu-HU', sk: 'sk-SK', sv: 'sv-SE', fa: 'fa-IR' };

  // ---------------------------------------------------------------------------------------
  // Strings. A value is a string, or an object of plural forms ({zero?, one, few, other}) for
  // a string with a count {n}; zero, when given, is used for exactly 0.
  // ---------------------------------------------------------------------------------------
  const STRINGS = {
    en: {
      loading: 'Loading…',
      listSep: ', ',
      // Kiosk
      kioskTitle: 'Take a ticket',
      chooseCategory: 'What is your visit about?',
      needsLegend: 'If you need it, choose this first:',
      priority: 'I need priority (reduced mobility, pregnancy, small child)',
      needs: 'Other needs (interpreter, hearing loop…)',
      private: 'I would like a private conversation',
      info: 'Information',
      changeLanguage: 'Change language',
      waitingN: { one: '{n} waiting', other: '{n} waiting' },
      noCategories: 'No tickets can be taken right now.',
      taking: 'Taking your ticket…',
      yourTicket: 'Your ticket',
      ticketNumber: 'Ticket number',
      aheadN: {
        zero: 'You are next',
        one: '{n} person is waiting before you',
        other: '{n} people are waiting before you',
      },
      aboutMin: { zero: 'in a moment', one: 'about {n} minute', other: 'about {n} minutes' },
      takenAt: 'Taken at {time}',
      statusLink: 'Follow your turn on your phone:',
      print: 'Print',
      done: 'Done',
      photo: 'Please take a photo of your ticket',
      infoHeading: 'Information',
      servicesOf: 'Show services for:',
      allServices: 'All services',
      fee: 'Fee',
      free: 'Free of charge',
      bring: 'What to bring',
      bringNothing: 'Nothing in particular',
      duration: 'How long it takes',
      days: { zero: 'On the spot', one: '{n} day', other: '{n} days' },
      noServices: 'No services are listed here.',
      back: 'Back',
      err_unknown_category:
        'This service is not available here today. Please choose another one or ask at the information desk.',
      err_office_closed:
        'The office is closed now, so no tickets can be taken. Please come back during opening hours.',
      openingHours: 'Opening hours',
      closedDay: 'closed',
      err_not_found:
        'This ticket machine is not set up for this office. Please ask at the information desk.',
      err_too_many_requests:
        'Too many tickets are being taken at once. Please wait a moment and try again.',
      err_generic: 'The ticket could not be taken. Please ask at the information desk.',
      err_load: 'The ticket machine cannot reach the server. Please ask at the information desk.',
      err_no_office:
        'This page does not say which office it belongs to (“office” is missing from its address).',
      // Display
      displayTitle: 'Waiting room',
      nowCalling: 'Now calling',
      desk: 'Desk',
      lastCalls: 'Last calls',
      waitingTitle: 'Waiting now',
      noCalls: 'No ticket has been called yet.',
      noWaiting: 'Nobody is waiting.',
      sound: 'Sound',
      chime: 'Chime',
      speech: 'Speech',
      enableSound: 'Click to enable sound',
      stale: 'No connection to the server since {time} — the line shown may be out of date',
      calledAgain: 'again',
      // Status
      statusTitle: 'Your place in the line',
      st_waiting_plain: 'Please wait; you will be called.',
      st_called: 'Please go to desk {d} now',
      st_called_any: 'It is your turn: please go to the desk now',
      st_serving: 'Being served at desk {d}',
      st_serving_any: 'You are being served',
      st_done: 'Thank you for your visit',
      st_no_show: 'Your ticket was called but you were not there; please take a new ticket',
      st_parked: 'Your ticket is on hold; the desk will call you again',
      updatedAt: 'Updated at {time}',
      language: 'Language',
      notFound: 'This ticket was not found. A ticket is valid only on the day it was taken.',
      offline: 'No connection to the server since {time}; trying again…',
      noTicket: 'This address does not name a ticket.',
      keepOpen: 'Keep this page open; it updates by itself.',
      // Kiosk: check-in with a booking code
      haveAppointment: 'I have an appointment',
      checkinHeading: 'Check in for your appointment',
      checkinHint: 'Type the code you received when you booked.',
      bookingCode: 'Booking code',
      checkIn: 'Check in',
      checkingIn: 'Checking you in…',
      err_code_empty: 'Please type your booking code.',
      err_unknown_booking: 'No booking has this code.',
      err_booking_used: 'This booking was cancelled or already used.',
      // Booking page
      bookTitle: 'Book an appointment',
      chooseService: 'Which service do you need an appointment for?',
      bookNeedsOffice:
        'To book a new appointment, open your office’s booking link. You can look up an existing booking below.',
      err_not_bookable: 'This service takes no appointments; take a ticket at the office.',
      haveBooking: 'I have a booking',
      haveBookingHint: 'Enter your booking code to see, move or cancel your appointment.',
      find: 'Find',
      finding: 'Looking for your booking…',
      chooseDay: 'Choose a day',
      chooseTime: 'Choose a time',
      otherDay: 'Choose another day',
      slotFull: 'full',
      slotCurrent: 'your current time',
      noSlots: 'No free slots on this day.',
      freeSlotsN: { one: '{n} free time', other: '{n} free times' },
      nowBooked: 'Your current appointment: {when}',
      booking: 'Booking your appointment…',
      moving: 'Moving your appointment…',
      cancelling: 'Cancelling your booking…',
      bookedHeading: 'Your appointment is booked',
      movedHeading: 'Your appointment has been moved',
      cancelledHeading: 'Your booking has been cancelled',
      bookingHeading: 'Your booking',
      bringCode: 'Bring this code: enter it at the ticket machine or tell it at the desk when you arrive.',
      service: 'Service',
      date: 'Date',
      time: 'Time',
      timeRange: '{from}–{to}',
      bk_state_cancelled: 'This booking has been cancelled.',
      bk_state_checked_in: 'This booking has already been used to check in.',
      moveBooking: 'Move to another time',
      cancelBooking: 'Cancel booking',
      confirmCancel: 'Do you really want to cancel this appointment?',
      yesCancel: 'Yes, cancel',
      keepBooking: 'No, keep it',
      bookAnother: 'Book another appointment',
      err_slot_taken: 'This slot was just taken. Please choose another.',
      err_not_a_slot: 'This time can no longer be booked. Please choose another.',
      err_book_generic: 'Something went wrong. Please try again in a moment.',
      err_book_load: 'The appointment booking cannot be reached. Please check your connection and try again.',
      err_book_not_found: 'This booking page is not set up for this office.',
      err_book_busy: 'Too many requests at once. Please wait a moment and try again.',
    },

    hu: {
      loading: 'Betöltés…',
      listSep: ', ',
      kioskTitle: 'Sorszámhúzás',
      chooseCategory: 'Milyen ügyben érkezett?',
      needsLegend: 'Ha szüksége van rá, először ezt válassza:',
      priority: 'Elsőbbséget kérek (mozgáskorlátozottság, várandósság, kisgyermek)',
      needs: 'Egyéb igény (tolmács, indukciós hurok…)',
      private: 'Négyszemközti beszélgetést szeretnék',
      info: 'Tájékoztatás',
      changeLanguage: 'Másik nyelv',
      waitingN: '{n} várakozó',
      noCategories: 'Jelenleg nem lehet sorszámot húzni.',
      taking: 'Sorszám kiadása…',
      yourTicket: 'Az Ön sorszáma',
      ticketNumber: 'Sorszám',
      aheadN: { zero: 'Ön következik', other: 'Ön előtt {n} ügyfél vár' },
      aboutMin: { zero: 'pillanatokon belül', other: 'kb. {n} perc' },
      takenAt: 'Kiadva: {time}',
      statusLink: 'Kövesse a sorát a telefonján:',
      print: 'Nyomtatás',
      done: 'Kész',
      photo: 'Kérjük, fényképezze le a sorszámát',
      infoHeading: 'Tájékoztatás',
      servicesOf: 'Ügyek megjelenítése:',
      allServices: 'Minden ügy',
      fee: 'Díj',
      free: 'Díjmentes',
      bring: 'Mit hozzon magával',
      bringNothing: 'Semmi különöset',
      duration: 'Ügyintézési idő',
      days: { zero: 'Azonnal, helyben', other: '{n} nap' },
      noServices: 'Itt nincs felsorolt ügy.',
      back: 'Vissza',
      err_unknown_category:
        'Ez az ügy ma itt nem intézhető. Kérjük, válasszon másikat, vagy kérdezzen az információs pultnál.',
      err_office_closed:
        'Az ügyfélszolgálat most zárva van, ezért nem lehet sorszámot húzni. Kérjük, jöjjön vissza nyitvatartási időben.',
      openingHours: 'Nyitvatartás',
      closedDay: 'zárva',
      err_not_found:
        'Ez a sorszámhúzó nincs beállítva ehhez az irodához. Kérjük, kérdezzen az információs pultnál.',
      err_too_many_requests:
        'Egyszerre túl sok sorszámot kérnek. Kérjük, várjon egy kicsit, és próbálja újra.',
      err_generic: 'A sorszámot nem sikerült kiadni. Kérjük, kérdezzen az információs pultnál.',
      err_load: 'A sorszámhúzó nem éri el a szervert. Kérjük, kérdezzen az információs pultnál.',
      err_no_office: 'Az oldal címéből hiányzik, melyik irodához tartozik („office”).',
      displayTitle: 'Váróterem',
      nowCalling: 'Most szólítjuk',
      desk: 'Ablak',
      lastCalls: 'Legutóbbi hívások',
      waitingTitle: 'Most várakoznak',
      noCalls: 'Még nem hívtunk sorszámot.',
      noWaiting: 'Senki sem várakozik.',
      sound: 'Hang',
      chime: 'Hangjelzés',
      speech: 'Bemondás',
      enableSound: 'Kattintson a hang bekapcsolásához',
      stale: '{time} óta nincs kapcsolat a szerverrel – a kijelzett sor elavult lehet',
      calledAgain: 'ismét',
      statusTitle: 'Az Ön helye a sorban',
      st_waiting_plain: 'Kérjük, várjon, hamarosan szólítjuk.',
      st_called: 'Kérjük, fáradjon most az ablakhoz: {d}',
      st_called_any: 'Ön következik: kérjük, fáradjon most az ablakhoz',
      st_serving: 'Ügyintézés folyamatban, ablak: {d}',
      st_serving_any: 'Ügyintézés folyamatban',
      st_done: 'Köszönjük a látogatását',
      st_no_show: 'Sorszámát szólítottuk, de Ön nem volt jelen; kérjük, húzzon új sorszámot',
      st_parked: 'Sorszámát felfüggesztettük; az ablaknál újra szólítani fogjuk',
      updatedAt: 'Frissítve: {time}',
      language: 'Nyelv',
      notFound: 'Ez a sorszám nem található. A sorszám csak a kiadás napján érvényes.',
      offline: '{time} óta nincs kapcsolat a szerverrel; újrapróbálkozás…',
      noTicket: 'Az oldal címében nincs sorszám.',
      keepOpen: 'Hagyja nyitva ezt az oldalt, magától frissül.',
      haveAppointment: 'Foglalt időpontom van',
      checkinHeading: 'Bejelentkezés foglalt időpontra',
      checkinHint: 'Írja be a foglaláskor kapott kódot.',
      bookingCode: 'Foglalási kód',
      checkIn: 'Bejelentkezés',
      checkingIn: 'Bejelentkezés folyamatban…',
      err_code_empty: 'Kérjük, írja be a foglalási kódját.',
      err_unknown_booking: 'Ezzel a kóddal nincs foglalás.',
      err_booking_used: 'Ezt a foglalást lemondták, vagy már felhasználták.',
      bookTitle: 'Időpontfoglalás',
      chooseService: 'Milyen ügyintézésre szeretne időpontot foglalni?',
      bookNeedsOffice:
        'Új időpont foglalásához nyissa meg az iroda foglalási hivatkozását. Meglévő foglalását alább keresheti meg.',
      err_not_bookable:
        'Erre az ügyre nem lehet időpontot foglalni; kérjük, húzzon sorszámot az ügyfélszolgálaton.',
      haveBooking: 'Már van foglalásom',
      haveBookingHint: 'Adja meg a foglalási kódját, és megtekintheti, áthelyezheti vagy lemondhatja az időpontját.',
      find: 'Keresés',
      finding: 'Foglalás keresése…',
      chooseDay: 'Válasszon napot',
      chooseTime: 'Válasszon időpontot',
      otherDay: 'Másik nap választása',
      slotFull: 'betelt',
      slotCurrent: 'a jelenlegi időpontja',
      noSlots: 'Erre a napra nincs szabad időpont.',
      freeSlotsN: '{n} szabad időpont',
      nowBooked: 'Jelenlegi időpontja: {when}',
      booking: 'Időpont foglalása…',
      moving: 'Időpont áthelyezése…',
      cancelling: 'Foglalás lemondása…',
      bookedHeading: 'Időpontját lefoglaltuk',
      movedHeading: 'Időpontját áthelyeztük',
      cancelledHeading: 'Foglalását lemondtuk',
      bookingHeading: 'Az Ön foglalása',
      bringCode:
        'Hozza magával ezt a kódot: érkezéskor írja be a sorszámhúzó automatán, vagy mondja be az ügyfélszolgálati ablaknál.',
      service: 'Ügy',
      date: 'Dátum',
      time: 'Időpont',
      timeRange: '{from}–{to}',
      bk_state_cancelled: 'Ezt a foglalást lemondták.',
      bk_state_checked_in: 'Ezzel a foglalással már bejelentkeztek.',
      moveBooking: 'Áthelyezés másik időpontra',
      cancelBooking: 'Foglalás lemondása',
      confirmCancel: 'Biztosan lemondja ezt az időpontot?',
      yesCancel: 'Igen, lemondom',
      keepBooking: 'Nem, megtartom',
      bookAnother: 'Újabb időpont foglalása',
      err_slot_taken: 'Ezt az időpontot épp most foglalták le. Kérjük, válasszon másikat.',
      err_not_a_slot: 'Ez az időpont már nem foglalható. Kérjük, válasszon másikat.',
      err_book_generic: 'Valami hiba történt. Kérjük, próbálja újra egy kicsit később.',
      err_book_load:
        'Az időpontfoglalás nem érhető el. Kérjük, ellenőrizze az internetkapcsolatot, és próbálja újra.',
      err_book_not_found: 'Ez a foglalási oldal nincs beállítva ehhez az irodához.',
      err_book_busy: 'Egyszerre túl sok kérés érkezik. Kérjük, várjon egy kicsit, és próbálja újra.',
    },

    sk: {
      loading: 'Načítava sa…',
      listSep: ', ',
      kioskTitle: 'Poradový lístok',
      chooseCategory: 'Čo prichádzate vybaviť?',
      needsLegend: 'Ak to potrebujete, zvoľte najprv:',
      priority: 'Potrebujem prednosť (obmedzená pohyblivosť, tehotenstvo, malé dieťa)',
      needs: 'Iné potreby (tlmočník, indukčná slučka…)',
      private: 'Prosím o rozhovor v súkromí',
      info: 'Informácie',
      changeLanguage: 'Zmeniť jazyk',
      waitingN: 'Čaká: {n}',
      noCategories: 'Momentálne si nemožno vziať poradový lístok.',
      taking: 'Vydávame lístok…',
      yourTicket: 'Váš poradový lístok',
      ticketNumber: 'Číslo lístka',
      aheadN: {
        zero: 'Pred vami nikto nečaká',
        one: 'Pred vami čaká {n} človek',
        few: 'Pred vami čakajú {n} ľudia',
        other: 'Pred vami čaká {n} ľudí',
      },
      aboutMin: {
        zero: 'o chvíľu',
        one: 'približne {n} minúta',
        few: 'približne {n} minúty',
        other: 'približne {n} minút',
      },
      takenAt: 'Vydaný o {time}',
      statusLink: 'Svoje poradie môžete sledovať v mobile:',
      print: 'Vytlačiť',
      done: 'Hotovo',
      photo: 'Odfoťte si, prosím, svoj lístok',
      infoHeading: 'Informácie',
      servicesOf: 'Zobraziť služby:',
      allServices: 'Všetky služby',
      fee: 'Poplatok',
      free: 'Bez poplatku',
      bring: 'Čo si priniesť',
      bringNothing: 'Nič zvláštne',
      duration: 'Ako dlho to trvá',
      days: { zero: 'Na počkanie', one: '{n} deň', few: '{n} dni', other: '{n} dní' },
      noServices: 'Nie sú tu uvedené žiadne služby.',
      back: 'Späť',
      err_unknown_category:
        'Túto službu tu dnes nemožno vybaviť. Vyberte si, prosím, inú alebo sa opýtajte na informáciách.',
      err_office_closed:
        'Úrad je teraz zatvorený, poradový lístok si nemožno vziať. Príďte, prosím, v úradných hodinách.',
      openingHours: 'Úradné hodiny',
      closedDay: 'zatvorené',
      err_not_found:
        'Tento automat nie je nastavený pre tento úrad. Opýtajte sa, prosím, na informáciách.',
      err_too_many_requests:
        'Naraz sa vydáva príliš veľa lístkov. Chvíľu počkajte a skúste to znova.',
      err_generic: 'Lístok sa nepodarilo vydať. Opýtajte sa, prosím, na informáciách.',
      err_load: 'Automat sa nemôže spojiť so serverom. Opýtajte sa, prosím, na informáciách.',
      err_no_office: 'V adrese stránky chýba, ku ktorému úradu patrí („office“).',
      displayTitle: 'Čakáreň',
      nowCalling: 'Práve voláme',
      desk: 'Prepážka',
      lastCalls: 'Posledné volania',
      waitingTitle: 'Práve čakajú',
      noCalls: 'Zatiaľ nebol vyvolaný žiadny lístok.',
      noWaiting: 'Nikto nečaká.',
      sound: 'Zvuk',
      chime: 'Gong',
      speech: 'Hlásenie',
      enableSound: 'Kliknutím zapnete zvuk',
      stale: 'Od {time} nie je spojenie so serverom — zobrazené poradie nemusí byť aktuálne',
      calledAgain: 'znova',
      statusTitle: 'Vaše miesto v poradí',
      st_waiting_plain: 'Počkajte, prosím, čoskoro vás vyvoláme.',
      st_called: 'Choďte, prosím, hneď k prepážke {d}',
      st_called_any: 'Ste na rade: choďte, prosím, hneď k prepážke',
      st_serving: 'Vybavujú vás pri prepážke {d}',
      st_serving_any: 'Práve vás vybavujú',
      st_done: 'Ďakujeme za návštevu',
      st_no_show:
        'Váš lístok bol vyvolaný, ale nedostavili ste sa; vezmite si, prosím, nový lístok',
      st_parked: 'Váš lístok je pozastavený; prepážka vás vyvolá znova',
      updatedAt: 'Aktualizované o {time}',
      language: 'Jazyk',
      notFound: 'Tento lístok sa nenašiel. Lístok platí len v deň, keď bol vydaný.',
      offline: 'Od {time} nie je spojenie so serverom; skúšame znova…',
      noTicket: 'V adrese stránky chýba lístok.',
      keepOpen: 'Nechajte túto stránku otvorenú, aktualizuje sa sama.',
      haveAppointment: 'Mám rezervovaný termín',
      checkinHeading: 'Príchod na rezervovaný termín',
      checkinHint: 'Zadajte kód, ktorý ste dostali pri rezervácii.',
      bookingCode: 'Kód rezervácie',
      checkIn: 'Potvrdiť príchod',
      checkingIn: 'Overujeme vašu rezerváciu…',
      err_code_empty: 'Zadajte, prosím, kód rezervácie.',
      err_unknown_booking: 'Rezervácia s týmto kódom neexistuje.',
      err_booking_used: 'Táto rezervácia bola zrušená alebo už bola použitá.',
      bookTitle: 'Rezervácia termínu',
      chooseService: 'Na akú službu si chcete rezervovať termín?',
      bookNeedsOffice:
        'Nový termín si rezervujete cez odkaz na rezerváciu termínu vášho úradu. Existujúcu rezerváciu nájdete nižšie.',
      err_not_bookable: 'Na túto službu sa termíny nerezervujú; vezmite si poradový lístok na úrade.',
      haveBooking: 'Mám rezerváciu',
      haveBookingHint: 'Zadajte kód rezervácie a môžete si termín pozrieť, presunúť alebo zrušiť.',
      find: 'Nájsť',
      finding: 'Hľadáme vašu rezerváciu…',
      chooseDay: 'Vyberte deň',
      chooseTime: 'Vyberte čas',
      otherDay: 'Vybrať iný deň',
      slotFull: 'obsadené',
      slotCurrent: 'váš súčasný termín',
      noSlots: 'V tento deň nie sú voľné termíny.',
      freeSlotsN: { one: '{n} voľný termín', few: '{n} voľné termíny', other: '{n} voľných termínov' },
      nowBooked: 'Váš súčasný termín: {when}',
      booking: 'Rezervujeme váš termín…',
      moving: 'Presúvame váš termín…',
      cancelling: 'Rušíme vašu rezerváciu…',
      bookedHeading: 'Váš termín je rezervovaný',
      movedHeading: 'Váš termín bol presunutý',
      cancelledHeading: 'Vaša rezervácia bola zrušená',
      bookingHeading: 'Vaša rezervácia',
      bringCode:
        'Majte pri sebe tento kód: po príchode ho zadajte do automatu na poradové lístky alebo ho povedzte pri prepážke.',
      service: 'Služba',
      date: 'Dátum',
      time: 'Čas',
      timeRange: '{from}–{to}',
      bk_state_cancelled: 'Táto rezervácia bola zrušená.',
      bk_state_checked_in: 'Táto rezervácia už bola použitá pri príchode na úrad.',
      moveBooking: 'Presunúť na iný čas',
      cancelBooking: 'Zrušiť rezerváciu',
      confirmCancel: 'Naozaj chcete tento termín zrušiť?',
      yesCancel: 'Áno, zrušiť',
      keepBooking: 'Nie, ponechať',
      bookAnother: 'Rezervovať ďalší termín',
      err_slot_taken: 'Tento termín si práve niekto rezervoval. Vyberte si, prosím, iný.',
      err_not_a_slot: 'Tento čas sa už nedá rezervovať. Vyberte si, prosím, iný.',
      err_book_generic: 'Niečo sa pokazilo. Skúste to, prosím, o chvíľu znova.',
      err_book_load: 'Rezervácia termínov je nedostupná. Skontrolujte pripojenie a skúste to znova.',
      err_book_not_found: 'Táto stránka rezervácie termínu nie je nastavená pre tento úrad.',
      err_book_busy: 'Naraz prichádza príliš veľa požiadaviek. Chvíľu počkajte a skúste to znova.',
    },

    sv: {
      loading: 'Laddar…',
      listSep: ', ',
      kioskTitle: 'Ta en kölapp',
      chooseCategory: 'Vad gäller ditt ärende?',
      needsLegend: 'Om du behöver det, välj först:',
      priority: 'Jag behöver förtur (nedsatt rörlighet, graviditet, litet barn)',
      needs: 'Andra behov (tolk, hörslinga …)',
      private: 'Jag vill gärna ha ett enskilt samtal',
      info: 'Information',
      changeLanguage: 'Byt språk',
      waitingN: '{n} väntar',
      noCategories: 'Det går inte att ta kölapp just nu.',
      taking: 'Din kölapp tas fram…',
      yourTicket: 'Din kölapp',
      ticketNumber: 'Könummer',
      aheadN: {
        zero: 'Du är näst på tur',
        one: '{n} person väntar före dig',
        other: '{n} personer väntar före dig',
      },
      aboutMin: { zero: 'om en liten stund', one: 'ungefär {n} minut', other: 'ungefär {n} minuter' },
      takenAt: 'Tagen kl. {time}',
      statusLink: 'Följ din plats i kön i mobilen:',
      print: 'Skriv ut',
      done: 'Klar',
      photo: 'Ta gärna ett foto av din kölapp',
      infoHeading: 'Information',
      servicesOf: 'Visa tjänster för:',
      allServices: 'Alla tjänster',
      fee: 'Avgift',
      free: 'Avgiftsfritt',
      bring: 'Det här ska du ta med',
      bringNothing: 'Inget särskilt',
      duration: 'Så lång tid tar det',
      days: { zero: 'Direkt på plats', one: '{n} dag', other: '{n} dagar' },
      noServices: 'Inga tjänster finns listade här.',
      back: 'Tillbaka',
      err_unknown_category:
        'Den här tjänsten går inte att få här i dag. Välj en annan eller fråga i informationsdisken.',
      err_office_closed:
        'Kontoret är stängt nu, så det går inte att ta kölapp. Välkommen tillbaka under öppettiderna.',
      openingHours: 'Öppettider',
      closedDay: 'stängt',
      err_not_found:
        'Den här kölappsautomaten är inte inställd för det här kontoret. Fråga i informationsdisken.',
      err_too_many_requests: 'Många tar kölapp just nu. Vänta en stund och försök igen.',
      err_generic: 'Det gick inte att ta en kölapp. Fråga i informationsdisken.',
      err_load: 'Kölappsautomaten får ingen kontakt med servern. Fråga i informationsdisken.',
      err_no_office: 'Sidans adress anger inte vilket kontor den hör till (”office” saknas).',
      displayTitle: 'Väntrum',
      nowCalling: 'Nu ropas upp',
      desk: 'Lucka',
      lastCalls: 'Senaste uppropen',
      waitingTitle: 'Väntar nu',
      noCalls: 'Inget nummer har ropats upp ännu.',
      noWaiting: 'Ingen väntar.',
      sound: 'Ljud',
      chime: 'Ljudsignal',
      speech: 'Utrop',
      enableSound: 'Klicka för att slå på ljudet',
      stale: 'Ingen kontakt med servern sedan kl. {time} – kön som visas kan vara inaktuell',
      calledAgain: 'igen',
      statusTitle: 'Din plats i kön',
      st_waiting_plain: 'Vänta, du blir uppropad snart.',
      st_called: 'Gå till lucka {d} nu',
      st_called_any: 'Det är din tur: gå till luckan nu',
      st_serving: 'Du får hjälp vid lucka {d}',
      st_serving_any: 'Du får hjälp nu',
      st_done: 'Tack för ditt besök',
      st_no_show: 'Ditt nummer ropades upp men du var inte här; ta en ny kölapp',
      st_parked: 'Din kölapp är pausad; luckan ropar upp dig igen',
      updatedAt: 'Uppdaterad kl. {time}',
      language: 'Språk',
      notFound: 'Kölappen hittades inte. En kölapp gäller bara den dag den togs.',
      offline: 'Ingen kontakt med servern sedan kl. {time}; försöker igen…',
      noTicket: 'Adressen anger ingen kölapp.',
      keepOpen: 'Låt sidan vara öppen, den uppdateras av sig själv.',
      haveAppointment: 'Jag har en bokad tid',
      checkinHeading: 'Anmäl din ankomst till en bokad tid',
      checkinHint: 'Skriv koden du fick när du bokade.',
      bookingCode: 'Bokningskod',
      checkIn: 'Anmäl ankomst',
      checkingIn: 'Din ankomst registreras…',
      err_code_empty: 'Skriv din bokningskod.',
      err_unknown_booking: 'Ingen bokning har den här koden.',
      err_booking_used: 'Bokningen är avbokad eller redan använd.',
      bookTitle: 'Tidsbokning',
      chooseService: 'Vilken tjänst vill du boka tid för?',
      bookNeedsOffice:
        'Öppna kontorets länk för tidsbokning för att boka en ny tid. En befintlig bokning kan du söka upp nedan.',
      err_not_bookable: 'Den här tjänsten går inte att boka tid för; ta en kölapp på kontoret.',
      haveBooking: 'Jag har en bokning',
      haveBookingHint: 'Ange din bokningskod för att se, flytta eller avboka din tid.',
      find: 'Sök',
      finding: 'Din bokning söks…',
      chooseDay: 'Välj dag',
      chooseTime: 'Välj tid',
      otherDay: 'Välj en annan dag',
      slotFull: 'fullbokad',
      slotCurrent: 'din nuvarande tid',
      noSlots: 'Det finns inga lediga tider den här dagen.',
      freeSlotsN: { one: '{n} ledig tid', other: '{n} lediga tider' },
      nowBooked: 'Din nuvarande tid: {when}',
      booking: 'Din tid bokas…',
      moving: 'Din tid flyttas…',
      cancelling: 'Din bokning avbokas…',
      bookedHeading: 'Din tid är bokad',
      movedHeading: 'Din tid har flyttats',
      cancelledHeading: 'Din bokning är avbokad',
      bookingHeading: 'Din bokning',
      bringCode: 'Ta med den här koden: skriv in den i kölappsautomaten eller säg den i luckan när du kommer.',
      service: 'Tjänst',
      date: 'Datum',
      time: 'Tid',
      timeRange: '{from}–{to}',
      bk_state_cancelled: 'Den här bokningen är avbokad.',
      bk_state_checked_in: 'Den här bokningen har redan använts för att anmäla ankomst.',
      moveBooking: 'Flytta till en annan tid',
      cancelBooking: 'Avboka',
      confirmCancel: 'Vill du verkligen avboka den här tiden?',
      yesCancel: 'Ja, avboka',
      keepBooking: 'Nej, behåll den',
      bookAnother: 'Boka en till tid',
      err_slot_taken: 'Den här tiden blev precis bokad. Välj en annan.',
      err_not_a_slot: 'Den här tiden går inte längre att boka. Välj en annan.',
      err_book_generic: 'Något gick fel. Försök igen om en stund.',
      err_book_load: 'Tidsbokningen går inte att nå. Kontrollera din anslutning och försök igen.',
      err_book_not_found: 'Den här sidan för tidsbokning är inte inställd för det här kontoret.',
      err_book_busy: 'Många förfrågningar just nu. Vänta en stund och försök igen.',
    },

    fa: {
      loading: 'در حال بارگذاری…',
      listSep: '، ',
      kioskTitle: 'گرفتن نوبت',
      chooseCategory: 'برای چه کاری آمده‌اید؟',
      needsLegend: 'اگر لازم است، اول این را انتخاب کنید:',
      priority: 'به اولویت نیاز دارم (محدودیت حرکتی، بارداری، کودک خردسال)',
      needs: 'نیازهای دیگر (مترجم، حلقهٔ القایی شنوایی…)',
      private: 'مایلم گفت‌وگو به‌صورت خصوصی باشد',
      info: 'اطلاعات',
      changeLanguage: 'تغییر زبان',
      waitingN: '{n} نفر در انتظار',
      noCategories: 'در حال حاضر نمی‌توان نوبت گرفت.',
      taking: 'در حال صدور نوبت…',
      yourTicket: 'نوبت شما',
      ticketNumber: 'شمارهٔ نوبت',
      aheadN: {
        zero: 'نفر بعدی شما هستید',
        one: '{n} نفر پیش از شما در انتظار است',
        other: '{n} نفر پیش از شما در انتظارند',
      },
      aboutMin: { zero: 'به‌زودی', other: 'حدود {n} دقیقه' },
      takenAt: 'زمان صدور: {time}',
      statusLink: 'نوبت خود را با تلفن همراه دنبال کنید:',
      print: 'چاپ',
      done: 'پایان',
      photo: 'لطفاً از نوبت خود عکس بگیرید',
      infoHeading: 'اطلاعات',
      servicesOf: 'نمایش خدمات:',
      allServices: 'همهٔ خدمات',
      fee: 'هزینه',
      free: 'رایگان',
      bring: 'مدارک لازم',
      bringNothing: 'مدرک خاصی لازم نیست',
      duration: 'مدت انجام کار',
      days: { zero: 'فوری، در همان مراجعه', other: '{n} روز' },
      noServices: 'خدمتی در اینجا ثبت نشده است.',
      back: 'بازگشت',
      err_unknown_category:
        'این خدمت امروز در اینجا ارائه نمی‌شود. لطفاً خدمت دیگری را انتخاب کنید یا از میز اطلاعات بپرسید.',
      err_office_closed:
        'اداره اکنون بسته است و نمی‌توان نوبت گرفت. لطفاً در ساعات کاری مراجعه کنید.',
      openingHours: 'ساعات کاری',
      closedDay: 'تعطیل',
      err_not_found:
        'این دستگاه نوبت‌دهی برای این اداره تنظیم نشده است. لطفاً از میز اطلاعات بپرسید.',
      err_too_many_requests:
        'هم‌اکنون نوبت‌های زیادی در حال صدور است. لطفاً کمی صبر کنید و دوباره امتحان کنید.',
      err_generic: 'گرفتن نوبت ممکن نشد. لطفاً از میز اطلاعات بپرسید.',
      err_load: 'دستگاه نوبت‌دهی به سرور دسترسی ندارد. لطفاً از میز اطلاعات بپرسید.',
      err_no_office: 'در نشانی این صفحه مشخص نشده که به کدام اداره تعلق دارد («office» وجود ندارد).',
      displayTitle: 'سالن انتظار',
      nowCalling: 'نوبت فعلی',
      desk: 'باجه',
      lastCalls: 'آخرین نوبت‌های اعلام‌شده',
      waitingTitle: 'در انتظار',
      noCalls: 'هنوز هیچ نوبتی اعلام نشده است.',
      noWaiting: 'کسی در انتظار نیست.',
      sound: 'صدا',
      chime: 'زنگ',
      speech: 'اعلام صوتی',
      enableSound: 'برای فعال کردن صدا کلیک کنید',
      stale: 'از ساعت {time} ارتباط با سرور برقرار نیست — صفِ نمایش‌داده‌شده ممکن است به‌روز نباشد',
      calledAgain: 'دوباره',
      statusTitle: 'جای شما در صف',
      st_waiting_plain: 'لطفاً منتظر بمانید؛ به‌زودی نوبت شما اعلام می‌شود.',
      st_called: 'لطفاً هم‌اکنون به باجهٔ {d} بروید',
      st_called_any: 'نوبت شماست: لطفاً هم‌اکنون به باجه بروید',
      st_serving: 'در باجهٔ {d} به کار شما رسیدگی می‌شود',
      st_serving_any: 'در حال رسیدگی به کار شما',
      st_done: 'از مراجعهٔ شما سپاسگزاریم',
      st_no_show: 'نوبت شما اعلام شد اما حضور نداشتید؛ لطفاً نوبت تازه‌ای بگیرید',
      st_parked: 'نوبت شما موقتاً متوقف شده است؛ باجه دوباره شما را فرا می‌خواند',
      updatedAt: 'به‌روزرسانی: {time}',
      language: 'زبان',
      notFound: 'این نوبت پیدا نشد. هر نوبت فقط در روز صدورش معتبر است.',
      offline: 'از ساعت {time} ارتباط با سرور برقرار نیست؛ در حال تلاش دوباره…',
      noTicket: 'در نشانی این صفحه نوبتی مشخص نشده است.',
      keepOpen: 'این صفحه را باز نگه دارید؛ خودش به‌روز می‌شود.',
      haveAppointment: 'وقت قبلی رزرو کرده‌ام',
      checkinHeading: 'اعلام حضور با کد رزرو',
      checkinHint: 'کدی را که هنگام رزرو وقت دریافت کرده‌اید وارد کنید.',
      bookingCode: 'کد رزرو',
      checkIn: 'اعلام حضور',
      checkingIn: 'در حال ثبت حضور شما…',
      err_code_empty: 'لطفاً کد رزرو خود را وارد کنید.',
      err_unknown_booking: 'هیچ رزروی با این کد وجود ندارد.',
      err_booking_used: 'این رزرو لغو شده یا قبلاً استفاده شده است.',
      bookTitle: 'نوبت‌دهی اینترنتی (رزرو وقت)',
      chooseService: 'برای کدام خدمت می‌خواهید وقت رزرو کنید؟',
      bookNeedsOffice:
        'برای رزرو وقت جدید، پیوند نوبت‌دهی اینترنتی ادارهٔ خود را باز کنید. رزرو فعلی خود را می‌توانید در پایین پیدا کنید.',
      err_not_bookable: 'برای این خدمت وقت قبلی داده نمی‌شود؛ در اداره نوبت بگیرید.',
      haveBooking: 'رزرو دارم',
      haveBookingHint: 'کد رزرو خود را وارد کنید تا وقت خود را ببینید، تغییر دهید یا لغو کنید.',
      find: 'جست‌وجو',
      finding: 'در حال جست‌وجوی رزرو شما…',
      chooseDay: 'یک روز انتخاب کنید',
      chooseTime: 'یک ساعت انتخاب کنید',
      otherDay: 'انتخاب روزی دیگر',
      slotFull: 'پر',
      slotCurrent: 'وقت فعلی شما',
      noSlots: 'در این روز وقت خالی وجود ندارد.',
      freeSlotsN: '{n} وقت خالی',
      nowBooked: 'وقت فعلی شما: {when}',
      booking: 'در حال رزرو وقت شما…',
      moving: 'در حال تغییر وقت شما…',
      cancelling: 'در حال لغو رزرو شما…',
      bookedHeading: 'وقت شما رزرو شد',
      movedHeading: 'وقت شما تغییر کرد',
      cancelledHeading: 'رزرو شما لغو شد',
      bookingHeading: 'رزرو شما',
      bringCode:
        'این کد را همراه داشته باشید: هنگام مراجعه آن را در دستگاه نوبت‌دهی وارد کنید یا به کارمند باجه بگویید.',
      service: 'خدمت',
      date: 'تاریخ',
      time: 'ساعت',
      timeRange: '{from} تا {to}',
      bk_state_cancelled: 'این رزرو لغو شده است.',
      bk_state_checked_in: 'با این رزرو قبلاً اعلام حضور شده است.',
      moveBooking: 'تغییر به وقتی دیگر',
      cancelBooking: 'لغو رزرو',
      confirmCancel: 'آیا واقعاً می‌خواهید این وقت را لغو کنید؟',
      yesCancel: 'بله، لغو شود',
      keepBooking: 'خیر، بماند',
      bookAnother: 'رزرو وقتی دیگر',
      err_slot_taken: 'این وقت همین حالا رزرو شد. لطفاً وقت دیگری انتخاب کنید.',
      err_not_a_slot: 'این ساعت دیگر قابل رزرو نیست. لطفاً وقت دیگری انتخاب کنید.',
      err_book_generic: 'مشکلی پیش آمد. لطفاً چند لحظه بعد دوباره امتحان کنید.',
      err_book_load:
        'دسترسی به سامانهٔ نوبت‌دهی اینترنتی ممکن نیست. لطفاً اتصال خود را بررسی کنید و دوباره امتحان کنید.',
      err_book_not_found: 'این صفحهٔ رزرو وقت برای این اداره تنظیم نشده است.',
      err_book_busy: 'هم‌اکنون درخواست‌های زیادی ارسال می‌شود. لطفاً کمی صبر کنید و دوباره امتحان کنید.',
    },
  };

  // ---------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);
  const isLocale = (v) => typeof v === 'string' && LOCALES.includes(v);
  const norm = (v) => (isLocale(v) ? v : 'en');
  const enc = encodeURIComponent;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const params = new URLSearchParams(location.search);

  const pluralCache = new Map();
  function pluralCategory(locale, n) {
    let rules = pluralCache.get(locale);
    if (!rules) {
      try {
        rules = new Intl.PluralRules(TAGS[locale] || locale);
      } catch {
        rules = { select: (x) => (x === 1 ? 'one' : 'other') };
      }
      pluralCache.set(locale, rules);
    }
    return rules.select(n);
  }

  function fmtNumber(n, locale) {
    try {
      return new Intl.NumberFormat(TAGS[locale] || 'en-GB').format(n);
    } catch {
      return String(n);
    }
  }

  let persianDigits = null;
  /** Digits as the language writes them: Persian digits for fa (M-042 → M-۰۴۲). */
  function localDigits(text, locale) {
    const s = text == null ? '' : String(text);
    if (locale !== 'fa') return s;
    if (!persianDigits) {
      try {
        const f = new Intl.NumberFormat('fa-IR', { useGrouping: false });
        persianDigits = Array.from({ length: 10 }, (_, i) => f.format(i));
      } catch {
        persianDigits = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];
      }
    }
    return s.replace(/[0-9]/g, (d) => persianDigits[Number(d)]);
  }

  /** A translated string; {name} placeholders take vars (numbers are formatted in `locale`). */
  function t(locale, key, vars) {
    const table = STRINGS[locale] || STRINGS.en;
    let entry = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : STRINGS.en[key];
    if (entry == null) return key;
    if (typeof entry === 'object') {
      const n = vars && typeof vars.n === 'number' ? vars.n : 0;
      if (n === 0 && entry.zero != null) entry = entry.zero;
      else entry = entry[pluralCategory(locale, n)] ?? entry.other;
    }
    if (!vars) return entry;
    return entry.replace(/\{(\w+)\}/g, (m, k) => {
      if (!(k in vars)) return m;
      const v = vars[k];
      return typeof v === 'number' ? fmtNumber(v, locale) : String(v);
    });
  }

  function setDocLocale(locale) {
    const root = document.documentElement;
    if (root.lang !== locale) root.lang = locale;
    const dir = locale === 'fa' ? 'rtl' : 'ltr';
    if (root.dir !== dir) root.dir = dir;
  }

  /** Writes a text only when it changed, so that live regions announce changes only. */
  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  /** Every [data-i18n] element's text and [data-i18n-label] element's aria-label. */
  function applyI18n(locale) {
    for (const el of document.querySelectorAll('[data-i18n]')) setText(el, t(locale, el.dataset.i18n));
    for (const el of document.querySelectorAll('[data-i18n-label]')) {
      const label = t(locale, el.dataset.i18nLabel);
      if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
    }
  }

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v == null || v === false) continue;
        if (k === 'class') el.className = v;
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat()) {
      if (c == null || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }

  /** A name in `locale`, else English, else any language it has; with the language it is in. */
  function pickText(obj, locale) {
    if (obj && typeof obj === 'object') {
      if (obj[locale]) return { text: String(obj[locale]), lang: locale };
      if (obj.en) return { text: String(obj.en), lang: 'en' };
      for (const [k, v] of Object.entries(obj)) if (v) return { text: String(v), lang: k };
    }
    return { text: '', lang: locale };
  }

  /** Marks an element as being in another language than the page, when it is. */
  function markLang(el, lang, pageLocale) {
    if (lang && lang !== pageLocale) {
      el.setAttribute('lang', lang);
      el.setAttribute('dir', lang === 'fa' ? 'rtl' : 'ltr');
    } else {
      el.removeAttribute('lang');
      el.removeAttribute('dir');
    }
    return el;
  }

  function textEl(tag, cls, obj, locale, fallback) {
    const p = pickText(obj, locale);
    const el = h(tag, cls ? { class: cls } : null, p.text || fallback || '');
    return markLang(el, p.text ? p.lang : locale, locale);
  }

  function fmtTime(value, locale) {
    const d = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(d.getTime())) return '';
    try {
      return new Intl.DateTimeFormat(TAGS[locale] || 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(d);
    } catch {
      return d.toTimeString().slice(0, 5);
    }
  }

  function fmtMoney(minor, currency, locale) {
    const amount = Number(minor) / 100;
    try {
      return new Intl.NumberFormat(TAGS[locale] || 'en-GB', { style: 'currency', currency: currency || 'EUR' }).format(amount);
    } catch {
      return `${fmtNumber(amount, locale)} ${currency || ''}`.trim();
    }
  }

  /** fetch with a timeout; the body parsed as JSON when it is JSON, else null. */
  async function fetchJson(url, options = {}, timeoutMs = 12000) {
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = ctrl ? setTimeout(() => ctrl.abort(), timeoutMs) : 0;
    try {
      const res = await fetch(url, {
        cache: 'no-store',
        credentials: 'same-origin',
        ...options,
        headers: { Accept: 'application/json', ...(options.headers || {}) },
        signal: ctrl ? ctrl.signal : undefined,
      });
      let body = null;
      try {
        body = await res.json();
      } catch {
        body = null;
      }
      return { ok: res.ok, status: res.status, body };
    } finally {
      clearTimeout(timer);
    }
  }

  function storeGet(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  function storeSet(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch {
      // storage may be unavailable (private mode, kiosk profile); the choice lasts the page
    }
  }

  /**
   * A booking code as typed (spaces, dashes, lower case; Persian or Arabic digits from a
   * Persian keyboard) in its stored form: Latin letters and digits, upper case.
   */
  function normCode(typed) {
    return String(typed || '')
      .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
      .replace(/[^0-9a-z]/gi, '')
      .toUpperCase();
  }

  function browserLocale() {
    const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    for (const l of langs) {
      const base = String(l).slice(0, 2).toLowerCase();
      if (isLocale(base)) return base;
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------
  // Kiosk: language → category (with needs) → ticket; the check-in of a booking by its code
  // (→ the same ticket); and the information view.
  // ---------------------------------------------------------------------------------------

  function initKiosk() {
    const office = params.get('office');
    const STEPS = ['language', 'category', 'checkin', 'ticket', 'info'];
    const IDLE_MS = 60000;
    const K = {
      info: null,
      officeLocale: 'en',
      locale: null, // the citizen's choice; null on the language step
      step: 'language',
      priority: 'normal',
      private: false,
      busy: false,
      busyKey: 'taking', // what the busy notice says: taking a ticket or checking in
      gen: 0, // bumped on every reset, so that a late answer cannot show an old ticket
      ticket: null,
      filter: null,
      errorKey: null, // from taking a ticket
      loadErrorKey: null, // from loading the office's categories
      idleTimer: 0,
      infoTimer: 0,
    };

    const errorBox = $('kiosk-error');
    const busyBox = $('kiosk-busy');
    const ui = () => K.locale || K.officeLocale;

    function showErrors() {
      const key = K.errorKey || K.loadErrorKey;
      setText(errorBox, key ? t(ui(), key) : '');
    }

    function setError(key) {
      K.errorKey = key;
      showErrors();
      if (key) errorBox.scrollIntoView({ block: 'nearest' });
    }

    function applyLocale() {
      const l = ui();
      setDocLocale(l);
      applyI18n(l);
      const name = K.info ? K.info.office_name || '' : '';
      setText($('office-name'), name);
      document.title = name ? `${t(l, 'kioskTitle')} — ${name}` : t(l, 'kioskTitle');
      showErrors();
      if (K.busy) setText(busyBox, t(l, K.busyKey));
    }

    function showStep(name, focus = true) {
      K.step = name;
      for (const s of STEPS) $(`step-${s}`).hidden = s !== name;
      window.scrollTo(0, 0);
      if (focus) {
        const heading = $(`h-${name}`);
        if (heading) heading.focus({ preventScroll: true });
      }
      scheduleIdle();
    }

    // Back to the start after a minute without a touch or a key.
    function scheduleIdle() {
      clearTimeout(K.idleTimer);
      if (K.step !== 'language') K.idleTimer = setTimeout(reset, IDLE_MS);
    }
    for (const ev of ['pointerdown', 'touchstart', 'keydown', 'wheel']) {
      document.addEventListener(ev, scheduleIdle, { capture: true, passive: true });
    }
    // A long press on a touch screen should not open a context menu on a public machine.
    document.addEventListener('contextmenu', (e) => e.preventDefault());

    function setPriority(p) {
      K.priority = p;
      $('opt-mobility').setAttribute('aria-pressed', String(p === 'mobility'));
      $('opt-needs').setAttribute('aria-pressed', String(p === 'needs'));
    }

    function setPrivate(on) {
      K.private = on;
      $('opt-private').setAttribute('aria-pressed', String(on));
    }

    function reset() {
      K.gen += 1;
      K.locale = null;
      K.ticket = null;
      K.filter = null;
      setBusy(false);
      setPriority('normal');
      setPrivate(false);
      $('checkin-code').value = ''; // a booking code must not wait for the next citizen
      K.errorKey = null;
      applyLocale();
      showStep('language');
    }

    function chooseLanguage(l) {
      K.locale = norm(l);
      K.errorKey = null;
      applyLocale();
      renderCategories();
      showStep('category');
      loadInfo();
    }

    // -- categories --

    function renderCategories() {
      const box = $('categories');
      const l = ui();
      if (!K.info) {
        box.replaceChildren(h('p', { class: 'empty' }, t(l, 'loading')));
        return;
      }
      const cats = Array.isArray(K.info.categories) ? K.info.categories : [];
      if (!cats.length) {
        box.replaceChildren(h('p', { class: 'empty' }, t(l, 'noCategories')));
        return;
      }
      const existing = Array.from(box.querySelectorAll('button[data-category]'));
      const same =
        existing.length === cats.length && existing.every((b, i) => b.dataset.category === cats[i].code);
      if (same) {
        // Update in place: a refresh must not take the focus away from a button.
        cats.forEach((c, i) => {
          const b = existing[i];
          const p = pickText(c.names, l);
          const nameEl = b.querySelector('.cat-name');
          setText(nameEl, p.text || c.code);
          markLang(nameEl, p.text ? p.lang : l, l);
          setText(b.querySelector('.cat-wait'), t(l, 'waitingN', { n: Number(c.waiting) || 0 }));
        });
        return;
      }
      const focused = document.activeElement && document.activeElement.dataset
        ? document.activeElement.dataset.category
        : undefined;
      const buttons = cats.map((c) => {
        const b = h(
          'button',
          { type: 'button', class: 'cat', 'data-category': c.code },
          h('span', { class: 'cat-code' }, c.code),
          textEl('span', 'cat-name', c.names, l, c.code),
          h('span', { class: 'cat-wait' }, t(l, 'waitingN', { n: Number(c.waiting) || 0 })),
        );
        if (K.busy) b.setAttribute('aria-disabled', 'true');
        b.addEventListener('click', () => takeTicket(c.code));
        return b;
      });
      box.replaceChildren(...buttons);
      if (focused) {
        const again = buttons.find((b) => b.dataset.category === focused);
        if (again) again.focus();
      }
    }

    function setBusy(on, key = 'taking') {
      K.busy = on;
      if (on) K.busyKey = key;
      setText(busyBox, on ? t(ui(), K.busyKey) : '');
      for (const b of document.querySelectorAll('#categories button, #btn-checkin-submit')) {
        if (on) b.setAttribute('aria-disabled', 'true');
        else b.removeAttribute('aria-disabled');
      }
    }

    function errorKeyFor(r) {
      const code = r.body && typeof r.body.code === 'string' ? r.body.code : '';
      if (r.status === 429 || code === 'too_many_requests') return 'err_too_many_requests';
      if (
        code === 'unknown_category' ||
        code === 'office_closed' ||
        code === 'not_found' ||
        code === 'unknown_booking' ||
        code === 'booking_used'
      ) {
        return `err_${code}`;
      }
      return 'err_generic';
    }

    async function takeTicket(code) {
      if (K.busy) return;
      if (!office) {
        setError('err_no_office');
        return;
      }
      const gen = K.gen;
      const l = ui();
      setError(null);
      setBusy(true);
      try {
        const r = await fetchJson(`/queue/${enc(office)}/tickets`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ category: code, priority: K.priority, locale: l, private: K.private }),
        });
        if (gen !== K.gen) return;
        if (r.ok && r.body && r.body.number) {
          K.ticket = r.body;
          renderTicket();
          setBusy(false);
          showStep('ticket');
          loadInfo(); // the counts changed
        } else {
          setBusy(false);
          setError(errorKeyFor(r));
        }
      } catch {
        if (gen !== K.gen) return;
        setBusy(false);
        setError('err_generic');
      }
    }

    // -- check-in with a booking code --

    function openCheckin() {
      if (K.busy) return;
      K.errorKey = null;
      showErrors();
      const input = $('checkin-code');
      input.value = '';
      showStep('checkin', false);
      input.focus({ preventScroll: true });
    }

    async function checkIn() {
      if (K.busy) return;
      const input = $('checkin-code');
      const code = normCode(input.value);
      if (!code) {
        setError('err_code_empty');
        input.focus();
        return;
      }
      if (!office) {
        setError('err_no_office');
        return;
      }
      const gen = K.gen;
      setError(null);
      setBusy(true, 'checkingIn');
      try {
        const r = await fetchJson(`/queue/${enc(office)}/checkin`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code }),
        });
        if (gen !== K.gen) return;
        setBusy(false);
        if (r.ok && r.body && r.body.number) {
          input.value = '';
          K.ticket = r.body;
          renderTicket();
          showStep('ticket');
          loadInfo(); // the counts changed
        } else {
          setError(errorKeyFor(r));
          input.focus();
          input.select();
        }
      } catch {
        if (gen !== K.gen) return;
        setBusy(false);
        setError('err_generic');
      }
    }

    // -- the ticket --

    function renderTicket() {
      const tk = K.ticket;
      if (!tk) return;
      const l = ui();
      setText($('ticket-office'), tk.office_name || (K.info && K.info.office_name) || '');
      setText($('ticket-number'), localDigits(tk.number, l));
      const cat = $('ticket-category');
      const p = pickText(tk.category_names, l);
      setText(cat, p.text || tk.category || '');
      markLang(cat, p.text ? p.lang : l, l);

      const ahead = $('ticket-ahead');
      ahead.hidden = tk.ahead == null;
      setText(ahead, tk.ahead == null ? '' : t(l, 'aheadN', { n: Number(tk.ahead) }));
      const wait = $('ticket-wait');
      wait.hidden = tk.estimated_wait_minutes == null;
      setText(wait, tk.estimated_wait_minutes == null ? '' : t(l, 'aboutMin', { n: Number(tk.estimated_wait_minutes) }));
      const time = fmtTime(tk.taken_at, l);
      const taken = $('ticket-taken');
      taken.hidden = !time;
      setText(taken, time ? t(l, 'takenAt', { time }) : '');
      setText($('ticket-link'), tk.status_url || '');
      // The QR of the status page (an image the server draws), for the phone's camera.
      const qr = $('ticket-qr');
      qr.hidden = !tk.id;
      if (tk.id) qr.src = '/queue/ticket/' + encodeURIComponent(tk.id) + '/qr.svg';

      $('ticket-photo').hidden = true;
      $('ticket-card').classList.remove('photo');
    }

    function printTicket() {
      try {
        if (typeof window.print !== 'function') throw new Error('printing is not available');
        window.print();
      } catch {
        $('ticket-photo').hidden = false;
        $('ticket-card').classList.add('photo');
      }
    }

    // -- information --

    function openInfo() {
      K.filter = null;
      renderInfo();
      showStep('info');
    }

    function renderInfo() {
      const l = ui();
      const bar = $('info-filter');
      for (const b of bar.querySelectorAll('button')) b.remove();
      const cats = K.info && Array.isArray(K.info.categories) ? K.info.categories : [];
      const add = (code, ...label) => {
        const b = h(
          'button',
          { type: 'button', class: 'btn', 'aria-pressed': String(K.filter === code), 'data-filter': code == null ? '' : code },
          ...label,
        );
        b.addEventListener('click', () => {
          K.filter = code;
          for (const x of bar.querySelectorAll('button')) {
            x.setAttribute('aria-pressed', String(x === b));
          }
          renderServices();
        });
        bar.append(b);
      };
      add(null, t(l, 'allServices'));
      for (const c of cats) add(c.code, `${c.code} · `, textEl('span', null, c.names, l, c.code));
      renderServices();
    }

    /** The office's opening hours, each day named by the browser in the chosen language. */
    function renderHours() {
      const l = ui();
      const box = $('hours');
      const days = K.info && K.info.opening_hours && Array.isArray(K.info.opening_hours.days) ? K.info.opening_hours.days : [];
      if (!days.length) {
        box.replaceChildren();
        box.hidden = true;
        return;
      }
      box.hidden = false;
      // 2024-01-01 was a Monday: weekday n is that date plus n - 1 days.
      const dayName = (n) => new Intl.DateTimeFormat(l === 'fa' ? 'fa-IR' : l, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, n)));
      box.replaceChildren(
        h('h3', null, t(l, 'openingHours')),
        h(
          'dl',
          { class: 'hours' },
          days.flatMap((d) => [
            h('dt', null, dayName(Number(d.weekday))),
            h('dd', { dir: 'ltr' }, d.spans.length ? d.spans.map((s) => localDigits(`${s.from}–${s.to}`, l)).join(', ') : t(l, 'closedDay')),
          ]),
        ),
      );
    }

    function renderServices() {
      renderHours();
      const l = ui();
      const box = $('services');
      if (!K.info) {
        box.replaceChildren(h('p', { class: 'empty' }, t(l, 'loading')));
        return;
      }
      const all = Array.isArray(K.info.services) ? K.info.services : [];
      const list = all.filter((s) => K.filter == null || s.category === K.filter);
      if (!list.length) {
        box.replaceChildren(h('p', { class: 'empty' }, t(l, 'noServices')));
        return;
      }
      const currency = K.info.currency || 'EUR';
      box.replaceChildren(
        ...list.map((s) => {
          const fee = Number(s.fee_minor) || 0;
          const docs = (Array.isArray(s.required_documents) ? s.required_documents : [])
            .map((d) => pickText(d, l))
            .filter((p) => p.text);
          const bring = docs.length
            ? h('dd', null, h('ul', null, docs.map((p) => markLang(h('li', null, p.text), p.lang, l))))
            : h('dd', null, t(l, 'bringNothing'));
          return h(
            'article',
            { class: 'service', 'data-service': s.code },
            h('h3', null, h('span', { class: 'service-code' }, s.category || ''), textEl('span', null, s.names, l, s.code)),
            h(
              'dl',
              null,
              h('dt', null, t(l, 'fee')),
              h('dd', null, fee > 0 ? fmtMoney(fee, currency, l) : t(l, 'free')),
              h('dt', null, t(l, 'bring')),
              bring,
              h('dt', null, t(l, 'duration')),
              h('dd', null, t(l, 'days', { n: Number(s.deadline_days) || 0 })),
            ),
          );
        }),
      );
    }

    // -- loading the office's categories and services --

    async function loadInfo() {
      clearTimeout(K.infoTimer);
      if (!office) {
        K.loadErrorKey = 'err_no_office';
        showErrors();
        return;
      }
      try {
        const r = await fetchJson(`/queue/${enc(office)}/info`);
        if (r.ok && r.body && typeof r.body === 'object') {
          const first = !K.info;
          K.info = r.body;
          K.officeLocale = norm(r.body.office_locale);
          K.loadErrorKey = null;
          applyLocale();
          if (K.step === 'category' || first) renderCategories();
          if (K.step === 'info' && first) renderInfo();
        } else if (!K.info) {
          K.loadErrorKey = r.status === 404 ? 'err_not_found' : 'err_load';
          showErrors();
        }
      } catch {
        // A refresh that fails keeps what was loaded; only a kiosk with nothing says so.
        if (!K.info) {
          K.loadErrorKey = 'err_load';
          showErrors();
        }
      }
      K.infoTimer = setTimeout(loadInfo, K.info ? 30000 : 10000);
    }

    // -- wiring --

    for (const b of document.querySelectorAll('#step-language button[data-locale]')) {
      b.addEventListener('click', () => chooseLanguage(b.dataset.locale));
    }
    $('opt-mobility').addEventListener('click', () => setPriority(K.priority === 'mobility' ? 'normal' : 'mobility'));
    $('opt-needs').addEventListener('click', () => setPriority(K.priority === 'needs' ? 'normal' : 'needs'));
    $('opt-private').addEventListener('click', () => setPrivate(!K.private));
    $('btn-info').addEventListener('click', openInfo);
    $('btn-checkin').addEventListener('click', openCheckin);
    $('checkin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      checkIn();
    });
    $('btn-checkin-back').addEventListener('click', () => {
      K.errorKey = null;
      showErrors();
      $('checkin-code').value = '';
      renderCategories();
      showStep('category');
    });
    $('btn-language').addEventListener('click', () => {
      K.locale = null;
      K.errorKey = null;
      applyLocale();
      showStep('language');
    });
    $('btn-info-back').addEventListener('click', () => {
      renderCategories();
      showStep('category');
    });
    $('btn-print').addEventListener('click', printTicket);
    $('btn-done').addEventListener('click', reset);

    applyLocale();
    showStep('language', false);
    loadInfo();
  }

  // ---------------------------------------------------------------------------------------
  // Display: the waiting-room TV.
  // ---------------------------------------------------------------------------------------

  function initDisplay() {
    const office = params.get('office');
    const STALE_MS = 30000;
    const ERROR_GRACE_MS = 5000;
    const PREF_CHIME = 'okno.queue.display.chime';
    const PREF_SPEECH = 'okno.queue.display.speech';

    const D = {
      board: null,
      boardTime: 0,
      locale: 'en',
      seen: new Set(),
      primed: false,
      lastDataAt: Date.now(),
      errorSince: 0,
      es: null,
      prefs: { chime: storeGet(PREF_CHIME) !== '0', speech: storeGet(PREF_SPEECH) !== '0' },
      queue: [],
      playing: false,
      audioCtx: null,
      stopSpeech: null,
      flashTimer: 0,
    };
    const audio = $('announce');
    const overlay = $('sound-overlay');
    const callKey = (c) => `${c.ticket_id}#${c.calls}`;

    function applyLocale() {
      setDocLocale(D.locale);
      applyI18n(D.locale);
      const name = D.board ? D.board.office_name || '' : '';
      document.title = name ? `${t(D.locale, 'displayTitle')} — ${name}` : t(D.locale, 'displayTitle');
      tick();
      updateStale();
    }

    function tick() {
      setText($('d-clock'), fmtTime(new Date(), D.locale));
    }

    // -- staleness: keep the last board, say since when it may be out of date --

    function updateStale() {
      const el = $('stale');
      if (!office) {
        setText(el, t(D.locale, 'err_no_office'));
        el.hidden = false;
        return;
      }
      const now = Date.now();
      const inError = D.errorSince && now - D.errorSince >= ERROR_GRACE_MS;
      const stale = inError || now - D.lastDataAt > STALE_MS;
      if (stale) {
        setText(el, t(D.locale, 'stale', { time: fmtTime(new Date(D.lastDataAt), D.locale) }));
        el.hidden = false;
      } else {
        el.hidden = true;
      }
      document.body.classList.toggle('is-stale', Boolean(stale));
    }

    // -- the board --

    function handleBoard(b) {
      if (!b || typeof b !== 'object' || !Array.isArray(b.calls)) return;
      D.lastDataAt = Date.now();
      const at = Date.parse(b.generated_at) || 0;
      if (D.board && at && D.boardTime && at < D.boardTime) {
        // An older board than the one shown (the first fetch answering after an event).
        updateStale();
        return;
      }
      D.board = b;
      D.boardTime = at;
      D.locale = norm(b.office_locale);

      const fresh = [];
      for (const c of b.calls) {
        const k = callKey(c);
        if (!D.seen.has(k)) {
          D.seen.add(k);
          fresh.push(c);
        }
      }
      if (D.seen.size > 2000) D.seen = new Set(b.calls.map(callKey));
      const announce = D.primed && fresh.length > 0;
      D.primed = true;

      applyLocale();
      render();
      if (announce) {
        flash();
        // Oldest first, so that the newest call is the last one heard.
        for (const c of fresh.reverse()) enqueue(c);
      }
    }

    function deskWord(locale) {
      return t(locale, 'desk');
    }

    function render() {
      const b = D.board;
      if (!b) return;
      const l = D.locale;
      const arrow = l === 'fa' ? '←' : '→';
      setText($('d-office'), b.office_name || '');
      setText($('current-arrow'), arrow);

      const calls = b.calls;
      const cur = calls[0];
      const label = $('current-desk-label');
      const note = $('current-note');
      if (cur) {
        const cl = isLocale(cur.locale) ? cur.locale : l;
        setText($('current-number'), localDigits(cur.number, l));
        setText($('current-desk'), localDigits(cur.desk, l));
        const sig = `${l}|${cl}`;
        if (label.dataset.sig !== sig) {
          label.dataset.sig = sig;
          label.replaceChildren(deskWord(l));
          if (cl !== l) {
            label.append(
              h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
              h('span', { lang: cl, dir: cl === 'fa' ? 'rtl' : 'ltr' }, deskWord(cl)),
            );
          }
        }
        const noteSig = `${sig}|${cur.state}|${cur.desk}`;
        if (note.dataset.sig !== noteSig) {
          note.dataset.sig = noteSig;
          if (cur.state === 'called') {
            const parts = [h('span', null, t(l, 'st_called', { d: localDigits(cur.desk, l) }))];
            if (cl !== l) {
              parts.push(
                h(
                  'span',
                  { class: 'second', lang: cl, dir: cl === 'fa' ? 'rtl' : 'ltr' },
                  t(cl, 'st_called', { d: localDigits(cur.desk, cl) }),
                ),
              );
            }
            note.replaceChildren(...parts);
          } else {
            note.replaceChildren();
          }
        }
      } else {
        setText($('current-number'), '—');
        setText($('current-desk'), '—');
        if (label.dataset.sig !== l) {
          label.dataset.sig = l;
          label.replaceChildren(deskWord(l));
        }
        const noteSig = `${l}|none`;
        if (note.dataset.sig !== noteSig) {
          note.dataset.sig = noteSig;
          note.replaceChildren(h('span', null, t(l, 'noCalls')));
        }
      }

      // The last calls, newest first (the first is the current one, marked).
      const items = calls.slice(0, 8).map((c, i) =>
        h(
          'li',
          { class: i === 0 ? 'is-current' : null, 'data-ticket': c.ticket_id },
          h(
            'span',
            { class: 'lc-main' },
            h('span', { class: 'lc-num', dir: 'ltr' }, localDigits(c.number, l)),
            Number(c.calls) > 1 ? h('span', { class: 'lc-again' }, t(l, 'calledAgain')) : null,
          ),
          h('span', { class: 'lc-arrow', 'aria-hidden': 'true' }, arrow),
          h('span', { class: 'visually-hidden' }, deskWord(l)),
          h('span', { class: 'lc-desk', dir: 'ltr' }, localDigits(c.desk, l)),
        ),
      );
      const list = $('last-calls');
      if (items.length) list.replaceChildren(...items);
      else list.replaceChildren(h('li', { class: 'd-empty' }, t(l, 'noCalls')));

      // How many wait, per category.
      const cats = Array.isArray(b.categories) ? b.categories : [];
      const wl = $('waiting-list');
      if (cats.length) {
        wl.replaceChildren(
          ...cats.map((c) =>
            h(
              'li',
              { 'data-category': c.code },
              h('span', { class: 'w-code' }, c.code),
              textEl('span', 'w-name', c.names, l, c.code),
              h('span', { class: 'w-count' }, fmtNumber(Number(c.waiting) || 0, l)),
            ),
          ),
        );
      } else {
        wl.replaceChildren(h('li', { class: 'd-empty' }, t(l, 'noWaiting')));
      }
    }

    function flash() {
      const panel = $('d-current');
      panel.classList.remove('flash');
      void panel.offsetWidth; // restart the animation
      panel.classList.add('flash');
      clearTimeout(D.flashTimer);
      D.flashTimer = setTimeout(() => panel.classList.remove('flash'), 3500);
    }

    // -- sound: a chime made with Web Audio, then the spoken call --

    function audioContext() {
      if (!D.audioCtx) {
        const AC = window.AudioContext || window.webkitAudioContext;
        if (!AC) return null;
        try {
          D.audioCtx = new AC();
        } catch {
          return null;
        }
      }
      return D.audioCtx;
    }

    function tone(ctx, freq, start, duration) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(freq, start);
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.35, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + duration);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(start);
      osc.stop(start + duration + 0.05);
    }

    function playChime() {
      return new Promise((resolve) => {
        const ctx = audioContext();
        if (!ctx) {
          resolve();
          return;
        }
        let started = false;
        const go = () => {
          if (started) return;
          started = true;
          try {
            const t0 = ctx.currentTime + 0.05;
            tone(ctx, 880, t0, 0.35); // A5
            tone(ctx, 659.25, t0 + 0.42, 0.55); // E5
          } catch {
            // no sound device: the call is still shown
          }
          setTimeout(resolve, 1100);
        };
        if (ctx.state === 'running') {
          go();
        } else {
          // Without a user gesture resume() may never settle: do not wait for it for long.
          ctx.resume().then(go, resolve);
          setTimeout(() => {
            if (started) return;
            started = true; // a resume that settles later must not chime over the speech
            resolve();
          }, 1500);
        }
      });
    }

    function speak(locale, call) {
      return new Promise((resolve) => {
        let finished = false;
        let timer = 0;
        const finish = () => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          audio.removeEventListener('ended', finish);
          audio.removeEventListener('error', finish);
          if (D.stopSpeech === stop) D.stopSpeech = null;
          resolve();
        };
        const stop = () => {
          try {
            audio.pause();
          } catch {
            // nothing to stop
          }
          finish();
        };
        D.stopSpeech = stop;
        audio.addEventListener('ended', finish);
        audio.addEventListener('error', finish);
        timer = setTimeout(finish, 20000);
        audio.src = `/queue/announce.wav?l=${enc(locale)}&n=${enc(call.number)}&d=${enc(call.desk)}`;
        let played;
        try {
          played = audio.play();
        } catch {
          finish();
          return;
        }
        if (played && typeof played.catch === 'function') played.catch(finish);
      });
    }

    function enqueue(call) {
      D.queue.push(call);
      if (D.queue.length > 6) D.queue.splice(0, D.queue.length - 6);
      pump();
    }

    async function pump() {
      if (D.playing) return;
      D.playing = true;
      try {
        while (D.queue.length) {
          const call = D.queue.shift();
          if (D.prefs.chime) await playChime();
          if (D.prefs.speech) {
            // In the citizen's language (the one the ticket was taken in), then in the
            // office's for everyone else in the room when that is another.
            const langs = [isLocale(call.locale) ? call.locale : D.locale];
            if (langs[0] !== D.locale) langs.push(D.locale);
            for (const l of langs) {
              if (!D.prefs.speech) break;
              await speak(l, call);
            }
          }
          await sleep(400);
        }
      } finally {
        D.playing = false;
      }
    }

    function unlock() {
      const ctx = audioContext();
      if (ctx && ctx.state !== 'running') ctx.resume().catch(() => {});
      overlay.hidden = true;
    }

    function bindToggle(id, key, storeKey) {
      const b = $(id);
      const sync = () => b.setAttribute('aria-pressed', String(D.prefs[key]));
      sync();
      b.addEventListener('click', () => {
        D.prefs[key] = !D.prefs[key];
        storeSet(storeKey, D.prefs[key] ? '1' : '0');
        sync();
        unlock();
        if (key === 'speech' && !D.prefs.speech && D.stopSpeech) D.stopSpeech();
      });
    }

    // -- the connection --

    function connect() {
      if (!office) return;
      if (D.es) D.es.close();
      let es;
      try {
        es = new EventSource(`/queue/${enc(office)}/events`);
      } catch {
        if (!D.errorSince) D.errorSince = Date.now();
        setTimeout(connect, 10000);
        return;
      }
      D.es = es;
      const onBoard = (ev) => {
        let b;
        try {
          b = JSON.parse(ev.data);
        } catch {
          return;
        }
        D.errorSince = 0;
        handleBoard(b);
      };
      es.onmessage = onBoard;
      es.addEventListener('board', onBoard);
      es.addEventListener('ping', () => {
        D.lastDataAt = Date.now();
        D.errorSince = 0;
        updateStale();
      });
      es.onopen = () => {
        D.errorSince = 0;
        updateStale();
      };
      es.onerror = () => {
        if (!D.errorSince) D.errorSince = Date.now();
        updateStale();
        // EventSource retries by itself, unless the server refused it outright.
        if (es.readyState === 2 /* CLOSED */) {
          setTimeout(() => {
            if (D.es === es) connect();
          }, 10000);
        }
      };
    }

    async function loadBoard() {
      if (!office) return;
      try {
        const r = await fetchJson(`/queue/${enc(office)}/board`);
        if (r.ok) handleBoard(r.body);
      } catch {
        // the event stream brings the board as well
      }
    }

    // -- start --

    bindToggle('toggle-chime', 'chime', PREF_CHIME);
    bindToggle('toggle-speech', 'speech', PREF_SPEECH);
    $('enable-sound').addEventListener('click', () => {
      unlock();
      $('toggle-chime').focus();
    });
    // A display started with autoplay allowed (a kiosk browser flag) needs no click.
    const ctx = audioContext();
    if (ctx && ctx.state === 'running') overlay.hidden = true;

    applyLocale();
    setInterval(tick, 5000);
    setInterval(updateStale, 2000);
    loadBoard();
    connect();
  }

  // ---------------------------------------------------------------------------------------
  // Status: the citizen's phone page.
  // ---------------------------------------------------------------------------------------

  function initStatus() {
    const id = params.get('t');
    const POLL_MS = 5000;
    const storeKey = id ? `okno.queue.status.locale.${id}` : null;
    const saved = storeKey ? storeGet(storeKey) : null;
    const S = {
      ticket: null,
      chosen: isLocale(saved) ? saved : null,
      locale: 'en',
      timer: 0,
      inflight: false,
      stopped: false,
      lastOkAt: 0,
      startedAt: Date.now(),
      offline: false,
      errorKey: null,
    };
    S.locale = S.chosen || browserLocale() || 'en';

    const stateEl = $('ticket-state');
    // Its text is written by render() alone (a second writer would make it announce twice).
    stateEl.removeAttribute('data-i18n');

    function stateText(tk, l) {
      const desk = tk.desk == null || tk.desk === '' ? null : localDigits(tk.desk, l);
      switch (tk.state) {
        case 'waiting': {
          const parts = [];
          if (tk.ahead != null) parts.push(t(l, 'aheadN', { n: Number(tk.ahead) }));
          if (tk.estimated_wait_minutes != null) {
            parts.push(t(l, 'aboutMin', { n: Number(tk.estimated_wait_minutes) }));
          }
          return parts.length ? parts.join(t(l, 'listSep')) : t(l, 'st_waiting_plain');
        }
        case 'called':
          return desk ? t(l, 'st_called', { d: desk }) : t(l, 'st_called_any');
        case 'serving':
          return desk ? t(l, 'st_serving', { d: desk }) : t(l, 'st_serving_any');
        case 'done':
          return t(l, 'st_done');
        case 'no_show':
          return t(l, 'st_no_show');
        case 'parked':
          return t(l, 'st_parked');
        default:
          return '';
      }
    }

    function render() {
      const l = S.locale;
      setDocLocale(l);
      applyI18n(l);
      for (const b of document.querySelectorAll('#lang-nav button[data-locale]')) {
        b.setAttribute('aria-pressed', String(b.dataset.locale === l));
      }
      setText($('s-error'), S.errorKey ? t(l, S.errorKey) : '');
      const since = S.lastOkAt || S.startedAt;
      setText($('s-offline'), S.offline ? t(l, 'offline', { time: fmtTime(new Date(since), l) }) : '');

      const tk = S.ticket;
      const card = $('s-card');
      if (!tk) {
        card.hidden = Boolean(S.errorKey);
        if (!S.errorKey) setText(stateEl, t(l, 'loading'));
        $('s-hint').hidden = Boolean(S.errorKey);
        setText($('s-updated'), '');
        document.title = t(l, 'statusTitle');
        return;
      }
      card.hidden = false;
      setText($('s-office'), tk.office_name || '');
      const number = localDigits(tk.number, l);
      setText($('ticket-number'), number);
      const cat = $('ticket-category');
      const p = pickText(tk.category_names, l);
      setText(cat, p.text || tk.category || '');
      markLang(cat, p.text ? p.lang : l, l);

      setText(stateEl, stateText(tk, l));
      if (stateEl.dataset.state !== tk.state) stateEl.dataset.state = tk.state;

      const taken = fmtTime(tk.taken_at, l);
      setText($('s-taken'), taken ? t(l, 'takenAt', { time: taken }) : '');
      setText($('s-updated'), S.lastOkAt ? t(l, 'updatedAt', { time: fmtTime(new Date(S.lastOkAt), l) }) : '');
      $('s-hint').hidden = tk.state === 'done' || tk.state === 'no_show';
      document.title = `${tk.state === 'called' ? '▶ ' : ''}${number} — ${t(l, 'statusTitle')}`;
    }

    function schedule() {
      clearTimeout(S.timer);
      if (!S.stopped) S.timer = setTimeout(poll, POLL_MS);
    }

    async function poll() {
      if (S.inflight || S.stopped) return;
      S.inflight = true;
      clearTimeout(S.timer);
      try {
        const r = await fetchJson(`/queue/ticket/${enc(id)}`);
        if (r.ok && r.body && r.body.number) {
          const before = S.ticket ? S.ticket.state : null;
          S.ticket = r.body;
          S.lastOkAt = Date.now();
          S.offline = false;
          S.errorKey = null;
          if (!S.chosen) S.locale = norm(r.body.locale);
          if (before && before !== 'called' && r.body.state === 'called') {
            try {
              if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
            } catch {
              // no vibration: the page says it
            }
          }
          if (r.body.state === 'done') S.stopped = true;
        } else if (r.status === 404) {
          S.ticket = null;
          S.offline = false;
          S.errorKey = 'notFound';
          S.stopped = true;
        } else {
          S.offline = true;
        }
      } catch {
        S.offline = true;
      } finally {
        S.inflight = false;
      }
      render();
      schedule();
    }

    for (const b of document.querySelectorAll('#lang-nav button[data-locale]')) {
      b.addEventListener('click', () => {
        S.chosen = norm(b.dataset.locale);
        S.locale = S.chosen;
        if (storeKey) storeSet(storeKey, S.chosen);
        render();
      });
    }
    // A phone woken up asks at once instead of waiting for the next turn of the timer.
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && !S.stopped) poll();
    });

    if (!id) {
      S.errorKey = 'noTicket';
      S.stopped = true;
      render();
      return;
    }
    render();
    poll();
  }

  // ---------------------------------------------------------------------------------------
  // Booking: the citizen's own device. Language → service → day → time → the booking code;
  // or a booking found by its code (from the form, or ?code= in the address) to move or
  // cancel.
  // ---------------------------------------------------------------------------------------

  function initBook() {
    const office = params.get('office');
    const codeParam = normCode(params.get('code'));
    const STEPS = ['language', 'service', 'date', 'slot', 'booking'];
    const DAYS = 14;
    const PREF = 'okno.book.locale';
    const saved = storeGet(PREF);
    const B = {
      info: null,
      officeLocale: 'en',
      locale: null, // the citizen's choice (or the booking's language, for a ?code= link)
      fallback: browserLocale(),
      step: null,
      returnTo: null, // the step a language change goes back to
      mode: 'book', // 'book' a new appointment, or 'move' the one shown
      service: null, // the service's code
      serviceNames: null,
      notBookable: new Set(),
      date: null, // YYYY-MM-DD
      slots: null, // null while loading
      slotsErrorKey: null,
      slotsSeq: 0,
      appt: null, // the PublicAppointment shown
      headingKey: 'bookingHeading',
      confirmCancel: false,
      busyKey: null,
      errorKey: null,
      loadErrorKey: null,
      infoTimer: 0,
    };

    const errorBox = $('book-error');
    const busyBox = $('book-busy');
    const codeInput = $('booking-code-input');
    const ui = () => B.locale || B.fallback || B.officeLocale;
    // The office a booking's slots are asked at: the booking's own when the server names it.
    const apptOffice = () => {
      if (B.appt && B.appt.office_id) return B.appt.office_id;
      // A booking of another office than the page's (told by its name) cannot be moved here.
      const here = B.info && B.info.office_name;
      if (B.appt && here && B.appt.office_name && B.appt.office_name !== here) return null;
      return office;
    };
    const slotOffice = () => (B.mode === 'move' ? apptOffice() : office);

    // -- dates: in the browser's time zone; Persian in the Persian calendar, Persian digits --

    const dateTag = (l) => (l === 'fa' ? 'fa-IR-u-ca-persian' : TAGS[l] || 'en-GB');

    function fmtDate(value, l, opts) {
      const d = value instanceof Date ? value : new Date(value);
      if (Number.isNaN(d.getTime())) return '';
      try {
        return localDigits(new Intl.DateTimeFormat(dateTag(l), opts).format(d), l);
      } catch {
        return localDigits(isoDay(d), l);
      }
    }

    function isoDay(d) {
      const p = (n) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    }

    /** The next 14 days from today, at noon (clear of any daylight-saving change). */
    function nextDays() {
      const now = new Date();
      return Array.from({ length: DAYS }, (_, i) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + i, 12));
    }

    function dayFromIso(iso) {
      const [y, m, d] = String(iso).split('-').map(Number);
      return new Date(y, m - 1, d, 12);
    }

    /** Whether the office's opening hours (when known) have the day's weekday open at all. */
    function openOn(d) {
      const days = B.info && B.info.opening_hours && Array.isArray(B.info.opening_hours.days) ? B.info.opening_hours.days : [];
      if (!days.length || slotOffice() !== office) return true; // unknown (or another office's): ask the server
      const weekday = ((d.getDay() + 6) % 7) + 1; // 1 = Monday … 7 = Sunday
      return days.some((x) => Number(x.weekday) === weekday && Array.isArray(x.spans) && x.spans.length > 0);
    }

    function relativeDay(i, l) {
      if (i > 1) return '';
      try {
        return new Intl.RelativeTimeFormat(TAGS[l] || 'en-GB', { numeric: 'auto' }).format(i, 'day');
      } catch {
        return '';
      }
    }

    /** Weekday and date with the year. Persian is put together from its parts: some ICU
     *  builds order the whole Persian pattern oddly ("۱۴۰۵ آذر ۱۷, سه‌شنبه"). */
    function longDay(value, l) {
      if (l === 'fa') {
        const week = fmtDate(value, l, { weekday: 'long' });
        const date = fmtDate(value, l, { day: 'numeric', month: 'long', year: 'numeric' });
        return week && date ? `${week} ${date}` : date;
      }
      return fmtDate(value, l, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    }
    const timeRange = (a, l) => t(l, 'timeRange', { from: fmtTime(a.starts_at, l), to: fmtTime(a.ends_at, l) });
    const sameInstant = (x, y) => {
      const a = Date.parse(x);
      return !Number.isNaN(a) && a === Date.parse(y);
    };

    // -- page state --

    function showErrors() {
      const key = B.errorKey || B.loadErrorKey;
      setText(errorBox, key ? t(ui(), key) : '');
    }

    function setError(key) {
      B.errorKey = key;
      showErrors();
      if (key) errorBox.scrollIntoView({ block: 'nearest' });
    }

    function setBusy(key) {
      B.busyKey = key;
      setText(busyBox, key ? t(ui(), key) : '');
      document.body.classList.toggle('is-busy', Boolean(key));
      for (const b of document.querySelectorAll('#main button')) {
        if (key) b.setAttribute('aria-disabled', 'true');
        else if (!(b.dataset.service && B.notBookable.has(b.dataset.service))) b.removeAttribute('aria-disabled');
      }
    }

    function officeName() {
      return (B.info && B.info.office_name) || (B.appt && B.appt.office_name) || '';
    }

    function applyLocale() {
      const l = ui();
      setDocLocale(l);
      applyI18n(l);
      const name = officeName();
      setText($('office-name'), name);
      document.title = name ? `${t(l, 'bookTitle')} — ${name}` : t(l, 'bookTitle');
      showErrors();
      if (B.busyKey) setText(busyBox, t(l, B.busyKey));
      renderServices();
      if (B.service) renderDates();
      if (B.date) renderSlots();
      if (B.appt) renderBooking();
    }

    function showStep(name, focus = true) {
      B.step = name;
      for (const s of STEPS) $(`step-${s}`).hidden = s !== name;
      window.scrollTo(0, 0);
      if (focus) {
        const heading = $(`h-${name}`);
        if (heading) heading.focus({ preventScroll: true });
      }
    }

    /** Keeps the booking's code in the address, so that a reload or a bookmark shows it again. */
    function setAddressCode(code) {
      try {
        const u = new URL(location.href);
        if (code) u.searchParams.set('code', code);
        else u.searchParams.delete('code');
        history.replaceState(null, '', u.pathname + u.search + u.hash);
      } catch {
        // an address that cannot be changed keeps the old one
      }
    }

    function bookErrorKey(r) {
      const code = r.body && typeof r.body.code === 'string' ? r.body.code : '';
      if (r.status === 429 || code === 'too_many_requests') return 'err_book_busy';
      switch (code) {
        case 'slot_taken':
        case 'not_a_slot':
        case 'not_bookable':
        case 'unknown_booking':
        case 'booking_used':
          return `err_${code}`;
        case 'not_found':
          return 'err_book_not_found';
        default:
          return 'err_book_generic';
      }
    }

    function post(url, data) {
      return fetchJson(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(data || {}),
      });
    }

    // -- language --

    function chooseLanguage(l) {
      B.locale = norm(l);
      storeSet(PREF, B.locale);
      B.errorKey = null;
      applyLocale();
      const back = B.returnTo;
      B.returnTo = null;
      showStep(back && back !== 'language' ? back : 'service');
    }

    function openLanguage() {
      if (B.busyKey) return;
      B.returnTo = B.step;
      B.errorKey = null;
      showErrors();
      showStep('language');
    }

    // -- services --

    function renderServices() {
      const box = $('book-services');
      const l = ui();
      if (!office) {
        box.replaceChildren(h('li', { class: 'empty' }, t(l, 'bookNeedsOffice')));
        return;
      }
      if (!B.info) {
        box.replaceChildren(h('li', { class: 'empty' }, B.loadErrorKey ? '' : t(l, 'loading')));
        return;
      }
      const list = Array.isArray(B.info.services) ? B.info.services : [];
      if (!list.length) {
        box.replaceChildren(h('li', { class: 'empty' }, t(l, 'noServices')));
        return;
      }
      const currency = B.info.currency || 'EUR';
      const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.service : undefined;
      const items = list.map((s, i) => {
        const noteId = `svc-note-${i}`;
        const fee = Number(s.fee_minor) || 0;
        const off = B.notBookable.has(s.code);
        const b = h(
          'button',
          {
            type: 'button',
            class: 'svc',
            'data-service': s.code,
            'aria-describedby': noteId,
            'aria-disabled': off || B.busyKey ? 'true' : null,
          },
          textEl('span', 'svc-name', s.names, l, s.code),
          h('span', { class: 'svc-fee' }, `${t(l, 'fee')}: ${fee > 0 ? fmtMoney(fee, currency, l) : t(l, 'free')}`),
        );
        b.addEventListener('click', () => chooseService(s, b));
        return h(
          'li',
          { class: 'svc-item' },
          b,
          h('p', { id: noteId, class: 'svc-note', 'aria-live': 'polite' }, off ? t(l, 'err_not_bookable') : ''),
        );
      });
      box.replaceChildren(...items);
      if (focused) {
        const again = box.querySelector(`button[data-service="${CSS.escape(focused)}"]`);
        if (again) again.focus();
      }
    }

    /** Whether the service takes appointments is the slots' answer: 400 not_bookable if not. */
    async function chooseService(s, button) {
      if (B.busyKey) return;
      const note = button.parentElement ? button.parentElement.querySelector('.svc-note') : null;
      if (B.notBookable.has(s.code)) {
        // Said again, for whoever missed it.
        if (note) {
          setText(note, '');
          setTimeout(() => setText(note, t(ui(), 'err_not_bookable')), 50);
        }
        return;
      }
      setError(null);
      const day = isoDay(nextDays()[0]);
      setBusy('loading');
      try {
        const r = await fetchJson(`/queue/${enc(office)}/slots?service=${enc(s.code)}&date=${enc(day)}`);
        setBusy(null);
        if (r.ok && Array.isArray(r.body)) {
          B.mode = 'book';
          B.service = s.code;
          B.serviceNames = s.names;
          B.date = null;
          renderDates();
          showStep('date');
        } else if (r.status === 400 && r.body && r.body.code === 'not_bookable') {
          B.notBookable.add(s.code);
          button.setAttribute('aria-disabled', 'true');
          if (note) setText(note, t(ui(), 'err_not_bookable'));
        } else {
          setError(bookErrorKey(r));
        }
      } catch {
        setBusy(null);
        setError('err_book_load');
      }
    }

    // -- days --

    function serviceLine(l) {
      const p = pickText(B.serviceNames, l);
      return [`${t(l, 'service')}: `, markLang(h('span', null, p.text || B.service || ''), p.text ? p.lang : l, l)];
    }

    function renderDates() {
      const l = ui();
      $('date-service').replaceChildren(...serviceLine(l));
      const current = $('date-current');
      const moving = B.mode === 'move' && B.appt;
      current.hidden = !moving;
      setText(current, moving ? t(l, 'nowBooked', { when: `${longDay(B.appt.starts_at, l)}${t(l, 'listSep')}${timeRange(B.appt, l)}` }) : '');
      const buttons = nextDays().map((d, i) => {
        const iso = isoDay(d);
        const open = openOn(d);
        const rel = open ? relativeDay(i, l) : t(l, 'closedDay');
        const b = h(
          'button',
          { type: 'button', class: B.date === iso ? 'day is-chosen' : 'day', 'data-date': iso, disabled: !open },
          h('span', { class: 'day-week' }, fmtDate(d, l, { weekday: 'long' })),
          h('span', { class: 'day-date' }, fmtDate(d, l, { day: 'numeric', month: 'long' })),
          rel ? h('span', { class: 'day-note' }, rel) : null,
        );
        b.addEventListener('click', () => chooseDate(iso));
        return b;
      });
      $('dates').replaceChildren(...buttons);
    }

    function chooseDate(iso) {
      if (B.busyKey) return;
      setError(null);
      B.date = iso;
      B.slots = null;
      renderSlots();
      showStep('slot');
      loadSlots();
    }

    // -- slots --

    async function loadSlots() {
      const seq = ++B.slotsSeq;
      const where = slotOffice();
      B.slots = null;
      B.slotsErrorKey = null;
      renderSlots();
      try {
        const r = await fetchJson(`/queue/${enc(where)}/slots?service=${enc(B.service)}&date=${enc(B.date)}`);
        if (seq !== B.slotsSeq) return;
        if (r.ok && Array.isArray(r.body)) {
          B.slots = r.body;
        } else {
          B.slots = [];
          B.slotsErrorKey = bookErrorKey(r);
        }
      } catch {
        if (seq !== B.slotsSeq) return;
        B.slots = [];
        B.slotsErrorKey = 'err_book_load';
      }
      const hadFocus = document.activeElement && $('slots').contains(document.activeElement);
      renderSlots();
      if (B.step === 'slot' && (hadFocus || document.activeElement === document.body)) {
        const first = $('slots').querySelector('button:not([disabled])');
        (first || $('h-slot')).focus({ preventScroll: true });
      }
    }

    function renderSlots() {
      const l = ui();
      const summary = $('slot-summary');
      summary.replaceChildren(...serviceLine(l), h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '), B.date ? longDay(dayFromIso(B.date), l) : '');
      const status = $('slots-status');
      const box = $('slots');
      if (B.slots == null) {
        setText(status, t(l, 'loading'));
        box.replaceChildren();
        return;
      }
      if (B.slotsErrorKey) {
        setText(status, t(l, B.slotsErrorKey));
        box.replaceChildren();
        return;
      }
      const moving = B.mode === 'move' && B.appt;
      const isCurrent = (s) => moving && sameInstant(s.starts_at, B.appt.starts_at);
      const open = B.slots.filter((s) => Number(s.free) > 0 && !isCurrent(s)).length;
      setText(status, open ? t(l, 'freeSlotsN', { n: open }) : t(l, 'noSlots'));
      const buttons = B.slots.map((s) => {
        const current = isCurrent(s);
        const full = !current && !(Number(s.free) > 0);
        const b = h(
          'button',
          {
            type: 'button',
            class: current ? 'slot is-current' : 'slot',
            'data-slot': String(s.starts_at),
            disabled: full || current,
            'aria-disabled': B.busyKey ? 'true' : null,
          },
          h('span', { class: 'slot-time' }, fmtTime(s.starts_at, l)),
          full ? h('span', { class: 'slot-note' }, t(l, 'slotFull')) : null,
          current ? h('span', { class: 'slot-note' }, t(l, 'slotCurrent')) : null,
        );
        b.addEventListener('click', () => pickSlot(s));
        return b;
      });
      box.replaceChildren(...buttons);
    }

    async function pickSlot(s) {
      if (B.busyKey) return;
      const moving = B.mode === 'move' && B.appt;
      setError(null);
      setBusy(moving ? 'moving' : 'booking');
      try {
        const r = moving
          ? await post(`/queue/appointment/${enc(B.appt.code)}/move`, { starts_at: s.starts_at })
          : await post(`/queue/${enc(office)}/appointments`, { service: B.service, starts_at: s.starts_at, locale: ui() });
        setBusy(null);
        if (r.ok && r.body && r.body.code) {
          B.mode = 'book';
          showBooking(r.body, moving ? 'movedHeading' : 'bookedHeading');
        } else {
          setError(bookErrorKey(r));
          loadSlots();
        }
      } catch {
        setBusy(null);
        setError('err_book_generic');
        loadSlots();
      }
    }

    // -- the booking --

    function showBooking(appt, headingKey) {
      B.appt = appt;
      B.headingKey = headingKey;
      B.confirmCancel = false;
      if (!B.locale) B.locale = norm(appt.locale);
      setAddressCode(appt.code);
      applyLocale();
      showStep('booking');
    }

    function renderBooking() {
      const a = B.appt;
      if (!a) return;
      const l = ui();
      const booked = a.state === 'booked';
      setText($('h-booking'), t(l, B.headingKey));
      setText($('booking-office'), a.office_name || officeName());
      setText($('booking-code'), String(a.code || ''));
      $('booking-card').classList.toggle('is-cancelled', a.state === 'cancelled');
      const state = a.state === 'cancelled' ? 'bk_state_cancelled' : a.state === 'checked_in' ? 'bk_state_checked_in' : null;
      const stateEl = $('booking-state');
      setText(stateEl, state ? t(l, state) : '');
      stateEl.hidden = !state;
      const svc = $('booking-service');
      const p = pickText(a.service_names, l);
      setText(svc, p.text || a.service || '');
      markLang(svc, p.text ? p.lang : l, l);
      setText($('booking-date'), longDay(a.starts_at, l));
      setText($('booking-time'), timeRange(a, l));
      $('booking-bring').hidden = !booked;

      // Moving needs the office (the slots are asked there); a ?code= link without it cannot.
      $('btn-move').hidden = !booked || !apptOffice() || !a.service;
      $('btn-cancel').hidden = !booked || B.confirmCancel;
      $('cancel-question').hidden = !booked || !B.confirmCancel;
      $('btn-cancel-yes').hidden = !booked || !B.confirmCancel;
      $('btn-cancel-no').hidden = !booked || !B.confirmCancel;
      $('btn-book-new').hidden = !office;
    }

    async function findBooking(raw, fromAddress = false) {
      if (B.busyKey) return;
      const code = normCode(raw);
      if (!code) {
        setError('err_code_empty');
        codeInput.focus();
        return;
      }
      setError(null);
      setBusy('finding');
      try {
        const r = await fetchJson(`/queue/appointment/${enc(code)}`);
        setBusy(null);
        if (r.ok && r.body && r.body.code) {
          B.mode = 'book';
          codeInput.value = '';
          showBooking(r.body, 'bookingHeading');
          return;
        }
        setError(bookErrorKey(r));
      } catch {
        setBusy(null);
        setError('err_book_load');
      }
      if (fromAddress) {
        // The link's code is not (or no longer) a booking: offer the form, with the code in it.
        setAddressCode(null);
        codeInput.value = code;
        applyLocale();
        showStep('service', false);
        codeInput.focus();
      } else {
        codeInput.focus();
        codeInput.select();
      }
    }

    function startMove() {
      if (B.busyKey || !B.appt || B.appt.state !== 'booked' || !apptOffice()) return;
      setError(null);
      B.mode = 'move';
      B.service = B.appt.service;
      B.serviceNames = B.appt.service_names;
      B.date = null;
      B.confirmCancel = false;
      renderDates();
      showStep('date');
    }

    function askCancel(on) {
      if (B.busyKey) return;
      B.confirmCancel = on;
      renderBooking();
      (on ? $('btn-cancel-yes') : $('btn-cancel')).focus();
    }

    async function cancelBooking() {
      if (B.busyKey || !B.appt) return;
      setError(null);
      setBusy('cancelling');
      try {
        const r = await post(`/queue/appointment/${enc(B.appt.code)}/cancel`);
        setBusy(null);
        if (r.ok && r.body && r.body.code) {
          showBooking(r.body, 'cancelledHeading');
          return;
        }
        setError(bookErrorKey(r));
        B.confirmCancel = false;
        renderBooking();
        $('h-booking').focus({ preventScroll: true });
        if (r.body && r.body.code === 'booking_used') refreshBooking();
      } catch {
        setBusy(null);
        setError('err_book_generic');
        B.confirmCancel = false;
        renderBooking();
        $('h-booking').focus({ preventScroll: true });
      }
    }

    /** The booking as it is now (after a refusal said it changed meanwhile). */
    async function refreshBooking() {
      if (!B.appt) return;
      try {
        const r = await fetchJson(`/queue/appointment/${enc(B.appt.code)}`);
        if (r.ok && r.body && r.body.code === B.appt.code) {
          B.appt = r.body;
          renderBooking();
        }
      } catch {
        // what is shown stays; the error says what happened
      }
    }

    function bookAnother() {
      if (B.busyKey) return;
      setError(null);
      B.mode = 'book';
      B.appt = null;
      B.service = null;
      B.serviceNames = null;
      B.date = null;
      B.confirmCancel = false;
      setAddressCode(null);
      renderServices();
      showStep('service');
    }

    // -- the office's services --

    async function loadInfo() {
      clearTimeout(B.infoTimer);
      if (!office) return;
      try {
        const r = await fetchJson(`/queue/${enc(office)}/info`);
        if (r.ok && r.body && typeof r.body === 'object') {
          B.info = r.body;
          B.officeLocale = norm(r.body.office_locale);
          B.loadErrorKey = null;
          applyLocale();
          return;
        }
        B.loadErrorKey = r.status === 404 ? 'err_book_not_found' : 'err_book_load';
      } catch {
        B.loadErrorKey = 'err_book_load';
      }
      applyLocale();
      if (B.loadErrorKey !== 'err_book_not_found') B.infoTimer = setTimeout(loadInfo, 10000);
    }

    // -- wiring --

    for (const b of document.querySelectorAll('#step-language button[data-locale]')) {
      b.addEventListener('click', () => chooseLanguage(b.dataset.locale));
    }
    $('btn-service-language').addEventListener('click', openLanguage);
    $('btn-booking-language').addEventListener('click', openLanguage);
    $('find-form').addEventListener('submit', (e) => {
      e.preventDefault();
      findBooking(codeInput.value);
    });
    $('btn-date-back').addEventListener('click', () => {
      if (B.busyKey) return;
      setError(null);
      if (B.mode === 'move' && B.appt) {
        B.mode = 'book';
        renderBooking();
        showStep('booking');
      } else {
        showStep('service');
      }
    });
    $('btn-slot-back').addEventListener('click', () => {
      if (B.busyKey) return;
      setError(null);
      B.slotsSeq += 1; // a late answer for this day is not wanted any more
      renderDates();
      showStep('date');
    });
    $('btn-move').addEventListener('click', startMove);
    $('btn-cancel').addEventListener('click', () => askCancel(true));
    $('btn-cancel-no').addEventListener('click', () => askCancel(false));
    $('btn-cancel-yes').addEventListener('click', cancelBooking);
    $('btn-book-new').addEventListener('click', bookAnother);

    loadInfo();
    if (codeParam) {
      // A link to a booking opens it at once, in the language chosen before or the booking's.
      if (isLocale(saved)) B.locale = saved;
      applyLocale();
      findBooking(codeParam, true);
    } else {
      applyLocale();
      showStep('language', false);
    }
  }

  // ---------------------------------------------------------------------------------------

  function start() {
    const page = document.body && document.body.dataset.page;
    if (page === 'kiosk') initKiosk();
    else if (page === 'display') initDisplay();
    else if (page === 'status') initStatus();
    else if (page === 'book') initBook();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
