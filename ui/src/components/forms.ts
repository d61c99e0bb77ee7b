import { useCallback, useState } from 'react';
import type { ApiError } from '../gen/ApiError';
import type { FieldError } from '../gen/FieldError';
import { toApiError } from '../host';
import { errorText, fieldErrorText, type T } from '../i18n/useT';

/**
 * The errors of one form: a translated message per field path (as the server names it) and
 * one form-level message. After a failed submit, focus goes to the first invalid field.
 */
export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
  /** Field errors whose path no field on the form shows. */
  other: string[];
}

const NONE: FormErrors = { fields: {}, form: null, other: [] };

export function useFormErrors(t: T, known: readonly string[]) {
  const [errors, setErrors] = useState<FormErrors>(NONE);
  const clear = useCallback(() => setErrors(NONE), []);
  const fromError = useCallback(
    (e: unknown, formEl?: HTMLElement | null) => {
      const err: ApiError = toApiError(e);
      const fields: Record<string, string> = {};
      const other: string[] = [];
      for (const f of err.fields) {
        const path = normalisePath(f, known);
        if (path && !fields[path]) fields[path] = fieldErrorText(t, f);
        else if (!path) other.push(`${f.field}: ${fieldErrorText(t, f)}`);
      }
      setErrors({ fields, form: errorText(t, err), other });
      if (formEl) focusFirstInvalid(formEl);
      return err;
    },
    [t, known],
  );
  const setField = useCallback((path: string, message: string | null) => {
    setErrors((e) => {
      const fields = { ...e.fields };
      if (message) fields[path] = message;
      else delete fields[path];
      return { ...e, fields };
    });
  }, []);
  return { errors, setErrors, clear, fromError, setField };
}

/** The form's field that shows a server path: exact, else its nearest known parent. */
function normalisePath(f: FieldError, known: readonly string[]): string | null {
  let path = f.field;
  for (;;) {
    if (known.includes(path)) return path;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) return null;
    path = path.slice(0, cut);
  }
}

/**
 * A field that holds something it cannot pass on as typed (an impossible or incomplete date, a
 * text over its limit) carries this attribute, with the problem as its value. A form with such a
 * field is not submitted: the clerk is shown where, and nothing is written.
 */
export const INPUT_PROBLEM = 'data-input-problem';
/** Sent to a field with a problem when its form is submitted: show the message now. */
export const REVEAL_PROBLEM = 'okno:reveal-problem';

/**
 * Refuses to go on while a field under `root` has a problem: each such field shows its message,
 * the first one takes the focus, and the answer is `true`.
 */
export function refuseInputProblems(root: Element | null | undefined): boolean {
  const fields = root ? Array.from(root.querySelectorAll<HTMLElement>(`[${INPUT_PROBLEM}]`)) : [];
  if (fields.length === 0) return false;
  for (const f of fields) f.dispatchEvent(new CustomEvent(REVEAL_PROBLEM));
  const first = fields[0]!.querySelector<HTMLElement>('input, textarea, [role="spinbutton"], button, [tabindex]');
  first?.focus();
  return true;
}

/**
 * Every form of the workstation is held back while one of its fields has a problem: one
 * capture-phase listener for the whole document, ahead of the form's own submit handler.
 * Returns the function that removes it.
 */
export function guardFormSubmission(doc: Document = document): () => void {
  const onSubmit = (e: Event) => {
    if (e.target instanceof HTMLFormElement && refuseInputProblems(e.target)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  doc.addEventListener('submit', onSubmit, true);
  return () => doc.removeEventListener('submit', onSubmit, true);
}

/** Submits a form as its submit button would (Ctrl+Enter), so that the guard above applies. */
export function submitForm(formEl: HTMLFormElement | null) {
  formEl?.requestSubmit();
}

/** A text area's key handler: Ctrl+Enter (⌘+Enter) submits its form, where Enter is a new line. */
export function ctrlEnterSubmits(form: { readonly current: HTMLFormElement | null }) {
  return (e: { key: string; ctrlKey: boolean; metaKey: boolean; preventDefault(): void }) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submitForm(form.current);
    }
  };
}

export function focusFirstInvalid(formEl: HTMLElement) {
  // Wait until the invalid state has rendered: a frame, or a few more on a busy computer
  // (React may commit an update made after an await only after the next frame).
  let frames = 0;
  const attempt = () => {
    const el = formEl.querySelector<HTMLElement>(
      'input[aria-invalid="true"], textarea[aria-invalid="true"], canvas[aria-invalid="true"], [data-invalid] button, [data-invalid] [role="spinbutton"], [data-invalid] input, [role="radiogroup"][aria-invalid="true"] input',
    );
    if (el) el.focus();
    else if (++frames < 10) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
