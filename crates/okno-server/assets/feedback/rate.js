/* The rating tablet at a desk (see shared.js for the shared helpers and the routes). */
import {
  $, isLocale, norm, enc, params, localDigits, setDocLocale, setText, h, fetchJson,
  t, applyI18n, errorCode, errorField, langParam, loadForm,
} from './shared.js';

// ---------------------------------------------------------------------------------------
// Rate: /rate?office=ID&desk=LABEL&key=KEY, a tablet facing the citizen. It asks every 3 s whether a
// visit just finished at the desk; while none has, a calm "thank you" in the office's
// language. A finished visit switches to the visit's language: five faces (a radio group,
// arrow keys move), the reasons that fit the score, a comment, Send; then thanks, and back
// to waiting after 8 s.
// ---------------------------------------------------------------------------------------

const POSITIVE = ['friendly', 'competent', 'quick', 'clear'];
const NEGATIVE = ['long_wait', 'unfriendly', 'unclear', 'unresolved'];
const POLL_MS = 3000;
const THANKS_MS = 8000;
const KEEP_MS = 30000; // someone who touched the screen this recently keeps their visit
const CLEAR_MS = 90000; // a half-given answer left this long is cleared

/** The reasons offered for a score: >= 4 the positive ones, <= 2 the negative ones, 3 both. */
function reasonsFor(score) {
  if (score >= 4) return POSITIVE;
  if (score <= 2) return NEGATIVE;
  return [...POSITIVE, ...NEGATIVE];
}

