import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { Coins, Copy, Eraser, Languages, PenLine, Printer, Stamp } from 'lucide-react';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { navigate } from '../../app/router';
import { ENDONYMS, pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { Banner, PageHeader, StickyActions } from '../../components/ui';
import { useFormErrors, submitForm } from '../../components/forms';
import { CERT_FIELDS, CertifyFields, emptyDraft, toRequest, useServiceOptions, type CertDraft } from './CertifyFields';

/**
 * Certify: a registrar records a certified signature or copy in the ledger. On success the new
 * entry opens, with its certified copy ready to print.
 */
export function CertifyScreen() {
  const t = useT();
  const { call, toast } = useApp();
  const [d, setD] = useState<CertDraft>(emptyDraft);
  const [round, setRound] = useState(0);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError, setField } = useFormErrors(t, CERT_FIELDS);
  const { can, session } = useApp();
  const officeLocale = session?.office.locale;

  // The citizen this desk serves now: their language is proposed for the second language of
  // the certified copy's clause (when it is not the office's own).
  useEffect(() => {
    if (!can('serve_queue')) return;
    let live = true;
    call('desk_state', {})
      .then((s) => {
        const l = s.current?.locale;
        if (live && l && l !== officeLocale) setD((x) => (x.secondLocale === null ? { ...x, secondLocale: l } : x));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [call, can, round, officeLocale]);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    clear();
    try {
      const entry = await call('certify', toRequest(d));
      toast(t('certification.recorded', { number: entry.number }));
      navigate({ name: 'ledger_entry', id: entry.id });
    } catch (e) {
      fromError(e, formRef.current);
      setBusy(false);
    }
  };

  const fieldCount = Object.keys(errors.fields).length;
  return (
    <div className="certify">
      <PageHeader
        title={t('certification.title')}
        subtitle={t('certification.subtitle')}
        actions={
          <span className="hint">
            <kbd dir="ltr">Ctrl</kbd> + <kbd dir="ltr">Enter</kbd> {t('certification.shortcut_submit')}
          </span>
        }
      />
      {errors.form ? (
        <Banner kind="error" title={errors.form}>
          {fieldCount > 0 ? <p>{t('form.fix_fields', { count: fieldCount })}</p> : null}
          {errors.other.length ? <ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}
        </Banner>
      ) : null}
      <div className="intake-layout">
        <form
          key={round}
          ref={formRef}
          className="form intake-form"
          noValidate
          aria-labelledby="page-title"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submitForm(formRef.current);
            }
          }}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <CertifyFields draft={d} set={setD} errors={errors.fields} setFieldError={setField} />
          <StickyActions>
            <Button type="submit" className="button button-primary button-lg" data-busy={busy || undefined}>
              <Stamp size={18} aria-hidden="true" />
              {busy ? t('certification.recording') : t('certification.submit')}
            </Button>
            <Button
              className="button button-ghost"
              onPress={() => {
                setD(emptyDraft());
                clear();
                setRound((r) => r + 1);
              }}
            >
              <Eraser size={16} aria-hidden="true" />
              {t('intake.clear')}
            </Button>
          </StickyActions>
        </form>
        <CertifySummary draft={d} />
      </div>
    </div>
  );
}

function CertifySummary({ draft: d }: { draft: CertDraft }) {
  const t = useT();
  const { session, locale, fmt } = useApp();
  const { services } = useServiceOptions();
  const service = services.find((s) => s.id === d.serviceId);
  const office = session?.office.locale ?? 'sk';
  return (
    <aside className="intake-summary" aria-labelledby="cert-summary-title">
      <div className="card summary-card">
        <h2 id="cert-summary-title" className="card-title">{t('intake.summary')}</h2>
        <p className="summary-service">
          {d.kind === 'copy' ? <Copy size={16} aria-hidden="true" /> : <PenLine size={16} aria-hidden="true" />}
          {t(`certification.kind_${d.kind}_long` as MessageId)}
        </p>
        {service && pickName(service.names, locale) !== t(`certification.kind_${d.kind}_long` as MessageId) ? (
          <p className="summary-agency">{pickName(service.names, locale)}</p>
        ) : null}
        <dl className="summary-facts">
          <div>
            <dt><Coins size={16} aria-hidden="true" />{t('intake.fee')}</dt>
            <dd>{service ? (service.fee_minor > 0 ? fmt.money(service.fee_minor, service.currency) : t('intake.no_fee')) : '—'}</dd>
          </div>
          <div>
            <dt><Copy size={16} aria-hidden="true" />{d.kind === 'copy' ? t('certification.copies_copy') : t('certification.copies_signature')}</dt>
            <dd>{Number.isFinite(d.copies) ? fmt.number(d.copies) : '—'}</dd>
          </div>
          <div>
            <dt><Languages size={16} aria-hidden="true" />{t('certification.clause_languages')}</dt>
            <dd>
              <span lang={office}>{ENDONYMS[office]}</span>
              {d.secondLocale ? (
                <>
                  {' + '}
                  <span lang={d.secondLocale}>{ENDONYMS[d.secondLocale]}</span>
                </>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>{d.method === 'pad' ? <PenLine size={16} aria-hidden="true" /> : <Printer size={16} aria-hidden="true" />}{t('certification.method_short')}</dt>
            <dd>{d.method === 'pad' ? t('certification.method_pad_short') : t('certification.method_sheet_short')}</dd>
          </div>
        </dl>
      </div>
      <div className="card tips-card">
        <h2 className="card-title">{t('certification.steps_title')}</h2>
        <ol className="tips steps">
          <li>{t('certification.step_identity')}</li>
          <li>{t('certification.step_document')}</li>
          <li>{t('certification.step_sign')}</li>
          <li>{t('certification.step_print')}</li>
        </ol>
      </div>
    </aside>
  );
}
