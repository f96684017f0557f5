// pdfmake 0.3 ships no typings (and @types/pdfmake describes 0.2's callback API),
// so the small part we call is declared here, for the browser build the renderer
// loads and for the Node build tests and the server use.

declare module 'pdfmake/build/pdfmake' {
  type FontFaces = { normal: string; bold?: string; italics?: string; bolditalics?: string };
  interface VirtualFs {
    existsSync(name: string): boolean;
    writeFileSync(name: string, content: Uint8Array | string, encoding?: string): void;
  }
  interface OutputDocumentBrowser {
    getBuffer(): Promise<Uint8Array>;
    getBlob(): Promise<Blob>;
    getBase64(): Promise<string>;
    download(filename?: string): Promise<void>;
  }
  interface PdfMakeBrowser {
    virtualfs: VirtualFs;
    setFonts(fonts: Record<string, FontFaces>): void;
    addFonts(fonts: Record<string, FontFaces>): void;
    setUrlAccessPolicy(policy: ((url: string) => boolean) | undefined): void;
    createPdf(docDefinition: object, options?: object): OutputDocumentBrowser;
  }
  const pdfMake: PdfMakeBrowser;
  export default pdfMake;
}

declare module 'pdfmake' {
  type FontFaces = { normal: string; bold?: string; italics?: string; bolditalics?: string };
  interface VirtualFs {
    existsSync(name: string): boolean;
    writeFileSync(name: string, content: Uint8Array | string, encoding?: string): void;
  }
  interface OutputDocumentServer {
    getBuffer(): Promise<Buffer>;
    getBase64(): Promise<string>;
    write(filename: string): Promise<void>;
  }
  interface PdfMakeNode {
    virtualfs: VirtualFs;
    setFonts(fonts: Record<string, FontFaces>): void;
    addFonts(fonts: Record<string, FontFaces>): void;
    setUrlAccessPolicy(policy: ((url: string) => boolean) | undefined): void;
    setLocalAccessPolicy(policy: ((path: string) => boolean) | undefined): void;
    createPdf(docDefinition: object, options?: object): OutputDocumentServer;
  }
  const pdfmake: PdfMakeNode;
  export default pdfmake;
}
