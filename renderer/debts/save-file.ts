import type { ExportedFile } from '../../core/contract';
import { fileBytes } from './debt-view';

/**
 * Saves a file the desk made as a download: the browser host's window saves it to the downloads folder, the
 * desktop window asks where (Electron's default for a download). A download is not a navigation, so the
 * window's navigation policy is untouched.
 */
export function saveFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([fileBytes(file.base64)], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the blob to the download by now; a later revoke only frees its memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
