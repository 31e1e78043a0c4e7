import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

/**
 * ExcelJS and pdfmake (with its bundled fonts) load on first use, not when the workstation starts: together
 * they take ~40 MiB of the desk's memory and most of a second of its start-up, for files a user asks for now
 * and then (an export, an import, a letter, a day sheet).
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = null; // a failed load (a file missing mid-update) may succeed next time
      throw error;
    });
    return loading;
  };
}

export const loadExcel = once(async () => (await import('exceljs')).default);

/**
 * pdfmake with Roboto (it has Cyrillic) from its virtual file system rather than from disk, so the same code
 * works from a bundle; a document may read no file and no URL (both policies refuse everything).
 */
const loadPdfmake = once(async () => {
  const [{ default: pdfmake }, { default: vfs }] = await Promise.all([
    import('pdfmake'),
    import('pdfmake/build/vfs_fonts.js'),
  ]);
  // The Node build keeps its virtual file system on the instance; the types describe only the browser's API.
  const fs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, data: Buffer): void } }).virtualfs;
  for (const [name, data] of Object.entries(vfs as Record<string, string>)) {
    fs.writeFileSync(name, Buffer.from(data, 'base64'));
  }
  pdfmake.setFonts({
    Roboto: {
      normal: 'Roboto-Regular.ttf',
      bold: 'Roboto-Medium.ttf',
      italics: 'Roboto-Italic.ttf',
      bolditalics: 'Roboto-MediumItalic.ttf',
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return pdfmake;
});

/** A PDF document as bytes. */
export async function pdfBytes(definition: TDocumentDefinitions): Promise<Buffer> {
  return (await loadPdfmake()).createPdf(definition).getBuffer();
}
