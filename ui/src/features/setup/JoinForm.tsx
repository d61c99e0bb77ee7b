import { useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ArrowLeft, Link2 } from 'lucide-react';
import type { SetupStatus } from '../../gen/SetupStatus';
import { host } from '../../host';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { TextInput } from '../../components/fields';
import { Banner } from '../../components/ui';
import { focusFirstInvalid, useFormErrors } from '../../components/forms';

const FIELDS = ['server_url', 'code', 'device_name'] as const;

/**
 * First run, third way: enrol this working copy with the office's server using a one-time code.
 * The office, its staff and its catalogue come down from the server; then staff sign in as usual.
 */
export function JoinForm({ onBack, onJoined }: { onBack(): void; onJoined(status: SetupStatus): void }) {
  const t = useT();
  const { toast } = useApp();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const [busy, setBusy] = useState(false);
  /** Whether the banner is about fields to fill in (then it counts them) or about the server. */
  const [fieldsToFix, setFieldsToFix] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, setErrors, clear, fromError, setField } = useFormErrors(t, FIELDS);

  /** Empty fields are refused here, before anything is sent. */
  const check = (): Record<string, string> => {
    const fields: Record<string, string> = {};
    const url = serverUrl.trim();
    if (!url) fields.server_url = t('setup.server_url_missing');
    else if (!/^https?:\/\/[^\s/]+/i.test(url)) fields.server_url = t('setup.server_url_scheme');
    if (!code.trim()) fields.code = t('setup.enrol_code_missing');
    if (!deviceName.trim()) fields.device_name = t('setup.device_name_missing');
    return fields;
  };

  const submit = async () => {
    if (busy) return;
    const fields = check();
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, form: t('error.validation'), other: [] });
      setFieldsToFix(true);
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    setBusy(true);
    clear();
    try {
      const status = await host.call(
        'enrol_device',
        { server_url: serverUrl.trim(), code: code.trim(), device_name: deviceName.trim() },
        null,
      );
      toast(t('setup.joined', { office: status.office_name ?? '' }));
      onJoined(status);
    } catch (e) {
      const err = fromError(e, formRef.current);
      setFieldsToFix(err.code === 'validation');
      // Point at the field to check; the banner above says why.
      if (err.code === 'enrolment_refused') setField('code', t('setup.check_code'));
      else if (err.code === 'server_unreachable' || err.code === 'unsupported_protocol') setField('server_url', t('setup.check_address'));
      setBusy(false);
    }
  };

  const fieldCount = Object.keys(errors.fields).length;
  return (
    <section className="welcome-card" aria-labelledby="page-title">
      <Button className="button button-ghost back-button" onPress={onBack}>
        <ArrowLeft size={16} aria-hidden="true" className="flip-rtl" />
        {t('common.back')}
      </Button>
      <h1 id="page-title" tabIndex={-1}>{t('setup.join_title')}</h1>
      <p className="lead">{t('setup.join_intro')}</p>
      {errors.form ? (
        <Banner kind="error" title={errors.form}>
          {fieldsToFix && fieldCount > 0 ? <p>{t('form.fix_fields', { count: fieldCount })}</p> : null}
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
        <TextInput
          name="server_url"
          type="url"
          inputMode="url"
          label={t('setup.server_url')}
          value={serverUrl}
          onChange={setServerUrl}
          isRequired
          autoFocus
          autoComplete="url"
          spellCheck={false}
          dir="ltr"
          placeholder="https://"
          error={errors.fields.server_url}
          description={t('setup.server_url_help')}
        />
        <div className="grid-2">
          <TextInput
            name="code"
            label={t('setup.enrol_code')}
            value={code}
            onChange={setCode}
            isRequired
            autoComplete="one-time-code"
            spellCheck={false}
            dir="ltr"
            digits
            error={errors.fields.code}
            description={t('setup.enrol_code_help')}
          />
          <TextInput
            name="device_name"
            label={t('setup.device_name')}
            value={deviceName}
            onChange={setDeviceName}
            isRequired
            autoComplete="off"
            maxLength={100}
            error={errors.fields.device_name}
            description={t('setup.device_name_help')}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary button-lg" data-busy={busy || undefined}>
            <Link2 size={18} aria-hidden="true" />
            {t('setup.join')}
          </Button>
          <span className="muted small" role="status">{busy ? t('setup.joining') : ''}</span>
        </div>
      </Form>
    </section>
  );
}
