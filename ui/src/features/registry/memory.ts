import type { PersonCard } from '../../gen/PersonCard';
import type { RegistryHits } from '../../gen/RegistryHits';

/** Why the registry is looked up: an existing case, or a stated purpose (the audit keeps it). */
export interface Reason {
  caseNumber: string;
  purpose: string;
}

/**
 * What the registry remembers while one member of staff stays signed in: the search (so that
 * "Back to results" finds it as it was), the hit last opened, the last reason given (offered
 * again in the purpose dialog and reused for family links), and the cards opened, so that the
 * browser's Back and Forward show them again without a second look-up.
 *
 * It lives in memory only, never in the address or in storage, and is forgotten when another
 * session starts on this workstation.
 */
export interface RegistryMemory {
  text: string;
  parent: string;
  hits: RegistryHits | null;
  /** The hit opened last; the results list comes back with it selected. */
  selectedId: string | null;
  reason: Reason | null;
  cards: Map<string, PersonCard>;
}

/** Cards kept for Back and Forward, at most (the oldest are dropped first). */
const CARDS_KEPT = 20;

let owner: string | null = null;
let memory: RegistryMemory = blank();

function blank(): RegistryMemory {
  return { text: '', parent: '', hits: null, selectedId: null, reason: null, cards: new Map() };
}

/** The memory of the session signed in with `token` (a new session starts from nothing). */
export function registryMemory(token: string): RegistryMemory {
  if (owner !== token) {
    owner = token;
    memory = blank();
  }
  return memory;
}

/** Keeps an opened card (and the reason it was opened for, to be offered again). */
export function rememberCard(m: RegistryMemory, card: PersonCard) {
  m.cards.delete(card.person.id);
  m.cards.set(card.person.id, card);
  while (m.cards.size > CARDS_KEPT) {
    const oldest = m.cards.keys().next().value;
    if (oldest === undefined) break;
    m.cards.delete(oldest);
  }
  m.reason = { caseNumber: card.case_number ?? '', purpose: card.purpose ?? '' };
}
