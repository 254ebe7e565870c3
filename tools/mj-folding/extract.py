#!/usr/bin/env python3
"""Derive the variant-kanji folding table (異体字の縮退) from the MJ 縮退マップ.

Input: moji.db from the npm package @mandel59/mojidata (MJ文字情報一覧表 and MJ縮退マップ,
IPA, CC BY-SA 2.1 JP). Output: a TSV "source<TAB>folded" where both are single code points,
the source is a kanji the MJ map folds to a different kanji, and the folded kanji is more
common (常用 < JIS X 0208 < anything else). Only the Python standard library is used.

Usage: extract.py MOJI_DB OUTPUT_TSV
"""
import sqlite3
import sys
import unicodedata

# Tables of the 縮退マップ we trust for search keys, in IPA's order of application.
# 読み字形による類推 and 辞書類等による関連字 are left out: they relate characters that are
# merely similar or related, which would merge different surnames.
TABLES = [
    "JIS包摂規準UCS統合規則",
    "法務省告示582号別表第四_一",
    "法務省告示582号別表第四_二",
    "戸籍統一文字情報_親字正字",
    "民一2842号通達別表_誤字俗字正字一覧表_俗字",
    "民二5202号通知別表_正字俗字等対照表",
]


def single(s):
    return s if s is not None and len(s) == 1 else None


def is_ideograph(ch):
    return unicodedata.name(ch, "").startswith("CJK ")


def main(db_path, out_path):
    db = sqlite3.connect(db_path)
    joyo = {r[0] for r in db.execute("select distinct 漢字 from joyo")}
    jis0208 = {r[0] for r in db.execute("select UCS from unihan_kJis0")}

    def rank(ch):
        return 0 if ch in joyo else 1 if ch in jis0208 else 2

    candidates = {}
    for priority, table in enumerate(TABLES):
        hop = "ホップ数" if table == "戸籍統一文字情報_親字正字" else "0"
        rows = db.execute(
            f'select m."実装したUCS", s."縮退UCS", {hop} from "mjsm_{table}" s '
            'join mji m on m."MJ文字図形名" = s."MJ文字図形名"')
        for implemented, folded, hops in rows:
            src, dst = single(implemented), single(folded)
            if src is None or dst is None or src == dst:
                continue
            if not (is_ideograph(src) and is_ideograph(dst)):
                continue
            # A source that NFKC already rewrites never reaches the folding step.
            if unicodedata.normalize("NFKC", src) != src or unicodedata.normalize("NFKC", dst) != dst:
                continue
            if rank(dst) >= rank(src):
                continue
            key = (rank(dst), priority, hops or 0, ord(dst))
            best = candidates.get(src)
            if best is None or key < best[0]:
                candidates[src] = (key, dst)

    folding = {src: dst for src, (_, dst) in candidates.items()}
    # Close chains so that folding is idempotent: every target is final.
    for src in list(folding):
        seen = {src}
        dst = folding[src]
        while dst in folding and dst not in seen:
            seen.add(dst)
            dst = folding[dst]
        folding[src] = dst

    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        out.write("# source\tfolded — derived from the MJ縮退マップ (IPA, CC BY-SA 2.1 JP) by tools/mj-folding\n")
        for src in sorted(folding, key=ord):
            out.write(f"{src}\t{folding[src]}\n")
    print(f"{len(folding)} entries written to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
