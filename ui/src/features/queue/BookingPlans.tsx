import { useCallback, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import type { BookingPlan } from '../../gen/BookingPlan';
import { useApp } from '../../app/state';
import { pickName } from '../../i18n/locales';
import { errorText, useT } from '../../i18n/useT';
import { toApiError } from '../../host';
import { CheckboxInput, NumberInput } from '../../components/fields';
import { useFetched } from '../../components/fetch';

/**
 * Which services take appointments on the office's booking page, and their slots: minutes a
 * slot and places a slot (the desks that serve the bookings). A row per active service, saved
 * one at a time.
 */
export function BookingPlans() {
  const t = useT();
  const { call, catalogue, locale, toast } = useApp();
  const { value: plans, reload } = useFetched(useCallback(() => call('booking_plans', {}), [call]));
  const services = (catalogue?.services ?? []).filter((s) => s.active);
  return (
    <section className="card" aria-labelledby="booking-plans">
      <h2 id="booking-plans" className="card-title">{t('catalogue.booking')}</h2>
      <p className="form-intro">{t('catalogue.booking_intro')}</p>
      <div className="booking-plans">
        {services.map((s) => (
          <PlanRow
            key={s.id}
            name={pickName(s.names, locale)}
            serviceId={s.id}
            plan={plans?.find((p) => p.service_id === s.id) ?? null}
            onSave={async (p) => {
              try {
                await call('save_booking_plan', p);
                toast(t('catalogue.booking_saved', { service: pickName(s.names, locale) }));
                await reload();
              } catch (e) {
                toast(errorText(t, toApiError(e)), 'error');
              }
            }}
          />
        ))}
      </div>
    </section>
  );
}

function PlanRow({ name, serviceId, plan, onSave }: { name: string; serviceId: string; plan: BookingPlan | null; onSave(p: BookingPlan): Promise<void> }) {
  const t = useT();
  const [active, setActive] = useState(plan?.active ?? false);
  const [minutes, setMinutes] = useState(plan?.slot_minutes ?? 15);
  const [places, setPlaces] = useState(plan?.desks ?? 1);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setActive(plan?.active ?? false);
    setMinutes(plan?.slot_minutes ?? 15);
    setPlaces(plan?.desks ?? 1);
  }, [plan]);
  const changed = !plan ? active : active !== plan.active || minutes !== plan.slot_minutes || places !== plan.desks;
  return (
    <div className="booking-plan" role="group" aria-label={name}>
      <CheckboxInput isSelected={active} onChange={setActive}>
        {name} — {t('catalogue.booking_takes')}
      </CheckboxInput>
      <NumberInput name={`slot-minutes-${serviceId}`} label={t('catalogue.booking_minutes')} value={minutes} onChange={setMinutes} minValue={5} maxValue={240} step={5} />
      <NumberInput name={`places-${serviceId}`} label={t('catalogue.booking_places')} value={places} onChange={setPlaces} minValue={1} maxValue={50} />
      <Button
        className="button"
        isDisabled={!changed || busy}
        onPress={async () => {
          setBusy(true);
          await onSave({ service_id: serviceId, slot_minutes: minutes, desks: places, active });
          setBusy(false);
        }}
      >
        {t('common.save')}
      </Button>
    </div>
  );
}
