#!/usr/bin/env node
// Copies the Tinos TTFs from @expo-google-fonts/tinos into assets/fonts/ (they are
// committed; run this only to update them) and checks that every face has the
// glyphs Kazakh and Russian papers need. Exits non-zero when one is missing.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'assets', 'fonts');
const pkg = dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
const FACES = {
  'Tinos-Regular.ttf': '400Regular/Tinos_400Regular.ttf',
  'Tinos-Bold.ttf': '700Bold/Tinos_700Bold.ttf',
  'Tinos-Italic.ttf': '400Regular_Italic/Tinos_400Regular_Italic.ttf',
  'Tinos-BoldItalic.ttf': '700Bold_Italic/Tinos_700Bold_Italic.ttf',
};
const NEEDED = 'әғқңөұүһіӘҒҚҢӨҰҮҺІ№«»–—ЁёЙйЩщЪъ₸';

const fontkit = require('fontkit');
mkdirSync(out, { recursive: true });
copyFileSync(join(pkg, 'LICENSE_FONT'), join(out, 'Tinos-LICENSE.txt'));
let bad = 0;
for (const [name, src] of Object.entries(FACES)) {
  copyFileSync(join(pkg, src), join(out, name));
  const font = fontkit.openSync(join(out, name));
  const missing = [...NEEDED].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)));
  if (missing.length) bad++;
  console.log(
    `${name}: ${font.fullName}${missing.length ? `, MISSING ${missing.join('')}` : ', all Kazakh/Russian glyphs present'}`,
  );
}
process.exit(bad ? 1 : 0);
