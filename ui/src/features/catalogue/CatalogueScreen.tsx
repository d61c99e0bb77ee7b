import { useMemo, useRef, useState } from 'react';
import { Button, Cell, Column, Form, Row, Tab, Table, TableBody, TableHeader, TabList, TabPanel, Tabs } from 'react-aria-components';
import { Building, Library, Plus, Trash2, Pencil } from 'lucide-react';
import type { AgencyView } from '../../gen/AgencyView';
import type { ServiceView } from '../../gen/ServiceView';
import { useApp } from '../../app/state';
import { pickName } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { CheckboxInput, NumberInput, SelectInput, TextInput, type Option } from '../../components/fields';
import { Banner, EmptyState, ModalDialog, PageHeader, Spinner } from '../../components/ui';
import { useFormErrors } from '../../components/forms';
import { EMPTY_NAMES, NamesFields, namesFrom, type Names } from './NamesFields';
import { CodeNamesDialog } from './CodeNamesDialog';
import type { QueueCategoryView } from '../../gen/QueueCategoryView';
import { CategoriesTab } from '../queue/CategoriesTab';
import { HoursTab } from '../queue/HoursTab';
import { BookingPlans } from '../queue/BookingPlans';

type Editing<T> = { item: T | null } | null;

export function CatalogueScreen() {
  const t = useT();
  const { catalogue, locale, fmt } = useApp();
  const [tab, setTab] = useState<'services' | 'agencies' | 'queue' | 'hours'>('services');
  const [service, setService] = useState<Editing<ServiceView>>(null);
  const [agency, setAgency] = useState<Editing<AgencyView>>(null);
  const [category, setCategory] = useState<Editing<QueueCategoryView>>(null);

  if (!catalogue) return <Spinner label={t('common.loading')} />;
  const agencyName = (id: string) => pickName(catalogue.agencies.find((a) => a.id === id)?.names, locale);
  const services = [...catalogue.services].sort((a, b) => pickName(a.names, locale).localeCompare(pickName(b.names, locale), locale));
  const agencies = [...catalogue.agencies].sort((a, b) => pickName(a.names, locale).localeCompare(pickName(b.names, locale), locale));

  return (
    <div className="catalogue">
      <PageHeader
        title={t('catalogue.title')}
        subtitle={t('catalogue.subtitle', { services: catalogue.services.length, agencies: catalogue.agencies.length })}
        actions={
          tab === 'services' ? (
            <Button className="button button-primary" onPress={() => setService({ item: null })} isDisabled={catalogue.agencies.length === 0}>
              <Plus size={18} aria-hidden="true" />
              {t('catalogue.new_service')}
            </Button>
          ) : tab === 'hours' ? null : tab === 'queue' ? (
            <Button className="button button-primary" onPress={() => setCategory({ item: null })}>
              <Plus size={18} aria-hidden="true" />
              {t('catalogue.new_queue_category')}
            </Button>
          ) : (
            <Button className="button button-primary" onPress={() => setAgency({ item: null })}>
              <Plus size={18} aria-hidden="true" />
              {t('catalogue.new_agency')}
            </Button>
          )
        }
      />
      <Tabs selectedKey={tab} onSelectionChange={(k) => setTab(k as 'services' | 'agencies' | 'queue' | 'hours')} className="tabs">
        <TabList aria-label={t('catalogue.title')} className="tablist">
          <Tab id="services" className="tab">{t('catalogue.services')}</Tab>
          <Tab id="agencies" className="tab">{t('catalogue.agencies')}</Tab>
          <Tab id="queue" className="tab">{t('catalogue.queue_categories')}</Tab>
          <Tab id="hours" className="tab">{t('catalogue.hours')}</Tab>
        </TabList>
        <TabPanel id="services" className="tabpanel">
          <div className="card table-card">
            {services.length === 0 ? (
              <EmptyState icon={<Library size={32} />} title={catalogue.agencies.length ? t('catalogue.no_services') : t('catalogue.no_agencies_first')} />
            ) : (
              <Table aria-label={t('catalogue.services')} className="table" onRowAction={(k) => setService({ item: catalogue.services.find((s) => s.id === k) ?? null })}>
                <TableHeader>
                  <Column isRowHeader>{t('catalogue.col_service')}</Column>
                  <Column>{t('catalogue.col_code')}</Column>
                  <Column>{t('catalogue.col_agency')}</Column>
                  <Column className="col-num">{t('catalogue.col_fee')}</Column>
                  <Column className="col-num">{t('catalogue.col_deadline')}</Column>
                  <Column>{t('catalogue.col_queue')}</Column>
                  <Column className="col-num">{t('catalogue.col_documents')}</Column>
                  <Column>{t('catalogue.col_state')}</Column>
                </TableHeader>
                <TableBody items={services}>
                  {(s) => (
                    <Row id={s.id} className="row" textValue={pickName(s.names, locale)}>
                      <Cell><span className="with-icon"><Pencil size={12} aria-hidden="true" className="row-edit-icon" />{pickName(s.names, locale)}</span></Cell>
                      <Cell><code>{s.code}</code></Cell>
                      <Cell>{agencyName(s.agency_id)}</Cell>
                      <Cell className="col-num">{s.fee_minor > 0 ? fmt.money(s.fee_minor, s.currency) : t('intake.no_fee')}</Cell>
                      <Cell className="col-num">{t('intake.deadline_days', { days: s.deadline_days })}</Cell>
                      <Cell>{s.queue_category}</Cell>
                      <Cell className="col-num">{fmt.number(s.required_documents.length)}</Cell>
                      <Cell><ActiveTag active={s.active} /></Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            )}
          </div>
          <p className="muted small table-hint">{t('catalogue.edit_hint')}</p>
        </TabPanel>
        <TabPanel id="agencies" className="tabpanel">
          <div className="card table-card">
            {agencies.length === 0 ? (
              <EmptyState icon={<Building size={32} />} title={t('catalogue.no_agencies')} />
            ) : (
              <Table aria-label={t('catalogue.agencies')} className="table" onRowAction={(k) => setAgency({ item: catalogue.agencies.find((a) => a.id === k) ?? null })}>
                <TableHeader>
                  <Column isRowHeader>{t('catalogue.col_agency')}</Column>
                  <Column>{t('catalogue.col_code')}</Column>
                  <Column className="col-num">{t('catalogue.col_services')}</Column>
                  <Column>{t('catalogue.col_state')}</Column>
                </TableHeader>
                <TableBody items={agencies}>
                  {(a) => (
                    <Row id={a.id} className="row" textValue={pickName(a.names, locale)}>
                      <Cell><span className="with-icon"><Pencil size={12} aria-hidden="true" className="row-edit-icon" />{pickName(a.names, locale)}</span></Cell>
                      <Cell><code>{a.code}</code></Cell>
                      <Cell className="col-num">{fmt.number(catalogue.services.filter((s) => s.agency_id === a.id).length)}</Cell>
                      <Cell><ActiveTag active={a.active} /></Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            )}
          </div>
          <p className="muted small table-hint">{t('catalogue.edit_hint')}</p>
        </TabPanel>
        <TabPanel id="queue" className="tabpanel">
          <CategoriesTab editing={category} onEdit={setCategory} />
        </TabPanel>
        <TabPanel id="hours" className="tabpanel">
          <HoursTab />
          <BookingPlans />
        </TabPanel>
      </Tabs>
      {service ? <ServiceDialog item={service.item} onClose={() => setService(null)} /> : null}
      {agency ? <AgencyDialog item={agency.item} onClose={() => setAgency(null)} /> : null}
    </div>
  );
}

function ActiveTag({ active }: { active: boolean }) {
  const t = useT();
  return <span className={`tag ${active ? 'tag-active' : 'tag-inactive'}`}>{active ? t('catalogue.active') : t('catalogue.inactive')}</span>;
}

function AgencyDialog({ item, onClose }: { item: AgencyView | null; onClose(): void }) {
  const t = useT();
  const { call, reloadCatalogue, toast } = useApp();
  return (
    <CodeNamesDialog
      title={item ? t('catalogue.edit_agency') : t('catalogue.new_agency')}
      item={item}
      code={{ label: t('catalogue.code'), help: t('catalogue.code_help'), maxLength: 32 }}
      onClose={onClose}
      save={async (v) => {
        await call('save_agency', { id: item?.id ?? null, ...v });
        await reloadCatalogue();
        toast(t('catalogue.saved'));
        onClose();
      }}
    />
  );
}

function ServiceDialog({ item, onClose }: { item: ServiceView | null; onClose(): void }) {
  const t = useT();
  const { call, reloadCatalogue, toast, catalogue, locale, session } = useApp();
  const currency = item?.currency ?? session?.office.currency ?? 'EUR';
  const [agencyId, setAgencyId] = useState<string | null>(item?.agency_id ?? catalogue?.agencies[0]?.id ?? null);
  const [code, setCode] = useState(item?.code ?? '');
  const [names, setNames] = useState<Names>(item ? namesFrom(item.names) : EMPTY_NAMES);
  const [fee, setFee] = useState<number>(item ? item.fee_minor / 100 : 0);
  const [account, setAccount] = useState(item?.account ?? '');
  const [deadline, setDeadline] = useState<number>(item?.deadline_days ?? 30);
  const [queue, setQueue] = useState(item?.queue_category ?? 'A');
  const [active, setActive] = useState(item?.active ?? true);
  const [docs, setDocs] = useState<Names[]>(item ? item.required_documents.map(namesFrom) : []);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const known = useMemo(() => {
    const langs = ['en', 'hu', 'sk', 'sv', 'fa'];
    return [
      'agency_id', 'code', 'fee_minor', 'account', 'deadline_days', 'queue_category', 'active', 'required_documents',
      ...langs.map((l) => `names.${l}`),
      ...docs.flatMap((_, i) => langs.map((l) => `required_documents.${i}.${l}`)),
    ];
  }, [docs]);
  const { errors, clear, fromError } = useFormErrors(t, known);
  const agencyOptions: Option[] = (catalogue?.agencies ?? []).map((a) => ({ id: a.id, label: pickName(a.names, locale) }));
  const currencyFormat = useMemo<Intl.NumberFormatOptions>(() => {
    try {
      new Intl.NumberFormat('en', { style: 'currency', currency });
      return { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 };
    } catch {
      return { minimumFractionDigits: 2, maximumFractionDigits: 2 };
    }
  }, [currency]);

  const save = async () => {
    setBusy(true);
    clear();
    try {
      await call('save_service', {
        id: item?.id ?? null,
        agency_id: agencyId ?? '',
        code: code.trim(),
        names,
        fee_minor: Math.round((Number.isFinite(fee) ? fee : 0) * 100),
        required_documents: docs,
        deadline_days: Number.isFinite(deadline) ? deadline : 0,
        queue_category: queue.trim(),
        active,
        account: account.trim(),
      });
      await reloadCatalogue();
      toast(t('catalogue.saved'));
      onClose();
    } catch (e) {
      fromError(e, formRef.current);
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={item ? t('catalogue.edit_service') : t('catalogue.new_service')} size="lg">
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {errors.form ? <Banner kind="error" title={errors.form}>{errors.other.length ? <ul>{errors.other.map((o) => <li key={o}>{o}</li>)}</ul> : null}</Banner> : null}
        <div className="grid-3">
          <SelectInput name="agency_id" label={t('catalogue.agency')} value={agencyId} onChange={setAgencyId} options={agencyOptions} placeholder={t('common.choose')} isRequired error={errors.fields.agency_id} className="span-2" />
          <TextInput name="code" label={t('catalogue.code')} value={code} onChange={setCode} isRequired maxLength={32} error={errors.fields.code} description={t('catalogue.code_help')} dir="ltr" />
        </div>
        <NamesFields path="names" legend={t('catalogue.names')} value={names} onChange={setNames} errors={errors.fields} />
        <div className="grid-4">
          <NumberInput name="fee_minor" label={t('catalogue.fee')} value={fee} onChange={setFee} minValue={0} formatOptions={currencyFormat} error={errors.fields.fee_minor} description={t('catalogue.fee_help')} />
          <NumberInput name="deadline_days" label={t('catalogue.deadline')} value={deadline} onChange={setDeadline} minValue={0} formatOptions={{ maximumFractionDigits: 0 }} error={errors.fields.deadline_days} description={t('catalogue.deadline_help')} />
          <TextInput name="queue_category" label={t('catalogue.queue')} value={queue} onChange={setQueue} isRequired maxLength={32} error={errors.fields.queue_category} description={t('catalogue.queue_help')} />
          <div className="field field-center">
            <CheckboxInput isSelected={active} onChange={setActive} description={t('catalogue.active_help')}>{t('catalogue.active')}</CheckboxInput>
          </div>
        </div>
        <TextInput name="account" label={t('catalogue.account')} description={t('catalogue.account_help')} value={account} onChange={setAccount} dir="ltr" autoComplete="off" spellCheck={false} error={errors.fields.account} className="catalogue-account" />
        <section className="docs-editor" aria-labelledby="docs-title">
          <div className="card-head">
            <h3 id="docs-title" className="subheading">{t('catalogue.documents')}</h3>
            <Button className="button button-secondary button-sm" onPress={() => setDocs((d) => [...d, EMPTY_NAMES])}>
              <Plus size={14} aria-hidden="true" />
              {t('catalogue.add_document')}
            </Button>
          </div>
          {errors.fields.required_documents ? <p className="field-error">{errors.fields.required_documents}</p> : null}
          {docs.length === 0 ? <p className="muted">{t('catalogue.no_documents')}</p> : null}
          {docs.map((doc, i) => (
            <div key={i} className="doc-row">
              <NamesFields
                path={`required_documents.${i}`}
                legend={t('catalogue.document_n', { n: i + 1 })}
                value={doc}
                onChange={(v) => setDocs((d) => d.map((x, j) => (j === i ? v : x)))}
                errors={errors.fields}
              />
              <Button className="button button-ghost button-sm button-danger" onPress={() => setDocs((d) => d.filter((_, j) => j !== i))}>
                <Trash2 size={14} aria-hidden="true" />
                {t('catalogue.remove_document', { n: i + 1 })}
              </Button>
            </div>
          ))}
        </section>
        <div className="dialog-actions">
          <Button className="button button-ghost" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" data-busy={busy || undefined}>{t('common.save')}</Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
