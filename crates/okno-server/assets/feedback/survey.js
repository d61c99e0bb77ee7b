/* The resident survey (see shared.js for the shared helpers and the routes). */
import {
  $, isLocale, norm, enc, params, localDigits, setDocLocale, setText, h, pickText, markLang, textEl, fetchJson,
  storeGet, storeSet, normCode, browserLocale, t, applyI18n, fmtDay, errorCode, errKey, errorField, langParam,
  markLangNav, wireLangNav, kioskUrl, kioskIdle, loadForm, PREF,
} from './shared.js';

// ---------------------------------------------------------------------------------------
// Survey: /survey?office=ID[&code=CODE][&visit=ID][&lang=xx][&kiosk=1]. The survey published
// today, its questions (scale 1–5, one choice, several choices, free text; the required
// ones marked), the invitation code when the address brings neither a code nor a visit.
// The answers live in S.answers, so that a language change or a refusal keeps every one.
// ---------------------------------------------------------------------------------------

function initSurvey() {
  const office = params.get('office');
  const kiosk = params.get('kiosk') === '1';
  const visit = (params.get('visit') || '').trim() || null;
  const saved = kiosk ? null : storeGet(PREF);
  const S = {
    chosen: langParam() || (isLocale(saved) ? saved : null),
    locale: 'en',
    officeName: '',
    survey: null,
    code: normCode(params.get('code')),
    askCode: false,
    answers: {}, // question id → 4 | "option id" | ["option id", …] | "free text"
    errors: {}, // question id → error key
    codeKey: null, // the code field's error
    errorKey: null,
    busyKey: null,
    message: null, // {heading, text}: the survey cannot be (or has been) answered
  };
  S.locale = S.chosen || (!kiosk && browserLocale()) || 'en';
  S.askCode = !S.code && !visit;
  const codeInput = $('sv-code');
  let idle = null; // at a kiosk: (re)starts the countdown back to the kiosk's start
  if (S.code) codeInput.value = S.code;
  const questions = () => (S.survey && Array.isArray(S.survey.questions) ? S.survey.questions : []);

  // -- rendering --

  function render() {
    const l = S.locale;
    setDocLocale(l);
    applyI18n(l);
    markLangNav(l);
    setText($('office-name'), S.officeName);
    setText($('sv-error'), S.errorKey ? t(l, S.errorKey) : '');
    setText($('sv-busy'), S.busyKey ? t(l, S.busyKey) : '');
    if (S.busyKey) $('btn-sv-send').setAttribute('aria-disabled', 'true');
    else $('btn-sv-send').removeAttribute('aria-disabled');
    $('code-field').hidden = !S.askCode;
    setText($('err-code'), S.codeKey ? t(l, S.codeKey) : '');
    if (S.codeKey) codeInput.setAttribute('aria-invalid', 'true');
    else codeInput.removeAttribute('aria-invalid');

    if (S.message) {
      setText($('h-message'), t(l, S.message.heading));
      setText($('message-text'), t(l, S.message.text));
    }
    const sv = S.survey;
    const title = sv ? pickText(sv.title, l) : { text: '', lang: l };
    document.title = title.text ? `${title.text} — ${t(l, 'svTitle')}` : t(l, 'svTitle');
    if (!sv) return;
    const heading = $('h-survey');
    setText(heading, title.text || t(l, 'svTitle'));
    markLang(heading, title.text ? title.lang : l, l);
    const intro = pickText(sv.intro, l);
    const introEl = $('sv-intro');
    setText(introEl, intro.text);
    markLang(introEl, intro.text ? intro.lang : l, l);
    introEl.hidden = !intro.text;
    const ends = fmtDay(sv.ends_on, l);
    setText($('sv-ends'), ends ? t(l, 'svEnds', { date: ends }) : '');
    renderQuestions(l);
  }

  function legendOf(q, l, tag, attrs) {
    return h(
      tag,
      attrs,
      textEl('span', 'q-text', q.text, l, ''),
      q.required ? h('span', { class: 'req-badge' }, ` (${t(l, 'required')})`) : null,
    );
  }

  function renderQuestions(l) {
    const focusedId = document.activeElement && document.activeElement.id;
    const nodes = questions().map((q, i) => renderQuestion(q, i, l));
    $('questions').replaceChildren(...nodes);
    if (focusedId && $(focusedId)) $(focusedId).focus();
  }

  function renderQuestion(q, i, l) {
    const id = `q${i}`;
    const errId = `err-${id}`;
    const err = S.errors[q.id];
    const errEl = h('p', { id: errId, class: 'field-error' }, err ? t(l, err) : '');
    const invalid = err ? 'true' : null;
    const answer = S.answers[q.id];
    const options = Array.isArray(q.options) ? q.options : [];

    if (q.kind === 'text') {
      const ta = h('textarea', {
        id: `${id}-text`, class: 'input', rows: 4, dir: 'auto', 'data-q': q.id,
        required: q.required || null, 'aria-required': q.required ? 'true' : null,
        'aria-invalid': invalid, 'aria-describedby': errId,
      });
      ta.value = typeof answer === 'string' ? answer : '';
      return h('div', { id, class: 'field question' }, legendOf(q, l, 'label', { for: `${id}-text`, class: 'field-label' }), ta, errEl);
    }

    const box = h('fieldset', { id, class: 'group' }, legendOf(q, l, 'legend', null));
    if (q.kind === 'scale') {
      const explainId = `${id}-explain`;
      box.append(h('p', { id: explainId, class: 'field-hint' }, t(l, 'scaleExplain', { low: 1, high: 5 })));
      const row = h('div', { class: 'scale' }, h('span', { class: 'scale-end', 'aria-hidden': 'true' }, t(l, 'scaleLow')));
      for (let n = 1; n <= 5; n += 1) {
        const input = h('input', {
          type: 'radio', name: id, value: String(n), id: `${id}-v${n}`, 'data-q': q.id,
          required: q.required || null, 'aria-invalid': invalid, 'aria-describedby': `${explainId} ${errId}`,
        });
        input.checked = answer === n;
        row.append(h('label', { class: 'scale-opt' }, input, h('span', { class: 'scale-num' }, localDigits(String(n), l))));
      }
      row.append(h('span', { class: 'scale-end', 'aria-hidden': 'true' }, t(l, 'scaleHigh')));
      box.append(row);
    } else {
      const multiple = q.kind === 'multiple';
      if (multiple) box.append(h('p', { class: 'field-hint' }, t(l, 'chooseAll')));
      const list = h('div', { class: 'choices compact' });
      options.forEach((o, j) => {
        const input = h('input', {
          type: multiple ? 'checkbox' : 'radio', name: id, value: String(o.id), id: `${id}-o${j}`, 'data-q': q.id,
          required: !multiple && q.required ? true : null, 'aria-invalid': invalid, 'aria-describedby': errId,
        });
        input.checked = multiple ? Array.isArray(answer) && answer.includes(String(o.id)) : answer === String(o.id);
        list.append(h('label', { class: 'choice' }, input, h('span', { class: 'choice-text' }, textEl('span', 'choice-name', o.text, l, String(o.id)))));
      });
      box.append(list);
    }
    box.append(errEl);
    return h('div', { class: 'question' }, box);
  }

  function showStep(name, focus = true) {
    for (const s of ['survey', 'message']) $(`step-${s}`).hidden = s !== name;
    render();
    window.scrollTo(0, 0);
    if (focus) $(`h-${name}`).focus({ preventScroll: true });
    if (idle) idle(name === 'survey' ? 180000 : 60000);
  }

  function showMessage(heading, text) {
    S.message = { heading, text };
    S.errorKey = null;
    showStep('message');
  }

  // -- answers --

  function readInput(el) {
    const qid = el.dataset.q;
    const q = questions().find((x) => String(x.id) === qid);
    if (!q) return;
    if (q.kind === 'text') S.answers[q.id] = el.value;
    else if (q.kind === 'scale') S.answers[q.id] = Number(el.value);
    else if (q.kind === 'single') S.answers[q.id] = el.value;
    else if (q.kind === 'multiple') {
      const set = new Set(Array.isArray(S.answers[q.id]) ? S.answers[q.id] : []);
      if (el.checked) set.add(el.value);
      else set.delete(el.value);
      // In the options' order, not the order of the clicks.
      S.answers[q.id] = (q.options || []).map((o) => String(o.id)).filter((x) => set.has(x));
    }
    if (S.errors[q.id]) {
      delete S.errors[q.id];
      const i = questions().indexOf(q);
      setText($(`err-q${i}`), '');
      for (const c of document.querySelectorAll(`[data-q="${CSS.escape(qid)}"]`)) c.removeAttribute('aria-invalid');
    }
  }

  const answered = (q) => {
    const a = S.answers[q.id];
    if (q.kind === 'multiple') return Array.isArray(a) && a.length > 0;
    if (q.kind === 'scale') return typeof a === 'number' && a >= 1 && a <= 5;
    return typeof a === 'string' && a.trim() !== '';
  };

  function focusQuestion(qid) {
    const i = questions().findIndex((q) => String(q.id) === String(qid));
    if (i < 0) return;
    const box = $(`q${i}`);
    const target = box.querySelector('input:checked') || box.querySelector('input, textarea');
    if (target) {
      target.focus();
      target.scrollIntoView({ block: 'center' });
    }
  }

  function focusCode() {
    codeInput.focus();
    codeInput.select();
    codeInput.scrollIntoView({ block: 'center' });
  }

  // -- loading and sending --

  async function load() {
    if (!office) {
      S.errorKey = 'err_no_office';
      render();
      return;
    }
    S.busyKey = 'loading';
    render();
    try {
      const r = await fetchJson(`/feedback/${enc(office)}/survey`);
      S.busyKey = null;
      if (r.ok && r.body && Array.isArray(r.body.questions)) {
        S.survey = r.body;
        showStep('survey', false);
      } else if (errorCode(r) === 'no_survey' || r.status === 404) {
        showMessage('svTitle', 'err_no_survey');
      } else {
        S.errorKey = errKey(errorCode(r));
        render();
      }
    } catch {
      S.busyKey = null;
      S.errorKey = 'err_load';
      render();
    }
  }

  async function loadOffice() {
    if (!office) return;
    try {
      const r = await loadForm(office);
      if (r.ok && r.body && r.body.office) {
        S.officeName = r.body.office.name || '';
        if (!S.chosen && (kiosk || !browserLocale())) S.locale = norm(r.body.office.locale);
        render();
      }
    } catch {
      // the office's name is a courtesy
    }
  }

  async function send() {
    if (S.busyKey || !S.survey) return;
    S.errorKey = null;
    S.codeKey = null;
    S.errors = {};
    if (S.askCode) S.code = normCode(codeInput.value);
    for (const q of questions()) if (q.required && !answered(q)) S.errors[q.id] = 'err_missing_answer';
    const missing = questions().filter((q) => S.errors[q.id]);
    if (S.askCode && !S.code) S.codeKey = 'err_code_needed';
    if (S.codeKey || missing.length) {
      if (missing.length) S.errorKey = 'svFix';
      render();
      if (S.codeKey) focusCode();
      else focusQuestion(missing[0].id);
      return;
    }
    const answers = {};
    for (const q of questions()) {
      if (!answered(q)) continue;
      const a = S.answers[q.id];
      answers[q.id] = typeof a === 'string' ? a.trim() : a;
    }
    S.busyKey = 'svSending';
    render();
    let r = null;
    try {
      r = await fetchJson(`/feedback/${enc(office)}/survey/${enc(S.survey.id)}/answers`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          code: S.code || null,
          visit_id: S.code ? null : visit,
          desk: params.get('desk') || null,
          key: params.get('key') || null,
          locale: S.locale,
          answers,
        }),
      });
    } catch {
      r = null;
    }
    S.busyKey = null;
    if (!r) {
      S.errorKey = 'err_load';
      render();
      return;
    }
    if (r.ok) {
      showMessage('svThanks', 'svThanksText');
      return;
    }
    refused(r);
  }

  function refused(r) {
    const code = errorCode(r);
    const field = errorField(r);
    switch (code) {
      case 'already_answered':
        showMessage('svTitle', 'err_already_answered');
        return;
      case 'survey_closed':
        showMessage('svTitle', 'err_survey_closed');
        return;
      case 'no_survey':
        showMessage('svTitle', 'err_no_survey');
        return;
      case 'code_needed':
      case 'unknown_code':
        // A code from the address that the server does not know: show it, to be corrected.
        S.askCode = true;
        codeInput.value = S.code || codeInput.value;
        S.codeKey = errKey(code);
        render();
        focusCode();
        return;
      case 'missing_answer':
      case 'bad_answer':
        if (field && questions().some((q) => String(q.id) === field)) {
          const q = questions().find((x) => String(x.id) === field);
          S.errors[q.id] = errKey(code);
          S.errorKey = 'svFix';
          render();
          focusQuestion(q.id);
          return;
        }
        break;
      default:
        break;
    }
    S.errorKey = errKey(code);
    render();
    $('sv-error').scrollIntoView({ block: 'nearest' });
  }

  // -- wiring --

  const formEl = $('survey-form');
  formEl.addEventListener('change', (e) => {
    if (e.target && e.target.dataset && e.target.dataset.q) readInput(e.target);
  });
  formEl.addEventListener('input', (e) => {
    if (e.target && e.target.dataset && e.target.dataset.q && e.target.tagName === 'TEXTAREA') readInput(e.target);
    if (e.target === codeInput && S.codeKey) {
      S.codeKey = null;
      render();
    }
  });
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  wireLangNav((l) => {
    S.chosen = l;
    S.locale = l;
    if (!kiosk) storeSet(PREF, l);
    render();
  });

  if (kiosk) {
    for (const el of document.querySelectorAll('.kiosk-only')) el.hidden = false;
    for (const a of document.querySelectorAll('a[data-kiosk-link]')) a.href = kioskUrl(office);
    document.body.classList.add('kiosk');
    idle = kioskIdle(office, 180000);
  }

  render();
  loadOffice();
  load();
}

initSurvey();
