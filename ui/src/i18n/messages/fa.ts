import type { Messages, SharedMessages } from './en';
import casesMessages from '../../features/cases/messages/fa';
import catalogueMessages from '../../features/catalogue/messages/fa';
import certificationMessages from '../../features/certification/messages/fa';
import filingMessages from '../../features/filing/messages/fa';
import intakeMessages from '../../features/intake/messages/fa';
import loginMessages from '../../features/login/messages/fa';
import registryMessages from '../../features/registry/messages/fa';
import reviewMessages from '../../features/review/messages/fa';
import setupMessages from '../../features/setup/messages/fa';
import staffMessages from '../../features/staff/messages/fa';
import queueMessages from '../../features/queue/messages/fa';
import syncMessages from '../../features/sync/messages/fa';

/** فارسی: the shared messages, then each feature's. */
const shared: SharedMessages = {
  'app.name': 'اُکنو',
  'app.unreachable': 'دسترسی به ایستگاه کاری ممکن نشد',

  'common.back': 'بازگشت',
  'common.cancel': 'انصراف',
  'common.choose': 'انتخاب کنید…',
  'common.close': 'بستن',
  'common.dismiss': 'بستن پیام',
  'common.done': 'تمام',
  'common.language': 'زبان',
  'common.loading': 'در حال بارگذاری…',
  'common.next': 'بعدی',
  'common.previous': 'قبلی',
  'common.no_matches': 'موردی پیدا نشد',
  'common.range': '{from}–{to} از {total}',
  'common.retry': 'تلاش دوباره',
  'common.save': 'ذخیره',

  'form.counter': '{count} / {max}',
  'form.fix_fields': '{count, plural, one {لطفاً فیلد مشخص‌شده را اصلاح کنید.} other {لطفاً # فیلد مشخص‌شده را اصلاح کنید.}}',

  'input.too_long': 'این متن {over, number} نویسه از حد مجاز {max, number} نویسه بلندتر است. لطفاً آن را کوتاه کنید.',
  'input.date_incomplete': 'لطفاً تاریخ را کامل وارد کنید: روز، ماه و سال.',
  'input.date_short_year': 'لطفاً سال را با هر چهار رقم وارد کنید.',
  'input.date_impossible': '{month} فقط {days, number} روز دارد. لطفاً روز و ماه را بررسی کنید.',
  'input.date_in_office_calendar': 'در تقویم دفتر: {date}',

  'error.validation': 'برخی از اطلاعات نیاز به اصلاح دارد.',
  'error.not_found': 'این مورد پیدا نشد.',
  'error.forbidden': 'نقش شما اجازهٔ این کار را نمی‌دهد.',
  'error.unauthenticated': 'نشست شما به پایان رسیده است. لطفاً دوباره وارد شوید.',
  'error.invalid_credentials': 'نام کاربری یا گذرواژه درست نیست.',
  'error.account_disabled': 'این حساب غیرفعال شده است. لطفاً با مدیر سامانه تماس بگیرید.',
  'error.invalid_transition': 'پرونده از وضعیت فعلی نمی‌تواند به این وضعیت برود.',
  'error.already_initialized': 'این ایستگاه کاری قبلاً راه‌اندازی شده است.',
  'error.not_initialized': 'این ایستگاه کاری هنوز راه‌اندازی نشده است.',
  'error.too_large': 'حجم فایل بیش از حد مجاز است.',
  'error.unsupported_type': 'این نوع فایل پذیرفته نمی‌شود.',
  'error.duplicate': 'تغییر شخص دیگری زودتر ثبت شد. لطفاً صفحه را تازه کنید و دوباره تلاش کنید.',
  'error.storage': 'خواندن یا نوشتن داده‌ها روی این رایانه ممکن نشد. لطفاً دوباره تلاش کنید.',
  'error.internal': 'مشکلی در سامانه پیش آمد. لطفاً دوباره تلاش کنید.',
  'error.print_failed': 'سند ذخیره شد، اما ارسال آن به چاپگر ممکن نشد. چاپگر را بررسی کنید و دوباره تلاش کنید.',
  'error.numbers_exhausted': 'این ایستگاه کاری همهٔ شماره‌هایی را که سرور دفتر به آن داده بود به کار برده است و برای گرفتن شمارهٔ تازه به سرور دسترسی ندارد. لطفاً وقتی اتصال برقرار شد دوباره تلاش کنید.',
  'error.enrolment_refused': 'سرور دفتر این کد ثبت را نپذیرفت. شاید اشتباه وارد شده، قبلاً به کار رفته یا منقضی شده باشد.',
  'error.device_revoked': 'مدیر سامانهٔ دفتر دسترسی این ایستگاه کاری به سرور دفتر را لغو کرده است.',
  'error.server_unreachable': 'دسترسی به سرور دفتر ممکن نیست.',
  'error.server_error': 'سرور دفتر خطایی گزارش کرد. لطفاً بعداً دوباره تلاش کنید.',
  'error.credential_store': 'انبارهٔ اعتبارنامه‌های این رایانه (کی‌رینگ) در دسترس نیست، بنابراین کلید ایستگاه کاری را نمی‌توان به‌صورت امن نگه داشت. کی‌رینگ را باز کنید (دوباره به میز کار وارد شوید) و دوباره تلاش کنید؛ اگر رایانه کی‌رینگ ندارد، Okno را دوباره راه بیندازید تا کلید را خودش در حافظه نگه دارد.',
  'error.rejoin_needed': 'این ایستگاه کاری باید دوباره به سرور دفتر بپیوندد: کلید آن گم شده یا دیگر پذیرفته نمی‌شود. کار در اینجا ادامه می‌یابد؛ از مدیر سامانه کد ثبت تازه‌ای بخواهید.',
  'error.unsupported_protocol': 'این نسخهٔ اُکنو و سرور دفتر نمی‌توانند با هم کار کنند. لطفاً بخواهید اُکنو به‌روزرسانی شود.',
  'error.seal_key_missing': 'این ایستگاه کاری هنوز کلید مهری ندارد که دفتر آن را تأیید کرده باشد. یک بار آن را به سرور دفتر وصل کنید و دوباره تلاش کنید.',
  'error.already_superseded': 'این ثبت پیش‌تر ابطال یا اصلاح شده است.',
  'error.already_settled': 'این تعارض پیش‌تر حل شده است، شاید در ایستگاه کاری دیگری.',
  'error.unavailable': 'ابزار لازم برای این کار (تبدیل متن به گفتار) روی این ایستگاه کاری نصب نیست. از مدیر سامانه بخواهید آن را نصب کند.',
  'error.day_closed': 'این روز را سرپرست بسته است، بنابراین دیگر چیزی نمی‌توان در آن ثبت کرد. لطفاً با سرپرست صحبت کنید.',
  'error.day_not_ready': 'هنوز نمی‌توان روز را بست: برخی از موارد فهرست بازبینی انجام نشده است.',

  'field_error.required': 'لطفاً این فیلد را پر کنید.',
  'field_error.too_long': 'حداکثر {limit, number} نویسه مجاز است.',
  'field_error.too_short': 'دست‌کم {limit, number} نویسه وارد کنید.',
  'field_error.too_small': 'مقدار باید دست‌کم {limit, number} باشد.',
  'field_error.too_large': 'مقدار حداکثر می‌تواند {limit, number} باشد.',
  'field_error.malformed': 'این مقدار درست به نظر نمی‌رسد. لطفاً آن را بررسی کنید.',
  'field_error.invalid_date': 'این تاریخ معتبر نیست.',
  'field_error.date_in_future': 'این تاریخ نمی‌تواند در آینده باشد.',
  'field_error.unknown_service': 'لطفاً خدمتی را از فهرست خدمات انتخاب کنید.',
  'field_error.unknown_agency': 'لطفاً اداره‌ای را از فهرست انتخاب کنید.',
  'field_error.unknown_staff': 'چنین کارمندی وجود ندارد.',
  'field_error.unknown_case': 'پرونده‌ای با این شماره وجود ندارد.',
  'field_error.unknown_category': 'دسته‌ای از صف با این حرف وجود ندارد.',
  'field_error.overlap': 'بازه‌های زمانی هم‌پوشانی دارند یا به‌ترتیب نیستند.',
  'field_error.unknown_checklist_item': 'این مدرک در فهرست مدارک این خدمت نیست.',
  'field_error.taken': 'این مقدار قبلاً استفاده شده است.',
  'field_error.weak_password': 'گذرواژه باید دست‌کم {limit, number} نویسه داشته باشد.',
  'field_error.missing_translation': 'لطفاً این زبان را هم پر کنید.',
  'field_error.check_failed': 'این مورد از فهرست بازبینی هنوز انجام نشده است ({limit, number} مانده).',

  'shell.skip': 'رفتن به محتوا',
  'shell.navigation': 'منوی اصلی',
  'shell.sign_out': 'خروج',
  'shell.signed_in_as': 'واردشده با نام {name}',
  'shell.no_access_title': 'این بخش برای شما در دسترس نیست',
  'shell.no_access_text': 'نقش شما شامل این بخش نمی‌شود. مدیر سامانه می‌تواند نقش‌های شما را تغییر دهد.',

  'nav.cases': 'پرونده‌ها',
  'nav.new_case': 'پروندهٔ جدید',
  'nav.filing': 'دفتر اندیکاتور',
  'nav.catalogue': 'فهرست خدمات',
  'nav.staff': 'کارکنان',
  'nav.conflicts': 'تعارض‌ها',
  'nav.certify': 'گواهی',
  'nav.ledger': 'دفتر گواهی',
  'nav.verify': 'بررسی مهر',
  'nav.review': 'مرور روز',
  'nav.open_work': 'کارهای باز',
  'nav.close_day': 'بستن روز',
  'nav.registry': 'ثبت احوال',
  'nav.registry_audit': 'ممیزی ثبت احوال',

  'shortcuts.title': 'میان‌برهای صفحه‌کلید',
  'shortcuts.new_case': 'پروندهٔ جدید',
  'shortcuts.cases': 'پرونده‌ها',
  'shortcuts.filing': 'دفتر اندیکاتور',
  'shortcuts.registry': 'ثبت احوال',
  'shortcuts.search': 'جست‌وجو در فهرست',
  'shortcuts.submit': 'ثبت فرم',
  'shortcuts.close': 'بستن پنجره یا فهرست',
  'shortcuts.help': 'نمایش این میان‌برها',

  'receipt.title': 'رسید پذیرش',
  'receipt.group': 'رسید پذیرش',
  'receipt.print': 'چاپ رسید',
  'receipt.save': 'ذخیرهٔ رسید به‌صورت PDF',
  'receipt.view': 'مشاهده',
  'receipt.saved_to': 'در {path} ذخیره شد',
  'receipt.downloaded': 'رسید در پوشهٔ بارگیری‌ها ذخیره می‌شود.',
  'receipt.print_opened': 'رسید در پنجرهٔ تازه‌ای باز شد؛ از همان‌جا چاپش کنید.',

  'period.period': '{from} تا {to}',
  'period.period_from': 'از {from}',
  'period.period_to': 'تا {to}',
  'period.period_all': 'همهٔ دوره‌ها',
  'period.from': 'از',
  'period.to': 'تا',
  'period.this_month': 'این ماه',
  'period.all_periods': 'همهٔ دوره‌ها',
};

const fa: Messages = {
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
  ...syncMessages,
};

export default fa;
