import { useRef, useState } from 'react';
import { Button, Cell, CheckboxGroup, Column, Form, Label, Row, Table, TableBody, TableHeader, FieldError, Text } from 'react-aria-components';
import { UserPlus, Users } from 'lucide-react';
import type { Locale } from '../../gen/Locale';
import type { Role } from '../../gen/Role';
import type { MessageId } from '../../i18n/messages';
import { useApp } from '../../app/state';
import { ENDONYMS, LOCALES } from '../../i18n/locales';
import { useT } from '../../i18n/useT';
import { SelectInput, TextInput, type Option } from '../../components/fields';
import { Banner, EmptyState, ModalDialog, PageHeader, Spinner } from '../../components/ui';
import { useFormErrors } from '../../components/forms';
import { Checkbox } from 'react-aria-components';
import { Check } from 'lucide-react';

const ROLES: Role[] = ['clerk', 'registrar', 'cashier', 'supervisor', 'admin'];

export function StaffScreen() {
  const t = useT();
  const { staff } = useApp();
  const [adding, setAdding] = useState(false);
  if (!staff) return <Spinner label={t('common.loading')} />;
  const sorted = [...staff].sort((a, b) => a.display_name.localeCompare(b.display_name));
  return (
    <div className="staff">
      <PageHeader
        title={t('staff.title')}
        subtitle={t('staff.subtitle', { count: staff.length })}
        actions={
          <Button className="button button-primary" onPress={() => setAdding(true)}>
            <UserPlus size={18} aria-hidden="true" />
            {t('staff.add')}
          </Button>
        }
      />
      <div className="card table-card">
        {sorted.length === 0 ? (
          <EmptyState icon={<Users size={32} />} title={t('staff.empty')} />
        ) : (
          <Table aria-label={t('staff.title')} className="table">
            <TableHeader>
              <Column isRowHeader>{t('staff.display_name')}</Column>
              <Column>{t('staff.username')}</Column>
              <Column>{t('staff.roles')}</Column>
              <Column>{t('staff.language')}</Column>
              <Column>{t('catalogue.col_state')}</Column>
            </TableHeader>
            <TableBody items={sorted}>
              {(s) => (
                <Row id={s.id} className="row">
                  <Cell>
                    <span className="with-icon">
                      <span className="user-avatar user-avatar-sm" aria-hidden="true">{s.display_name.split(/\s+/).map((p) => p[0]).slice(0, 2).join('')}</span>
                      {s.display_name}
                    </span>
                  </Cell>
                  <Cell><code>{s.username}</code></Cell>
                  <Cell>
                    <span className="role-tags">
                      {s.roles.map((r) => <span key={r} className={`tag tag-role tag-${r}`}>{t(`role.${r}` as MessageId)}</span>)}
                    </span>
                  </Cell>
                  <Cell><span lang={s.locale}>{ENDONYMS[s.locale]}</span></Cell>
                  <Cell><span className={`tag ${s.active ? 'tag-active' : 'tag-inactive'}`}>{s.active ? t('staff.active') : t('staff.disabled')}</span></Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        )}
      </div>
      {adding ? <NewStaffDialog onClose={() => setAdding(false)} /> : null}
    </div>
  );
}

const FIELDS = ['username', 'display_name', 'password', 'roles', 'locale'] as const;

function NewStaffDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const { call, reloadStaff, toast, locale } = useApp();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['clerk']);
  const [staffLocale, setStaffLocale] = useState<Locale>(locale);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, clear, fromError } = useFormErrors(t, FIELDS);
  const languages: Option[] = LOCALES.map((l) => ({ id: l, label: ENDONYMS[l], lang: l }));

  const save = async () => {
    setBusy(true);
    clear();
    try {
      const created = await call('create_staff', { username: username.trim(), display_name: displayName, password, roles, locale: staffLocale });
      await reloadStaff();
      toast(t('staff.created', { name: created.display_name }));
      onClose();
    } catch (e) {
      fromError(e, formRef.current);
      setBusy(false);
    }
  };

  return (
    <ModalDialog isOpen onOpenChange={(o) => !o && onClose()} title={t('staff.add')} size="md">
      <Form ref={formRef} className="form" validationBehavior="aria" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {errors.form ? <Banner kind="error" title={errors.form} /> : null}
        <div className="grid-2">
          <TextInput name="display_name" label={t('staff.display_name')} value={displayName} onChange={setDisplayName} isRequired maxLength={120} error={errors.fields.display_name} autoFocus />
          <TextInput name="username" label={t('staff.username')} value={username} onChange={setUsername} isRequired maxLength={64} error={errors.fields.username} description={t('staff.username_help')} dir="ltr" spellCheck={false} />
        </div>
        <div className="grid-2">
          <TextInput name="password" type="password" label={t('staff.password')} value={password} onChange={setPassword} isRequired autoComplete="new-password" error={errors.fields.password} description={t('staff.password_help', { min: 8 })} />
          <SelectInput name="locale" label={t('staff.language')} value={staffLocale} onChange={(v) => v && setStaffLocale(v as Locale)} options={languages} placeholder={t('common.choose')} error={errors.fields.locale} />
        </div>
        <CheckboxGroup className="field role-group" value={roles} onChange={(v) => setRoles(v as Role[])} isInvalid={!!errors.fields.roles} validationBehavior="aria" isRequired>
          <Label className="field-label">{t('staff.roles')}</Label>
          <div className="role-options">
            {ROLES.map((r) => (
              <Checkbox key={r} value={r} className="checkbox checkbox-card">
                <span className="checkbox-box" aria-hidden="true"><Check size={14} strokeWidth={3} /></span>
                <span className="checkbox-text">
                  <span className="checkbox-label">{t(`role.${r}` as MessageId)}</span>
                  <span className="checkbox-description">{t(`role_help.${r}` as MessageId)}</span>
                </span>
              </Checkbox>
            ))}
          </div>
          {errors.fields.roles ? <FieldError className="field-error">{errors.fields.roles}</FieldError> : <Text slot="description" className="field-help">{t('staff.roles_help')}</Text>}
        </CheckboxGroup>
        <div className="dialog-actions">
          <Button className="button button-ghost" onPress={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" className="button button-primary" data-busy={busy || undefined}>
            <UserPlus size={16} aria-hidden="true" />
            {t('staff.create')}
          </Button>
        </div>
      </Form>
    </ModalDialog>
  );
}
