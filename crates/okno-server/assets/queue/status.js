/* The queue's ticket status page (see common.js for the shared helpers). */
import {
  LOCALES, TAGS, STRINGS, $, isLocale, norm, enc, sleep, params, pluralCache, pluralCategory, fmtNumber, localDigits, t, setDocLocale, setText, applyI18n, h, pickText, markLang, textEl, fmtTime, fmtMoney, fetchJson, storeGet, storeSet, normCode, browserLocale,
} from './common.js';

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

  // "Tell us how it went": the feedback form, linked to this ticket, in the ticket's language.
  // The office is the ticket's (office_id, when the server sends it) or the address's ?office=.
  function renderFeedbackLink(tk) {
    const officeId = tk.office_id || params.get('office');
    const box = $('s-feedback');
    box.hidden = !officeId;
    if (!officeId) return;
    $('s-feedback-link').href =
      `/feedback?office=${enc(officeId)}&ticket=${enc(tk.id || id)}&lang=${enc(norm(tk.locale))}`;
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
      $('s-feedback').hidden = true;
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
    renderFeedbackLink(tk);
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


initStatus();
