import { useCallback, useEffect, useRef, useState } from 'react';
import { IntlProvider } from 'react-intl';
import { Button, I18nProvider, Label, Radio, RadioGroup, Text, TextArea, TextField, ToggleButton } from 'react-aria-components';
import { Check, Heart, Send } from 'lucide-react';
import type { Locale } from '../../gen/Locale';
import type { PendingRating } from '../../gen/PendingRating';
import type { RatingReason } from '../../gen/RatingReason';
import { host, toApiError } from '../../host';
import { CATALOGUES } from '../../i18n/messages';
import { calendarTag, isRtl, usualCalendar } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { charCount } from '../../components/fields';
import { ticketDigits } from '../queue/ticket';
import { Face } from './faces';
import { SCORE_LABELS, reasonLabel, reasonsOffered } from './labels';

/** Opens the rating window (the desktop's window facing the citizen, or a browser popup). */
export function openRatingWindow() {
  void host.openRating();
}

/** Whether this window is the citizen-facing rating window rather than a desk. */
export function isRatingWindow(): boolean {
  return '__OKNO_RATING__' in window || window.location.hash.startsWith('#/rate');
}

const POLL_MS = 2000;
/** How long the thanks stay before the window is calm again. */
const BACK_MS = 8000;
const COMMENT_MAX = 1000;

type Phase = { kind: 'waiting' } | { kind: 'thanks'; locale: Locale };

/**
 * The rating window: a screen turned to the citizen at a desk. While no visit waits for its
 * rating it thanks calmly, in the office's language; when the desk finishes a visit it asks, in
 * the visit's language, how it was: five large faces, then reasons to tick and a comment, and
 * Send. It reads only what the workstation tells anyone (no one signs in here) and polls every
 * two seconds.
 */
export function RatingWindow() {
  const [pending, setPending] = useState<PendingRating | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'waiting' });
  /** Visits rated (or found rated already) here: not asked again while the desk still names them. */
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    const tick = async () => {
      try {
        const p = await host.call('pending_rating', {}, null);
        if (live) setPending(p);
      } catch {
        // Unreachable for a moment: the window stays as it is and asks again.
      }
    };
    void tick();
    const id = window.setInterval(() => void tick(), POLL_MS);
    return () => {
      live = false;
      window.clearInterval(id);
    };
  }, []);

  useEffect(() => {
    if (phase.kind !== 'thanks') return;
    const id = window.setTimeout(() => setPhase({ kind: 'waiting' }), BACK_MS);
    return () => window.clearTimeout(id);
  }, [phase]);

  const office: Locale = pending?.office_locale ?? 'en';
  const visitId = pending?.visit_id && !done.has(pending.visit_id) ? pending.visit_id : null;
  const visitLocale: Locale = pending?.locale ?? office;
  const locale: Locale = phase.kind === 'thanks' ? phase.locale : visitId ? visitLocale : office;
  const dir = isRtl(locale) ? 'rtl' : 'ltr';

  useEffect(() => {
    const html = document.documentElement;
    html.lang = locale;
    html.dir = dir;
  }, [locale, dir]);

  const finished = useCallback((id: string, l: Locale) => {
    setDone((d) => new Set(d).add(id));
    setPhase({ kind: 'thanks', locale: l });
  }, []);

  return (
    <IntlProvider locale={locale} messages={CATALOGUES[locale]} defaultLocale="en">
      <I18nProvider locale={calendarTag(locale, usualCalendar(locale))}>
        <main className="rate" lang={locale} dir={dir} aria-labelledby="rate-title">
          {phase.kind === 'thanks' ? (
            <Thanks />
          ) : visitId && pending ? (
            <RatingForm key={visitId} visitId={visitId} ticket={pending.ticket ?? null} locale={visitLocale} onDone={() => finished(visitId, visitLocale)} />
          ) : (
            <Calm officeName={pending?.office_name ?? ''} />
          )}
        </main>
      </I18nProvider>
    </IntlProvider>
  );
}

/** The title of each phase takes the focus, so that a screen reader says what the window asks now. */
function useTitleFocus() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

function Calm({ officeName }: { officeName: string }) {
  const t = useT();
  useEffect(() => {
    document.title = t('rate.title');
  }, [t]);
  return (
    <section className="rate-calm">
      <Heart size={72} aria-hidden="true" className="rate-calm-icon" />
      <h1 id="rate-title" className="rate-title">{t('rate.welcome')}</h1>
      {officeName ? <p className="rate-office">{officeName}</p> : null}
      <p className="rate-lead">{t('rate.welcome_text')}</p>
    </section>
  );
}

