// pdfkit ships no types and @types/pdfkit is not installed; pdfkit-font-cache.ts only needs the
// class's prototype, which it types itself.
declare module 'pdfkit' {
  const PDFDocument: unknown;
  export default PDFDocument;
}
