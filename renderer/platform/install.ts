/**
 * Start-up wiring (imported once from renderer/main.tsx): in the desktop
 * shell, printing and saving go to the native printer and save dialog instead
 * of the browser's print frame and download.
 */
import { setPdfHandlers, type PdfHandlers } from '../print';
import { platform, type Platform } from './index';

/** A failure the UI shows by code (keys in locales/{kk,ru}/errors.json), like DeskError. */
export class PlatformError extends Error {
  constructor(
    readonly code: 'print.noPrinter' | 'print.failed',
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'PlatformError';
  }
}

/**
 * The handlers for renderer/print; none in web mode, where its browser
 * fallbacks stay. A cancelled dialog is not an error: the user chose it.
 */
export function desktopPdfHandlers(p: Platform): PdfHandlers | null {
  if (p.kind !== 'desktop') return null;
  return {
    async print(blob) {
      const result = await p.printPdf(blob);
      if (result.ok || result.reason === 'cancelled') return;
      throw new PlatformError(
        result.reason === 'noPrinter' ? 'print.noPrinter' : 'print.failed',
        result.detail ? { detail: result.detail } : {},
      );
    },
    async save(blob, fileName) {
      await p.savePdf(blob, fileName);
    },
  };
}

const handlers = desktopPdfHandlers(platform);
if (handlers) setPdfHandlers(handlers);