function Thanks() {
  const t = useT();
  const ref = useTitleFocus();
  return (
    <section className="rate-thanks" role="status">
      <Check size={96} aria-hidden="true" className="rate-thanks-icon" />
      <h1 id="rate-title" ref={ref} tabIndex={-1} className="rate-title">{t('rate.thanks')}</h1>
      <p className="rate-lead">{t('rate.thanks_text')}</p>
    </section>
  );
}

function RatingForm({ visitId, ticket, locale, onDone }: { visitId: string; ticket: string | null; locale: Locale; onDone(): void }) {
  const t = useT();
  const ref = useTitleFocus();
  const [score, setScore] = useState<number | null>(null);
  const [reasons, setReasons] = useState<RatingReason[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const offered = score ? reasonsOffered(score) : [];
  const tooLong = charCount(comment.trim()) > COMMENT_MAX;

  useEffect(() => {
    document.title = t('rate.title');
  }, [t]);

  const pick = (v: string) => {
    const s = Number(v);
    setScore(s);
    // Reasons not offered under the new score go.
    const keep = reasonsOffered(s);
    setReasons((rs) => rs.filter((r) => keep.includes(r)));
  };

  const send = async () => {
    if (!score || busy || tooLong) return;
    setBusy(true);
    setFailed(false);
    try {
      await host.call('give_rating', { visit_id: visitId, score, reasons, comment: comment.trim() || null, locale }, null);
      onDone();
    } catch (e) {
      // Rated already (at another window, or a send that got through before): thanks all the same.
      if (toApiError(e).code === 'duplicate') onDone();
      else setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="rate-form" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <div className="rate-head">
        <h1 id="rate-title" ref={ref} tabIndex={-1} className="rate-title">{t('rate.question')}</h1>
        {ticket ? <p className="rate-ticket">{t('rate.ticket', { number: ticketDigits(ticket, locale) })}</p> : null}
      </div>
      <RadioGroup className="rate-faces" value={score ? String(score) : null} onChange={pick} orientation="horizontal" aria-labelledby="rate-title">
        {[1, 2, 3, 4, 5].map((n) => (
          <Radio key={n} value={String(n)} className={`rate-face rate-face-${n}`}>
            <Face score={n} className="rate-face-svg" />
            <span className="rate-face-label">{t(SCORE_LABELS[n - 1]!)}</span>
          </Radio>
        ))}
      </RadioGroup>
      {score ? (
        <>
          <div className="rate-reasons" role="group" aria-labelledby="rate-reasons-title">
            <h2 id="rate-reasons-title" className="rate-subtitle">{t(score >= 4 ? 'rate.reasons_good' : score <= 2 ? 'rate.reasons_bad' : 'rate.reasons_any')}</h2>
            <div className="rate-chips">
              {offered.map((r) => (
                <ToggleButton
                  key={r}
                  className="rate-chip"
                  isSelected={reasons.includes(r)}
                  onChange={(on) => setReasons((rs) => (on ? [...rs, r] : rs.filter((x) => x !== r)))}
                >
                  <Check size={22} aria-hidden="true" className="rate-chip-check" />
                  {reasonLabel(t, r)}
                </ToggleButton>
              ))}
            </div>
          </div>
          <TextField className="rate-comment" value={comment} onChange={setComment} isInvalid={tooLong}>
            <Label className="rate-subtitle">{t('rate.comment')}</Label>
            <TextArea className="rate-textarea" rows={2} />
            {tooLong ? (
              <Text slot="errorMessage" className="rate-error">
                {t('input.too_long', { over: charCount(comment.trim()) - COMMENT_MAX, max: COMMENT_MAX })}
              </Text>
            ) : null}
          </TextField>
          {failed ? <p className="rate-error" role="alert">{t('rate.failed')}</p> : null}
          <Button type="submit" className="rate-send" isDisabled={busy || tooLong}>
            <Send size={28} aria-hidden="true" className="flip-rtl" />
            {t('rate.send')}
          </Button>
        </>
      ) : (
        <p className="rate-lead">{t('rate.pick_face')}</p>
      )}
    </form>
  );
}
