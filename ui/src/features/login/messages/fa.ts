import type { Messages } from './en';

/** فارسی. */
const fa: Messages = {
  'login.title': 'ورود',
  'login.intro': 'با حساب کاربری خود در این دفتر وارد شوید.',
  'login.username': 'نام کاربری',
  'login.password': 'گذرواژه',
  'login.submit': 'ورود',
  'login.fill_in': 'لطفاً نام کاربری و گذرواژه را وارد کنید.',
  'login.session_ended': 'نشست شما به پایان رسیده است. لطفاً دوباره وارد شوید.',
  'login.demo_title': 'دفتر نمونه',
  'login.demo_text': 'این ایستگاه کاری دادهٔ نمونه دارد. گذرواژهٔ همهٔ حساب‌های نمونه {password} است.',
  'login.demo_fill': 'پر کردن حساب نمونهٔ {user}',
  'login.demo_admin': 'مدیر سامانه و سرپرست',
  'login.demo_eva': 'کارشناس پذیرش، اسلواکی',
  'login.demo_clerk': 'کارشناس پذیرش، انگلیسی',
  'login.demo_gabor': 'مأمور ثبت، مجاری',
  'login.demo_asa': 'صندوق‌دار، سوئدی',
  'login.demo_maryam': 'سرپرست، فارسی',
};

export default fa;
