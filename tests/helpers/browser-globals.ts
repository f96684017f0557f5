// What the desk's data layer expects of a browser and Node lacks, for tests that run it in Node:
// IndexedDB (fake-indexeddb), `self` (dexie-export-import) and a minimal FileReader over Blob's own
// promise methods. The browser tests (Playwright) use the real ones.
import 'fake-indexeddb/auto';

(globalThis as { self?: unknown }).self ??= globalThis;
(globalThis as { FileReader?: unknown }).FileReader ??= class {
  result: unknown = null;
  onload: ((e: unknown) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  private run(p: Promise<unknown>) {
    p.then(
      (r) => {
        this.result = r;
        this.onload?.({ target: this });
      },
      (e) => this.onerror?.({ target: this, error: e }),
    );
  }
  readAsText(b: Blob) {
    this.run(b.text());
  }
  readAsArrayBuffer(b: Blob) {
    this.run(b.arrayBuffer());
  }
};
