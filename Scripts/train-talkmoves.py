#!/usr/bin/env python3
"""Train the talk-move tagger that `clipcoach transcript tag` ships.

Reads ../shared/talkmoves/train.tsv (504 TalkMoves lessons; never copied into the repository),
normalizes speakers and tags, builds hashed binary features that Sources/TalkMoves/TalkMoveFeatures.swift
reproduces byte for byte, reports macro F1 per role by GroupKFold over lessons, trains one linear
model per role on every lesson, and writes

  Sources/TalkMoves/Resources/talkmoves-v1.bin      int8 weights + JSON header (see write_model)
  Tests/TalkMovesTests/Fixtures/talkmoves-expected.tsv   this script's own predictions on the
                                                      made-up sample transcript, for the Swift test

Usage: python3 Scripts/train-talkmoves.py [--data PATH] [--folds 5] [--no-cv] [--c 0.05]
"""
import argparse
import csv
import json
import re
import struct
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parent.parent
HASH_BITS = 18
DIM = 1 << HASH_BITS

TEACHER_MOVES = ["none", "keeping-together", "getting-students-to-relate", "restating",
                 "revoicing", "pressing-for-accuracy", "pressing-for-reasoning"]
STUDENT_MOVES = ["none", "relating-to-another-student", "asking-for-more-information",
                 "making-a-claim", "providing-evidence"]
TEACHER_CODE = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "8": 5, "9": 6, "7": 0}
STUDENT_CODE = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4}

# Words that carry no content for the overlap features. Shipped in the model header so Swift
# uses exactly this list.
STOPWORDS = sorted(set("""
a an the and or but so if then than that this these those it its it's i i'm me my we we're us our
you you're your he she they they're them their is are was were be been being am do does did done
have has had to of in on at for with by from as up down out about into over not no yes yeah okay
ok um uh oh like just what what's how why where when who which there there's here can could would
should will well right now one all some any very really get got go going know think mean let's let
""".split()))

TOKEN_RE = re.compile(rb"[a-z0-9']+|\?")


def tokenize(sentence: str) -> list[str]:
    """ASCII-lowercased runs of [a-z0-9'] plus '?' as its own token; curly quotes become '."""
    raw = sentence.encode("utf-8").replace(b"\xe2\x80\x99", b"'").replace(b"\xe2\x80\x98", b"'")
    out = []
    for m in TOKEN_RE.findall(raw.lower()):
        tok = m.strip(b"'")
        if tok or m == b"?":
            out.append((tok or m).decode("ascii"))
    return out


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def content_words(tokens):
    return {t for t in tokens if t != "?" and len(t) > 1 and t not in STOPWORDS_SET}


STOPWORDS_SET = set(STOPWORDS)


def ratio_bucket(inter: int, n: int) -> int:
    if inter == 0 or n == 0:
        return 0
    return min(4, max(1, (4 * inter + n - 1) // n))


def length_bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "5"), (8, "8"), (12, "12"), (20, "20")):
        if n <= limit:
            return name
    return "more"


def count_bucket(n: int) -> str:
    return str(n) if n < 4 else "4+"


def sentence_features(rows):
    """rows: list of (speaker_id, role 'T'/'S', sentence) of ONE lesson in order.
    Returns a list of feature-name lists. Mirrors TalkMoveFeatures.swift exactly."""
    toks = [tokenize(s) for (_, _, s) in rows]
    cws = [content_words(t) for t in toks]
    feats = []
    # turn bookkeeping: a turn is a run of rows with the same speaker id
    turn_start = []
    for i, (spk, _, _) in enumerate(rows):
        turn_start.append(i if i == 0 or rows[i - 1][0] != spk else turn_start[i - 1])
    for i, (spk, role, _) in enumerate(rows):
        t = toks[i]
        f = ["bias"]
        f += ["w:" + w for w in t]
        seq = ["<s>"] + t + ["</s>"]
        f += ["b:" + seq[k] + " " + seq[k + 1] for k in range(len(seq) - 1)]
        f.append("first:" + (t[0] if t else "<none>"))
        f.append("first2:" + (" ".join(t[:2]) if t else "<none>"))
        f.append("last:" + (t[-1] if t else "<none>"))
        f.append("q:" + ("1" if "?" in t else "0"))
        f.append("len:" + length_bucket(len(t)))
        f.append("turnpos:" + ("first" if turn_start[i] == i else "later"))
        if i > 0:
            prole = rows[i - 1][1]
            change = "chg" if rows[i - 1][0] != spk else "same"
            f.append("prev:" + prole + ":" + change)
            f += ["pw:" + w for w in toks[i - 1]]
            pseq = ["<s>"] + toks[i - 1] + ["</s>"]
            f += ["pb:" + pseq[k] + " " + pseq[k + 1] for k in range(len(pseq) - 1)]
            f.append("pq:" + ("1" if "?" in toks[i - 1] else "0"))
        else:
            f.append("prev:<none>")
        if i + 1 < len(rows):
            nrole = rows[i + 1][1]
            change = "chg" if rows[i + 1][0] != spk else "same"
            f.append("next:" + nrole + ":" + change)
            f += ["nw:" + w for w in toks[i + 1]]
        else:
            f.append("next:<none>")
        # overlap with the previous turn (other speaker) and with the last student turn
        ts = turn_start[i]
        mine = cws[i]
        prev_turn = set()
        last_student = set()
        if ts > 0:
            j = ts - 1
            pspk = rows[j][0]
            while j >= 0 and rows[j][0] == pspk:
                prev_turn |= cws[j]
                j -= 1
            j = ts - 1
            while j >= 0 and rows[j][1] != "S":
                j -= 1
            if j >= 0:
                sspk = rows[j][0]
                while j >= 0 and rows[j][0] == sspk and rows[j][1] == "S":
                    last_student |= cws[j]
                    j -= 1
        for name, other in (("ov", prev_turn), ("os", last_student)):
            inter = len(mine & other)
            f.append(name + "n:" + count_bucket(inter))
            f.append(name + "r:" + str(ratio_bucket(inter, len(mine))))
            f.append(name + "o:" + str(ratio_bucket(inter, len(other))))
        feats.append(f)
    return feats


