import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { ShieldCheck, UserRound } from 'lucide-react';
import type { FieldError } from '../../gen/FieldError';
import type { PersonCard } from '../../gen/PersonCard';
import type { PersonHit } from '../../gen/PersonHit';
import { useApp } from '../../app/state';
import { toApiError } from '../../host';
import { errorText, fieldErrorText, useT, type T } from '../../i18n/useT';
import { TextInput } from '../../components/fields';
import { focusFirstInvalid } from '../../components/forms';
import { Banner, ModalDialog } from '../../components/ui';
import { registryMemory } from './memory';
import { openPerson } from './open';
import { PersonName } from './labels';

const PURPOSE_MAX = 300;
type ReasonField = 'case_number' | 'purpose';

/** What the core's refusal means for this dialog, in words that say what to do. */
function reasonErrorText(t: T, f: FieldError): string {
  const limit = f.limit ?? 0;
  if (f.field === 'purpose') {
    if (f.code === 'required') return t('registry.reason.required');
    if (f.code === 'too_short') return t('registry.reason.too_short', { limit });
    if (f.code === 'too_long') return t('registry.reason.too_long', { limit });
  }
  if (f.field === 'case_number' && f.code === 'unknown_case') return t('registry.reason.unknown_case');
  return fieldErrorText(t, f);
}

/**
 * Asks why a person is looked up before the card opens: the case it is for, or a stated purpose
 * (5 to 300 characters). The last reason of the session is offered again, so the next look-up
 * for the same citizen is one Enter. Escape cancels; focus stays inside while it is open.
 */
export function PurposeDialog({ personId, person, onClose, onOpened }: { personId: string; person: PersonHit | null; onClose(): void; onOpened(card: PersonCard): void }) {
  const t = useT();
  const { call, session, fmt } = useApp();
  const token = session?.token ?? '';
  const last = registryMemory(token).reason;
  const [caseNumber, setCaseNumber] = useState(last?.caseNumber ?? '');
  const [purpose, setPurpose] = useState(last?.purpose ?? '');
  const [fields, setFields] = useState<Partial<Record<ReasonField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setFields({});
    setFailure(null);
    try {
      onOpened(await openPerson(call, token, personId, { caseNumber, purpose }));
    } catch (e) {
      const err = toApiError(e);
      const next: Partial<Record<ReasonField, string>> = {};
      for (const f of err.fields) {
        const field: ReasonField = f.field === 'case_number' ? 'case_number' : 'purpose';
        next[field] ??= reasonErrorText(t, f);
      }
      setFields(next);
      // A refused reason is said at its field; anything else (the person is gone, the session
      // ended) above the form.
      setFailure(err.code === 'validation' && err.fields.length > 0 ? null : errorText(t, err));
      if (formRef.current) focusFirstInvalid(formRef.current);
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen onOpenChange={(open) => !open && onClose()} title={t('registry.reason.title')} size="md">
      <form
        ref={formRef}
        className="form reason-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {person ? (
          <div className="reason-person">
            <UserRound size={18} aria-hidden="true" />
            <div>
              <PersonName person={person} />
              <span className="reason-person-facts">
                {[person.birth_date ? t('registry.born_on', { date: fmt.date(person.birth_date) }) : null, person.birth_place || null]
                  .filter(Boolean)
                  .join(t('registry.joiner'))}
              </span>
            </div>
          </div>
        ) : null}
        <p className="reason-intro">
          <ShieldCheck size={16} aria-hidden="true" />
          <span>{t('registry.reason.intro')}</span>
        </p>
        {failure ? <Banner kind="error" title={failure} /> : null}
        <TextInput
          name="case_number"
          label={t('registry.reason.case_number')}
          value={caseNumber}
          onChange={setCaseNumber}
          dir="ltr"
          digits
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          autoFocus={!(last && !last.caseNumber && last.purpose)}
          error={fields.case_number}
          description={t('registry.reason.case_number_help')}
        />
        <p className="reason-or" aria-hidden="true">
          <span>{t('registry.reason.or')}</span>
        </p>
        <TextInput
          name="purpose"
          label={t('registry.reason.purpose')}
          value={purpose}
          onChange={setPurpose}
          maxLength={PURPOSE_MAX}
          autoFocus={!!(last && !last.caseNumber && last.purpose)}
          error={fields.purpose}
          description={t('registry.reason.purpose_help', { min: 5, max: PURPOSE_MAX })}
        />
        <div className="dialog-actions">
          <Button className="button button-ghost" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" data-busy={busy || undefined}>
            {t('registry.reason.open')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
