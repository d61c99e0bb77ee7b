import { Baby, Flower2, HeartHandshake } from 'lucide-react';
import type { RecordKind } from '../../gen/RecordKind';
import type { MessageId } from '../../i18n/messages';
import { useT } from '../../i18n/useT';

/** A person's name as the registry and its audit write it: given names, then family name. */
export function fullName(p: { given_names: string; family_name: string }): string {
  return `${p.given_names} ${p.family_name}`;
}

/**
 * A person's name, with the family name at birth when it differs ("née"). Names come in five
 * scripts and directions: each is isolated so that a Persian name reads right in an English
 * line and the other way round.
 */
export function PersonName({ person, className }: { person: { given_names: string; family_name: string; birth_family_name?: string | null }; className?: string }) {
  const t = useT();
  const maiden = person.birth_family_name && person.birth_family_name !== person.family_name ? person.birth_family_name : null;
  return (
    <span className={className ?? 'person-name'}>
      <bdi className="person-full-name">{fullName(person)}</bdi>
      {maiden ? (
        <span className="person-maiden">{t('registry.born_as', { name: `\u2068${maiden}\u2069` })}</span>
      ) : null}
    </span>
  );
}

const KIND_ICON: Record<RecordKind, typeof Baby> = {
  birth: Baby,
  marriage: HeartHandshake,
  death: Flower2,
};

/** The kind of a registry record: an icon and a word. */
export function RecordKindLabel({ kind }: { kind: RecordKind }) {
  const t = useT();
  const Icon = KIND_ICON[kind];
  return (
    <span className={`record-kind record-kind-${kind}`}>
      <Icon size={14} aria-hidden="true" />
      <span>{t(`registry.kind.${kind}` as MessageId)}</span>
    </span>
  );
}

/** A left-to-right value (a case or record number) inside a translated sentence. */
export const isolate = (s: string) => `\u2066${s}\u2069`;
