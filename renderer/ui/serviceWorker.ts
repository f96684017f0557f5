/**
 * Registers the offline worker (production builds only; the dev server has no
 * sw.js). Failure is not fatal: the app still works online, and the next
 * load tries again.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // A page opened from disk or an unprivileged custom scheme cannot host a worker.
  if (!window.isSecureContext) return;
  const url = new URL('./sw.js', document.baseURI);
  navigator.serviceWorker.register(url, { scope: './' }).catch((e: unknown) => {
    console.warn('service worker not registered', e);
  });
}
