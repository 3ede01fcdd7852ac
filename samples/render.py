#!/usr/bin/env python3
"""Render the fictional sample receipts in samples/receipts/ (common dataset layout).

    python samples/render.py

Deterministic: the same inputs (this file, the font, Pillow/zlib/libjpeg) give byte-identical
files. Fixed seeds (numpy RandomState, which keeps its stream across numpy versions), no
timestamps or other metadata in the PNGs, fixed JPEG quality/subsampling and no optimize pass.

For every document <id> it writes, under samples/receipts/items/:
  <id>.png            clean render (text on white / thermal-paper grey)
  <id>-photo.jpg      photo-like variant (on a darker table, rotated, blurred, vignetted)
  <id>.gt.json        ground truth (built from the same data the picture is drawn from)
  <id>-photo.gt.json  the same truth
  <id>.ocr.json       the rendered words with their exact pixel boxes (engine "render-truth")
  <id>-photo.ocr.json the same words, boxes mapped through the photo transform
and samples/receipts/MANIFEST.md. Every name, number and address is made up.
"""
from __future__ import annotations

import hashlib
import json
import math
import sys
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
OUT = HERE / "receipts"
ITEMS = OUT / "items"

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSansMono.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSansMono-Bold.ttf"

COLS = 42  # characters per printed line
FONT_SIZE = 24  # px; DejaVu Sans Mono advance is ~0.6 em -> ~14.4 px per column
MARGIN_X = 36
MARGIN_Y = 34
LINE_HEIGHT = 36  # px between baselines

PHOTO_LONG_SIDE = 1200
JPEG_QUALITY = 80
PNG_COMPRESS_LEVEL = 9

REGENERATE = "python samples/render.py"


# --------------------------------------------------------------------------- fonts

@dataclass(frozen=True)
class Fonts:
    regular: ImageFont.FreeTypeFont | ImageFont.ImageFont
    bold: ImageFont.FreeTypeFont | ImageFont.ImageFont
    description: str
    is_dejavu: bool


def load_fonts(size: int = FONT_SIZE) -> Fonts:
    if FONT_REGULAR.is_file():
        bold_path = FONT_BOLD if FONT_BOLD.is_file() else FONT_REGULAR
        digest = hashlib.sha256(FONT_REGULAR.read_bytes()).hexdigest()
        desc = (f"DejaVu Sans Mono ({FONT_REGULAR.name}, sha256 {digest[:16]}...; "
                f"titles in {bold_path.name}), {size} px")
        return Fonts(ImageFont.truetype(str(FONT_REGULAR), size),
                     ImageFont.truetype(str(bold_path), size), desc, True)
    font = ImageFont.load_default(size=size)
    return Fonts(font, font, f"PIL.ImageFont.load_default(size={size}) (DejaVu Sans Mono not found)", False)


# --------------------------------------------------------------------------- text helpers

def idr(n: int) -> str:
    """Whole rupiah with '.' grouping: 86500 -> '86.500'."""
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def row(label: str, value: str, width: int = COLS) -> str:
    """Label left, value right-aligned to the full line width."""
    gap = width - len(label) - len(value)
    if gap < 1:
        raise ValueError(f"row too long: {label!r} {value!r}")
    return label + " " * gap + value


def item_row(name: str, qty: int, unit: int, total: int) -> str:
    s = f"{name:<20}{qty:>3}{idr(unit):>9}{idr(total):>10}"
    if len(s) != COLS or len(name) > 19:
        raise ValueError(f"item row does not fit: {s!r}")
    return s


@dataclass
class Line:
    text: str
    align: str = "left"  # left | center
    bold: bool = False


def rule(ch: str = "-") -> Line:
    return Line(ch * COLS)


def center(text: str, bold: bool = False) -> Line:
    return Line(text, "center", bold)


# --------------------------------------------------------------------------- documents

@dataclass
class Item:
    name: str
    qty: int
    unit: int

    @property
    def total(self) -> int:
        return self.qty * self.unit


@dataclass
class Doc:
    id: str
    title: str
    lines: list[Line]
    fields: dict
    expected: dict
    notes: str
    paper: tuple[int, int, int]
    ink: tuple[int, int, int]
    angle: float  # photo rotation, degrees counter-clockwise
    accent: tuple[int, int, int] | None = None
    extra_gt: dict = field(default_factory=dict)


