import type { ReportFile } from '../../domain/contract/index';

/** Saves a report the engine sent as base64 through the browser's download (Electron shows its save dialog). */
export function downloadReport(file: Pick<ReportFile, 'base64' | 'fileName' | 'mimeType'>): void {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
