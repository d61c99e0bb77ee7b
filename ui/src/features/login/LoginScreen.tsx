import { useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Building2, LogIn } from 'lucide-react';
import type { SetupStatus } from '../../gen/SetupStatus';
import type { MessageId } from '../../i18n/messages';
import { host, toApiError } from '../../host';
import { useApp } from '../../app/state';
import { errorText, useT } from '../../i18n/useT';
import { TextInput } from '../../components/fields';
import { Banner } from '../../components/ui';
import { LanguagePicker } from '../../components/LanguagePicker';

const DEMO_ACCOUNTS: [string, MessageId][] = [
  ['admin', 'login.demo_admin'],
  ['eva', 'login.demo_eva'],
  ['clerk', 'login.demo_clerk'],
  ['gabor', 'login.demo_gabor'],
  ['asa', 'login.demo_asa'],
  ['maryam', 'login.demo_maryam'],
];

export function LoginScreen({ status }: { status: SetupStatus }) {
  const t = useT();
  const { signIn, sessionEnded } = useApp();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const session = await host.call('login', { username: username.trim(), password }, null);
      signIn(session);
      if (!window.location.hash || window.location.hash === '#') window.location.hash = '#/cases';
    } catch (e) {
      const err = toApiError(e);
      setError(err.code === 'validation' ? t('login.fill_in') : errorText(t, err));
      setBusy(false);
      setPassword('');
      userRef.current?.focus();
    }
  };

  return (
    <div className="welcome login">
      <header className="welcome-top">
        <div className="brand brand-dark">
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <LanguagePicker compact />
      </header>
      <main id="main" className="welcome-main login-main">
        <section className="login-card" aria-labelledby="page-title">
          <div className="login-office">
            <Building2 size={20} aria-hidden="true" />
            <span>{status.office_name}</span>
          </div>
          <h1 id="page-title">{t('login.title')}</h1>
          <p className="lead">{t('login.intro')}</p>
          {sessionEnded ? <Banner kind="info">{t('login.session_ended')}</Banner> : null}
          {error ? <Banner kind="error">{error}</Banner> : null}
          <Form
            className="form"
            validationBehavior="aria"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <TextInput name="username" label={t('login.username')} value={username} onChange={setUsername} autoComplete="username" autoFocus inputRef={userRef} isRequired spellCheck={false} />
            <TextInput name="password" type="password" label={t('login.password')} value={password} onChange={setPassword} autoComplete="current-password" isRequired />
            <Button type="submit" className="button button-primary button-lg button-block">
              <LogIn size={18} aria-hidden="true" className="flip-rtl" />
              {t('login.submit')}
            </Button>
          </Form>
        </section>
        {status.demo ? (
          <aside className="demo-hint" aria-labelledby="demo-title">
            <h2 id="demo-title">{t('login.demo_title')}</h2>
            <p>{t('login.demo_text', { password: 'okno-demo' })}</p>
            <ul className="demo-accounts">
              {DEMO_ACCOUNTS.map(([user, role]) => (
                <li key={user}>
                  <Button
                    className="demo-account"
                    onPress={() => {
                      setUsername(user);
                      setPassword('okno-demo');
                    }}
                    aria-label={t('login.demo_fill', { user })}
                  >
                    <code>{user}</code>
                    <span>{t(role)}</span>
                  </Button>
                </li>
              ))}
            </ul>
          </aside>
        ) : null}
      </main>
    </div>
  );
}
