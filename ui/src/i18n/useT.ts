import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { MessageId } from './messages';
import type { ApiError } from '../gen/ApiError';
import type { FieldError } from '../gen/FieldError';

export type MessageValues = Record<string, string | number | Date | null | undefined>;
export type T = (id: MessageId, values?: MessageValues) => string;

/** Translates a message id from the catalogue, with ICU values. */
export function useT(): T {
  const intl = useIntl();
  return useCallback((id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values), [intl]);
}

export function errorText(t: T, error: ApiError): string {
  return t(`error.${error.code}` as MessageId);
}

export function fieldErrorText(t: T, error: FieldError): string {
  return t(`field_error.${error.code}` as MessageId, { limit: error.limit ?? 0 });
}
