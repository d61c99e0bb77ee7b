/* The public status of a feedback item (see shared.js for the shared helpers and the routes). */
import {
  $, isLocale, norm, enc, params, localDigits, setDocLocale, setText, h, fetchJson, storeGet, storeSet, browserLocale,
  t, has, applyI18n, fmtDay, fmtDateTime, timeEl, errorCode, errKey, normNumber, langParam, markLangNav, wireLangNav,
  setAddressParam, loadForm, PREF,
} from './shared.js';

// ---------------------------------------------------------------------------------------
// Status: /feedback/status?office=ID&n=NUMBER. The kind, the state as a list of steps
// (received → in progress → answered → closed, or → rejected), the dates and the public
// notes of what has happened. A small form looks up another number.
// ---------------------------------------------------------------------------------------

const MAIN_PATH = ['received', 'in_progress', 'answered', 'closed'];

function initStatus() {
  const office = params.get('office');
  const saved = storeGet(PREF);
  const S = {
    chosen: langParam() || (isLocale(saved) ? saved : null),
    locale: 'en',
    officeName: '',
    item: null,
    number: normNumber(params.get('n')),
    busy: false,
    errorKey: null,
    lookupKey: null, // an error at the number's field
    seq: 0,
  };
  S.locale = S.chosen || browserLocale() || 'en';
  const input = $('lookup-n');
  if (S.number) input.value = S.number;

  function render() {
    const l = S.locale;
    setDocLocale(l);
    applyI18n(l);
    markLangNav(l);
    setText($('office-name'), S.officeName);
    setText($('st-error'), S.errorKey ? t(l, S.errorKey) : '');
    setText($('st-busy'), S.busy ? t(l, 'looking') : '');
    setText($('err-lookup'), S.lookupKey ? t(l, S.lookupKey) : '');
    if (S.lookupKey) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    const it = S.item;
    $('item').hidden = !it;
    document.title = it ? `${localDigits(it.number, l)} — ${t(l, 'stTitle')}` : t(l, 'stTitle');
    if (!it) return;

    setText($('item-number'), localDigits(it.number, l));
    setText($('item-kind'), has(`kind_${it.kind}`) ? t(l, `kind_${it.kind}`) : String(it.kind || ''));
    renderSteps(it, l);
    renderDates(it, l);
    renderEvents(it, l);
  }

  const stateName = (state, l) => (has(`state_${state}`) ? t(l, `state_${state}`) : String(state || ''));

  /** The steps the item goes through; a rejected one ends at "rejected" after what it passed. */
  function pathOf(it) {
    if (it.state !== 'rejected') return MAIN_PATH;
    const seen = new Set((Array.isArray(it.events) ? it.events : []).map((e) => e.state));
    return MAIN_PATH.filter((s) => s === 'received' || (s !== 'closed' && seen.has(s))).concat('rejected');
  }

  function renderSteps(it, l) {
    const path = pathOf(it);
    let current = path.indexOf(it.state);
    if (current < 0) current = 0;
    const final = it.state === 'closed' || it.state === 'rejected';
    const items = path.map((s, i) => {
      const done = i < current || (final && i === current);
      const now = i === current;
      const status = now ? 'current' : done ? 'done' : 'todo';
      const li = h(
        'li',
        { class: `step-item is-${status}${s === 'rejected' ? ' is-rejected' : ''}`, 'aria-current': now ? 'step' : null },
        h('span', { class: 'step-mark', 'aria-hidden': 'true' }, done && !now ? '✓' : localDigits(String(i + 1), l)),
        h('span', { class: 'step-name' }, stateName(s, l)),
        now ? h('span', { class: 'visually-hidden' }, ` (${t(l, 'stepCurrent')})`) : null,
        done && !now ? h('span', { class: 'visually-hidden' }, ` (${t(l, 'stepDone')})`) : null,
      );
      return li;
    });
    $('item-steps').replaceChildren(...items);
  }

  function renderDates(it, l) {
    const rows = [];
    const add = (key, value, text) => {
      if (!value || !text) return;
      rows.push(h('dt', null, t(l, key)), h('dd', null, timeEl(value, text)));
    };
    add('receivedOn', it.received_at, fmtDateTime(it.received_at, l));
    if (it.state !== 'closed' && it.state !== 'rejected') add('dueOn', it.due_date, fmtDay(it.due_date, l));
    add('answeredOn', it.answered_at, it.answered_at ? fmtDateTime(it.answered_at, l) : '');
    add('closedOn', it.closed_at, it.closed_at ? fmtDateTime(it.closed_at, l) : '');
    $('item-dates').replaceChildren(...rows);
  }

  function renderEvents(it, l) {
    const events = Array.isArray(it.events) ? it.events : [];
    if (!events.length) {
      $('item-events').replaceChildren(h('li', { class: 'empty' }, t(l, 'noHistory')));
      return;
    }
    $('item-events').replaceChildren(
      ...events.map((e) =>
        h(
          'li',
          { class: `event is-${String(e.state || '')}` },
          h('p', { class: 'event-head' }, h('span', { class: 'event-state' }, stateName(e.state, l)), ' ', timeEl(e.at, fmtDateTime(e.at, l))),
          // The note is the staff's own words, in whatever language they wrote it.
          e.note ? h('p', { class: 'event-note', dir: 'auto' }, String(e.note)) : null,
        ),
      ),
    );
  }

  async function lookup(focusResult) {
    S.errorKey = null;
    S.lookupKey = null;
    if (!office) {
      S.errorKey = 'err_no_office';
      render();
      return;
    }
    if (!S.number) {
      S.lookupKey = 'err_number_empty';
      render();
      input.focus();
      return;
    }
    const seq = ++S.seq;
    S.busy = true;
    render();
    try {
      const r = await fetchJson(`/feedback/${enc(office)}/status?n=${enc(S.number)}`);
      if (seq !== S.seq) return;
      if (r.ok && r.body && r.body.number) {
        S.item = r.body;
        setAddressParam('n', S.number);
      } else {
        S.item = null;
        const code = errorCode(r);
        if (r.status === 404 || code === 'not_found') S.lookupKey = 'err_not_found';
        else S.errorKey = errKey(code);
      }
    } catch {
      if (seq !== S.seq) return;
      S.errorKey = 'err_load';
    }
    S.busy = false;
    render();
    if (S.lookupKey) {
      input.focus();
      input.select();
    } else if (S.item && focusResult) {
      $('item-number').focus();
    }
  }

  async function loadOffice() {
    if (!office) return;
    try {
      const r = await loadForm(office);
      if (r.ok && r.body && r.body.office) {
        S.officeName = r.body.office.name || '';
        if (!S.chosen && !browserLocale()) S.locale = norm(r.body.office.locale);
        render();
      }
    } catch {
      // the office's name is a courtesy
    }
  }

  $('lookup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    S.number = normNumber(input.value);
    lookup(true);
  });
  input.addEventListener('input', () => {
    if (!S.lookupKey) return;
    S.lookupKey = null;
    render();
  });
  wireLangNav((l) => {
    S.chosen = l;
    S.locale = l;
    storeSet(PREF, l);
    render();
  });

  render();
  loadOffice();
  if (S.number) lookup(false);
  else if (!office) lookup(false);
}

initStatus();
