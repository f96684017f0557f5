/**
 * The few Web Platform globals shared/ may use, because every runtime it runs in has them:
 * Chromium (the desk), Node >= 20 (the server, Electron's main process, the tests).
 * shared/ is type-checked without the DOM and without Node (shared/tsconfig.json), so using
 * anything else (`window`, `document`, `Buffer`, `process`, timers) fails the type check.
 * Add a global here only if both runtimes provide it.
 */
type BufferSource = ArrayBufferView | ArrayBuffer;

interface CryptoKey {
  readonly type: string;
  readonly extractable: boolean;
}

type CryptoAlgorithm = string | { name: string; [param: string]: unknown };

interface CryptoKeyPair {
  readonly publicKey: CryptoKey;
  readonly privateKey: CryptoKey;
}

interface SubtleCrypto {
  importKey(
    format: 'raw' | 'pkcs8',
    keyData: BufferSource,
    algorithm: CryptoAlgorithm,
    extractable: boolean,
    usages: string[],
  ): Promise<CryptoKey>;
  deriveKey(
    algorithm: CryptoAlgorithm,
    baseKey: CryptoKey,
    derivedKeyType: CryptoAlgorithm,
    extractable: boolean,
    usages: string[],
  ): Promise<CryptoKey>;
  generateKey(algorithm: CryptoAlgorithm, extractable: boolean, usages: string[]): Promise<CryptoKeyPair | CryptoKey>;
  exportKey(format: 'raw' | 'pkcs8', key: CryptoKey): Promise<ArrayBuffer>;
  encrypt(algorithm: CryptoAlgorithm, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  decrypt(algorithm: CryptoAlgorithm, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  deriveBits(algorithm: CryptoAlgorithm, baseKey: CryptoKey, length: number): Promise<ArrayBuffer>;
  digest(algorithm: CryptoAlgorithm, data: BufferSource): Promise<ArrayBuffer>;
  sign(algorithm: CryptoAlgorithm, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  verify(algorithm: CryptoAlgorithm, key: CryptoKey, signature: BufferSource, data: BufferSource): Promise<boolean>;
}

declare const crypto: {
  readonly subtle: SubtleCrypto;
  getRandomValues<T extends ArrayBufferView>(array: T): T;
  randomUUID(): string;
};

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: BufferSource): string;
}

declare function atob(data: string): string;
declare function btoa(data: string): string;
