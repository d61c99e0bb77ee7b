/* The queue's kiosk page (see common.js for the shared helpers). */
import {
  LOCALES, TAGS, STRINGS, $, isLocale, norm, enc, sleep, params, pluralCache, pluralCategory, fmtNumber, localDigits, t, setDocLocale, setText, applyI18n, h, pickText, markLang, textEl, fmtTime, fmtMoney, fetchJson, storeGet, storeSet, normCode, browserLocale,
} from './common.js';

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
    feedback: false, // the office takes feedback (GET /feedback/<office>/form answered)
    survey: false, // … and has a resident survey published today
    feedbackTimer: 0,
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
    renderFeedbackLinks();
  }

  // -- feedback and the resident survey: links to their pages, in the chosen language --

  function renderFeedbackLinks() {
    const l = ui();
    const fb = $('btn-feedback');
    const sv = $('btn-survey');
    fb.hidden = !(office && K.feedback);
    sv.hidden = !(office && K.feedback && K.survey);
    if (!office) return;
    fb.href = `/feedback?office=${enc(office)}&kiosk=1&lang=${enc(l)}`;
    sv.href = `/survey?office=${enc(office)}&kiosk=1&lang=${enc(l)}`;
  }

  async function loadFeedback() {
    clearTimeout(K.feedbackTimer);
    if (!office) return;
    try {
      const r = await fetchJson(`/feedback/${enc(office)}/form`);
      if (r.ok && r.body && typeof r.body === 'object') {
        K.feedback = true;
        K.survey = Boolean(r.body.survey);
      } else if (r.status === 404 || r.status === 403) {
        K.feedback = false; // the office takes no feedback here
        K.survey = false;
      }
    } catch {
      // unreachable: keep what was known
    }
    renderFeedbackLinks();
    K.feedbackTimer = setTimeout(loadFeedback, 10 * 60000);
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
    loadFeedback(); // a survey may have been published (or ended) since
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
  loadFeedback();
}


initKiosk();
