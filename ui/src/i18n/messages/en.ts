/**
 * The English catalogue: the messages every screen shares (buttons, errors, the shell), and each
 * feature's own from its folder (`features/<name>/messages/`). English is the source of every
 * message id; the other four catalogues are typed `Messages`, so the type checker refuses one
 * that misses or invents a message. ICU MessageFormat (FormatJS); use typographic apostrophes (’).
 */
import casesMessages from '../../features/cases/messages/en';
import catalogueMessages from '../../features/catalogue/messages/en';
import certificationMessages from '../../features/certification/messages/en';
import filingMessages from '../../features/filing/messages/en';
import intakeMessages from '../../features/intake/messages/en';
import loginMessages from '../../features/login/messages/en';
import registryMessages from '../../features/registry/messages/en';
import reviewMessages from '../../features/review/messages/en';
import setupMessages from '../../features/setup/messages/en';
import staffMessages from '../../features/staff/messages/en';
import queueMessages from '../../features/queue/messages/en';
import cashMessages from '../../features/cash/messages/en';
import feedbackMessages from '../../features/feedback/messages/en';
import syncMessages from '../../features/sync/messages/en';

const shared = {
  'app.name': 'Okno',
  'app.unreachable': 'The workstation could not be reached',

  'common.back': 'Back',
  'common.cancel': 'Cancel',
  'common.choose': 'Choose…',
  'common.close': 'Close',
  'common.dismiss': 'Dismiss',
  'common.done': 'Done',
  'common.language': 'Language',
  'common.loading': 'Loading…',
  'common.next': 'Next',
  'common.previous': 'Previous',
  'common.no_matches': 'Nothing matches',
  'common.range': '{from}–{to} of {total}',
  'common.retry': 'Try again',
  'common.save': 'Save',

  'form.counter': '{count} / {max}',
  'form.fix_fields': '{count, plural, one {Please correct the highlighted field.} other {Please correct the # highlighted fields.}}',

  'input.too_long': 'This is {over, plural, one {# character} other {# characters}} over the limit of {max, number}. Please shorten it.',
  'input.date_incomplete': 'Please enter the whole date: day, month and year.',
  'input.date_short_year': 'Please enter the year with all four digits.',
  'input.date_impossible': '{month} has only {days, number} days. Please check the day and the month.',
  'input.date_in_office_calendar': "In the office's calendar: {date}",
  'input.money_malformed': 'Please enter an amount such as {example}.',

  'error.validation': 'Some details need attention.',
  'error.not_found': 'That record could not be found.',
  'error.forbidden': 'Your role does not allow this.',
  'error.unauthenticated': 'Your session has ended. Please sign in again.',
  'error.invalid_credentials': 'The username or password is not right.',
  'error.account_disabled': 'This account has been disabled. Please ask an administrator.',
  'error.invalid_transition': 'The case cannot move to that status from where it is now.',
  'error.already_initialized': 'This workstation has already been set up.',
  'error.not_initialized': 'This workstation has not been set up yet.',
  'error.too_large': 'The file is too large.',
  'error.unsupported_type': 'This kind of file is not accepted.',
  'error.duplicate': 'Someone else’s change came first. Please reload and try again.',
  'error.storage': 'The data on this computer could not be read or written. Please try again.',
  'error.internal': 'Something went wrong on our side. Please try again.',
  'error.print_failed': 'The document was saved, but it could not be sent to the printer. Check the printer and try again.',
  'error.numbers_exhausted': 'This workstation has used up the numbers the office server gave it and cannot reach the server for more. Please try again when it is connected.',
  'error.enrolment_refused': 'The office server did not accept this enrolment code. It may be mistyped, used already or expired.',
  'error.device_revoked': 'The office’s administrator has withdrawn this workstation’s access to the office server.',
  'error.server_unreachable': 'The office server cannot be reached.',
  'error.server_error': 'The office server reported an error. Please try again later.',
  'error.credential_store': 'This computer’s credential store (keyring) is not available, so the workstation’s key cannot be kept safely. Unlock the keyring (sign in to the desktop again) and try again; if the computer has none, restart Okno and it keeps the key in memory by itself.',
  'error.rejoin_needed': 'This workstation must be re-joined to the office server: its key is missing or no longer accepted. Work goes on here; ask the administrator for a new enrolment code.',
  'error.unsupported_protocol': 'This version of Okno and the office server cannot work together. Please ask for Okno to be updated.',
  'error.seal_key_missing': 'This workstation has no seal key certified by the office yet. Connect it to the office server once, then try again.',
  'error.already_superseded': 'This entry has already been cancelled or corrected.',
  'error.already_settled': 'This conflict has already been settled, perhaps at another workstation.',
  'error.unavailable': 'This workstation lacks a tool for this (the speech synthesiser). Ask your administrator to install it.',
  'error.day_closed': 'This day has been signed off by a supervisor, so nothing more can be recorded on it. Please ask a supervisor.',
  'error.day_not_ready': 'The day cannot be signed off yet: some items of the checklist are not done.',
  'error.no_cash_session': 'No cash session is open at this desk. Open one with the float in the drawer first.',
  'error.cash_session_open': 'A cash session is already open here. Count and close it before opening another.',

  'field_error.required': 'Please fill this in.',
  'field_error.too_long': 'Please keep this to {limit, number} characters or fewer.',
  'field_error.too_short': 'Please enter at least {limit, number} characters.',
  'field_error.too_small': 'This must be at least {limit, number}.',
  'field_error.too_large': 'This must be at most {limit, number}.',
  'field_error.malformed': 'This does not look right. Please check it.',
  'field_error.invalid_date': 'This is not a valid date.',
  'field_error.date_in_future': 'This date cannot be in the future.',
  'field_error.unknown_service': 'Please pick a service from the catalogue.',
  'field_error.unknown_agency': 'Please pick an agency from the list.',
  'field_error.unknown_staff': 'This member of staff does not exist.',
  'field_error.unknown_case': 'There is no case with this number.',
  'field_error.unknown_category': 'There is no queue category with this letter.',
  'field_error.overlap': 'Times overlap or are out of order.',
  'field_error.unknown_checklist_item': 'This document is not on the service’s checklist.',
  'field_error.taken': 'This is already in use.',
  'field_error.weak_password': 'The password needs at least {limit, number} characters.',
  'field_error.missing_translation': 'Please fill in this language too.',
  'field_error.check_failed': 'This item of the checklist is not done yet ({limit, number} left).',
  'field_error.wrong_currency': 'This is not the office’s currency.',
  'field_error.tender_too_low': 'Less cash was handed over than the amount to pay.',
  'field_error.already_paid': 'This fee has been paid, or a payment order asks for it, already.',
  'field_error.not_take_back': 'This entry cannot be taken back: it is a void, or it has been taken back already.',
  'field_error.supervisor_required': 'This needs a supervisor’s approval.',
  'field_error.not_supervisor': 'The user name or password is not right, or it is not a supervisor’s.',
  'field_error.amount_mismatch': 'The amount differs from what is due.',
  'field_error.contact_needed': 'A question or a call-back needs a phone number or an e-mail address.',
  'field_error.unknown_option': 'Not one of the choices offered.',

  'shell.skip': 'Skip to content',
  'shell.navigation': 'Main',
  'shell.sign_out': 'Sign out',
  'shell.signed_in_as': 'Signed in as {name}',
  'shell.no_access_title': 'This part is not available to you',
  'shell.no_access_text': 'Your role does not include it. An administrator can change your roles.',

  'nav.cases': 'Cases',
  'nav.new_case': 'New case',
  'nav.filing': 'Filing registry',
  'nav.catalogue': 'Catalogue',
  'nav.staff': 'Staff',
  'nav.conflicts': 'Conflicts',
  'nav.certify': 'Certify',
  'nav.ledger': 'Ledger',
  'nav.verify': 'Verify a seal',
  'nav.review': 'Day review',
  'nav.open_work': 'Open work',
  'nav.close_day': 'Close the day',
  'nav.registry': 'Civil registry',
  'nav.registry_audit': 'Registry audit',

  'shortcuts.title': 'Keyboard shortcuts',
  'shortcuts.new_case': 'New case',
  'shortcuts.cases': 'Cases',
  'shortcuts.filing': 'Filing registry',
  'shortcuts.registry': 'Civil registry',
  'shortcuts.search': 'Search the list',
  'shortcuts.submit': 'Submit the form',
  'shortcuts.close': 'Close a dialog or list',
  'shortcuts.help': 'Show these shortcuts',

  'receipt.title': 'Intake receipt',
  'receipt.group': 'Intake receipt',
  'receipt.print': 'Print receipt',
  'receipt.save': 'Save receipt as PDF',
  'receipt.view': 'View',
  'receipt.saved_to': 'Saved to {path}',
  'receipt.downloaded': 'The receipt is being saved to your downloads.',
  'receipt.print_opened': 'The receipt opened in a new window; print it from there.',

  'period.period': '{from} – {to}',
  'period.period_from': 'from {from}',
  'period.period_to': 'until {to}',
  'period.period_all': 'All periods',
  'period.from': 'From',
  'period.to': 'To',
  'period.this_month': 'This month',
  'period.all_periods': 'All periods',
} as const;

const en = {
  ...shared,
  ...casesMessages,
  ...catalogueMessages,
  ...certificationMessages,
  ...filingMessages,
  ...intakeMessages,
  ...loginMessages,
  ...registryMessages,
  ...reviewMessages,
  ...setupMessages,
  ...staffMessages,
  ...queueMessages,
  ...cashMessages,
  ...feedbackMessages,
  ...syncMessages,
};

export type MessageId = keyof typeof en;
export type Messages = Record<MessageId, string>;
/** The shared messages' own type, which the other languages' shared parts follow. */
export type SharedMessages = Record<keyof typeof shared, string>;

const catalogue: Messages = en;
export default catalogue;