def hash_row(names):
    return sorted({fnv1a(n) & (DIM - 1) for n in names})


TEACHERISH = re.compile(r"^(t\d*|teacher.*|mr\.?\s.*|mrs\.?\s.*|ms\.?\s.*|miss\s.*|dr\.?\s.*)$", re.I)


def load(path):
    lessons = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for r in reader:
            ttag = (r["teacher_tag"] or "").strip()
            stag = (r["student_tag"] or "").strip()
            spk = (r["speaker"] or "").strip()
            if ttag:
                role, label = "T", TEACHER_CODE.get(ttag[:1], 0)
            elif stag:
                code = stag[:1]
                if code not in STUDENT_CODE:
                    continue
                role, label = "S", STUDENT_CODE[code]
            else:
                role = "T" if TEACHERISH.match(spk) else "S"
                label = 0
            lessons.setdefault(r["lesson"], []).append((spk.lower(), role, r["sentence"], label))
    return lessons


def build(lessons):
    data = {"T": ([], [], []), "S": ([], [], [])}
    for lesson, rows in lessons.items():
        feats = sentence_features([(a, b, c) for (a, b, c, _) in rows])
        for (spk, role, _, label), f in zip(rows, feats):
            idx, ys, gs = data[role]
            idx.append(hash_row(f))
            ys.append(label)
            gs.append(lesson)
    out = {}
    for role, (idx, ys, gs) in data.items():
        indptr = np.zeros(len(idx) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(r) for r in idx])
        indices = np.fromiter((c for r in idx for c in r), dtype=np.int32, count=int(indptr[-1]))
        X = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(idx), DIM))
        out[role] = (X, np.array(ys), np.array(gs))
    return out


def save_cache(path, data):
    arrays = {}
    for role, (X, y, g) in data.items():
        arrays.update({f"{role}_data": X.data, f"{role}_indices": X.indices, f"{role}_indptr": X.indptr,
                       f"{role}_y": y, f"{role}_g": g})
    np.savez(path, **arrays)


def load_cache(path):
    z = np.load(path, allow_pickle=False)
    out = {}
    for role in ("T", "S"):
        indptr = z[f"{role}_indptr"]
        X = sp.csr_matrix((z[f"{role}_data"], z[f"{role}_indices"], indptr), shape=(len(indptr) - 1, DIM))
        out[role] = (X, z[f"{role}_y"], z[f"{role}_g"])
    return out


def make_model(c):
    return LinearSVC(C=c, class_weight="balanced", max_iter=4000)


def quantize(model, nclasses):
    """int8 weights with one scale per class; the bias stays float32."""
    W = model.coef_.astype(np.float64)  # (classes, DIM)
    if W.shape[0] == 1:  # binary problems never happen here, but keep the shape honest
        W = np.vstack([-W, W])
    scales = np.abs(W).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    Q = np.clip(np.rint(W / scales[:, None]), -127, 127).astype(np.int8)
    bias = model.intercept_.astype(np.float32)
    return Q, scales.astype(np.float32), bias


def predict_quantized(Q, scales, bias, X):
    """What Swift computes: integer sums of int8 weights, then float32 scale and bias."""
    sums = (X.astype(np.int32) @ Q.T.astype(np.int32))
    sums = np.asarray(sums, dtype=np.int64)
    scores = sums.astype(np.float32) * scales[None, :] + bias[None, :]
    return scores.argmax(axis=1)


