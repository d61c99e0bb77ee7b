import { useEffect, type RefObject } from 'react';

/**
 * Keyboard focus is never left under something that stays put while the page scrolls (WCAG 2.2,
 * 2.4.11): the top bar and a form's sticky action bar, which the page scrolls clear of, and the
 * messages (toasts) in the corner, which move to the other edge of the window instead. Elements
 * of the work area keep room for the bars as scroll margin (the browser's own scrolling into view
 * honours it); after every move of the focus, whatever is still covered is dealt with here.
 */
const BARS = '.topbar, .sticky-actions';
const TOASTS = '.toasts';
/** Room left between the focused element and the bar. */
const GAP = 12;
/** The height of the sticky action bar on screen, for the work area's scroll margin (base.css). */
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

/**
 * How far the page must scroll (+ down, − up) for `box` to sit inside the window, between the
 * bars drawn over its column; 0 when it does.
 */
function clearance(el: Element, box: DOMRect): number {
  let top = 0;
  let bottom = window.innerHeight;
  for (const bar of Array.from(document.querySelectorAll<HTMLElement>(BARS))) {
    if (bar.contains(el)) continue;
    const r = bar.getBoundingClientRect();
    const x1 = Math.max(r.left, box.left);
    const x2 = Math.min(r.right, box.right);
    if (x2 <= x1 || r.height === 0) continue;
    // Only a bar drawn on top in this column (a dialog is drawn over the top bar).
    const hit = document.elementFromPoint((x1 + x2) / 2, r.top + r.height / 2);
    if (!hit || !bar.contains(hit)) continue;
    // A sticky bar counts where it is stuck to an edge of the window; in its own place in the
    // page it covers nothing.
    const style = getComputedStyle(bar);
    if (Math.abs(r.top - parseFloat(style.top)) < 1) top = Math.max(top, r.bottom);
    else if (Math.abs(window.innerHeight - r.bottom - parseFloat(style.bottom)) < 1) bottom = Math.min(bottom, r.top);
  }
  const above = top + GAP - box.top;
  if (above > 0) return -above;
  const below = box.bottom - (bottom - GAP);
  // Taller than the room between the bars: its start is what counts.
  if (below > 0) return Math.min(below, box.top - (top + GAP));
  return 0;
}

function reveal(el: Element | null) {
  if (!el || el === document.body) return;
  const box = visibleBox(el);
  if (box.width === 0 && box.height === 0) return;
  // Messages step aside to the other edge of the window rather than move the page.
  const toasts = document.querySelector<HTMLElement>(TOASTS);
  if (toasts && !toasts.contains(el) && covers(toasts, box)) toasts.toggleAttribute('data-away');
  // Scrolling would close the list a combobox has just opened (react-aria closes popovers on
  // scroll); the scroll margin has brought it clear of the bars as it took the focus.
  if (el.getAttribute('aria-expanded') === 'true') return;
  const by = clearance(el, box);
  if (by !== 0) window.scrollBy({ top: by, behavior: 'instant' });
}

/** Installs the watch over the focus for the whole document; returns the function that removes it. */
export function keepFocusInView(): () => void {
  let frame = 0;
  let pointerAt = -Infinity;
  const later = () => {
    cancelAnimationFrame(frame);
    // Focus that follows a click or a tap is where the pointer is: the page stays put.
    if (performance.now() - pointerAt < 500) return;
    // After the browser's own scrolling into view, which follows the focus event.
    frame = requestAnimationFrame(() => reveal(document.activeElement));
  };
  const pointed = () => {
    pointerAt = performance.now();
  };
  document.addEventListener('pointerdown', pointed, true);
  document.addEventListener('focusin', later);
  window.addEventListener('resize', later);
  return () => {
    cancelAnimationFrame(frame);
    document.removeEventListener('pointerdown', pointed, true);
    document.removeEventListener('focusin', later);
    window.removeEventListener('resize', later);
  };
}

/** Publishes a sticky action bar's height for the work area's scroll margin while it is on screen. */
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
