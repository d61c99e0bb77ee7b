import type { Locale } from '../../gen/Locale';
import en, { type Messages } from './en';
import hu from './hu';
import sk from './sk';
import sv from './sv';
import fa from './fa';

export type { MessageId, Messages } from './en';

export const CATALOGUES: Record<Locale, Messages> = { en, hu, sk, sv, fa };
