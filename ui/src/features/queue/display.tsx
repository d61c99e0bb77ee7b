import { useCallback, useEffect, useRef, useState } from 'react';
import { IntlProvider } from 'react-intl';
import { Button } from 'react-aria-components';
import { BellRing, Volume2, VolumeX } from 'lucide-react';
import type { Locale } from '../../gen/Locale';
import type { PublicBoard } from '../../gen/PublicBoard';
import type { PublicCall } from '../../gen/PublicCall';
import { host } from '../../host';
import { CATALOGUES } from '../../i18n/messages';
import { isRtl, pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { ticketDigits } from './ticket';

/** Opens the waiting-room display window (the desktop's second window, or a browser popup). */
export function openDisplay() {
  void host.openDisplay();
}

/** Whether this window is the waiting-room display rather than a desk. */
export function isDisplayWindow(): boolean {
  return '__OKNO_DISPLAY__' in window || window.location.hash.startsWith('#/display');
}

const POLL_MS = 1000;
const STALE_MS = 10_000;

/**
 * The waiting-room display: the ticket just called and its desk, the last calls, how many wait
 * per category — in large type, in the office's language with each ticket's own beside it. A
 * call is announced by a chime and a spoken phrase in the ticket's language. It reads the
 * workstation's line (public facts only: no one signs in here), and when it cannot, it keeps the
 * last line and says since when it is stale.
 */
export function DisplayScreen() {
  const [board, setBoard] = useState<PublicBoard | null>(null);
  const [lastOk, setLastOk] = useState<number>(Date.now());
  const [failing, setFailing] = useState(false);
  const locale: Locale = board?.office_locale ?? 'en';
  useEffect(() => {
    const html = document.documentElement;
    html.lang = locale;
    html.dir = isRtl(locale) ? 'rtl' : 'ltr';
  }, [locale]);
  useEffect(() => {
    let live = true;
    const tick = async () => {
      try {
        const b = await host.call('display_board', {}, null);
        if (!live) return;
        setBoard(b);
        setLastOk(Date.now());
        setFailing(false);
      } catch {
        if (live) setFailing(true);
      }
    };
    void tick();
    const id = window.setInterval(() => void tick(), POLL_MS);
    return () => {
      live = false;
      window.clearInterval(id);
    };
  }, []);
  return (
    <IntlProvider locale={locale} messages={CATALOGUES[locale]} defaultLocale="en">
      <Board board={board} stale={failing && Date.now() - lastOk > STALE_MS ? lastOk : null} />
    </IntlProvider>
  );
}

/** Each language's own word for "desk", to stand beside the office's. */
function deskWord(l: Locale): string {
  return CATALOGUES[l]['display.desk'];
}

function Board({ board, stale }: { board: PublicBoard | null; stale: number | null }) {
  const t = useT();
  const [chime, setChime] = useState(() => localStorage.getItem('okno.display.chime') !== 'off');
  const [speech, setSpeech] = useState(() => localStorage.getItem('okno.display.speech') !== 'off');
  const [soundReady, setSoundReady] = useState(false);
  const seen = useRef<Set<string> | null>(null);
  const queue = useRef<PublicCall[]>([]);
  const playing = useRef(false);
  const audio = useRef<HTMLAudioElement>(null);
  const settings = useRef({ chime, speech });
  settings.current = { chime, speech };

  const pump = useCallback(async () => {
    if (playing.current) return;
    const next = queue.current.shift();
    if (!next) return;
    playing.current = true;
    try {
      if (settings.current.chime) await playChime();
      if (settings.current.speech && audio.current) {
        const a = await host.call('announcement', { locale: next.locale, number: next.number, desk: next.desk }, null);
        audio.current.src = `data:audio/wav;base64,${a.wav_base64}`;
        await audio.current.play().catch(() => undefined);
        await new Promise<void>((resolve) => {
          const el = audio.current;
          if (!el) return resolve();
          el.onended = () => resolve();
          window.setTimeout(resolve, 8000);
        });
      }
    } catch {
      // Speech unavailable here: the chime and the board still tell the room.
    } finally {
      playing.current = false;
      void pump();
    }
  }, []);

  useEffect(() => {
    if (!board) return;
    const keys = board.calls.map((c) => `${c.ticket_id}:${c.calls}`);
    if (seen.current === null) {
      seen.current = new Set(keys);
      return;
    }
    const fresh = board.calls.filter((c) => !seen.current!.has(`${c.ticket_id}:${c.calls}`) && c.state === 'called');
    for (const k of keys) seen.current.add(k);
    if (fresh.length) {
      queue.current.push(...fresh.reverse());
      void pump();
    }
  }, [board, pump]);

  const toggle = (which: 'chime' | 'speech', on: boolean) => {
    localStorage.setItem(`okno.display.${which}`, on ? 'on' : 'off');
    if (which === 'chime') setChime(on);
    else setSpeech(on);
  };

  const locale: Locale = board?.office_locale ?? 'en';
  const current = board?.calls[0] ?? null;
  return (
    <main className="display" aria-labelledby="display-title">
      <header className="display-head">
        <h1 id="display-title">{board?.office_name ?? t('display.title')}</h1>
        <div className="display-controls">
          <Button className="display-toggle" aria-pressed={chime} onPress={() => toggle('chime', !chime)}>
            <BellRing size={20} aria-hidden="true" />
            {t('display.chime')}
          </Button>
          <Button className="display-toggle" aria-pressed={speech} onPress={() => toggle('speech', !speech)}>
            {speech ? <Volume2 size={20} aria-hidden="true" /> : <VolumeX size={20} aria-hidden="true" />}
            {t('display.speech')}
          </Button>
        </div>
      </header>
      {stale ? (
        <p className="display-stale" role="status">
          {t('display.stale', { time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(stale) })}
        </p>
      ) : null}
      {!soundReady ? (
        <Button className="display-sound" onPress={() => { setSoundReady(true); void unlockAudio(audio.current); }}>
          {t('display.enable_sound')}
        </Button>
      ) : null}
      <div className="display-grid">
        <section className="display-now" aria-labelledby="display-now-title" aria-live="polite">
          <h2 id="display-now-title">{t('display.now')}</h2>
          {current ? (
            <div className="display-call">
              <span id="current-number" className="display-number" dir="ltr">{ticketDigits(current.number, locale)}</span>
              <span className="display-arrow" aria-hidden="true">→</span>
              <span className="display-desk">
                <span className="display-desk-word">
                  {t('display.desk')}
                  {current.locale !== locale ? <span lang={current.locale} className="display-desk-other"> / {deskWord(current.locale)}</span> : null}
                </span>
                <span id="current-desk" className="display-desk-label" dir="ltr">{ticketDigits(current.desk, locale)}</span>
              </span>
            </div>
          ) : (
            <p className="display-empty">{t('display.nobody_called')}</p>
          )}
        </section>
        <section className="display-last" aria-labelledby="display-last-title">
          <h2 id="display-last-title">{t('display.last_calls')}</h2>
          <ol id="last-calls">
            {(board?.calls ?? []).slice(1, 8).map((c) => (
              <li key={`${c.ticket_id}:${c.calls}`}>
                <span dir="ltr" className="display-last-number">{ticketDigits(c.number, locale)}</span>
                <span className="display-last-desk">
                  {t('display.desk')} <span dir="ltr">{ticketDigits(c.desk, locale)}</span>
                </span>
              </li>
            ))}
          </ol>
        </section>
        <section className="display-waiting" aria-labelledby="display-waiting-title">
          <h2 id="display-waiting-title">{t('display.waiting')}</h2>
          <ul>
            {(board?.categories ?? []).map((c) => (
              <li key={c.code}>
                <span className="display-cat-code" dir="ltr">{c.code}</span>
                <span className="display-cat-name">{pickName(c.names, locale)}</span>
                <strong className="display-cat-n">{new Intl.NumberFormat(locale === 'fa' ? 'fa-IR' : locale).format(c.waiting)}</strong>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <audio id="announce" ref={audio} preload="none" />
    </main>
  );
}

let context: AudioContext | null = null;

/** Browsers play sound only after a gesture: the first click opens the audio context. */
async function unlockAudio(el: HTMLAudioElement | null) {
  context ??= new AudioContext();
  await context.resume().catch(() => undefined);
  if (el) el.muted = false;
}

/** Two short tones, made here (no file to fetch). */
async function playChime() {
  context ??= new AudioContext();
  const ctx = context;
  if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined);
  const start = ctx.currentTime;
  for (const [i, freq] of [880, 660].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start + i * 0.35);
    gain.gain.exponentialRampToValueAtTime(0.3, start + i * 0.35 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.35 + 0.32);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + i * 0.35);
    osc.stop(start + i * 0.35 + 0.34);
  }
  await new Promise((r) => window.setTimeout(r, 750));
}
