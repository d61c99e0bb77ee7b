import { useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { KeyRound } from 'lucide-react';
import { useApp } from '../../app/state';
import { useT } from '../../i18n/useT';
import { TextInput } from '../../components/fields';
import { useFormErrors } from '../../components/forms';
import { useSync } from './SyncProvider';

const FIELDS = ['code'] as const;

/**
 * Re-joins this workstation when its key for the office server is lost (a keyring gone or
 * locked, a key kept in memory only) or no longer accepted: a new one-time code from the
 * administrator, the same workstation, and everything waiting goes through.
 */
export function RejoinForm() {
  const t = useT();
  const { call, toast } = useApp();
  const { syncNow } = useSync();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError, setField } = useFormErrors(t, FIELDS);

  const submit = async () => {
    if (busy) return;
    if (!code.trim()) {
      setField('code', t('sync.rejoin_code_missing'));
      return;
    }
    setBusy(true);
    clear();
    try {
      await call('rejoin_device', { code: code.trim() });
      setCode('');
      toast(t('sync.rejoined'), 'info');
      // The indicator shows the new state at once; the sending itself runs in the background.
      await syncNow().catch(() => undefined);
    } catch (e) {
      const err = fromError(e, formRef.current);
      if (err.code === 'enrolment_refused') setField('code', t('setup.check_code'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      ref={formRef}
      className="form sync-rejoin"
      validationBehavior="aria"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <TextInput
        name="code"
        label={t('sync.rejoin_code')}
        value={code}
        onChange={setCode}
        isRequired
        autoComplete="one-time-code"
        spellCheck={false}
        dir="ltr"
        error={errors.fields.code ?? errors.form ?? undefined}
        description={t('sync.rejoin_code_help')}
      />
      <div className="form-actions">
        <Button type="submit" className="button button-primary" data-busy={busy || undefined}>
          <KeyRound size={16} aria-hidden="true" />
          {t('sync.rejoin')}
        </Button>
        <span className="muted small" role="status">{busy ? t('sync.rejoining') : ''}</span>
      </div>
    </Form>
  );
}
