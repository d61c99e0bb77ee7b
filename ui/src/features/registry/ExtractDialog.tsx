import { useMemo, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { Printer, ShieldCheck } from 'lucide-react';
import type { FieldError } from '../../gen/FieldError';
import type { PersonCard } from '../../gen/PersonCard';
import type { RecordView } from '../../gen/RecordView';
import { useApp } from '../../app/state';
import { navigate } from '../../app/router';
import { toApiError } from '../../host';
import { pickName } from '../../i18n/locales';
import { errorText, fieldErrorText, useT, type T } from '../../i18n/useT';
import { ComboBoxInput, NumberInput, TextInput } from '../../components/fields';
import { focusFirstInvalid } from '../../components/forms';
import { Banner, ModalDialog } from '../../components/ui';
import { useServiceOptions } from '../certification/CertifyFields';
import { fullName, isolate, RecordKindLabel } from './labels';

/** The catalogue's service for extracts, used without asking when the office has it. */
const EXTRACT_SERVICE = 'REG-EXTRACT';
const PARTY_MAX = 200;
type ExtractField = 'party_name' | 'copies' | 'service_id';

/** What the core's refusal means for this dialog, in words that say what to do. */
function extractErrorText(t: T, f: FieldError): string {
  const limit = f.limit ?? 0;
  if (f.field === 'party_name') {
    if (f.code === 'required') return t('registry.extract.party_required');
    if (f.code === 'too_long') return t('registry.extract.party_too_long', { limit });
  }
  if (f.field === 'copies') {
    if (f.code === 'too_small') return t('registry.extract.copies_too_small', { limit });
    if (f.code === 'too_large') return t('registry.extract.copies_too_large', { limit });
  }
  if (f.field === 'service_id') {
    if (f.code === 'required') return t('registry.extract.service_required');
    if (f.code === 'unknown_service') return t('registry.extract.unknown_service');
  }
  return fieldErrorText(t, f);
}

/**
 * Issues an extract of one of the card's records: a numbered, sealed ledger entry for the reason
 * the card was opened for. The party is the card's person unless changed; the fee is the
 * catalogue's extract service, or one the registrar picks when the office has none. On success
 * the new ledger entry opens, with the extract ready to print.
 */
export function ExtractDialog({ card, record, onClose }: { card: PersonCard; record: RecordView; onClose(): void }) {
  const t = useT();
  const { call, toast, locale, fmt } = useApp();
  const { services, options, filter } = useServiceOptions();
  const fixed = useMemo(() => services.find((s) => s.code.toUpperCase() === EXTRACT_SERVICE) ?? null, [services]);
  const [partyName, setPartyName] = useState(() => fullName(card.person));
  const [copies, setCopies] = useState(1);
  const [picked, setPicked] = useState<string | null>(null);
  const [fields, setFields] = useState<Partial<Record<ExtractField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const serviceId = fixed?.id ?? picked;

  const refuse = (next: Partial<Record<ExtractField, string>>) => {
    setFields(next);
    // Focus moves once the errors are rendered.
    requestAnimationFrame(() => formRef.current && focusFirstInvalid(formRef.current));
  };

  const submit = async () => {
    if (busy) return;
    setFields({});
    setFailure(null);
    const local: Partial<Record<ExtractField, string>> = {};
    if (!partyName.trim()) local.party_name = t('registry.extract.party_required');
    if (!Number.isFinite(copies) || copies < 1) local.copies = t('registry.extract.copies_too_small', { limit: 1 });
    if (!serviceId) local.service_id = t('registry.extract.service_required');
    if (Object.keys(local).length > 0) return refuse(local);
    setBusy(true);
    try {
      const entry = await call('certify_extract', {
        record_id: record.id,
        party_name: partyName,
        case_number: card.case_number,
        purpose: card.purpose,
        copies: Math.trunc(copies),
        service_id: serviceId!,
      });
      toast(t('certification.recorded', { number: entry.number }));
      navigate({ name: 'ledger_entry', id: entry.id });
    } catch (e) {
      const err = toApiError(e);
      const next: Partial<Record<ExtractField, string>> = {};
      let reasonRefused = false;
      for (const f of err.fields) {
        if (f.field === 'party_name' || f.field === 'copies' || f.field === 'service_id') next[f.field] ??= extractErrorText(t, f);
        else reasonRefused = true;
      }
      setFailure(
        reasonRefused
          ? t('registry.extract.reason_refused')
          : err.code === 'validation' && err.fields.length > 0
            ? null
            : errorText(t, err),
      );
      refuse(next);
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen onOpenChange={(open) => !open && onClose()} title={t('registry.extract.title')} size="md">
      <form
        ref={formRef}
        className="form extract-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="extract-record">
          <RecordKindLabel kind={record.kind} />
          <span className="case-number" dir="ltr">{record.number}</span>
          <span className="muted">{fmt.date(record.date)}</span>
        </p>
        <p className="reason-intro">
          <ShieldCheck size={16} aria-hidden="true" />
          <span>
            {card.case_number
              ? t('registry.extract.intro_case', { number: isolate(card.case_number) })
              : t('registry.extract.intro_purpose')}
          </span>
        </p>
        {failure ? <Banner kind="error" title={failure} /> : null}
        <TextInput
          name="party_name"
          label={t('registry.extract.party_name')}
          value={partyName}
          onChange={(v) => {
            setPartyName(v);
            if (v.trim()) setFields((x) => ({ ...x, party_name: undefined }));
          }}
          maxLength={PARTY_MAX}
          autoComplete="off"
          autoFocus
          isRequired
          error={fields.party_name}
          description={t('registry.extract.party_name_help')}
        />
        <NumberInput
          name="copies"
          label={t('registry.extract.copies')}
          value={copies}
          onChange={setCopies}
          minValue={1}
          isRequired
          error={fields.copies}
          formatOptions={{ maximumFractionDigits: 0, useGrouping: false }}
        />
        {fixed ? (
          <div className="field">
            <span className="field-label">{t('registry.extract.service')}</span>
            <p className="extract-service">
              <bdi>{pickName(fixed.names, locale)}</bdi>
              <span className="muted">
                {' · '}
                {fixed.fee_minor > 0 ? fmt.money(fixed.fee_minor * Math.max(1, Math.trunc(copies) || 1), fixed.currency) : t('intake.no_fee')}
              </span>
            </p>
            {fields.service_id ? <p className="field-error">{fields.service_id}</p> : null}
          </div>
        ) : (
          <ComboBoxInput
            name="service_id"
            label={t('registry.extract.service')}
            value={picked}
            onChange={(v) => {
              setPicked(v);
              if (v) setFields((x) => ({ ...x, service_id: undefined }));
            }}
            options={options}
            filter={filter}
            placeholder={t('intake.service_placeholder')}
            emptyText={t('intake.no_service')}
            isRequired
            error={fields.service_id}
            description={t('registry.extract.service_help')}
          />
        )}
        <div className="dialog-actions">
          <Button className="button button-ghost" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" data-busy={busy || undefined}>
            <Printer size={16} aria-hidden="true" />
            {t('registry.extract.confirm')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
