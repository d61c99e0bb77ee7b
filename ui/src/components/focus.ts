import { useEffect, type RefObject } from 'react';

/**
 * Keyboard focus is never left under something that stays put while the page scrolls (WCAG 2.2,
 * 2.4.11): the top bar and a form's sticky action bar, which the page scrolls clear of, and the
 * messages (toasts) in the corner, which move to the other edge of the window instead. The page
 * keeps room for the bars as scroll padding (the browser's own scrolling into view honours it);
 * after every move of the focus, whatever is still covered is dealt with here.
 */
const BARS = '.topbar, .sticky-actions';
const TOASTS = '.toasts';
/** Room left between the focused element and the bar. */
const GAP = 12;
/** The height of the sticky action bar on screen, for the page's scroll padding (see base.css). */
const BAR_HEIGHT = '--sticky-actions-h';

/**
 * The box a person sees for a focused element: a visually hidden radio or checkbox input is
 * drawn by its label.
 */
export function visibleBox(el: Element): DOMRect {
  const hidden = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox');
  const box = el.getBoundingClientRect();
  if (!hidden && box.width > 2 && box.height > 2) return box;
  const drawn = el.closest('label') ?? el.parentElement;
  return drawn ? drawn.getBoundingClientRect() : box;
}

/** Whether `cover` is drawn over part of `box` (a dialog, for one, is drawn over the top bar). */
function covers(cover: Element, box: DOMRect): DOMRect | null {
  const r = cover.getBoundingClientRect();
  const x1 = Math.max(r.left, box.left);
  const x2 = Math.min(r.right, box.right);
  const y1 = Math.max(r.top, box.top);
  const y2 = Math.min(r.bottom, box.bottom);
  if (x2 <= x1 || y2 <= y1) return null;
  const hit = document.elementFromPoint((x1 + x2) / 2, (y1 + y2) / 2);
  return hit && cover.contains(hit) ? r : null;
}

/** How far the page must scroll (+ down, − up) for no bar to cover `el`; 0 when none does. */
function clearance(el: Element, box: DOMRect): number {
  let down = 0;
  let up = 0;
  for (const bar of Array.from(document.querySelectorAll<HTMLElement>(BARS))) {
    if (bar.contains(el)) continue;
    const r = covers(bar, box);
    if (!r) continue;
    if (r.top + r.height / 2 > box.top + box.height / 2) down = Math.max(down, box.bottom - r.top + GAP);
    else up = Math.max(up, r.bottom - box.top + GAP);
  }
  // Taller than the room between the bars: its start is what counts.
  return up > 0 ? -up : down;
}

function reveal(el: Element | null) {
  if (!el || el === document.body) return;
  const box = visibleBox(el);
  if (box.width === 0 && box.height === 0) return;
  // Messages step aside to the other edge of the window rather than move the page.
  const toasts = document.querySelector<HTMLElement>(TOASTS);
  if (toasts && !toasts.contains(el) && covers(toasts, box)) toasts.toggleAttribute('data-away');
  // Scrolling would close the list a combobox has just opened (react-aria closes popovers on
  // scroll); the scroll padding has brought it clear of the bars as it took the focus.
  if (el.getAttribute('aria-expanded') === 'true') return;
  const by = clearance(el, box);
  if (by !== 0) window.scrollBy({ top: by, behavior: 'instant' });
}

/** Installs the watch over the focus for the whole document; returns the function that removes it. */
export function keepFocusInView(): () => void {
  let frame = 0;
  const later = () => {
    cancelAnimationFrame(frame);
    // After the browser's own scrolling into view, which follows the focus event.
    frame = requestAnimationFrame(() => reveal(document.activeElement));
  };
  document.addEventListener('focusin', later);
  window.addEventListener('resize', later);
  return () => {
    cancelAnimationFrame(frame);
    document.removeEventListener('focusin', later);
    window.removeEventListener('resize', later);
  };
}

/** Publishes a sticky action bar's height for the page's scroll padding while it is on screen. */
export function useStickyBarHeight(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty(BAR_HEIGHT, `${Math.ceil(el.getBoundingClientRect().height)}px`);
    measure();
    const watch = new ResizeObserver(measure);
    watch.observe(el);
    return () => {
      watch.disconnect();
      root.style.removeProperty(BAR_HEIGHT);
    };
  }, [ref]);
}
