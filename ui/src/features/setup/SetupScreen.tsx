import { useMemo, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Building2, Database, ArrowLeft, Server, Sparkles } from 'lucide-react';
import type { Calendar } from '../../gen/Calendar';
import type { Locale } from '../../gen/Locale';
import type { SetupStatus } from '../../gen/SetupStatus';
import { host } from '../../host';
import { useApp } from '../../app/state';
import { ENDONYMS, LOCALES } from '../../i18n/locales';
import { errorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { ComboBoxInput, Segmented, SelectInput, TextInput, type Option } from '../../components/fields';
import { Banner } from '../../components/ui';
import { useFormErrors } from '../../components/forms';
import { LanguagePicker } from '../../components/LanguagePicker';
import { COMMON_TIME_ZONES, CURRENCIES, OFFICE_DEFAULTS } from './zones';
import { JoinForm } from './JoinForm';

const FIELDS = [
  'office.name', 'office.address', 'office.locale', 'office.currency', 'office.time_zone', 'office.calendar',
  'admin.username', 'admin.display_name', 'admin.password', 'admin.locale', 'admin.roles',
] as const;

/**
 * First run on an empty working copy: set up a new office, join the office's server, or load
 * the demo office. `onReady` takes the working copy's new status (then the login follows).
 */
export function SetupScreen({ onReady }: { onReady(status: SetupStatus): void }) {
  const t = useT();
  const [mode, setMode] = useState<'choose' | 'office' | 'join'>('choose');
  const [demoBusy, setDemoBusy] = useState(false);
  const [demoError, setDemoError] = useState<string | null>(null);

  const loadDemo = async () => {
    setDemoBusy(true);
    setDemoError(null);
    try {
      onReady(await host.call('load_demo', {}, null));
    } catch (e) {
      setDemoError(errorText(t, toApiError(e)));
      setDemoBusy(false);
    }
  };

  return (
    <div className="welcome">
      <header className="welcome-top">
        <div className="brand brand-dark">
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <LanguagePicker compact />
      </header>
      <main id="main" className="welcome-main">
        {mode === 'choose' ? (
          <section className="welcome-card" aria-labelledby="page-title">
            <h1 id="page-title" tabIndex={-1}>{t('setup.title')}</h1>
            <p className="lead">{t('setup.intro')}</p>
            {demoError ? <Banner kind="error">{demoError}</Banner> : null}
            <div className="choice-grid">
              <Button className="choice" onPress={() => setMode('office')}>
                <Building2 size={28} aria-hidden="true" />
                <span className="choice-title">{t('setup.office_choice')}</span>
                <span className="choice-text">{t('setup.office_choice_text')}</span>
              </Button>
              <Button className="choice" onPress={() => setMode('join')}>
                <Server size={28} aria-hidden="true" />
                <span className="choice-title">{t('setup.join_choice')}</span>
                <span className="choice-text">{t('setup.join_choice_text')}</span>
              </Button>
              <Button className="choice" onPress={loadDemo}>
                <Database size={28} aria-hidden="true" />
                <span className="choice-title">{t('setup.demo_choice')}</span>
                <span className="choice-text">{demoBusy ? t('setup.demo_loading') : t('setup.demo_choice_text')}</span>
              </Button>
            </div>
          </section>
        ) : mode === 'office' ? (
          <OfficeForm onBack={() => setMode('choose')} />
        ) : (
          <JoinForm onBack={() => setMode('choose')} onJoined={onReady} />
        )}
      </main>
    </div>
  );
}

function OfficeForm({ onBack }: { onBack(): void }) {
  const t = useT();
  const { locale, signIn } = useApp();
  const defaults = OFFICE_DEFAULTS[locale];
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [officeLocale, setOfficeLocale] = useState<Locale>(locale);
  const [currency, setCurrency] = useState(defaults.currency);
  const [timeZone, setTimeZone] = useState(defaults.timeZone);
  const [calendar, setCalendar] = useState<Calendar>(defaults.calendar);
  const [touched, setTouched] = useState(false);
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [adminLocale, setAdminLocale] = useState<Locale>(locale);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError } = useFormErrors(t, FIELDS);

  const languageOptions: Option[] = LOCALES.map((l) => ({ id: l, label: ENDONYMS[l], lang: l }));
  const zoneOptions: Option[] = useMemo(() => COMMON_TIME_ZONES.map((z) => ({ id: z, label: z.replace(/_/g, ' '), textValue: z })), []);
  const currencyOptions: Option[] = CURRENCIES.map((c) => ({ id: c, label: c }));

  const pickOfficeLocale = (l: Locale) => {
    setOfficeLocale(l);
    setAdminLocale(l);
    if (!touched) {
      const d = OFFICE_DEFAULTS[l];
      setCurrency(d.currency);
      setTimeZone(d.timeZone);
      setCalendar(d.calendar);
    }
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      const session = await host.call(
        'setup_office',
        {
          office: { name, address, locale: officeLocale, currency: currency.trim().toUpperCase(), time_zone: timeZone.trim(), calendar },
          admin: { username: username.trim(), display_name: displayName, password, roles: ['admin', 'supervisor'], locale: adminLocale },
        },
        null,
      );
      signIn(session);
      window.location.hash = '#/cases';
    } catch (e) {
      fromError(e, formRef.current);
      setBusy(false);
    }
  };

  return (
    <section className="welcome-card welcome-card-wide" aria-labelledby="page-title">
      <Button className="button button-ghost back-button" onPress={onBack}>
        <ArrowLeft size={16} aria-hidden="true" className="flip-rtl" />
        {t('common.back')}
      </Button>
      <h1 id="page-title" tabIndex={-1}>{t('setup.office_title')}</h1>
      <p className="lead">{t('setup.office_intro')}</p>
      {errors.form ? (
        <Banner kind="error" title={errors.form}>
          {errors.other.length ? <ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}
        </Banner>
      ) : null}
      <Form
        ref={formRef}
        className="form"
        validationBehavior="aria"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="form-section">
          <legend>{t('setup.office_section')}</legend>
          <div className="grid-2">
            <TextInput name="office.name" label={t('setup.office_name')} value={name} onChange={setName} isRequired autoFocus error={errors.fields['office.name']} description={t('setup.office_name_help')} />
            <TextInput name="office.address" label={t('setup.office_address')} value={address} onChange={setAddress} isRequired error={errors.fields['office.address']} />
          </div>
          <div className="grid-2">
            <SelectInput name="office.locale" label={t('setup.office_locale')} value={officeLocale} onChange={(v) => v && pickOfficeLocale(v as Locale)} options={languageOptions} placeholder={t('common.choose')} error={errors.fields['office.locale']} description={t('setup.office_locale_help')} />
            <ComboBoxInput
              name="office.currency"
              label={t('setup.currency')}
              value={CURRENCIES.includes(currency) ? currency : null}
              inputValue={currency}
              onInputChange={(v) => { setCurrency(v.toUpperCase()); setTouched(true); }}
              onChange={(v) => { if (v) { setCurrency(v); setTouched(true); } }}
              allowsCustomValue
              options={currencyOptions}
              emptyText={t('common.no_matches')}
              error={errors.fields['office.currency']}
              description={t('setup.currency_help')}
              isRequired
            />
          </div>
          <div className="grid-2">
            <ComboBoxInput
              name="office.time_zone"
              label={t('setup.time_zone')}
              value={COMMON_TIME_ZONES.includes(timeZone) ? timeZone : null}
              inputValue={timeZone}
              onInputChange={(v) => { setTimeZone(v); setTouched(true); }}
              onChange={(v) => { if (v) { setTimeZone(v); setTouched(true); } }}
              allowsCustomValue
              options={zoneOptions}
              emptyText={t('common.no_matches')}
              error={errors.fields['office.time_zone']}
              description={t('setup.time_zone_help')}
              isRequired
            />
            <Segmented<Calendar>
              name="office.calendar"
              label={t('setup.calendar')}
              value={calendar}
              onChange={(c) => { setCalendar(c); setTouched(true); }}
              options={[
                { id: 'gregorian', label: t('calendar.gregorian') },
                { id: 'persian', label: t('calendar.persian') },
              ]}
              error={errors.fields['office.calendar']}
            />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t('setup.admin_section')}</legend>
          <p className="muted section-help">{t('setup.admin_help')}</p>
          <div className="grid-2">
            <TextInput name="admin.display_name" label={t('staff.display_name')} value={displayName} onChange={setDisplayName} isRequired autoComplete="name" error={errors.fields['admin.display_name']} />
            <TextInput name="admin.username" label={t('staff.username')} value={username} onChange={setUsername} isRequired autoComplete="username" error={errors.fields['admin.username']} description={t('staff.username_help')} />
          </div>
          <div className="grid-2">
            <TextInput name="admin.password" type="password" label={t('staff.password')} value={password} onChange={setPassword} isRequired autoComplete="new-password" error={errors.fields['admin.password']} description={t('staff.password_help', { min: 8 })} />
            <SelectInput name="admin.locale" label={t('staff.language')} value={adminLocale} onChange={(v) => v && setAdminLocale(v as Locale)} options={languageOptions} placeholder={t('common.choose')} error={errors.fields['admin.locale']} />
          </div>
        </fieldset>
        <div className="form-actions">
          <Button type="submit" className="button button-primary button-lg">
            <Sparkles size={18} aria-hidden="true" />
            {busy ? t('setup.creating') : t('setup.create')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