def write_model(path, models, held_out):
    header = {
        "heldOutLessons": held_out,
        "format": "clipcoach-talkmoves",
        "version": 1,
        "hashBits": HASH_BITS,
        "hash": "fnv1a32",
        "stopwords": STOPWORDS,
        "roles": {},
    }
    blobs = []
    offset = 0
    for role, name, moves in (("T", "teacher", TEACHER_MOVES), ("S", "student", STUDENT_MOVES)):
        Q, scales, bias = models[role]
        # stored feature-major: DIM rows of len(moves) int8, so one feature is one contiguous read
        body = np.ascontiguousarray(Q.T).tobytes()
        header["roles"][name] = {
            "moves": moves, "offset": offset, "length": len(body),
            "scales": [float(s) for s in scales], "bias": [float(b) for b in bias],
        }
        blobs.append(body)
        offset += len(body)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(b"CCTM")
        fh.write(struct.pack("<I", len(head)))
        fh.write(head)
        for b in blobs:
            fh.write(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "talkmoves" / "train.tsv"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.05)
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--cv-only", action="store_true", help="report the cross-validated figures, write nothing")
    ap.add_argument("--cache", help="keep the built features in this .npz to skip rebuilding them next time")
    ap.add_argument("--out", default=str(ROOT / "Sources" / "TalkMoves" / "Resources" / "talkmoves-v1.bin"))
    ap.add_argument("--sample", default=str(ROOT / "Tests" / "TalkMovesTests" / "Fixtures" / "sample-lesson.tsv"))
    args = ap.parse_args()

    t0 = time.time()
    if args.cache and Path(args.cache).exists():
        data = load_cache(args.cache)
        print(f"features read from {args.cache}", flush=True)
    else:
        lessons = load(args.data)
        data = build(lessons)
        print(f"features built for {len(lessons)} lessons in {time.time() - t0:.0f} s", flush=True)
        if args.cache:
            save_cache(args.cache, data)

    if not args.no_cv:
        for role, name, moves in (("T", "teacher", TEACHER_MOVES), ("S", "student", STUDENT_MOVES)):
            X, y, g = data[role]
            pred = np.zeros_like(y)
            for k, (tr, va) in enumerate(GroupKFold(n_splits=args.folds).split(X, y, g)):
                m = make_model(args.c).fit(X[tr], y[tr])
                Q, s, b = quantize(m, len(moves))
                pred[va] = predict_quantized(Q, s, b, X[va])
            f1 = f1_score(y, pred, average="macro")
            per = f1_score(y, pred, average=None)
            print(f"{name}: macro F1 {f1:.3f} ({args.folds}-fold GroupKFold by lesson, {len(y)} sentences) "
                  + " ".join(f"{mv}={v:.2f}" for mv, v in zip(moves, per)), flush=True)

    if args.cv_only:
        return
    # One lesson in ten (by name hash) is held out of the shipped model, so a Swift test can
    # measure the shipped tagger on lessons it never saw.
    held = sorted({str(g) for role in data for g in data[role][2] if fnv1a(str(g)) % 10 == 0})
    held_set = set(held)
    models = {}
    for role, name, moves in (("T", "teacher", TEACHER_MOVES), ("S", "student", STUDENT_MOVES)):
        X, y, g = data[role]
        keep = np.array([str(x) not in held_set for x in g])
        models[role] = quantize(make_model(args.c).fit(X[keep], y[keep]), len(moves))
        Q, sc, b = models[role]
        pred = predict_quantized(Q, sc, b, X[~keep])
        print(f"{name}: macro F1 {f1_score(y[~keep], pred, average='macro'):.3f} on {len(held)} held-out lessons "
              f"({int((~keep).sum())} sentences)", flush=True)
    write_model(Path(args.out), models, held)
    print(f"wrote {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB)")

    sample = Path(args.sample)
    if sample.exists():
        write_expected(sample, models)


def write_expected(sample, models):
    """Predict the committed made-up sample transcript with the quantized model, as Swift must."""
    rows = []
    with open(sample, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            spk = r["speaker"].strip()
            role = "T" if spk.lower() in ("t", "teacher") else "S"
            rows.append((spk.lower(), role, r["sentence"]))
    feats = sentence_features(rows)
    out = sample.parent / "talkmoves-expected.tsv"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("role\tmove\n")
        for (spk, role, _), f in zip(rows, feats):
            Q, s, b = models[role]
            X = sp.csr_matrix((np.ones(len(h := hash_row(f)), dtype=np.float32), h, [0, len(h)]), shape=(1, DIM))
            k = int(predict_quantized(Q, s, b, X)[0])
            moves = TEACHER_MOVES if role == "T" else STUDENT_MOVES
            fh.write(("teacher" if role == "T" else "student") + "\t" + moves[k] + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
