#!/usr/bin/env node
/**
 * Renders the icons electron-builder needs from the SVGs in build/:
 *   icon.png          512x512, the app icon (Linux, the window in development)
 *   icon.ico          Windows app, installer and uninstaller icon: 16..256 px
 *   akimatbatch.ico   the icon Windows shows for .akimatbatch files
 * Sizes up to 32 px come from icon-small.svg, drawn for few pixels.
 *
 * Rasterized by Chromium (the system one, /usr/bin/chromium, through
 * Playwright: no image library to install) and encoded here: PNG with zlib,
 * ICO with classic 32-bit bitmaps up to 128 px and a PNG at 256 px, the
 * layout every Windows tool (Explorer, rcedit, NSIS) reads.
 *
 *   node build/make-icons.mjs        (CHROMIUM=/path/to/chrome to override)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256];
const SMALL_MAX = 32;

// ---- PNG -------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** RGBA (straight alpha) -> PNG, colour type 6, no filtering. */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- ICO -------------------------------------------------------------------

/** A 32-bit BGRA device-independent bitmap with its AND mask, bottom-up, as ICO stores it. */
function encodeDib(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour bitmap + mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size);
  for (let y = 0; y < size; y++) {
    const src = (size - 1 - y) * size * 4;
    for (let x = 0; x < size; x++) {
      const s = src + x * 4;
      const d = (y * size + x) * 4;
      pixels[d] = rgba[s + 2];
      pixels[d + 1] = rgba[s + 1];
      pixels[d + 2] = rgba[s];
      pixels[d + 3] = rgba[s + 3];
      if (rgba[s + 3] === 0) mask[y * maskRow + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  header.writeUInt32LE(pixels.length + mask.length, 20);
  return Buffer.concat([header, pixels, mask]);
}

export function encodeIco(images) {
  const dir = Buffer.alloc(6 + images.length * 16);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2);
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  const blobs = images.map(({ size, rgba }, i) => {
    const data = size >= 256 ? encodePng(size, rgba) : encodeDib(size, rgba);
    const e = 6 + i * 16;
    dir[e] = size >= 256 ? 0 : size;
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4);
    dir.writeUInt16LE(32, e + 6);
    dir.writeUInt32LE(data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
    return data;
  });
  return Buffer.concat([dir, ...blobs]);
}

// ---- rasterizing -----------------------------------------------------------

async function rasterizer() {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  await page.setContent('<!doctype html><body></body>');
  return {
    /** RGBA pixels of the SVG drawn at size x size. */
    async render(svg, size) {
      const data = await page.evaluate(
        async ({ svg, size }) => {
          const img = new Image();
          img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svg)))}`;
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = size;
          const ctx = canvas.getContext('2d');
          ctx.imageSmoothingQuality = 'high';
          ctx.drawImage(img, 0, 0, size, size);
          return Array.from(ctx.getImageData(0, 0, size, size).data);
        },
        { svg, size },
      );
      return Uint8Array.from(data);
    },
    close: () => browser.close(),
  };
}

async function main() {
  const big = readFileSync(join(HERE, 'icon.svg'), 'utf8');
  const small = readFileSync(join(HERE, 'icon-small.svg'), 'utf8');
  const batch = readFileSync(join(HERE, 'akimatbatch.svg'), 'utf8');
  const r = await rasterizer();
  try {
    const appImages = [];
    const batchImages = [];
    for (const size of ICO_SIZES) {
      appImages.push({ size, rgba: await r.render(size <= SMALL_MAX ? small : big, size) });
      batchImages.push({ size, rgba: await r.render(batch, size) });
    }
    writeFileSync(join(HERE, 'icon.ico'), encodeIco(appImages));
    writeFileSync(join(HERE, 'akimatbatch.ico'), encodeIco(batchImages));
    writeFileSync(join(HERE, 'icon.png'), encodePng(512, await r.render(big, 512)));
    console.log(
      `build/icon.ico, build/akimatbatch.ico (${ICO_SIZES.join(', ')} px) and build/icon.png (512 px) written`,
    );
  } finally {
    await r.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
