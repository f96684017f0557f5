/** Hands a text file to the browser's (or Electron's) save flow. */
export function downloadText(text: string, filename: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can abort the download in Chromium.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const BATCH_FILE_EXT = '.akimatbatch';

/** The engine names batches *.json; on a USB stick they carry their own extension so nobody opens and "fixes" them. */
export function batchDownloadName(name: string): string {
  return `${name.replace(/\.[a-z0-9]+$/i, '')}${BATCH_FILE_EXT}`;
}
