"""Render HARD photo-like FICTIONAL e-KTP cards for measuring the KTP reader (never into the repo).

    python samples/render_ktp_hard.py OUT_DIR [--seed 1] [--count 40]

Small phone photos as they arrive from the field: 600-700 px wide, rotated -12..+12 degrees,
perspective, Gaussian blur sigma 1-2, glare on most cards, sensor noise, JPEG quality 50. The
people are invented by ``render_ktp.py``'s own generator (fictional names, NIKs, addresses); the
cards are planned at random from ``--seed`` (regions, fonts, colon styles, wrapped names and
addresses, old cards, blood type '-'), so another seed gives another, held-out set.

Writes OUT_DIR/items/<id>.jpg, <id>.gt.json (doc_type "ktp", variant "hard-photo", the 19
fields) and <id>.ocr.json (the rendered words with boxes mapped onto the photo, for --mode text).
Deterministic for a seed on the same machine. OUT_DIR must not be inside samples/ktp.
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent))

import render_ktp as rk

WIDTH = (600, 700)        # long side of the photo, px
BLUR_SIGMA = (1.0, 2.0)
JPEG_QUALITY = 50
MAX_ANGLE = 12.0
GLARE_SHARE = 0.7
NOISE_SIGMA = (2.5, 5.0)
COLONS = ["column", "column", "none", "tight"]


def plan_cards(seed: int, count: int) -> list[rk.Plan]:
    """``count`` random plans; card ids (and so the invented people) depend on the seed."""
    rng = np.random.RandomState(seed)
    regions = sorted(rk.REGIONS)
    families = sorted(n for n in rk.FAMILIES if rk.find_font(rk.FAMILIES[n][0]) is not None) or sorted(rk.FAMILIES)
    plans = []
    for i in range(count):
        plans.append(rk.Plan(
            n=seed * 1000 + i + 1, region=regions[rng.randint(len(regions))],
            family=families[rng.randint(len(families))], colon=COLONS[rng.randint(len(COLONS))],
            sex="MF"[rng.randint(2)], long_name=bool(rng.rand() < 0.25),
            long_address=bool(rng.rand() < 0.3), old_card=bool(rng.rand() < 0.15), no_comma=bool(rng.rand() < 0.15),
            indent=bool(rng.rand() < 0.2), blood="-" if rng.rand() < 0.1 else None))
    return plans


def render_hard(clean: Image.Image, words: list[dict], seed: int) -> tuple[Image.Image, list[dict], dict]:
    """The clean card as a small, blurred, noisy, tilted JPEG-50 phone photo (and its words' boxes)."""
    rng = np.random.RandomState(seed)
    long_side = rng.randint(WIDTH[0], WIDTH[1] + 1)
    ss = 2  # warp at twice the size, then shrink with a proper filter (a camera does not alias)
    cw_, ch_ = long_side * ss, round(long_side * rng.uniform(0.72, 0.8)) * ss
    angle = float(rng.uniform(-MAX_ANGLE, MAX_ANGLE))
    a = math.radians(angle)
    w0, h0 = rk.CARD_W, rk.CARD_H
    bw = w0 * abs(math.cos(a)) + h0 * abs(math.sin(a))
    bh = w0 * abs(math.sin(a)) + h0 * abs(math.cos(a))
    scale = min(0.9 * cw_ / bw, 0.88 * ch_ / bh) * rng.uniform(0.88, 1.0)
    cx, cy = cw_ / 2 + rng.uniform(-0.03, 0.03) * cw_, ch_ / 2 + rng.uniform(-0.03, 0.03) * ch_
    src = [(0.0, 0.0), (float(w0), 0.0), (float(w0), float(h0)), (0.0, float(h0))]
    dst = []
    for x, y in src:
        dx, dy = (x - w0 / 2) * scale, (y - h0 / 2) * scale
        dst.append([cx + dx * math.cos(a) + dy * math.sin(a), cy - dx * math.sin(a) + dy * math.cos(a)])
    p = rk.tilt_away(rng, dst, (cw_, ch_), max_shrink=0.07, jitter=0.01)
    h_fwd = rk.homography(src, [(d[0], d[1]) for d in dst])
    h_inv = np.linalg.inv(h_fwd)
    h_inv = h_inv / h_inv[2, 2]

    card = clean.convert("RGBA")
    mask = Image.new("L", card.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, w0 - 1, h0 - 1], radius=rk.CORNER_RADIUS, fill=255)
    card.putalpha(mask)
    warped = card.transform((cw_, ch_), Image.Transform.PERSPECTIVE, tuple(float(v) for v in h_inv.flatten()[:8]),
                            resample=Image.Resampling.BICUBIC, fillcolor=(0, 0, 0, 0))
    alpha = np.asarray(warped.getchannel("A"), dtype=np.float32) / 255.0
    table = rk.table_background(rng, (cw_, ch_))
    rgb = np.asarray(warped.convert("RGB"), dtype=np.float32)
    arr = table * (1 - alpha[..., None]) + rgb * alpha[..., None]
    yy, xx = np.mgrid[0:ch_, 0:cw_].astype(np.float32)
    glare = bool(rng.rand() < GLARE_SHARE)
    info: dict = {"angle_deg": round(angle, 2), "perspective": round(p, 3), "glare": glare}
    if glare:
        gx, gy = rk.apply_h(h_fwd, rng.uniform(0.1, 0.9) * w0, rng.uniform(0.2, 0.9) * h0)
        rx, ry = rng.uniform(0.12, 0.28) * cw_, rng.uniform(0.07, 0.18) * ch_
        rot = rng.uniform(0, np.pi)
        u = ((xx - gx) * np.cos(rot) + (yy - gy) * np.sin(rot)) / rx
        v = (-(xx - gx) * np.sin(rot) + (yy - gy) * np.cos(rot)) / ry
        strength = rng.uniform(0.4, 0.7)
        arr = arr + (255.0 - arr) * (strength * np.exp(-1.5 * (u * u + v * v)) * alpha)[..., None]
        info["glare_strength"] = round(float(strength), 2)
    lx, ly = rng.uniform(0.2, 0.8) * cw_, rng.uniform(0.2, 0.8) * ch_
    r = np.sqrt(((xx - lx) / cw_) ** 2 + ((yy - ly) / ch_) ** 2)
    arr *= (1.05 - rng.uniform(0.12, 0.3) * r ** 2)[..., None]
    img = Image.fromarray(np.clip(arr, 0, 255).round().astype(np.uint8), "RGB")
    img = img.resize((cw_ // ss, ch_ // ss), Image.Resampling.LANCZOS)
    img = ImageEnhance.Contrast(img).enhance(float(rng.uniform(0.75, 1.0)))
    img = ImageEnhance.Brightness(img).enhance(float(rng.uniform(0.85, 1.08)))
    sigma = float(rng.uniform(*BLUR_SIGMA))
    img = img.filter(ImageFilter.GaussianBlur(sigma))
    noise_sigma = float(rng.uniform(*NOISE_SIGMA))
    noise = rng.normal(0.0, noise_sigma, size=(img.size[1], img.size[0], 1)).astype(np.float32)
    img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).round().astype(np.uint8), "RGB")
    info.update({"size": list(img.size), "blur_sigma": round(sigma, 2), "noise_sigma": round(noise_sigma, 2),
                 "jpeg_quality": JPEG_QUALITY})

    mapped = []
    k = 1.0 / ss
    for wd in words:
        x0, y0, x1, y1 = wd["box"]
        pts = [rk.apply_h(h_fwd, px, py) for px, py in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        left, right = rk.apply_h(h_fwd, x0, (y0 + y1) / 2), rk.apply_h(h_fwd, x1, (y0 + y1) / 2)
        mapped.append((wd["text"], [(px * k, py * k) for px, py in pts],
                       ((left[0] * k, left[1] * k), (right[0] * k, right[1] * k))))
    return img, rk.finish_words(mapped, img.size), info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=40)
    args = ap.parse_args(argv)
    out = args.out.resolve()
    if out == rk.OUT.resolve() or rk.OUT.resolve() in out.parents:
        ap.error("render hard cards outside samples/ktp (the committed samples stay as they are)")
    items = out / "items"
    items.mkdir(parents=True, exist_ok=True)
    families: dict[str, rk.Family] = {}
    done = 0
    for plan in plan_cards(args.seed, args.count):
        fam = families.setdefault(plan.family, rk.load_family(plan.family))
        card = rk.make_card(plan)
        style = rk.make_style(card, fam)
        try:
            clean, words = rk.render_clean(card, style)
        except RuntimeError as exc:  # a plan whose wrapped lines do not fit this card: skip it
            print(f"skip {card.id}: {exc}", file=sys.stderr)
            continue
        cid = f"hard-s{args.seed}-{plan.n % 1000:02d}-{plan.region}"
        img, pwords, info = render_hard(clean, words, rk.seed_of(cid))
        jpg = items / f"{cid}.jpg"
        rk.save_jpg(img, jpg, JPEG_QUALITY)
        gt = rk.gt_for(card, "hard-photo", jpg.name, style, {"photo": info})
        gt["source"]["generator"] = "samples/render_ktp_hard.py"
        rk.dump_json(items / f"{cid}.gt.json", gt)
        rk.dump_json(items / f"{cid}.ocr.json", {"engine": "render-truth", "image_size": list(img.size),
                                                  "words": pwords})
        done += 1
    print(f"wrote {done} hard cards under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
