import { useEffect, useState } from 'react';
import { IntlProvider } from 'react-intl';
import { I18nProvider } from 'react-aria-components';
import type { SetupStatus } from '../gen/SetupStatus';
import { host, toApiError } from '../host';
import { CATALOGUES } from '../i18n/messages';
import { isRtl } from '../i18n/locales';
import { errorText, useT } from '../i18n/useT';
import { AppStateProvider, useApp } from './state';
import { Shell } from './Shell';
import { SetupScreen } from '../features/setup/SetupScreen';
import { LoginScreen } from '../features/login/LoginScreen';
import { SyncProvider } from '../features/sync/SyncProvider';
import { Banner, Spinner, Toasts } from '../components/ui';
import { guardFormSubmission } from '../components/forms';
import { keepFocusInView } from '../components/focus';
import { DisplayScreen, isDisplayWindow } from '../features/queue/display';
import { RatingWindow, isRatingWindow } from '../features/feedback/RatingWindow';

export function App() {
  // The waiting-room display's window shows the line and nothing else: no one signs in there.
  if (isDisplayWindow()) return <DisplayScreen />;
  // The rating window faces the citizen at a desk: no one signs in there either.
  if (isRatingWindow()) return <RatingWindow />;
  return <Workstation />;
}

function Workstation() {
  // No form is sent while one of its fields holds what it cannot pass on as typed, and the
  // focused element is never left under a sticky bar.
  useEffect(() => guardFormSubmission(), []);
  useEffect(() => keepFocusInView(), []);
  return (
    <AppStateProvider>
      <Localized />
    </AppStateProvider>
  );
}

function Localized() {
  const { locale, fmt } = useApp();
  useEffect(() => {
    const html = document.documentElement;
    html.lang = locale;
    html.dir = isRtl(locale) ? 'rtl' : 'ltr';
  }, [locale]);
  return (
    <IntlProvider locale={locale} messages={CATALOGUES[locale]} defaultLocale="en">
      <I18nProvider locale={fmt.inputTag}>
        <Gate />
        <Toasts />
      </I18nProvider>
    </IntlProvider>
  );
}

/** Before anyone signs in: first-run setup on an empty working copy, else the login. */
function Gate() {
  const { session } = useApp();
  const t = useT();
  const [status, setStatus] = useState<SetupStatus | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  useEffect(() => {
    if (session) return;
    let live = true;
    host
      .call('setup_status', {}, null)
      .then((s) => live && (setStatus(s), setFailure(null)))
      .catch((e) => live && setFailure(errorText(t, toApiError(e))));
    return () => {
      live = false;
    };
  }, [session, attempt, t]);

  if (session)
    return (
      <SyncProvider>
        <Shell />
      </SyncProvider>
    );
  if (failure)
    return (
      <main className="center-page">
        <Banner kind="error" title={t('app.unreachable')}>
          <p>{failure}</p>
          <button type="button" className="button button-secondary" onClick={() => setAttempt((a) => a + 1)}>
            {t('common.retry')}
          </button>
        </Banner>
      </main>
    );
  if (!status) return <Spinner label={t('common.loading')} />;
  if (!status.initialized) return <SetupScreen onReady={setStatus} />;
  return <LoginScreen status={status} />;
}
