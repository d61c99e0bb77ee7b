/* The queue's waiting-room display page (see common.js for the shared helpers). */
import {
  LOCALES, TAGS, STRINGS, $, isLocale, norm, enc, sleep, params, pluralCache, pluralCategory, fmtNumber, localDigits, t, setDocLocale, setText, applyI18n, h, pickText, markLang, textEl, fmtTime, fmtMoney, fetchJson, storeGet, storeSet, normCode, browserLocale,
} from './common.js';

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


initDisplay();