function initRate() {
  const office = params.get('office');
  const desk = params.get('desk');
  // The tablet's key for its desk (okno-server rating-tablet): without it the server answers nothing.
  const key = params.get('key') || '';
  const R = {
    officeName: '',
    officeLocale: langParam() || 'en',
    fixedLocale: langParam(), // ?lang= fixes the waiting screen's language
    step: 'wait',
    visit: null, // the pending visit being rated
    locale: null, // the visit's language
    score: null,
    reasons: new Set(),
    busy: false,
    errors: {}, // score | reasons | comment → key
    errorKey: null,
    thanksKey: 'thanksText',
    done: new Set(), // visits rated (or refused) here: never shown again
    lastInput: 0,
    failures: 0,
    pollTimer: 0,
    polling: false,
    thanksTimer: 0,
  };
  const ui = () => (R.step === 'wait' ? R.fixedLocale || R.officeLocale : R.locale || R.officeLocale);
  const comment = $('rate-comment');
  const scoreInputs = () => Array.from(document.querySelectorAll('input[name="score"]'));

  function render() {
    const l = ui();
    setDocLocale(l);
    applyI18n(l);
    setText($('office-name'), R.officeName);
    setText($('desk-name'), desk ? `· ${t(l, 'deskN', { d: localDigits(desk, l) })}` : '');
    document.title = R.officeName ? `${t(l, 'rateTitle')} — ${R.officeName}` : t(l, 'rateTitle');
    setText($('rate-error'), R.errorKey ? t(l, R.errorKey) : '');
    setText($('rate-offline'), R.failures >= 3 ? t(l, 'rateOffline') : '');
    const sendBtn = $('btn-rate-send');
    if (R.busy) sendBtn.setAttribute('aria-disabled', 'true');
    else sendBtn.removeAttribute('aria-disabled');
    const number = R.visit && R.visit.ticket ? localDigits(R.visit.ticket, l) : '';
    setText($('rate-ticket'), number ? t(l, 'rateTicket', { number }) : '');
    $('rate-ticket').hidden = !number;
    for (const [field, id] of [['score', 'err-score'], ['reasons', 'err-reasons'], ['comment', 'err-comment']]) {
      setText($(id), R.errors[field] ? t(l, R.errors[field]) : '');
    }
    for (const r of scoreInputs()) {
      if (R.errors.score) r.setAttribute('aria-invalid', 'true');
      else r.removeAttribute('aria-invalid');
    }
    if (R.errors.comment) comment.setAttribute('aria-invalid', 'true');
    else comment.removeAttribute('aria-invalid');
    setText($('thanks-text'), R.step === 'thanks' ? t(l, R.thanksKey) : '');
    renderReasons();
  }

  function renderReasons() {
    const l = ui();
    const box = $('reasons');
    box.hidden = R.score == null;
    if (R.score == null) return;
    setText($('reasons-title'), t(l, R.score >= 4 ? 'reasonsGood' : R.score <= 2 ? 'reasonsBad' : 'reasonsBoth'));
    const offered = reasonsFor(R.score);
    const chips = $('chips');
    const existing = Array.from(chips.querySelectorAll('button[data-reason]'));
    const same = existing.length === offered.length && existing.every((b, i) => b.dataset.reason === offered[i]);
    if (!same) {
      chips.replaceChildren(
        ...offered.map((code) => {
          const b = h('button', { type: 'button', class: 'btn toggle chip', 'data-reason': code, 'aria-pressed': 'false' });
          b.addEventListener('click', () => toggleReason(code));
          return b;
        }),
      );
    }
    for (const b of chips.querySelectorAll('button[data-reason]')) {
      setText(b, t(l, `reason_${b.dataset.reason}`));
      b.setAttribute('aria-pressed', String(R.reasons.has(b.dataset.reason)));
      b.classList.toggle('negative', NEGATIVE.includes(b.dataset.reason));
    }
  }

  function toggleReason(code) {
    if (R.reasons.has(code)) R.reasons.delete(code);
    else R.reasons.add(code);
    delete R.errors.reasons;
    render();
  }

  function setScore(score) {
    R.score = score;
    // Keep the reasons that the new score still offers.
    const offered = new Set(reasonsFor(score));
    for (const r of Array.from(R.reasons)) if (!offered.has(r)) R.reasons.delete(r);
    delete R.errors.score;
    render();
  }

  function clearAnswer() {
    R.score = null;
    R.reasons.clear();
    R.errors = {};
    R.errorKey = null;
    comment.value = '';
    for (const r of scoreInputs()) r.checked = false;
  }

  function showStep(name) {
    R.step = name;
    for (const s of ['wait', 'rate', 'thanks']) $(`step-${s}`).hidden = s !== name;
    window.scrollTo(0, 0);
    render();
    const heading = $(`h-${name}`);
    // The heading takes the focus, so that a screen reader says what changed.
    if (heading) heading.focus({ preventScroll: true });
  }

  function startRating(visit) {
    clearAnswer();
    R.visit = visit;
    R.locale = isLocale(visit.locale) ? visit.locale : R.officeLocale;
    R.lastInput = 0;
    showStep('rate');
  }

  function backToWaiting() {
    clearTimeout(R.thanksTimer);
    clearAnswer();
    R.visit = null;
    R.locale = null;
    showStep('wait');
  }

  function thanks(key = 'thanksText') {
    if (R.visit) R.done.add(R.visit.visit_id);
    R.thanksKey = key;
    showStep('thanks');
    clearTimeout(R.thanksTimer);
    R.thanksTimer = setTimeout(backToWaiting, THANKS_MS);
  }

  // -- polling the desk --

  function onPending(body) {
    const v = body && body.visit_id && !R.done.has(body.visit_id) ? body : null;
    const touched = R.lastInput && Date.now() - R.lastInput < KEEP_MS;
    if (R.step === 'wait') {
      if (v) startRating(v);
    } else if (R.step === 'rate' && !R.busy) {
      if (R.lastInput && Date.now() - R.lastInput > CLEAR_MS) {
        // Someone began and walked away: the next person sees clean faces.
        clearAnswer();
        R.lastInput = 0;
        render();
      }
      if (!v && !touched) backToWaiting();
      else if (v && v.visit_id !== R.visit.visit_id && !touched) startRating(v);
    }
  }

  async function poll() {
    if (R.polling) return;
    R.polling = true;
    clearTimeout(R.pollTimer);
    try {
      const r = await fetchJson(`/feedback/${enc(office)}/desk/${enc(desk)}/pending?key=${enc(key)}`, {}, 8000);
      if (r.ok) {
        R.failures = 0;
        R.errorKey = R.errorKey === 'err_load' ? null : R.errorKey;
        onPending(r.body);
      } else {
        R.failures += 1;
        if (r.status === 404 && !R.officeName) R.errorKey = 'err_office_not_found';
      }
    } catch {
      R.failures += 1;
    }
    R.polling = false;
    render();
    R.pollTimer = setTimeout(poll, POLL_MS);
  }

  async function loadOffice() {
    try {
      const r = await loadForm(office);
      if (r.ok && r.body && r.body.office) {
        R.officeName = r.body.office.name || '';
        R.officeLocale = R.fixedLocale || norm(r.body.office.locale);
        render();
        return;
      }
    } catch {
      // tried again below
    }
    setTimeout(loadOffice, 30000);
  }

  // -- sending --

  async function send() {
    if (R.busy || !R.visit) return;
    R.errorKey = null;
    if (R.score == null) {
      R.errors = { score: 'err_choose_face' };
      render();
      scoreInputs()[0].focus();
      return;
    }
    R.busy = true;
    render();
    const visit = R.visit;
    let r = null;
    try {
      r = await fetchJson(`/feedback/${enc(office)}/ratings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          visit_id: visit.visit_id,
          desk,
          key,
          score: R.score,
          reasons: Array.from(R.reasons),
          comment: comment.value.trim() || null,
          locale: R.locale,
        }),
      });
    } catch {
      r = null;
    }
    R.busy = false;
    if (R.visit !== visit) return;
    if (!r) {
      R.errorKey = 'err_load';
      render();
      return;
    }
    const code = errorCode(r);
    if (r.ok || code === 'already_rated') {
      thanks();
      return;
    }
    if (code === 'unknown_visit') {
      thanks('err_unknown_visit');
      return;
    }
    const field = errorField(r);
    if (code === 'bad_score' || field === 'score') {
      R.errors = { score: 'err_bad_score' };
      render();
      (scoreInputs().find((x) => x.checked) || scoreInputs()[0]).focus();
    } else if (code === 'unknown_reason' || field === 'reasons') {
      R.reasons.clear();
      R.errors = { reasons: 'err_unknown_reason' };
      render();
      const chip = document.querySelector('#chips button');
      if (chip) chip.focus();
    } else if (code === 'too_long' || field === 'comment') {
      R.errors = { comment: 'err_too_long' };
      render();
      comment.focus();
    } else {
      R.errorKey = code === 'too_many' ? 'err_too_many' : 'err_generic';
      render();
    }
  }

  // -- wiring --

  for (const r of scoreInputs()) r.addEventListener('change', () => r.checked && setScore(Number(r.value)));
  comment.addEventListener('input', () => {
    if (R.errors.comment) {
      delete R.errors.comment;
      render();
    }
  });
  $('rate-form').addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  for (const ev of ['pointerdown', 'keydown', 'input']) {
    document.addEventListener(ev, () => {
      R.lastInput = Date.now();
    }, { capture: true, passive: true });
  }
  // A tablet on a counter: no context menu on a long press.
  document.addEventListener('contextmenu', (e) => e.preventDefault());
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) poll();
  });

  if (!office || !desk) {
    R.errorKey = 'err_no_office';
    render();
    return;
  }
  render();
  loadOffice();
  poll();
}

initRate();