def s(n: int | None) -> str | None:
    return None if n is None else str(n)


def doc_transfer() -> Doc:
    amount, fee = 100_000, 0
    total = amount + fee
    ref = "2607250729123456"
    sender, sender_bank = "ARIF PRATAMA WIBISONO", "BRI"
    recipient, bank, account = "RINI KARTIKASARI", "BNI", "****1234"
    note = "BAYAR ARISAN JULI"
    lines = [
        center("DUNNY MANDIRI - BNI OBP", bold=True),
        center("BUKTI TRANSFER", bold=True),
        center("Transfer Berhasil"),
        rule("="),
        Line(row("Status", "BERHASIL")),
        Line(row("Tanggal", "25/07/2026 07:29:32 WIB")),
        Line(row("No. Ref", ref)),
        rule(),
        Line(row("Nama Pengirim", sender)),
        Line(row("Bank Pengirim", sender_bank)),
        Line(row("Nama Penerima", recipient)),
        Line(row("Bank Penerima", bank)),
        Line(row("No. Rekening", account)),
        Line(row("Berita", note)),
        rule(),
        Line(row("Nominal", "Rp " + idr(amount))),
        Line(row("Biaya", "Rp " + idr(fee))),
        Line(row("Total", "Rp " + idr(total)), bold=True),
        rule("="),
        center("Simpan bukti ini sebagai"),
        center("bukti transaksi yang sah."),
    ]
    fields = {
        "merchant_name": "DUNNY MANDIRI - BNI OBP",
        "transaction_date": "2026-07-25",
        "transaction_time": "07:29:32",
        "total": s(total),
        "subtotal": None,
        "tax": None,
        "service_charge": None,
        "discount": None,
        "amount_paid": None,
        "change": None,
        "items": [],
    }
    expected = {
        "merchant_address": None,
        "merchant_phone": None,
        "merchant_npwp": None,
        "receipt_number": None,
        "cashier": None,
        "payment_method": None,
        "document_kind": "transfer",
        "reference_number": ref,
        "sender_name": sender,
        "recipient_name": recipient,
        "bank": bank,
        "account_number": account,
        "fee": s(fee),
        "status": "BERHASIL",
        "tax_rate": None,
        "items_full": [],
        # extras (not in the brief's list): what else the slip prints
        "amount": s(amount),
        "sender_bank": sender_bank,
        "transfer_note": note,
        "timezone": "WIB",
    }
    return Doc("transfer-bni", "mobile-banking transfer slip", lines, fields, expected,
               "Bank transfer slip (mobile-banking style). Nominal 100.000 + Biaya 0 = Total 100.000. "
               "amount_paid is null: a slip prints no tendered amount. Sender bank BRI, recipient bank BNI "
               "(expected.bank is the recipient's). Time printed with seconds and WIB.",
               paper=(255, 255, 255), ink=(18, 18, 18), angle=-2.6, accent=(240, 112, 32))


MINIMARKET_ITEMS = [
    Item("AIR MINERAL 600ML", 2, 3_500),
    Item("ROTI TAWAR KUPAS", 1, 15_500),
    Item("MIE GORENG INSTAN", 5, 3_100),
    Item("TELUR AYAM 10S", 1, 27_900),
    Item("SABUN MANDI 85G", 3, 4_200),
    Item("TEH KOTAK 200ML", 2, 4_000),
]


