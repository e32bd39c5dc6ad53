/** Offers a Blob as a file download, through a Blob URL (nothing the API key could leak into). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked once the browser has had time to start saving it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offers text the page made (an export) as a file download. */
export function download(text: string, fileName: string, type: string): void {
  saveBlob(new Blob([text], { type }), fileName);
}
