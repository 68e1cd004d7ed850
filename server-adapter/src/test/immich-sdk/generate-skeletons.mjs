// Writes what the adapter takes from the pinned @immich/sdk's types (src/main/resources/immich-v3/): the zero value (see
// shapes.mjs) of AdminConfigDto, UserConfigDto and UserPreferencesResponseDto, the skeletons it answers with, and the fields
// of UserPreferencesUpdateDto, which it validates a preferences update against. Run after bumping the pin:
//   node generate-skeletons.mjs            (writes the files)
//   node generate-skeletons.mjs --check    (exit 1 when the committed files differ; the contract test runs this)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fields, loadSdkTypes, typeByName, zero } from './shapes.mjs';

const types = loadSdkTypes();
const dir = fileURLToPath(new URL('../../main/resources/immich-v3/', import.meta.url));
const files = {
  'admin-config.json': ['AdminConfigDto', zero],
  'user-config.json': ['UserConfigDto', zero],
  'user-preferences.json': ['UserPreferencesResponseDto', zero],
  'user-preferences-update.json': ['UserPreferencesUpdateDto', fields],
};
let stale = 0;
for (const [file, [type, make]] of Object.entries(files)) {
  const text = JSON.stringify(make(types, typeByName(types, type)), null, 2) + '\n';
  if (process.argv.includes('--check')) {
    let committed = '';
    try { committed = readFileSync(dir + file, 'utf8'); } catch { /* missing */ }
    if (committed !== text) {
      stale++;
      console.error(`${dir}${file} is not the zero ${type} of the pinned SDK: run node generate-skeletons.mjs`);
    }
  } else {
    writeFileSync(dir + file, text);
    console.log(`wrote ${dir}${file} (${type})`);
  }
}
process.exit(stale ? 1 : 0);
