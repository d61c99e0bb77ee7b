/* The feedback form (see shared.js for the shared helpers and the routes). */
import {
  $, norm, enc, sleep, params, localDigits, setDocLocale, setText, h, pickText, markLang, fetchJson,
  browserLocale, t, applyI18n, fmtDay, errorCode, errKey, errorField, charCount, langParam, kioskUrl, kioskIdle, loadForm,
} from './shared.js';

// ---------------------------------------------------------------------------------------
// Feedback: language (unless ?lang=) → the form → the number and the status page. Each
// refusal is shown at its field in the chosen language and the focus moved there; what was
// typed is never cleared by a refusal, a language change or a renewed token.
// ---------------------------------------------------------------------------------------

function initFeedback() {
  const office = params.get('office');
  const kiosk = params.get('kiosk') === '1';
  const ticket = (params.get('ticket') || '').trim() || null;
  const STEPS = ['language', 'form', 'done'];
  const NEEDS_CONTACT = new Set(['question', 'callback']);
  const MIN_MS = 3200; // the server refuses a form sent sooner than 3 s after it was loaded
  const F = {
    form: null, // GET /form's answer
    loadedAt: 0, // when its token was given
    officeLocale: 'en',
    locale: langParam(), // the citizen's choice; null until made
    step: null,
    busy: false,
    errors: {}, // field → {key, vars}
    errorKey: null, // a refusal that belongs to no field
    loadErrorKey: null,
    dropTicket: false, // the server did not know the ticket: send without it next time
    ticketNumber: null,
    result: null, // the 201 answer
  };
  const ui = () => F.locale || F.officeLocale;
  let idle = null; // at a kiosk: (re)starts the countdown back to the kiosk's start
  const maxDesc = () => (F.form && Number(F.form.max_description) > 0 ? Number(F.form.max_description) : 4000);
  const errorBox = $('fb-error');
  const busyBox = $('fb-busy');
  const formEl = $('fb-form');
  const desc = $('fb-description');

  const radios = (name) => Array.from(formEl.querySelectorAll(`input[type="radio"][name="${name}"]`));
  const checked = (name) => {
    const r = radios(name).find((x) => x.checked);
    return r ? r.value : null;
  };
  const firstOf = (name) => radios(name).find((x) => x.checked) || radios(name).find((x) => !x.closest('[hidden]'));

  /** Where each refusal is shown: the field's control(s) and its error text. */
  const FIELDS = {
    kind: { controls: () => radios('kind'), focus: () => firstOf('kind'), err: 'err-kind' },
    about: { controls: () => radios('about'), focus: () => firstOf('about'), err: 'err-about' },
    service_code: { controls: () => [$('fb-service')], err: 'err-service', about: 'service' },
    agency_code: { controls: () => [$('fb-agency')], err: 'err-agency', about: 'agency' },
    desk: { controls: () => [$('fb-desk')], err: 'err-desk', about: 'desk' },
    description: { controls: () => [desc], err: 'err-description' },
    name: { controls: () => [$('fb-name')], err: 'err-name', contact: true },
    email: { controls: () => [$('fb-email')], err: 'err-email', contact: true },
    phone: { controls: () => [$('fb-phone')], err: 'err-phone', contact: true },
  };

  // -- the page's state on screen --

  function showErrors() {
    const l = ui();
    const key = F.errorKey || F.loadErrorKey;
    setText(errorBox, key ? t(l, key) : '');
    for (const [field, def] of Object.entries(FIELDS)) {
      const e = F.errors[field];
      setText($(def.err), e ? t(l, e.key, e.vars) : '');
      for (const c of def.controls()) {
        if (e) c.setAttribute('aria-invalid', 'true');
        else c.removeAttribute('aria-invalid');
      }
    }
  }

  function setGeneralError(key) {
    F.errorKey = key;
    showErrors();
    if (key) errorBox.scrollIntoView({ block: 'nearest' });
  }

  function clearFieldError(field) {
    if (!F.errors[field]) return;
    delete F.errors[field];
    showErrors();
  }

  /** Shows refusals at their fields (revealing a hidden one) and moves the focus to the first. */
  function showFieldErrors(list) {
    F.errors = {};
    for (const { field, key, vars } of list) if (!F.errors[field]) F.errors[field] = { key, vars };
    const first = list[0] && FIELDS[list[0].field];
    if (first && first.about) setAbout(first.about);
    if (list.some((e) => FIELDS[e.field] && FIELDS[e.field].contact)) setContact('with');
    showErrors();
    if (first) {
      const el = first.focus ? first.focus() : first.controls()[0];
      if (el) {
        el.focus();
        el.scrollIntoView({ block: 'center' });
      }
    }
  }

  function setBusy(on) {
    F.busy = on;
    setText(busyBox, on ? t(ui(), 'sending') : '');
    document.body.classList.toggle('is-busy', on);
    const send = $('btn-send');
    if (on) send.setAttribute('aria-disabled', 'true');
    else send.removeAttribute('aria-disabled');
  }

  function applyLocale() {
    const l = ui();
    setDocLocale(l);
    applyI18n(l);
    const name = F.form && F.form.office ? F.form.office.name || '' : '';
    setText($('office-name'), name);
    document.title = name ? `${t(l, 'fbTitle')} — ${name}` : t(l, 'fbTitle');
    showErrors();
    if (F.busy) setText(busyBox, t(l, 'sending'));
    renderLists();
    renderCount(false);
    renderTicketNote();
    if (F.result) renderDone();
  }

  function showStep(name, focus = true) {
    F.step = name;
    for (const s of STEPS) $(`step-${s}`).hidden = s !== name;
    window.scrollTo(0, 0);
    if (focus) {
      const heading = $(`h-${name}`);
      if (heading) heading.focus({ preventScroll: true });
    }
    if (idle) idle(name === 'form' ? 180000 : 60000);
  }

  // -- the services and agencies: the office's lists, named in the chosen language --

  function fillSelect(select, items) {
    const l = ui();
    const value = select.value;
    const options = [h('option', { value: '' }, t(l, 'choose'))];
    for (const it of items) {
      const p = pickText(it.names, l);
      options.push(markLang(h('option', { value: it.code }, p.text || it.code), p.text ? p.lang : l, l));
    }
    select.replaceChildren(...options);
    select.value = items.some((it) => it.code === value) ? value : '';
  }

  function renderLists() {
    const services = F.form && Array.isArray(F.form.services) ? F.form.services : [];
    const agencies = F.form && Array.isArray(F.form.agencies) ? F.form.agencies : [];
    fillSelect($('fb-service'), services);
    fillSelect($('fb-agency'), agencies);
    // An office without services (or agencies) does not offer to choose one.
    $('choice-service').hidden = Boolean(F.form) && !services.length && checked('about') !== 'service';
    $('choice-agency').hidden = Boolean(F.form) && !agencies.length && checked('about') !== 'agency';
  }

  function setAbout(value) {
    const r = radios('about').find((x) => x.value === value);
    if (r && !r.checked) r.checked = true;
    renderAbout();
  }

  function renderAbout() {
    const about = checked('about');
    $('about-service').hidden = about !== 'service';
    $('about-agency').hidden = about !== 'agency';
    $('about-desk').hidden = about !== 'desk';
    $('about-staff').hidden = about !== 'staff';
  }

  function setContact(value) {
    const r = radios('contact').find((x) => x.value === value);
    if (r && !r.checked) r.checked = true;
    renderContact();
  }

  function renderContact() {
    const withDetails = checked('contact') === 'with';
    $('contact-fields').hidden = !withDetails;
    $('contact-needed').hidden = !NEEDS_CONTACT.has(checked('kind'));
  }

  // -- the description's count: shown always, announced only near and over the limit --

  let countBand = 'ok';
  function renderCount(announce = true) {
    const l = ui();
    const n = charCount(desc.value);
    const max = maxDesc();
    const counter = $('desc-count');
    setText(counter, t(l, 'charCount', { n, max }));
    counter.classList.toggle('over', n > max);
    const left = max - n;
    const band = left < 0 ? 'over' : left === 0 ? 'full' : left <= 100 ? 'near' : 'ok';
    const live = $('desc-live');
    if (band === 'ok') setText(live, '');
    else if (announce && band !== countBand) {
      setText(live, left < 0 ? t(l, 'charsOver', { n: -left }) : t(l, 'charsLeft', { n: left }));
    }
    countBand = band;
  }

  // -- the ticket the message is linked to (from a ticket's status page) --

  function renderTicketNote() {
    const note = $('ticket-note');
    const show = Boolean(ticket && F.ticketNumber && !F.dropTicket);
    note.hidden = !show;
    setText(note, show ? t(ui(), 'ticketNote', { number: localDigits(F.ticketNumber, ui()) }) : '');
  }

  async function loadTicket() {
    if (!ticket) return;
    try {
      const r = await fetchJson(`/queue/ticket/${enc(ticket)}`);
      if (r.ok && r.body && r.body.number) {
        F.ticketNumber = String(r.body.number);
        renderTicketNote();
      }
    } catch {
      // the note is a courtesy: the message is linked by the ticket's id all the same
    }
  }

  // -- the form's lists and token --

  async function refreshForm() {
    if (!office) {
      F.loadErrorKey = 'err_no_office';
      showErrors();
      return false;
    }
    try {
      const r = await loadForm(office);
      if (r.ok && r.body && typeof r.body.token === 'string') {
        F.form = r.body;
        F.loadedAt = Date.now();
        F.officeLocale = norm(r.body.office && r.body.office.locale);
        F.loadErrorKey = null;
        applyLocale();
        return true;
      }
      if (!F.form) F.loadErrorKey = r.status === 404 ? 'err_office_not_found' : 'err_load';
    } catch {
      if (!F.form) F.loadErrorKey = 'err_load';
    }
    showErrors();
    return false;
  }

  // -- sending --

  const value = (id) => $(id).value.trim();

  function validate() {
    const errs = [];
    const kind = checked('kind');
    const about = checked('about');
    if (!kind) errs.push({ field: 'kind', key: 'err_choose_kind' });
    if (about === 'service' && !$('fb-service').value) errs.push({ field: 'service_code', key: 'err_choose_service' });
    if (about === 'agency' && !$('fb-agency').value) errs.push({ field: 'agency_code', key: 'err_choose_agency' });
    if (about === 'desk' && !value('fb-desk')) errs.push({ field: 'desk', key: 'err_desk_needed' });
    const n = charCount(desc.value.trim());
    if (!n) errs.push({ field: 'description', key: 'err_missing_description' });
    else if (n > maxDesc()) errs.push({ field: 'description', key: 'err_too_long_description', vars: { max: maxDesc() } });
    const withDetails = checked('contact') === 'with';
    if (NEEDS_CONTACT.has(kind) && (!withDetails || (!value('fb-email') && !value('fb-phone')))) {
      errs.push({ field: 'email', key: 'err_contact_needed' });
    }
    return errs;
  }

  function body() {
    const about = checked('about');
    const withDetails = checked('contact') === 'with';
    const orNull = (v) => (v ? v : null);
    return {
      kind: checked('kind'),
      about,
      service_code: about === 'service' ? orNull($('fb-service').value) : null,
      agency_code: about === 'agency' ? orNull($('fb-agency').value) : null,
      desk: about === 'desk' ? orNull(value('fb-desk')) : null,
      description: desc.value.trim(),
      locale: ui(),
      name: withDetails ? orNull(value('fb-name')) : null,
      email: withDetails ? orNull(value('fb-email')) : null,
      phone: withDetails ? orNull(value('fb-phone')) : null,
      ticket: ticket && !F.dropTicket ? ticket : null,
      channel: kiosk ? 'kiosk' : 'public_page',
      token: F.form ? F.form.token : '',
      website: $('fb-website').value,
    };
  }

  async function submit() {
    if (F.busy) return;
    F.errorKey = null;
    const errs = validate();
    if (errs.length) {
      showFieldErrors(errs);
      return;
    }
    F.errors = {};
    showErrors();
    setBusy(true);
    try {
      if (!F.form && !(await refreshForm())) {
        setGeneralError(F.loadErrorKey || 'err_load');
        return;
      }
      const wait = F.loadedAt + MIN_MS - Date.now();
      if (wait > 0) await sleep(wait);
      const r = await fetchJson(`/feedback/${enc(office)}/items`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body()),
      });
      if (r.ok && r.body && r.body.number) {
        F.result = r.body;
        renderDone();
        showStep('done');
      } else {
        await refused(r);
      }
    } catch {
      setGeneralError('err_load');
    } finally {
      setBusy(false);
    }
  }

  async function refused(r) {
    const code = errorCode(r);
    const field = errorField(r);
    switch (code) {
      case 'form_expired':
        // A new token; the text stays where it is and the citizen sends again.
        await refreshForm();
        setGeneralError('err_form_expired');
        return;
      case 'too_fast':
        setGeneralError('err_too_fast');
        return;
      case 'unknown_ticket':
        F.dropTicket = true;
        renderTicketNote();
        setGeneralError('err_unknown_ticket');
        return;
      case 'too_many':
        setGeneralError('err_too_many');
        return;
      default:
        break;
    }
    if (field && FIELDS[field]) {
      let key = errKey(code);
      let vars;
      if (code === 'too_long' && field === 'description') {
        key = 'err_too_long_description';
        vars = { max: maxDesc() };
      }
      setGeneralError(null);
      showFieldErrors([{ field, key, vars }]);
      return;
    }
    if (code === 'contact_needed') {
      showFieldErrors([{ field: 'email', key: 'err_contact_needed' }]);
      return;
    }
    setGeneralError(r.status === 404 && !code ? 'err_office_not_found' : errKey(code));
  }

  // -- sent --

  function statusHref(l) {
    const res = F.result;
    const fallback = `/feedback/status?office=${enc(office || '')}&n=${enc(res.number)}`;
    try {
      const u = new URL(res.status_url || fallback, location.href);
      u.searchParams.set('lang', l);
      return u.origin === location.origin ? u.pathname + u.search : u.href;
    } catch {
      return `${fallback}&lang=${l}`;
    }
  }

  function renderDone() {
    const l = ui();
    const res = F.result;
    setText($('done-number'), localDigits(res.number, l));
    const due = fmtDay(res.due_date, l);
    setText($('done-due'), due ? t(l, 'dueBy', { date: due }) : '');
    const href = statusHref(l);
    const link = $('done-link');
    link.href = href;
    // At a kiosk the address is shown, not followed: the citizen takes the number with them.
    link.hidden = kiosk;
    const address = $('done-address');
    address.hidden = !kiosk;
    setText(address, kiosk ? new URL(href, location.href).href : '');
  }

  function another() {
    // A new message: the text and the choices go, the contact details stay for the next one.
    F.result = null;
    F.errors = {};
    F.errorKey = null;
    for (const r of radios('kind')) r.checked = false;
    setAbout('office');
    desc.value = '';
    $('fb-desk').value = '';
    $('fb-service').value = '';
    $('fb-agency').value = '';
    renderCount(false);
    renderContact();
    showErrors();
    showStep('form');
    refreshForm();
  }

  // -- wiring --

  for (const b of document.querySelectorAll('#step-language button[data-locale]')) {
    b.addEventListener('click', () => {
      F.locale = norm(b.dataset.locale);
      applyLocale();
      showStep('form');
    });
  }
  $('btn-form-language').addEventListener('click', () => showStep('language'));
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  formEl.addEventListener('change', (e) => {
    const name = e.target && e.target.name;
    if (name === 'kind') {
      clearFieldError('kind');
      renderContact();
    } else if (name === 'about') {
      clearFieldError('about');
      renderAbout();
    } else if (name === 'contact') {
      renderContact();
    } else if (name === 'service_code' || name === 'agency_code') {
      clearFieldError(name);
    }
  });
  formEl.addEventListener('input', (e) => {
    const id = e.target && e.target.id;
    const field = Object.keys(FIELDS).find((f) => FIELDS[f].controls().includes(e.target));
    if (field) clearFieldError(field);
    if (field === 'email' || field === 'phone') clearFieldError(field === 'email' ? 'phone' : 'email');
    if (id === 'fb-description') renderCount(true);
  });
  $('btn-another').addEventListener('click', another);

  if (kiosk) {
    for (const el of document.querySelectorAll('.kiosk-only')) el.hidden = false;
    for (const a of document.querySelectorAll('a[data-kiosk-link]')) a.href = kioskUrl(office);
    $('btn-another').hidden = true;
    document.body.classList.add('kiosk');
    // Back to the kiosk's start: a minute on the language or the thank-you screen, three
    // minutes in the form (a half-written message with contact details must not wait for
    // the next person).
    idle = kioskIdle(office, 60000);
  }

  // Until the office's language is known, the page speaks the browser's (or English).
  F.officeLocale = (!kiosk && browserLocale()) || 'en';
  renderAbout();
  renderContact();
  applyLocale();
  showStep(F.locale ? 'form' : 'language', false);
  refreshForm();
  loadTicket();
}

initFeedback();
