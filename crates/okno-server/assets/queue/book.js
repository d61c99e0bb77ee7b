/* The queue's booking page (see common.js for the shared helpers). */
import {
  LOCALES, TAGS, STRINGS, $, isLocale, norm, enc, sleep, params, pluralCache, pluralCategory, fmtNumber, localDigits, t, setDocLocale, setText, applyI18n, h, pickText, markLang, textEl, fmtTime, fmtMoney, fetchJson, storeGet, storeSet, normCode, browserLocale,
} from './common.js';

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


initBook();
