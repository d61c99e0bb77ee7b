import type { Messages } from './en';

/** فارسی. */
const fa: Messages = {
  'role.clerk': 'کارشناس پذیرش',
  'role.registrar': 'مأمور ثبت',
  'role.cashier': 'صندوق‌دار',
  'role.supervisor': 'سرپرست',
  'role.admin': 'مدیر سامانه',

  'role_help.clerk': 'پرونده‌ها را ثبت و رسیدگی می‌کند و نامه‌ها را در دفتر ثبت می‌کند',
  'role_help.registrar': 'گواهی امضا و ثبت احوال؛ به پرونده‌ها رسیدگی می‌کند',
  'role_help.cashier': 'هزینه‌ها را دریافت می‌کند؛ پرونده‌ها و دفتر را می‌بیند',
  'role_help.supervisor': 'به پرونده‌ها رسیدگی و آن‌ها را واگذار می‌کند، کار روز را بازبینی می‌کند',
  'role_help.admin': 'فهرست خدمات و حساب‌های کارکنان را مدیریت می‌کند',

  'staff.title': 'کارکنان',
  'staff.subtitle': '{count, plural, one {# حساب} other {# حساب}}',
  'staff.add': 'افزودن کارمند',
  'staff.create': 'ساخت حساب',
  'staff.created': 'حساب {name} ساخته شد.',
  'staff.empty': 'هنوز حساب کارمندی نیست',
  'staff.display_name': 'نام',
  'staff.username': 'نام کاربری',
  'staff.username_help': 'حروف، رقم، . - یا _',
  'staff.password': 'گذرواژه',
  'staff.password_help': 'دست‌کم {min, number} نویسه.',
  'staff.roles': 'نقش‌ها',
  'staff.roles_help': 'دست‌کم یک نقش انتخاب کنید.',
  'staff.language': 'زبان',
  'staff.active': 'فعال',
  'staff.disabled': 'غیرفعال',
};

export default fa;
