import { useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { Globe, KeyRound, Save } from 'lucide-react';
import type { SealKeys } from '../../gen/SealKeys';
import { useApp } from '../../app/state';
import { errorText, fieldErrorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { TextInput } from '../../components/fields';
import { Banner } from '../../components/ui';

/** The longest public address the office may set (okno-rules' MAX_PUBLIC_ADDRESS). */
const MAX_ADDRESS = 200;

/**
 * The office's public seal keys with their fingerprints, and the address the QR codes point to:
 * what someone outside the office needs to check a seal (docs/seal-format.md). An admin sets the
 * public address here; a desk on its own with no address says why its QR codes open nowhere.
 */
export function SealKeysCard() {
  const t = useT();
  const { call, can, fmt, toast } = useApp();
  const [keys, setKeys] = useState<SealKeys | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    call('seal_keys', {})
      .then((k) => live && setKeys(k))
      .catch((e: unknown) => live && setFailure(errorText(t, toApiError(e))));
    return () => {
      live = false;
    };
  }, [call, t]);

  if (failure) return <Banner kind="error" title={t('certification.seal_keys.failed')}>{failure}</Banner>;
  if (!keys) return null;
  return (
    <section className="card seal-keys" aria-labelledby="seal-keys-title">
      <h2 id="seal-keys-title" className="card-title">
        <KeyRound size={16} aria-hidden="true" />
        {t('certification.seal_keys.title')}
      </h2>
      <p className="muted">{t('certification.seal_keys.intro')}</p>
      {keys.keys.length === 0 ? (
        <p className="muted">{t('certification.seal_keys.none')}</p>
      ) : (
        <ul className="seal-key-list">
          {keys.keys.map((k) => (
            <li key={k.public_key} className="seal-key" data-status={k.status}>
              <span className={`tag ${k.status === 'current' ? 'tag-active' : 'tag-inactive'}`}>
                {k.status === 'current' ? t('certification.seal_keys.current') : t('certification.seal_keys.retired')}
              </span>
              <dl className="party seal-key-facts">
                <div>
                  <dt>{t('certification.seal_keys.fingerprint')}</dt>
                  <dd><code className="fingerprint" dir="ltr">{k.fingerprint}</code></dd>
                </div>
                <div>
                  <dt>{t('certification.seal_keys.public_key')}</dt>
                  <dd><code className="hash" dir="ltr">{k.public_key}</code></dd>
                </div>
                <div>
                  <dt>{t('certification.seal_keys.valid_from')}</dt>
                  <dd>
                    {fmt.dateTime(k.valid_from)}
                    {k.retired_at ? ` – ${fmt.dateTime(k.retired_at)}` : null}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <dl className="party seal-key-facts seal-address">
        <div>
          <dt>{t('certification.seal_keys.public_address')}</dt>
          <dd>
            {keys.public_address
              ? <code className="hash" dir="ltr">{keys.public_address}</code>
              : <span className="muted">{t('certification.seal_keys.no_public_address')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('certification.seal_keys.qr_points_to')}</dt>
          <dd><code className="hash" dir="ltr">{keys.verify_address}?c=…</code></dd>
        </div>
        {keys.keys_address ? (
          <div>
            <dt>{t('certification.seal_keys.published_at')}</dt>
            <dd><code className="hash" dir="ltr">{keys.keys_address}</code></dd>
          </div>
        ) : null}
      </dl>
      {keys.verify_address_source === 'local' ? (
        <Banner kind="warning" title={t('certification.seal_keys.local_title')}>{t('certification.seal_keys.local_text')}</Banner>
      ) : keys.verify_address_source === 'server' ? (
        <Banner kind="info" title={t('certification.seal_keys.server_title')}>{t('certification.seal_keys.server_text')}</Banner>
      ) : null}
      {can('manage_office') ? (
        <PublicAddressForm
          initial={keys.public_address ?? ''}
          onSaved={(k) => {
            setKeys(k);
            toast(k.public_address ? t('certification.seal_keys.saved') : t('certification.seal_keys.removed'));
          }}
          save={(address) => call('set_public_address', { public_address: address })}
        />
      ) : null}
    </section>
  );
}

function PublicAddressForm({
  initial,
  save,
  onSaved,
}: {
  initial: string;
  save(address: string): Promise<SealKeys>;
  onSaved(keys: SealKeys): void;
}) {
  const t = useT();
  const [address, setAddress] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const k = await save(address.trim());
      setAddress(k.public_address ?? '');
      onSaved(k);
    } catch (e) {
      const err = toApiError(e);
      const f = err.fields.find((x) => x.field === 'public_address');
      setError(f ? (f.code === 'malformed' ? t('certification.seal_keys.address_invalid') : fieldErrorText(t, f)) : errorText(t, err));
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      className="public-address-form"
      validationBehavior="aria"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <TextInput
        name="public_address"
        type="url"
        inputMode="url"
        label={t('certification.seal_keys.public_address')}
        value={address}
        onChange={(v) => {
          setAddress(v);
          setError(undefined);
        }}
        inputRef={inputRef}
        dir="ltr"
        spellCheck={false}
        autoComplete="off"
        maxLength={MAX_ADDRESS}
        placeholder="https://okno.example.org"
        description={t('certification.seal_keys.address_help')}
        error={error}
        className="public-address-field"
      />
      <Button type="submit" className="button button-primary" data-busy={busy || undefined}>
        {address.trim() ? <Save size={16} aria-hidden="true" /> : <Globe size={16} aria-hidden="true" />}
        {t('certification.seal_keys.save_address')}
      </Button>
    </Form>
  );
}