def doc_minimarket() -> Doc:
    items = MINIMARKET_ITEMS
    harga_jual = sum(i.total for i in items)
    total = harga_jual
    tunai = 100_000
    kembali = tunai - total
    # PPN 11% included in the total: DPP = round(total / 1.11), PPN = total - DPP.
    dpp = int((Decimal(total) / Decimal("1.11")).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    ppn = total - dpp
    assert kembali >= 0 and dpp + ppn == total
    npwp = "01.234.567.4-423.000"  # fictional; passes the stdnum Luhn check of the old 15-digit form
    address = "JL. MELATI RAYA NO. 17, BANDUNG"
    lines = [
        center("MINIMART SEJAHTERA", bold=True),
        center("PT SEJAHTERA RITEL NUSANTARA"),
        center(address),
        center("NPWP: " + npwp),
        Line("24.07.26-19:42 2.0.31 T1-0417/RINA/02"),
        rule(),
        *[Line(item_row(i.name, i.qty, i.unit, i.total)) for i in items],
        rule(),
        Line(" " * 14 + f"{'HARGA JUAL':<10} :{idr(harga_jual):>16}"),
        Line(" " * 14 + f"{'TOTAL':<10} :{idr(total):>16}"),
        Line(" " * 14 + f"{'TUNAI':<10} :{idr(tunai):>16}"),
        Line(" " * 14 + f"{'KEMBALI':<10} :{idr(kembali):>16}"),
        Line(f"PPN : DPP= {idr(dpp)} PPN= {idr(ppn)}"),
        rule(),
        center("TERIMA KASIH. SELAMAT BELANJA KEMBALI"),
        center("LAYANAN KONSUMEN SMS/WA 0811-0000-0417"),
    ]
    for ln in lines:
        if len(ln.text) > COLS:
            raise ValueError(f"line too long: {ln.text!r}")
    fields = {
        "merchant_name": "MINIMART SEJAHTERA",
        "transaction_date": "2026-07-24",
        "transaction_time": "19:42",
        "total": s(total),
        "subtotal": s(harga_jual),
        "tax": s(ppn),
        "service_charge": None,
        "discount": None,
        "amount_paid": s(tunai),
        "change": s(kembali),
        "items": [{"name": i.name, "quantity": i.qty, "total_price": s(i.total)} for i in items],
    }
    expected = {
        "merchant_address": address,
        "merchant_phone": "0811-0000-0417",
        "merchant_npwp": npwp,
        "receipt_number": "T1-0417",
        "cashier": "RINA",
        "payment_method": "TUNAI",
        "document_kind": "receipt",
        "reference_number": None,
        "sender_name": None,
        "recipient_name": None,
        "bank": None,
        "account_number": None,
        "fee": None,
        "status": None,
        "tax_rate": "11",
        "items_full": [{"name": i.name, "quantity": i.qty, "unit_price": s(i.unit), "total_price": s(i.total)}
                       for i in items],
        # extras
        "company_name": "PT SEJAHTERA RITEL NUSANTARA",
        "tax_base": s(dpp),
        "tax_included": True,
    }
    return Doc("minimarket", "minimarket thermal receipt (Indomaret-like)", lines, fields, expected,
               f"Indomaret-like thermal receipt. Date/time run on as '24.07.26-19:42' (DD.MM.YY). "
               f"subtotal = HARGA JUAL; tax = PPN 11% included in the total: DPP = round({total}/1.11) = {dpp}, "
               f"PPN = {total} - {dpp} = {ppn}. The phone is the consumer-service line of the footer.",
               paper=(246, 243, 236), ink=(28, 28, 28), angle=3.1)


RESTAURANT_ITEMS = [
    Item("NASI GORENG AYAM", 2, 28_000),
    Item("ES TEH MANIS", 3, 6_000),
    Item("SOTO BETAWI", 1, 32_000),
    Item("KERUPUK", 2, 2_500),
    Item("JUS ALPUKAT", 1, 9_000),
]


def doc_restaurant() -> Doc:
    items = RESTAURANT_ITEMS
    subtotal = sum(i.total for i in items)
    discount = 20_000
    net = subtotal - discount
    service = net * 5 // 100
    pb1 = (net + service) * 10 // 100  # PB1 10% on food + service, after the discount
    assert net * 5 % 100 == 0 and (net + service) * 10 % 100 == 0
    total = net + service + pb1
    tunai = 150_000
    kembali = tunai - total
    address = "JL. KENANGA NO. 8, YOGYAKARTA"
    phone = "0274-000-0123"
    lines = [
        center("WARUNG MAKAN SARI RASA", bold=True),
        center(address),
        center("TELP. " + phone),
        rule("="),
        Line(row("No. Bill : R-0815", "Meja : 12")),
        Line("Kasir    : YANTI"),
        Line(row("Tanggal  : 26-07-2026", "Jam : 12:47")),
        rule(),
        *[Line(item_row(i.name, i.qty, i.unit, i.total)) for i in items],
        rule(),
        Line(row("SUBTOTAL", idr(subtotal))),
        Line(row("DISKON PROMO", "-" + idr(discount))),
        Line(row("SERVICE 5%", idr(service))),
        Line(row("PB1 10%", idr(pb1))),
        rule(),
        Line(row("TOTAL", idr(total)), bold=True),
        Line(row("TUNAI", idr(tunai))),
        Line(row("KEMBALI", idr(kembali))),
        rule("="),
        center("TERIMA KASIH ATAS KUNJUNGAN ANDA"),
    ]
    fields = {
        "merchant_name": "WARUNG MAKAN SARI RASA",
        "transaction_date": "2026-07-26",
        "transaction_time": "12:47",
        "total": s(total),
        "subtotal": s(subtotal),
        "tax": s(pb1),
        "service_charge": s(service),
        "discount": s(discount),
        "amount_paid": s(tunai),
        "change": s(kembali),
        "items": [{"name": i.name, "quantity": i.qty, "total_price": s(i.total)} for i in items],
    }
    expected = {
        "merchant_address": address,
        "merchant_phone": phone,
        "merchant_npwp": None,
        "receipt_number": "R-0815",
        "cashier": "YANTI",
        "payment_method": "TUNAI",
        "document_kind": "receipt",
        "reference_number": None,
        "sender_name": None,
        "recipient_name": None,
        "bank": None,
        "account_number": None,
        "fee": None,
        "status": None,
        "tax_rate": "10",
        "items_full": [{"name": i.name, "quantity": i.qty, "unit_price": s(i.unit), "total_price": s(i.total)}
                       for i in items],
        # extras
        "table_number": "12",
        "service_rate": "5",
    }
    return Doc("restaurant", "restaurant bill with discount, service 5% and PB1 10%", lines, fields, expected,
               f"Restaurant bill. SUBTOTAL {subtotal} - DISKON {discount} = {net}; SERVICE 5% of {net} = {service}; "
               f"PB1 10% of ({net} + {service}) = {pb1}; TOTAL {total}; TUNAI {tunai}; KEMBALI {kembali}. "
               f"discount is stored as a positive magnitude (printed -{idr(discount)}).",
               paper=(250, 249, 246), ink=(22, 22, 22), angle=-3.4)


DOCS = [doc_transfer, doc_minimarket, doc_restaurant]


# --------------------------------------------------------------------------- rendering

def render_clean(doc: Doc, fonts: Fonts) -> tuple[Image.Image, list[dict]]:
    adv = fonts.regular.getlength("M")
    width = int(round(2 * MARGIN_X + COLS * adv))
    top = MARGIN_Y + (10 if doc.accent else 0)
    height = top + LINE_HEIGHT * len(doc.lines) + MARGIN_Y
    img = Image.new("RGB", (width, height), doc.paper)
    draw = ImageDraw.Draw(img)
    if doc.accent:
        draw.rectangle([0, 0, width - 1, 9], fill=doc.accent)
    words: list[dict] = []
    for n, ln in enumerate(doc.lines):
        font = fonts.bold if ln.bold else fonts.regular
        char_w = font.getlength("M")
        line_w = char_w * len(ln.text)
        x = (width - line_w) / 2 if ln.align == "center" else MARGIN_X
        x = round(x)
        y = top + n * LINE_HEIGHT
        draw.text((x, y), ln.text, font=font, fill=doc.ink)
        # word boxes: each whitespace-separated token, exact ink box
        i = 0
        text = ln.text
        while i < len(text):
            if text[i] == " ":
                i += 1
                continue
            j = i
            while j < len(text) and text[j] != " ":
                j += 1
            token = text[i:j]
            if set(token) <= set("-="):  # rules: real OCR engines drop them too
                i = j
                continue
            bx = draw.textbbox((x + i * char_w, y), token, font=font)
            words.append({"text": token, "box": [int(math.floor(bx[0])), int(math.floor(bx[1])),
                                                 int(math.ceil(bx[2])), int(math.ceil(bx[3]))]})
            i = j
    return img, words


def table_background(size: tuple[int, int], rng: np.random.RandomState) -> Image.Image:
    """A dark, slightly uneven table top: a diagonal brown-grey gradient with fine grain."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (xx / max(w - 1, 1)) * 0.6 + (yy / max(h - 1, 1)) * 0.4
    base = np.array([92.0, 78.0, 64.0], dtype=np.float32)
    dark = np.array([58.0, 50.0, 44.0], dtype=np.float32)
    rgb = base[None, None, :] * (1 - t[..., None]) + dark[None, None, :] * t[..., None]
    # wood-like streaks along x
    streak = rng.normal(0.0, 1.0, size=(h // 8 + 2,)).astype(np.float32)
    streak = np.repeat(streak, 8)[:h]
    streak = np.convolve(streak, np.ones(9, dtype=np.float32) / 9, mode="same")
    rgb += (streak * 3.5)[:, None, None]
    rgb += rng.normal(0.0, 3.0, size=(h, w, 1)).astype(np.float32)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def rotate_point(x: float, y: float, angle: float, src: tuple[int, int], dst: tuple[int, int]) -> tuple[float, float]:
    """Where PIL's Image.rotate(angle, expand=True) sends pixel position (x, y)."""
    a = math.radians(angle)
    cx, cy = src[0] / 2, src[1] / 2
    nx, ny = dst[0] / 2, dst[1] / 2
    dx, dy = x - cx, y - cy
    return (dx * math.cos(a) + dy * math.sin(a) + nx, -dx * math.sin(a) + dy * math.cos(a) + ny)


def render_photo(doc: Doc, clean: Image.Image, words: list[dict]) -> tuple[Image.Image, list[dict]]:
    rng = np.random.RandomState(zlib.crc32(doc.id.encode()) & 0x7FFFFFFF)
    paper = clean.convert("RGBA")
    rotated = paper.rotate(doc.angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(0, 0, 0, 0))
    margin_x = int(0.16 * rotated.width)
    margin_y = int(0.09 * rotated.height)
    canvas_size = (rotated.width + 2 * margin_x, rotated.height + 2 * margin_y)
    canvas = table_background(canvas_size, rng).convert("RGBA")
    # soft shadow below/right of the paper
    alpha = rotated.getchannel("A")
    shadow = Image.new("RGBA", canvas_size, (0, 0, 0, 0))
    shadow_alpha = Image.new("L", canvas_size, 0)
    shadow_alpha.paste(alpha.point(lambda v: v * 110 // 255), (margin_x + 9, margin_y + 12))
    shadow_alpha = shadow_alpha.filter(ImageFilter.GaussianBlur(10))
    shadow.putalpha(shadow_alpha)
    canvas = Image.alpha_composite(canvas, shadow)
    layer = Image.new("RGBA", canvas_size, (0, 0, 0, 0))
    layer.paste(rotated, (margin_x, margin_y))
    canvas = Image.alpha_composite(canvas, layer).convert("RGB")

    # scale so the long side is PHOTO_LONG_SIDE
    scale = PHOTO_LONG_SIDE / max(canvas_size)
    final_size = (int(round(canvas_size[0] * scale)), int(round(canvas_size[1] * scale)))
    canvas = canvas.resize(final_size, Image.Resampling.LANCZOS)

    # lighting: brighter towards the upper left, darker corners (vignette)
    w, h = final_size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.sqrt(((xx - w * 0.45) / (w * 0.75)) ** 2 + ((yy - h * 0.4) / (h * 0.75)) ** 2)
    light = 1.04 - 0.22 * np.clip(r, 0, 1.6) ** 2
    arr = np.asarray(canvas, dtype=np.float32) * light[..., None]
    arr *= np.array([1.0, 0.985, 0.95], dtype=np.float32)  # warm indoor light
    canvas = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    canvas = ImageEnhance.Contrast(canvas).enhance(0.9)
    canvas = ImageEnhance.Brightness(canvas).enhance(0.96)
    canvas = canvas.filter(ImageFilter.GaussianBlur(0.7))
    noise = rng.normal(0.0, 2.5, size=(h, w, 1)).astype(np.float32)
    arr = np.asarray(canvas, dtype=np.float32) + noise
    canvas = Image.fromarray(np.clip(arr, 0, 255).round().astype(np.uint8), "RGB")

    mapped = []
    for wd in words:
        x0, y0, x1, y1 = wd["box"]
        pts = [rotate_point(px, py, doc.angle, clean.size, rotated.size) for px, py in
               ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
        xs = [(p[0] + margin_x) * scale for p in pts]
        ys = [(p[1] + margin_y) * scale for p in pts]
        mapped.append({"text": wd["text"], "box": [int(math.floor(min(xs))), int(math.floor(min(ys))),
                                                   int(math.ceil(max(xs))), int(math.ceil(max(ys)))]})
    return canvas, mapped


# --------------------------------------------------------------------------- long receipts

LONG_WIDTH = 576  # 80 mm thermal paper at 203 dpi: 576 dots
LONG_FONT_SIZE = 20  # DejaVu Sans Mono advance ~12 px: 42 columns in 506 px
LONG_LINE_HEIGHT = 32
LONG_PRODUCTS = [
    ("AIR MINERAL 600ML", 3_500), ("ROTI TAWAR KUPAS", 15_500), ("MIE GORENG INSTAN", 3_100),
    ("TELUR AYAM 10S", 27_900), ("SABUN MANDI 85G", 4_200), ("TEH KOTAK 200ML", 4_000),
    ("BERAS PULEN 5KG", 68_500), ("MINYAK GORENG 2L", 36_900), ("GULA KRISTAL 1KG", 17_200),
    ("KOPI SACHET 10S", 13_800), ("SUSU UHT 1L", 19_900), ("KECAP MANIS 520ML", 22_400),
    ("SAUS SAMBAL 335ML", 12_600), ("DETERJEN BUBUK 1KG", 24_300), ("PASTA GIGI 190G", 14_700),
    ("SHAMPO SACHET 12S", 9_600), ("TISU WAJAH 250S", 16_800), ("BISKUIT KELAPA", 8_900),
    ("WAFER COKLAT", 6_400), ("KACANG ATOM 250G", 11_200), ("SARDEN KALENG 425G", 21_500),
    ("TEPUNG TERIGU 1KG", 12_900), ("GARAM HALUS 250G", 3_900), ("SIRUP MELON 460ML", 18_700),
    ("AIR GALON ISI", 21_000), ("POPOK BAYI M 20S", 54_900), ("SABUN CUCI PIRING", 15_900),
    ("PEMBERSIH LANTAI", 13_400), ("MENTEGA 200G", 9_800), ("KEJU CHEDDAR 165G", 21_900),
]


def long_receipt_doc(aspect: float = 10.0, *, width: int = LONG_WIDTH, seed: int = 576,
                     items: int | None = None) -> Doc:
    """A long minimarket receipt on 80 mm thermal paper, filled with items until the page is
    about ``aspect`` times as tall as it is wide (576 x 5760 px for 1:10), or with ``items``
    items (the lines then spread out to fill the page). Fictional store."""
    rng = np.random.RandomState(seed)
    header = 9
    footer = 11
    n_lines = int((width * aspect - 2 * MARGIN_Y) // LONG_LINE_HEIGHT)
    n_items = items or max(1, n_lines - header - footer)
    items = []
    for _ in range(n_items):
        name, unit = LONG_PRODUCTS[rng.randint(len(LONG_PRODUCTS))]
        items.append(Item(name, int(rng.randint(1, 6)), unit))
    subtotal = sum(i.total for i in items)
    total = subtotal
    tunai = (total // 100_000 + 1) * 100_000
    kembali = tunai - total
    address = "JL. CEMPAKA PUTIH NO. 88, SURABAYA"
    lines = [
        center("GROSIR MAKMUR ABADI", bold=True),
        center("PT MAKMUR ABADI RITEL"),
        center(address),
        center("TELP. 031-000-4455"),
        rule("="),
        Line("No. Struk : GM-20260801-0042"),
        Line(row("Tanggal : 01-08-2026", "Jam : 10:15")),
        Line("Kasir : DEWI"),
        rule(),
        *[Line(item_row(i.name, i.qty, i.unit, i.total)) for i in items],
        rule(),
        Line(f"JUMLAH ITEM : {sum(i.qty for i in items)}"),
        Line(row("SUBTOTAL", idr(subtotal))),
        Line(row("TOTAL", idr(total)), bold=True),
        Line(row("TUNAI", idr(tunai))),
        Line(row("KEMBALI", idr(kembali))),
        rule(),
        center("TERIMA KASIH ATAS KUNJUNGAN ANDA"),
        center("BARANG YANG SUDAH DIBELI"),
        center("TIDAK DAPAT DIKEMBALIKAN"),
        rule("="),
        center("LAYANAN PELANGGAN 0800-000-4455"),
    ]
    assert len(lines) == header + n_items + footer + 1
    fields = {
        "merchant_name": "GROSIR MAKMUR ABADI",
        "transaction_date": "2026-08-01",
        "transaction_time": "10:15",
        "total": s(total),
        "subtotal": s(subtotal),
        "tax": None,
        "service_charge": None,
        "discount": None,
        "amount_paid": s(tunai),
        "change": s(kembali),
        "items": [{"name": i.name, "quantity": i.qty, "total_price": s(i.total)} for i in items],
    }
    return Doc(f"long-1x{aspect:g}", f"long thermal receipt, 1:{aspect:g}", lines, fields, {},
               f"{n_items} items; SUBTOTAL = TOTAL {total}; TUNAI {tunai}; KEMBALI {kembali}.",
               paper=(247, 246, 242), ink=(25, 25, 25), angle=0.0)


def render_long_receipt(aspect: float = 10.0, *, width: int = LONG_WIDTH, seed: int = 576,
                        items: int | None = None) -> tuple[Image.Image, Doc]:
    """Render :func:`long_receipt_doc` as a ``width`` x ``width * aspect`` px thermal strip (RGB).

    Not written anywhere: ``python samples/render.py`` does not touch these; tests call this and
    save the picture where they like. The lines are scaled to ``width`` (576 px: 42 columns);
    with ``items`` the lines are spaced out to fill the length (a cheap long strip for tests).
    """
    doc = long_receipt_doc(aspect, width=width, seed=seed, items=items)
    fonts = load_fonts(LONG_FONT_SIZE * width // LONG_WIDTH)
    height = round(width * aspect)
    top = MARGIN_Y * width // LONG_WIDTH
    line_height = LONG_LINE_HEIGHT * width // LONG_WIDTH
    if items:
        line_height = max(line_height, (height - 2 * top) // len(doc.lines))
    img = Image.new("RGB", (width, height), doc.paper)
    draw = ImageDraw.Draw(img)
    char_w = fonts.regular.getlength("M")
    margin = round((width - COLS * char_w) / 2)
    for n, ln in enumerate(doc.lines):
        font = fonts.bold if ln.bold else fonts.regular
        x = (width - char_w * len(ln.text)) / 2 if ln.align == "center" else margin
        draw.text((round(x), top + n * line_height), ln.text, font=font, fill=doc.ink)
    return img, doc


# --------------------------------------------------------------------------- output

def dump_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def gt_for(doc: Doc, variant: str, image_name: str) -> dict:
    return {
        "doc_type": "receipt",
        "currency": "IDR",
        "verified": True,
        "fields": doc.fields,
        "expected": doc.expected,
        "merchant_name_alternatives": [],
        "notes": doc.notes,
        "source": {"generator": "samples/render.py", "variant": variant, "image": image_name,
                   "fictional": True},
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(docs: list[Doc], fonts: Fonts, files: list[Path]) -> None:
    rows = "\n".join(f"| `{d.id}` | {d.title} | {d.fields['transaction_date']} {d.fields['transaction_time']} "
                     f"| {idr(int(d.fields['total']))} |" for d in docs)
    hashes = "\n".join(f"| `{p.name}` | {p.stat().st_size} | `{sha256(p)[:16]}` |" for p in files)
    text = f"""# Sample receipts (rendered, fictional)

Synthetic Indonesian receipts in the common dataset layout (see `/work/shared/datasets/README.md`),
for smoke tests and for `python /work/shared/tools/score.py samples/receipts --mode image`
(or `--mode text`, which reads the `*.ocr.json` files).

**All data is fictional**: the stores, PT names, addresses, NPWP, phone numbers, people, account and
reference numbers are made up (any match with a real person or business is a coincidence). The
NPWP `01.234.567.4-423.000` was chosen to pass the old 15-digit Luhn check so that validators accept it.
Nothing here is copied or derived from the shared datasets. The merchant line `DUNNY MANDIRI - BNI OBP`
of the transfer slip was given in the brief.

## Documents

| id | what | date time | total (Rp) |
|---|---|---|---|
{rows}

Each `<id>` comes as:

- `items/<id>.png`: clean render, black text on white (slip) or warm-grey thermal paper, {COLS} monospace
  columns, labels left and amounts right-aligned.
- `items/<id>-photo.jpg`: photo-like variant: the clean render on a darker table texture with a soft
  shadow, rotated {", ".join(f"{d.angle:+.1f}" for d in docs)} degrees (`expand=True`, bicubic), scaled so the
  long side is {PHOTO_LONG_SIDE} px, vignette and warm light, contrast x0.9, brightness x0.96, Gaussian blur
  radius 0.7, fine noise, JPEG quality {JPEG_QUALITY}.
- `items/<id>.gt.json` and `items/<id>-photo.gt.json`: the same ground truth (only `source.variant` /
  `source.image` differ), written from the same Python data the image is drawn from, so the printed text and
  the truth agree by construction; the images were also checked by eye (`verified: true`).
- `items/<id>.ocr.json` and `items/<id>-photo.ocr.json`: the rendered words with pixel boxes
  (`engine: "render-truth"`): exact ink boxes on the PNG; on the photo the same boxes mapped through the
  rotation/scale (axis-aligned hulls, so slightly larger than the ink). Perfect OCR, for `--mode text`.
  The `----` / `====` rules are left out (the embedded OCR does not return them either).

## gt.json

`fields` follows the common layout (amounts are plain strings of whole rupiah, `discount` a positive
magnitude, dates ISO, times as printed). `expected` holds the other fields of a receipt record as plain
JSON: `merchant_address`, `merchant_phone`, `merchant_npwp`, `receipt_number`, `cashier`,
`payment_method` (the label as printed, e.g. `TUNAI`), `document_kind` (`receipt` / `transfer`),
`reference_number`, `sender_name`, `recipient_name`, `bank` (the recipient's bank on a slip),
`account_number` (as printed, masked), `fee`, `status`, `tax_rate` (percent string), `items_full`
(with `unit_price`); `null` = not printed. A few extra keys per document (e.g. `amount`, `sender_bank`,
`tax_base`, `table_number`) record what else is printed. `notes` explains the arithmetic.

## How made

`{REGENERATE}` (from the repository root) regenerates everything byte-identically on the same
machine: fixed seeds (`numpy.random.RandomState(crc32(id))`), no PNG metadata (no tIME/text chunks),
PNG `compress_level={PNG_COMPRESS_LEVEL}`, JPEG quality {JPEG_QUALITY}, 4:2:0 subsampling, no optimize/progressive,
no EXIF. Another FreeType, zlib or libjpeg build may change bytes but not content.

Font used for this render: {fonts.description}.
Python {sys.version.split()[0]}, Pillow {Image.__version__}, numpy {np.__version__}.

## Files

| file | bytes | sha256 (first 16) |
|---|---|---|
{hashes}
"""
    (OUT / "MANIFEST.md").write_text(text, encoding="utf-8")


def main() -> int:
    fonts = load_fonts()
    if not fonts.is_dejavu:
        print("warning: DejaVu Sans Mono not found, using PIL's default font; "
              "the committed images must be made with DejaVu Sans Mono", file=sys.stderr)
    ITEMS.mkdir(parents=True, exist_ok=True)
    docs = [make() for make in DOCS]
    files: list[Path] = []
    for doc in docs:
        clean, words = render_clean(doc, fonts)
        photo, photo_words = render_photo(doc, clean, words)

        png = ITEMS / f"{doc.id}.png"
        clean.save(png, "PNG", optimize=False, compress_level=PNG_COMPRESS_LEVEL)
        jpg = ITEMS / f"{doc.id}-photo.jpg"
        photo.save(jpg, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, subsampling=2)

        for stem, variant, image, img, wds in ((doc.id, "clean", png, clean, words),
                                                (f"{doc.id}-photo", "photo", jpg, photo, photo_words)):
            gt = ITEMS / f"{stem}.gt.json"
            ocr = ITEMS / f"{stem}.ocr.json"
            dump_json(gt, gt_for(doc, variant, image.name))
            dump_json(ocr, {"engine": "render-truth", "image_size": list(img.size), "words": wds})
            files += [image, gt, ocr]
        print(f"{doc.id}: {clean.size[0]}x{clean.size[1]} png, {photo.size[0]}x{photo.size[1]} jpg")
    write_manifest(docs, fonts, sorted(files))
    print(f"wrote {len(files) + 1} files under {OUT.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
