import type { PersonCard } from '../../gen/PersonCard';
import type { AppState } from '../../app/state';
import { registryMemory, rememberCard, type Reason } from './memory';

/** Opens a person's card with a reason, which the audit keeps; remembers both for the session. */
export async function openPerson(
  call: AppState['call'],
  token: string,
  personId: string,
  reason: Reason,
): Promise<PersonCard> {
  const card = await call('open_person', {
    person_id: personId,
    case_number: reason.caseNumber.trim() || null,
    purpose: reason.purpose.trim() || null,
  });
  rememberCard(registryMemory(token), card);
  return card;
}
