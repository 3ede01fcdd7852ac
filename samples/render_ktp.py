#!/usr/bin/env python3
"""Render FICTIONAL Indonesian e-KTP cards (front side) into samples/ktp/ (common dataset layout).

    python samples/render_ktp.py

Every person, NIK, address and signature here is made up. Only public geography is real (province
codes and names from ../shared/reference/indonesia.md, regency/city codes and names, district and
village names); the people living there are invented and any match with a real person is a
coincidence. No real card and nothing from the shared datasets was used.

Deterministic: fixed seeds (numpy RandomState seeded with crc32 of the item id, whose stream is
stable across numpy versions), no timestamps or other metadata in PNG/JPEG files, fixed JPEG
settings. Running it twice gives byte-identical files on the same machine (same fonts, FreeType,
zlib, libjpeg).

For every card <id> it writes, under samples/ktp/items/:
  <id>.png              clean scan, 1000 x 630 px
  <id>-photo.jpg        photo-like: on a table, rotated -12..+12 deg, perspective, blur, glare, JPEG
  <id>[-photo].gt.json  ground truth (doc_type "ktp", the 19 printed fields, expected NIK checks)
  <id>[-photo].ocr.json the rendered words with pixel boxes (engine "render-truth")
plus four orientation-test images (*-upside-down, *-rot90) and samples/ktp/MANIFEST.md.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
OUT = HERE / "ktp"
ITEMS = OUT / "items"
REGENERATE = "python samples/render_ktp.py"

CARD_W, CARD_H = 1000, 630  # ID-1 card ratio 85.6 x 54 mm ~ 1.586
CORNER_RADIUS = 26
PNG_COMPRESS_LEVEL = 9
INK = (22, 22, 28)

FIELD_NAMES = ["province", "city_regency", "nik", "name", "birth_place", "birth_date", "gender",
               "blood_type", "address", "rt_rw", "village", "district", "religion", "marital_status",
               "occupation", "nationality", "valid_until", "issue_place", "issue_date"]

# --------------------------------------------------------------------------- fonts

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"),
             Path("/usr/share/fonts/truetype/liberation2")]
FAMILIES = {  # family -> (regular file, bold file)
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "DejaVu Sans Condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "DejaVu Sans Mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
    "DejaVu Serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "Liberation Sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    "Liberation Serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
}


def find_font(name: str) -> Path | None:
    for d in FONT_DIRS:
        p = d / name
        if p.is_file():
            return p
    return None


@dataclass
class Family:
    """One type family at any size; falls back to Pillow's built-in font when the file is missing."""
    wanted: str
    regular: Path | None
    bold: Path | None

    @property
    def builtin(self) -> bool:
        return self.regular is None

    @property
    def used(self) -> str:
        if self.builtin:
            return (f"Pillow built-in font (ImageFont.load_default(size=...), Aileron Regular; "
                    f"{self.wanted} not installed)")
        return self.wanted

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        if self.builtin:
            return ImageFont.load_default(size=size)
        path = self.bold if bold and self.bold else self.regular
        return ImageFont.truetype(str(path), size)

    def stroke(self, bold: bool) -> int:
        """Faux bold for the built-in font, which has no bold face."""
        return 1 if bold and self.builtin else 0

    def files(self) -> list[Path]:
        return [p for p in (self.regular, self.bold) if p is not None]


def load_family(name: str) -> Family:
    reg, bold = FAMILIES[name]
    return Family(name, find_font(reg), find_font(bold))


# --------------------------------------------------------------------------- region data (public geography)

@dataclass(frozen=True)
class Region:
    prov_code: str
    province: str          # as printed after "PROVINSI"
    reg_code: str          # 01-69 kabupaten, 71-99 kota
    kind: str              # KABUPATEN | KOTA | JAKARTA (kota administrasi, printed without prefix)
    name: str              # regency/city name without prefix
    districts: tuple       # ((kecamatan, (kelurahan/desa, ...)), ...)
    style: str = "jawa"    # naming style of the invented people

    @property
    def city_regency(self) -> str:
        return self.name if self.kind == "JAKARTA" else f"{self.kind} {self.name}"

    @property
    def issue_place(self) -> str:
        return self.name

    @property
    def home_town(self) -> str:
        """How a birth place in this region is printed."""
        return "JAKARTA" if self.kind == "JAKARTA" else self.name


R = Region
REGIONS = {
    "bandung": R("32", "JAWA BARAT", "73", "KOTA", "BANDUNG",
                 (("COBLONG", ("DAGO", "LEBAK SILIWANGI", "SEKELOA")), ("SUKAJADI", ("PASTEUR", "SUKAWARNA")),
                  ("ANTAPANI", ("ANTAPANI KIDUL", "ANTAPANI WETAN"))), "sunda"),
    "bogor": R("32", "JAWA BARAT", "01", "KABUPATEN", "BOGOR",
               (("CIBINONG", ("PAKANSARI", "CIRIMEKAR")), ("CITEUREUP", ("PUSPANEGARA", "TARIKOLOT"))), "sunda"),
    "jaksel": R("31", "DKI JAKARTA", "71", "JAKARTA", "JAKARTA SELATAN",
                (("TEBET", ("MANGGARAI SELATAN", "TEBET BARAT")),
                 ("KEBAYORAN BARU", ("GANDARIA UTARA", "KRAMAT PELA")))),
    "jaktim": R("31", "DKI JAKARTA", "72", "JAKARTA", "JAKARTA TIMUR",
                (("DUREN SAWIT", ("PONDOK KOPI", "KLENDER")), ("MATRAMAN", ("PALMERIAM", "UTAN KAYU UTARA")))),
    "jakbar": R("31", "DKI JAKARTA", "74", "JAKARTA", "JAKARTA BARAT",
                (("KEMBANGAN", ("MERUYA UTARA", "SRENGSENG")),
                 ("GROGOL PETAMBURAN", ("TANJUNG DUREN UTARA", "JELAMBAR")))),
    "yogya": R("34", "DI YOGYAKARTA", "71", "KOTA", "YOGYAKARTA",
               (("GONDOKUSUMAN", ("KOTABARU", "TERBAN")), ("UMBULHARJO", ("WARUNGBOTO", "SOROSUTAN")))),
    "sleman": R("34", "DI YOGYAKARTA", "04", "KABUPATEN", "SLEMAN",
                (("DEPOK", ("CATURTUNGGAL", "CONDONGCATUR")), ("NGAGLIK", ("SARIHARJO", "SINDUHARJO")))),
    "surabaya": R("35", "JAWA TIMUR", "78", "KOTA", "SURABAYA",
                  (("GUBENG", ("AIRLANGGA", "MOJO")), ("WONOKROMO", ("JAGIR", "NGAGEL REJO")))),
    "malang": R("35", "JAWA TIMUR", "07", "KABUPATEN", "MALANG",
                (("SINGOSARI", ("ARDIMULYO", "CANDIRENGGO")), ("LAWANG", ("BEDALI", "SIDODADI")))),
    "semarang": R("33", "JAWA TENGAH", "74", "KOTA", "SEMARANG",
                  (("BANYUMANIK", ("SRONDOL WETAN", "PEDALANGAN")), ("TEMBALANG", ("BULUSAN", "METESEH")))),
    "banyumas": R("33", "JAWA TENGAH", "02", "KABUPATEN", "BANYUMAS",
                  (("SOKARAJA", ("SOKARAJA KULON", "KLAHANG")), ("BATURRADEN", ("KEMUTUG LOR", "KARANGSALAM")))),
    "tangsel": R("36", "BANTEN", "74", "KOTA", "TANGERANG SELATAN",
                 (("PAMULANG", ("PAMULANG BARAT", "BAMBU APUS")), ("CIPUTAT", ("CIPAYUNG", "SERUA")))),
    "denpasar": R("51", "BALI", "71", "KOTA", "DENPASAR",
                  (("DENPASAR SELATAN", ("SESETAN", "PANJER")),
                   ("DENPASAR BARAT", ("DAUH PURI", "PADANGSAMBIAN"))), "bali"),
    "gianyar": R("51", "BALI", "04", "KABUPATEN", "GIANYAR",
                 (("UBUD", ("PELIATAN", "MAS")), ("SUKAWATI", ("CELUK", "BATUBULAN"))), "bali"),
    "medan": R("12", "SUMATERA UTARA", "71", "KOTA", "MEDAN",
               (("MEDAN BARU", ("PADANG BULAN", "DARAT")),
                ("MEDAN JOHOR", ("PANGKALAN MASYHUR", "GEDUNG JOHOR"))), "batak"),
    "padang": R("13", "SUMATERA BARAT", "71", "KOTA", "PADANG",
                (("PADANG UTARA", ("AIR TAWAR BARAT", "ULAK KARANG SELATAN")),
                 ("KOTO TANGAH", ("LUBUK BUAYA", "DADOK TUNGGUL HITAM"))), "melayu"),
    "makassar": R("73", "SULAWESI SELATAN", "71", "KOTA", "MAKASSAR",
                  (("PANAKKUKANG", ("PANDANG", "KARAMPUANG")),
                   ("TAMALANREA", ("TAMALANREA INDAH", "KAPASA"))), "bugis"),
    "balikpapan": R("64", "KALIMANTAN TIMUR", "71", "KOTA", "BALIKPAPAN",
                    (("BALIKPAPAN KOTA", ("KLANDASAN ILIR", "DAMAI")),
                     ("BALIKPAPAN UTARA", ("BATU AMPAR", "GUNUNG SAMARINDA")))),
    "kupang": R("53", "NUSA TENGGARA TIMUR", "71", "KOTA", "KUPANG",
                (("OEBOBO", ("OEBOBO", "FATULULI")), ("MAULAFA", ("PENFUI", "NAIMATA"))), "timur"),
    "jayapura": R("91", "PAPUA", "71", "KOTA", "JAYAPURA",
                  (("ABEPURA", ("KOTA BARU", "VIM")), ("JAYAPURA SELATAN", ("ENTROP", "HAMADI"))), "papua"),
    "merauke": R("93", "PAPUA SELATAN", "01", "KABUPATEN", "MERAUKE",
                 (("MERAUKE", ("MARO", "SAMKAI")), ("SEMANGGA", ("MARGA MULYA", "WAMAL"))), "papua"),
    "bandaaceh": R("11", "ACEH", "71", "KOTA", "BANDA ACEH",
                   (("SYIAH KUALA", ("KOPELMA DARUSSALAM", "LAMGUGOB")),
                    ("KUTA ALAM", ("LAMPULO", "BANDAR BARU"))), "melayu"),
    "pontianak": R("61", "KALIMANTAN BARAT", "71", "KOTA", "PONTIANAK",
                   (("PONTIANAK KOTA", ("DARAT SEKIP", "MARIANA")),
                    ("PONTIANAK SELATAN", ("AKCAYA", "PARIT TOKAYA"))), "tionghoa"),
    "mataram": R("52", "NUSA TENGGARA BARAT", "71", "KOTA", "MATARAM",
                 (("AMPENAN", ("AMPENAN SELATAN", "PEJERUK")),
                  ("CAKRANEGARA", ("CAKRANEGARA TIMUR", "SAYANG-SAYANG"))), "sasak"),
}

# Where the NIK of a holder who moved was issued: (province code, regency code, description).
NIK_ORIGIN = {
    "surabaya-gubeng": ("35", "78", "JAWA TIMUR (35), KOTA SURABAYA (3578)"),
    "papua-merauke": ("91", "01", "PAPUA (91), KABUPATEN MERAUKE (9101) as numbered before the 2022 split"),
}

# --------------------------------------------------------------------------- invented people

GIVEN_M = ["AHMAD", "BUDI", "DEDI", "EKO", "FAJAR", "HENDRA", "IRFAN", "RIZKY", "YOGA", "ARIF", "BAYU", "DIMAS",
           "GALIH", "HARIS", "IWAN", "KURNIA", "LUTFI", "RANGGA", "SURYA", "TEGUH", "WAHYU", "YUSUF", "AGUS",
           "DANI", "FIRMAN", "GILANG", "ILHAM", "ANDRI", "RUDI", "SIGIT"]
GIVEN_F = ["AYU", "DEWI", "EKA", "FITRI", "INDAH", "MAYA", "NUR", "PUTRI", "RATNA", "SRI", "WULAN", "YULIA",
           "ANISA", "DIAN", "LINDA", "MEGA", "NOVI", "RINA", "SARI", "TIKA", "WIDYA", "ZAHRA", "RISKA", "NINA"]
MIDDLE = {"M": ["ADI", "DWI", "TRI", "NUR", "PUTRA", "DEWA", "INDRA", "ARYA", "BUDI", "SETYA", "WAHYU"],
          "F": ["DWI", "TRI", "NUR", "AYU", "PUTRI", "CAHYA", "INDAH", "RATNA", "SEKAR"]}
SURNAME_M = ["PRATAMA", "SAPUTRA", "WIBOWO", "SETIAWAN", "HIDAYAT", "NUGROHO", "KURNIAWAN", "SANTOSO", "HARTONO",
             "FIRMANSYAH", "RAMADHAN", "SUSANTO", "WIJAYA", "PURNAMA", "GUNAWAN", "HERMAWAN", "SURYADI"]
SURNAME_F = ["HANDAYANI", "LESTARI", "RAHAYU", "WULANDARI", "PERMATASARI", "ANGGRAINI", "SETIAWATI", "KUSUMAWATI",
             "SAFITRI", "PURWANTI", "NURHAYATI", "MARLINA", "YULIANTI"]
STYLE_NAMES = {  # M/F: given names, SM/SF: second or family names
    "sunda": {"M": ["ASEP", "DADANG", "UJANG", "CECEP", "DEDEN"], "F": ["NENG", "EUIS", "IMAS", "CUCU"],
              "SM": ["SUPRIATNA", "SOBANDI", "HIDAYAT", "MULYANA", "SUHERMAN"],
              "SF": ["KOMALASARI", "NURJANAH", "ROSMIATI", "SUMIATI"]},
    "bali": {"M": ["I WAYAN", "I MADE", "I KADEK", "I NYOMAN", "I KETUT"],
             "F": ["NI LUH", "NI MADE", "NI KADEK", "NI NYOMAN"],
             "SM": ["SUDARSANA", "ARTAWAN", "WIRAWAN", "SUARDANA", "PARWATA"],
             "SF": ["ASTITI", "MAHAYANI", "SUASTINI", "ARIANI", "WIDIASIH"]},
    "batak": {"M": ["JONATAN", "ROBERT", "HOTMAN", "DANIEL", "SAMUEL"], "F": ["ROSLINA", "MARTHA", "DUMARIA", "LAMRIA"],
              "SM": ["SIREGAR", "NASUTION", "SIMANJUNTAK", "HUTAPEA", "SIHOMBING", "PANGARIBUAN", "TAMBUNAN"]},
    "timur": {"M": ["YOHANES", "MARTINUS", "YOSEF", "FRANSISKUS", "PAULUS"],
              "F": ["MARIA", "AGUSTINA", "FRANSISKA", "YULIANA"],
              "SM": ["DA COSTA", "SERAN", "NAHAK", "TALAN", "NDOLU", "BOLI", "LAKA"]},
    "papua": {"M": ["YOHANES", "MARTHEN", "NIKOLAS", "DAVID", "YAKOB"], "F": ["MARIA", "ELISABETH", "YOHANA", "DORKAS"],
              "SM": ["RUMBEWAS", "KAMBU", "MANDOWEN", "WANMA", "YOWENI", "GEBZE", "NDIKEN"]},
    "melayu": {"M": ["MUHAMMAD", "ZULKIFLI", "FAUZAN", "RAHMAT", "SYAHRUL"], "F": ["NURUL", "AISYAH", "RAHMI", "FARAH"],
               "SM": ["HIDAYATULLAH", "SYAFRIZAL", "ZAINUDDIN", "FAISAL", "AZHARI"],
               "SF": ["MAULIDA", "RAHMAWATI", "FITRIANI", "ZAHARA"]},
    "bugis": {"M": ["ANDI", "MUH", "ASRUL", "IRWAN", "SYAMSUL"], "F": ["ANDI", "HASNAH", "NURHAYATI", "SUKMAWATI"],
              "SM": ["MAPPANYUKKI", "BASO", "LATIF", "HAMZAH", "RASYID", "AMIR"],
              "SF": ["ASTUTI", "RAHMAWATI", "NURFADILLAH", "SUHARTINI"]},
    "tionghoa": {"M": ["HENDRA", "WILLIAM", "JOHAN", "KEVIN", "STEVEN"],
                 "F": ["SUSANTI", "MELIANA", "LILIANA", "YENNY"],
                 "SM": ["HALIM", "TANUWIJAYA", "GUNADI", "SUGIANTO", "WIJAYA", "LIMANTO"]},
    "sasak": {"M": ["LALU", "MUSTAKIM", "SAHNAN", "JUNAIDI", "ZAINUL"], "F": ["BAIQ", "HAERANI", "SUMIATI", "MAESARAH"],
              "SM": ["MUHAMMAD", "HAMDI", "SAHRUL", "ZULKARNAEN"],
              "SF": ["FATMAWATI", "ROSIDA", "HAERUNNISA", "SUKMAWATI"]},
}
LONG_EXTRA = {"M": ["MUHAMMAD", "RAHMAT", "NUGRAHA", "KUSUMA", "WARDHANA", "PRASETYO", "ANDRIANSYAH",
                    "MAHARDIKA", "PERMANA", "ADITYA"],
              "F": ["SEKARWANGI", "KARTIKASARI", "WIDYASTUTI", "KUSUMA", "AYUNINGTYAS", "PRAMESWARI", "MAHARANI",
                    "CAHYANINGRUM", "PUSPITASARI"]}

CHRISTIAN_EXTRA = {"M": ["PETRUS", "ALEXANDER", "BENEDIKTUS", "KORNELIUS", "FERDINAND", "ANTONIUS", "GREGORIUS"],
                   "F": ["MAGDALENA", "KRISTINA", "VERONIKA", "YOSEPHINA", "MARGARETHA", "BERNADETHA", "KATHARINA"]}

STREETS = ["MELATI", "KENANGA", "MERDEKA", "PAHLAWAN", "DIPONEGORO", "MAWAR", "CEMPAKA", "ANGGREK", "FLAMBOYAN",
           "BOUGENVILLE", "KASUARI", "NANGKA", "RAMBUTAN", "BERINGIN", "TERATAI", "SEROJA", "KUTILANG", "NUSA INDAH"]
GANGS = ["DAMAI", "SEPAKAT", "H. MANSUR", "BUNTU", "SETIA KAWAN", "MASJID", "KELUARGA", "RUKUN"]
ESTATES = ["GRIYA ASRI", "BUMI INDAH", "TAMAN SARI", "PURI HIJAU", "GRAHA PERMAI", "VILLA MUTIARA"]
DUSUN = ["KRAJAN", "SUKAMAJU", "KARANGANYAR", "MEKARSARI", "SIDOMULYO"]

# Closed vocabularies (indonesia.md): occupations used here, by life stage.
OCC_WORK = ["KARYAWAN SWASTA", "WIRASWASTA", "PEGAWAI NEGERI SIPIL", "PEDAGANG", "GURU", "PETANI/PEKEBUN",
            "BURUH HARIAN LEPAS", "KARYAWAN BUMN", "PERAWAT", "SOPIR", "MEKANIK", "DOSEN", "BIDAN",
            "NELAYAN/PERIKANAN", "KARYAWAN HONORER", "TUKANG KAYU", "WARTAWAN", "DOKTER", "PERDAGANGAN",
            "KEPOLISIAN RI", "TENTARA NASIONAL INDONESIA", "KARYAWAN BUMD"]
STYLE_RELIGION = {"bali": "HINDU", "batak": "KRISTEN", "timur": "KATOLIK", "papua": "KRISTEN", "tionghoa": "BUDHA",
                  "melayu": "ISLAM", "bugis": "ISLAM", "sasak": "ISLAM"}


# --------------------------------------------------------------------------- the plan: 24 cards

@dataclass(frozen=True)
class Plan:
    n: int
    region: str
    family: str
    colon: str            # column | none | tight
    sex: str              # M | F
    long_name: bool = False
    long_address: bool = False
    old_card: bool = False        # Berlaku Hingga prints a date
    no_comma: bool = False        # "PLACE DD-MM-YYYY" without the comma
    indent: bool = False          # RT/RW, Kel/Desa, Kecamatan labels indented under Alamat
    moved: str | None = None      # key of NIK_ORIGIN
    religion: str | None = None
    blood: str | None = None


P = Plan
PLANS = [
    P(1, "bandung", "DejaVu Sans", "column", "M"),
    P(2, "bogor", "DejaVu Sans Condensed", "column", "F", long_address=True),
    P(3, "jaksel", "DejaVu Sans Mono", "none", "M", long_name=True),
    P(4, "jaktim", "DejaVu Serif", "column", "F", old_card=True, moved="surabaya-gubeng"),
    P(5, "jakbar", "Liberation Sans", "tight", "M", blood="-"),
    P(6, "yogya", "DejaVu Sans", "column", "F", indent=True, religion="KATOLIK"),
    P(7, "sleman", "DejaVu Sans Condensed", "none", "M", long_address=True),
    P(8, "surabaya", "DejaVu Sans Mono", "column", "F", old_card=True, no_comma=True),
    P(9, "malang", "DejaVu Serif", "tight", "M", long_name=True),
    P(10, "semarang", "DejaVu Sans", "column", "F", long_address=True, blood="AB"),
    P(11, "banyumas", "Liberation Serif", "column", "M", indent=True, religion="KEPERCAYAAN TERHADAP TUHAN YME"),
    P(12, "tangsel", "DejaVu Sans Condensed", "column", "F", long_name=True, long_address=True),
    P(13, "denpasar", "DejaVu Sans Mono", "tight", "M"),
    P(14, "gianyar", "DejaVu Serif", "column", "F", old_card=True, long_address=True, blood="-"),
    P(15, "medan", "DejaVu Sans", "none", "M", indent=True),
    P(16, "padang", "Liberation Sans", "column", "F", no_comma=True),
    P(17, "makassar", "DejaVu Sans Condensed", "column", "M", old_card=True),
    P(18, "balikpapan", "DejaVu Sans Mono", "column", "F", long_address=True, indent=True),
    P(19, "kupang", "DejaVu Serif", "none", "M", blood="-"),
    P(20, "jayapura", "DejaVu Sans", "column", "F", long_name=True),
    P(21, "merauke", "DejaVu Sans Condensed", "column", "M", moved="papua-merauke"),
    P(22, "bandaaceh", "Liberation Serif", "tight", "F", long_address=True),
    P(23, "pontianak", "DejaVu Serif", "column", "M", religion="KONGHUCU"),
    P(24, "mataram", "DejaVu Sans Mono", "column", "F", long_name=True, indent=True),
]

# Orientation tests: (source card, suffix, transpose, clean scan or photo)
ORIENTATION = [
    (7, "upside-down", "ROTATE_180", "clean"),
    (16, "upside-down", "ROTATE_180", "photo"),
    (10, "rot90", "ROTATE_90", "photo"),    # turned 90 deg counter-clockwise
    (21, "rot90", "ROTATE_270", "photo"),   # turned 90 deg clockwise
]


@dataclass
class Card:
    id: str
    plan: Plan
    region: Region
    fields: dict
    nik_note: str | None
    notes: list[str]
    checks: dict
    rng_seed: int


def seed_of(text: str) -> int:
    return zlib.crc32(text.encode()) & 0x7FFFFFFF


def pick(rng: np.random.RandomState, seq):
    return seq[rng.randint(len(seq))]


def make_name(rng, style: str, sex: str, long: bool) -> str:
    st = STYLE_NAMES.get(style)
    if st is not None and rng.rand() < 0.8:
        first = pick(rng, st[sex])
        last = pick(rng, st.get("S" + sex, st["SM"]))
    else:
        first = pick(rng, GIVEN_M if sex == "M" else GIVEN_F)
        last = pick(rng, SURNAME_M if sex == "M" else SURNAME_F)
    parts = [first]
    if rng.rand() < 0.45 and style in ("jawa", "sunda", "melayu"):
        parts.append(pick(rng, MIDDLE[sex]))
    parts.append(last)
    if long:
        pool = CHRISTIAN_EXTRA if style in ("timur", "papua", "batak") else LONG_EXTRA
        extra = [w for w in pool[sex] if w not in parts]
        while len(" ".join(parts)) < 42:
            w = extra.pop(rng.randint(len(extra)))
            parts.insert(len(parts) - 1, w)
    name = " ".join(parts)
    return name


def make_address(rng, region: Region, long: bool) -> str:
    n = rng.randint(1, 160)
    street, gang, estate = pick(rng, STREETS), pick(rng, GANGS), pick(rng, ESTATES)
    block = "ABCDEFGH"[rng.randint(8)]
    if long:
        forms = [f"JL. {street} GG. {gang} NO. {n} RT LAMA",
                 f"KOMPLEK PERUMAHAN {estate} BLOK {block}-{rng.randint(1, 20)} NO. {n}",
                 f"JL. RAYA {region.districts[0][0]} GG. {gang} NO. {n}A",
                 f"PERUM {estate} CLUSTER {street} BLOK {block}{rng.randint(1, 12)} NO. {n}"]
        addr = pick(rng, forms)
        while len(addr) < 44:
            addr += f" {pick(rng, ['LINGKUNGAN', 'KAMPUNG', 'DUSUN'])} {pick(rng, DUSUN)}"
        return addr
    forms = [f"JL. {street} NO. {n}", f"JL. {street} GG. {gang} NO. {n}", f"PERUM {estate} BLOK {block} NO. {n}",
             f"DUSUN {pick(rng, DUSUN)}", f"JL. {street} {n}"]
    return pick(rng, forms)


def iso(d: dt.date) -> str:
    return d.isoformat()


def dmy(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


def make_card(plan: Plan) -> Card:
    region = REGIONS[plan.region]
    cid = f"ktp-{plan.n:02d}-{plan.region}"
    rng = np.random.RandomState(seed_of(cid))
    sex = plan.sex

    # dates: e-KTP issued from 2011; the holder is at least 17 on the issue date
    if plan.old_card:
        issue = dt.date(2011 + rng.randint(0, 3), 1 + rng.randint(12), 1 + rng.randint(28))
        birth_year = rng.randint(1955, min(1995, issue.year - 17) + 1)
    else:
        birth_year = rng.randint(1958, 2007)
        first = max(2016, birth_year + 17 + (1 if rng.rand() < 0.5 else 0))
        issue = dt.date(rng.randint(first, 2026), 1 + rng.randint(12), 1 + rng.randint(28))
    birth = dt.date(birth_year, 1 + rng.randint(12), 1 + rng.randint(28))  # no 29 Feb
    while issue < dt.date(birth.year + 17, birth.month, birth.day):
        issue = dt.date(issue.year + 1, issue.month, issue.day)
    assert issue <= dt.date(2026, 12, 31), cid
    valid_until = "SEUMUR HIDUP"
    if plan.old_card:  # five years, ending on the holder's birthday (cards of 2011-2015)
        valid_until = iso(dt.date(issue.year + 5, birth.month, birth.day))
    age = (issue - birth).days // 365  # age when issued; life stage for vocabulary choices

    # where the NIK was issued
    di = rng.randint(len(region.districts))
    district, villages = region.districts[di]
    village = pick(rng, villages)
    notes: list[str] = []
    if plan.moved:
        p_code, r_code, origin = NIK_ORIGIN[plan.moved]
        d_code = f"{rng.randint(1, 20):02d}"
        nik_note = origin
        notes.append(f"NIK prefix {p_code}{r_code} (issued in {origin}) differs from the printed province "
                     f"{region.province} ({region.prov_code}): the holder moved / the province was split; the "
                     f"fields are the printed values and a reader should warn, not reject.")
    else:
        p_code, r_code, d_code = region.prov_code, region.reg_code, f"{di + 1:02d}"
        nik_note = None
    day = birth.day + (40 if sex == "F" else 0)
    serial = rng.randint(1, 3000)
    nik = f"{p_code}{r_code}{d_code}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
    assert len(nik) == 16 and nik.isdigit()

    name = make_name(rng, region.style, sex, plan.long_name)
    address = make_address(rng, region, plan.long_address)
    if plan.moved == "surabaya-gubeng":
        birth_place = "SURABAYA"
    else:
        birth_place = pick(rng, [region.home_town, region.home_town, region.home_town,
                                 "SEMARANG", "BANDUNG", "MEDAN", "KEDIRI", "TASIKMALAYA", "PALEMBANG", "SOLO",
                                 "TANJUNG KARANG"])

    if plan.religion:
        religion = plan.religion
    elif region.style in STYLE_RELIGION:
        religion = STYLE_RELIGION[region.style]
    else:
        religion = "ISLAM" if rng.rand() < 0.85 else pick(rng, ["KRISTEN", "KATOLIK"])
    if age < 22:
        marital = "BELUM KAWIN"
        occupation = pick(rng, ["PELAJAR/MAHASISWA", "PELAJAR/MAHASISWA", "BELUM/TIDAK BEKERJA"])
    else:
        marital = pick(rng, ["KAWIN", "KAWIN", "KAWIN", "BELUM KAWIN", "CERAI HIDUP"]
                       + (["CERAI MATI"] if age > 45 else []))
        if issue.year - birth.year > 58:
            occupation = pick(rng, ["PENSIUNAN", "WIRASWASTA", "PETANI/PEKEBUN"])
        else:
            occupation = pick(rng, OCC_WORK + (["MENGURUS RUMAH TANGGA"] * 2 if sex == "F" else []))
    blood = plan.blood or pick(rng, ["A", "B", "O", "O", "AB", "A", "B", "O", "-"])
    rt_rw = f"{rng.randint(1, 16):03d}/{rng.randint(1, 13):03d}"

    fields = {
        "province": region.province,
        "city_regency": region.city_regency,
        "nik": nik,
        "name": name,
        "birth_place": birth_place,
        "birth_date": iso(birth),
        "gender": "LAKI-LAKI" if sex == "M" else "PEREMPUAN",
        "blood_type": blood,
        "address": address,
        "rt_rw": rt_rw,
        "village": village,
        "district": district,
        "religion": religion,
        "marital_status": marital,
        "occupation": occupation,
        "nationality": "WNI",
        "valid_until": valid_until,
        "issue_place": region.issue_place,
        "issue_date": iso(issue),
    }
    assert list(fields) == FIELD_NAMES
    checks = {"nik_format": True, "nik_birth_date_matches": True, "nik_gender_matches": True,
              "nik_province_matches": plan.moved is None}
    return Card(cid, plan, region, fields, nik_note, notes, checks, seed_of(cid))


# --------------------------------------------------------------------------- drawing helpers

class Canvas:
    """An ImageDraw that also records every word it draws with its ink box."""

    def __init__(self, img: Image.Image):
        self.img = img
        self.draw = ImageDraw.Draw(img)
        self.words: list[dict] = []

    def text(self, x: float, baseline: float, s: str, font, stroke: int = 0, fill=INK) -> float:
        """Draw s with its left end at x on the given baseline; returns the right end (advance)."""
        self.draw.text((x, baseline), s, font=font, fill=fill, anchor="ls", stroke_width=stroke, stroke_fill=fill)
        i = 0
        while i < len(s):
            if s[i] == " ":
                i += 1
                continue
            j = s.find(" ", i)
            j = len(s) if j < 0 else j
            tx = x + font.getlength(s[:i])
            b = self.draw.textbbox((tx, baseline), s[i:j], font=font, anchor="ls", stroke_width=stroke)
            self.words.append({"text": s[i:j], "box": [int(math.floor(b[0])), int(math.floor(b[1])),
                                                       int(math.ceil(b[2])), int(math.ceil(b[3]))]})
            i = j
        return x + font.getlength(s)


def wrap(text: str, font, max_w: float) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for w in words:
        cand = f"{cur} {w}".strip()
        if not cur or font.getlength(cand) <= max_w:
            cur = cand
        else:
            lines.append(cur)
            cur = w
    lines.append(cur)
    return lines


def card_background(rng, size: tuple[int, int]) -> Image.Image:
    """Light blue card stock: a soft gradient (in fine steps) under two families of thin guilloche waves and
    a faint rosette, drawn as hard 1-2 px lines so that the clean PNGs stay small."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    hue = rng.uniform(-6, 6)
    edge = np.array([178 + hue, 211, 238 - hue], dtype=np.float32)
    centre = np.array([226, 239, 249], dtype=np.float32)
    cx, cy = w * rng.uniform(0.35, 0.55), h * rng.uniform(0.4, 0.6)
    r = np.sqrt(((xx - cx) / (0.75 * w)) ** 2 + ((yy - cy) / (0.8 * h)) ** 2)
    t = np.floor(np.clip(r, 0, 1) ** 1.5 * 20) / 20
    rgb = centre * (1 - t[..., None]) + edge * t[..., None]
    lam1, amp1, per1 = rng.uniform(24, 36), rng.uniform(8, 18), rng.uniform(120, 200)
    wave1 = np.cos(2 * np.pi * (yy + amp1 * np.sin(2 * np.pi * xx / per1)) / lam1) > 0.97
    lam2, amp2, per2 = rng.uniform(28, 42), rng.uniform(10, 20), rng.uniform(140, 220)
    wave2 = np.cos(2 * np.pi * (xx * 0.6 + yy * 0.8 + amp2 * np.sin(2 * np.pi * (xx - yy) / per2)) / lam2) > 0.97
    rx, ry = w * rng.uniform(0.3, 0.5), h * rng.uniform(0.45, 0.7)
    rr = np.sqrt((xx - rx) ** 2 + (yy - ry) ** 2)
    rosette = (np.cos(2 * np.pi * rr / 9.0 + 3 * np.sin(np.arctan2(yy - ry, xx - rx) * 12)) > 0.9) & (rr < 150)
    rgb[wave1] -= np.array([10, 7, 3], dtype=np.float32)
    rgb[wave2] -= np.array([8, 6, 2], dtype=np.float32)
    rgb[rosette] -= np.array([12, 8, 3], dtype=np.float32)
    return Image.fromarray(np.clip(rgb, 0, 255).round().astype(np.uint8), "RGB")


def draw_silhouette(img: Image.Image, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    pw, ph = x1 - x0, y1 - y0
    tile = Image.new("RGB", (pw, ph), (206, 208, 212))
    d = ImageDraw.Draw(tile)
    grey = (142, 145, 150)
    d.ellipse([0.12 * pw, 0.70 * ph, 0.88 * pw, 1.45 * ph], fill=grey)            # shoulders
    d.rectangle([0.40 * pw, 0.52 * ph, 0.60 * pw, 0.78 * ph], fill=grey)          # neck
    d.ellipse([0.29 * pw, 0.16 * ph, 0.71 * pw, 0.62 * ph], fill=grey)           # head
    img.paste(tile, (x0, y0))
    ImageDraw.Draw(img).rectangle([x0, y0, x1 - 1, y1 - 1], outline=(120, 124, 130), width=1)


def draw_signature(draw: ImageDraw.ImageDraw, rng, x0: float, x1: float, y0: float, y1: float) -> None:
    n = 120
    t = np.linspace(0.0, 1.0, n)
    loops = rng.uniform(3, 6)
    amp = (y1 - y0) * 0.35
    cy = (y0 + y1) / 2
    xs = x0 + (x1 - x0) * t + 0.06 * (x1 - x0) * np.cos(2 * np.pi * loops * t)
    ys = cy + amp * np.sin(2 * np.pi * loops * t + rng.uniform(0, 6)) * (0.6 + 0.4 * np.sin(np.pi * t)) \
        + (y1 - y0) * 0.15 * np.sin(2 * np.pi * t * rng.uniform(0.5, 1.5))
    pts = [(float(a), float(b)) for a, b in zip(xs, ys)]
    draw.line(pts, fill=(30, 34, 70), width=2, joint="curve")
    # a closing flourish under the name
    fx = x0 + (x1 - x0) * rng.uniform(0.1, 0.3)
    draw.line([(fx, y1 - 3), (x1 - 4, y1 - 8)], fill=(30, 34, 70), width=2)


# --------------------------------------------------------------------------- the clean card

LABELS = ["NIK", "Nama", "Tempat/Tgl Lahir", "Jenis Kelamin", "Alamat", "RT/RW", "Kel/Desa", "Kecamatan", "Agama",
          "Status Perkawinan", "Pekerjaan", "Kewarganegaraan", "Berlaku Hingga"]
SUB_LABELS = {"RT/RW", "Kel/Desa", "Kecamatan"}


@dataclass
class Style:
    family: Family
    body: int
    nik: int
    head: int
    label_x: int
    colon_gap: int
    value_gap: int
    pitch_factor: float
    indent: int
    photo_w: int
    margin_r: int
    gd_gap: int
    desc: dict = field(default_factory=dict)


def make_style(card: Card, family: Family) -> Style:
    rng = np.random.RandomState(seed_of(card.id + "/style"))
    return Style(
        family=family,
        body=int(rng.randint(21, 26)),
        nik=int(rng.randint(34, 41)),
        head=int(rng.randint(24, 29)),
        label_x=int(rng.randint(22, 50)),
        colon_gap=int(rng.randint(8, 26)),
        value_gap=int(rng.randint(8, 18)),
        pitch_factor=float(rng.uniform(1.3, 1.7)),
        indent=int(rng.randint(14, 26)) if card.plan.indent else 0,
        photo_w=int(rng.randint(198, 224)),
        margin_r=int(rng.randint(26, 44)),
        gd_gap=int(rng.randint(24, 64)),
    )


def render_clean(card: Card, style: Style) -> tuple[Image.Image, list[dict]]:
    f, plan = card.fields, card.plan
    rng = np.random.RandomState(seed_of(card.id + "/clean"))
    img = card_background(rng, (CARD_W, CARD_H))
    cv = Canvas(img)
    fam = style.family
    head_font = fam.font(style.head, bold=True)
    nik_font = fam.font(style.nik, bold=True)
    nik_label_font = fam.font(round(style.nik * 0.8), bold=True)

    # header, centred
    cx = CARD_W / 2 + rng.randint(-10, 11)
    y = rng.randint(14, 24) + head_font.getmetrics()[0]
    for line in (f"PROVINSI {f['province']}", f["city_regency"]):
        cv.text(cx - head_font.getlength(line) / 2, y, line, head_font, fam.stroke(True))
        y += round(style.head * 1.28)
    nik_base = y + rng.randint(6, 14) + round(style.nik * 0.45)
    row_gap = rng.randint(6, 14)

    # column geometry (body size may shrink to fit the card height)
    body = style.body
    while True:
        font = fam.font(body)
        asc, desc = font.getmetrics()
        max_label = max(font.getlength(lb) for lb in LABELS) + style.indent
        colon_x = style.label_x + max_label + style.colon_gap
        if plan.colon == "column":
            value_x = colon_x + font.getlength(":") + style.value_gap
        elif plan.colon == "tight":
            value_x = colon_x
        else:
            value_x = style.label_x + max_label + style.colon_gap + style.value_gap
        photo_x0 = CARD_W - style.margin_r - style.photo_w
        value_w = photo_x0 - 16 - value_x
        name_lines = wrap(f["name"], font, value_w)
        addr_lines = wrap(f["address"], font, value_w)
        n_lines = 11 + len(name_lines) + len(addr_lines)
        first_base = nik_base + round(style.nik * 0.3) + asc + row_gap
        avail = CARD_H - 16 - desc - first_base
        pitch = min(style.pitch_factor * body, avail / (n_lines - 1))
        if pitch >= 1.14 * body and len(name_lines) <= 2 and len(addr_lines) <= 2:
            break
        body -= 1
        if body < 19:
            raise RuntimeError(f"{card.id}: card does not fit")
    if (plan.long_name and len(name_lines) < 2) or (plan.long_address and len(addr_lines) < 2):
        raise RuntimeError(f"{card.id}: planned wraps not rendered: {name_lines} {addr_lines}")
    style.desc = {"body_px": body, "nik_px": style.nik, "header_px": style.head, "pitch_px": round(pitch, 1),
                  "label_x": style.label_x, "value_x": round(value_x), "colon": plan.colon,
                  "indent_px": style.indent, "name_lines": len(name_lines), "address_lines": len(addr_lines)}

    def label_value(base: float, label: str, value: str | None, vfont=None, lfont=None, stroke=0,
                    x_label: float | None = None, x_colon: float | None = None, x_value: float | None = None):
        lf = lfont or font
        xl = style.label_x + (style.indent if label in SUB_LABELS else 0) if x_label is None else x_label
        cv.text(xl, base, label, lf, stroke)
        xc = colon_x if x_colon is None else x_colon
        xv = value_x if x_value is None else x_value
        if value is None:
            return
        vf = vfont or font
        if plan.colon == "column":
            cv.text(xc, base, ":", lf, stroke)
            cv.text(xv, base, value, vf, stroke)
        elif plan.colon == "tight":
            cv.text(xv, base, ":" + value, vf, stroke)
        else:
            cv.text(xv, base, value, vf, stroke)

    # NIK row
    label_value(nik_base, "NIK", f["nik"], vfont=nik_font, lfont=nik_label_font, stroke=fam.stroke(True))
    photo_y0 = nik_base + round(style.nik * 0.3) + rng.randint(6, 14)

    # the label rows
    ttl = f"{f['birth_place']}{'' if plan.no_comma else ','} {dmy(dt.date.fromisoformat(f['birth_date']))}"
    valid = f["valid_until"] if f["valid_until"] == "SEUMUR HIDUP" else dmy(dt.date.fromisoformat(f["valid_until"]))
    base = first_base
    for label, value in [("Nama", name_lines), ("Tempat/Tgl Lahir", ttl), ("Jenis Kelamin", f["gender"]),
                         ("Alamat", addr_lines), ("RT/RW", f["rt_rw"]), ("Kel/Desa", f["village"]),
                         ("Kecamatan", f["district"]), ("Agama", f["religion"]),
                         ("Status Perkawinan", f["marital_status"]), ("Pekerjaan", f["occupation"]),
                         ("Kewarganegaraan", f["nationality"]), ("Berlaku Hingga", valid)]:
        lines = value if isinstance(value, list) else [value]
        vfont = font
        while max(vfont.getlength(t) for t in lines) > value_w:
            vfont = fam.font(vfont.size - 1)  # a long single-line value is printed smaller
        label_value(base, label, lines[0], vfont=vfont)
        if label == "Jenis Kelamin":
            gx = value_x + font.getlength("PEREMPUAN") + style.gd_gap
            tail = font.getlength("Gol. Darah : AB")
            gx = min(gx, photo_x0 - 12 - tail)
            gcolon = gx + font.getlength("Gol. Darah") + rng.randint(6, 14)
            gvalue = gcolon + font.getlength(":") + rng.randint(6, 12)
            label_value(base, "Gol. Darah", f["blood_type"], x_label=gx, x_colon=gcolon,
                        x_value=gvalue if plan.colon == "column" else gcolon)
        for extra in lines[1:]:
            base += pitch
            cv.text(value_x + (font.getlength(":") if plan.colon == "tight" else 0), base, extra, vfont)
        base += pitch

    # photo, issue place and date, signature
    photo_h = round(style.photo_w * 1.26)
    photo_box = (photo_x0, photo_y0, photo_x0 + style.photo_w, photo_y0 + photo_h)
    draw_silhouette(img, photo_box)
    pcx = photo_x0 + style.photo_w / 2
    small = fam.font(max(20, body - 1))
    room = 2 * min(pcx - (value_x + 40), CARD_W - 12 - pcx)
    while small.getlength(f["issue_place"]) > room:
        small = fam.font(small.size - 1)
    sa, sd = small.getmetrics()
    yb = photo_box[3] + 8 + sa
    for s in (f["issue_place"], dmy(dt.date.fromisoformat(f["issue_date"]))):
        cv.text(pcx - small.getlength(s) / 2, yb, s, small)
        yb += round(small.size * 1.25)
    sig_top = yb - sa + 6
    sig_bot = min(CARD_H - 14, sig_top + 52)
    if sig_bot - sig_top > 18:
        draw_signature(cv.draw, rng, pcx - 70, pcx + 70, sig_top, sig_bot)

    # rounded corners: white outside the card, like a scanner bed
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, CARD_W - 1, CARD_H - 1], radius=CORNER_RADIUS, fill=255)
    out = Image.new("RGB", img.size, (250, 250, 250))
    out.paste(img, (0, 0), mask)
    return out, cv.words


# --------------------------------------------------------------------------- photo-like variant

def homography(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> np.ndarray:
    """3x3 H with dst ~ H @ src (4 point pairs)."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    h = np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64))
    return np.append(h, 1.0).reshape(3, 3)


def apply_h(h: np.ndarray, x: float, y: float) -> tuple[float, float]:
    p = h @ np.array([x, y, 1.0])
    return float(p[0] / p[2]), float(p[1] / p[2])


TABLES = [((112, 84, 60), (74, 54, 40)), ((150, 150, 146), (104, 104, 100)), ((52, 74, 62), (34, 50, 42)),
          ((196, 186, 170), (150, 140, 126)), ((70, 70, 76), (40, 40, 46)), ((132, 100, 70), (96, 70, 48))]


def table_background(rng, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    base, dark = (np.array(c, dtype=np.float32) for c in TABLES[rng.randint(len(TABLES))])
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, np.pi)
    t = ((xx * np.cos(ang) + yy * np.sin(ang)) / (w + h) + 0.5).clip(0, 1)
    rgb = base * (1 - t[..., None]) + dark * t[..., None]
    streak = rng.normal(0.0, 1.0, size=(h // 6 + 2,)).astype(np.float32)
    streak = np.convolve(np.repeat(streak, 6)[:h], np.ones(9, dtype=np.float32) / 9, mode="same")
    rgb += (streak * rng.uniform(2.0, 5.0))[:, None, None]
    return rgb


def tilt_away(rng: np.random.RandomState, dst: list[list[float]], canvas: tuple[int, int], *,
              max_shrink: float, jitter: float) -> float:
    """Perspective on the corners ``dst`` (in place): one edge further from the camera (shorter
    by up to ``max_shrink``), plus corner jitter of up to ``jitter`` of the canvas. The random
    draws come in a fixed order (edge, shrink, then x and y per corner), so renders repeat.
    Returns the shrink drawn."""
    cw_, ch_ = canvas
    edge = int(rng.randint(4))
    p = float(rng.uniform(0.02, max_shrink))
    i0, i1 = edge, (edge + 1) % 4
    mx, my = (dst[i0][0] + dst[i1][0]) / 2, (dst[i0][1] + dst[i1][1]) / 2
    for i in (i0, i1):
        dst[i][0] += (mx - dst[i][0]) * 2 * p
        dst[i][1] += (my - dst[i][1]) * 2 * p
    for d in dst:
        d[0] += rng.uniform(-jitter, jitter) * cw_
        d[1] += rng.uniform(-jitter, jitter) * ch_
    return p


def render_photo(card: Card, clean: Image.Image, words: list[dict], photo_id: str,
                 transpose: str | None = None) -> tuple[Image.Image, list[dict], dict]:
    rng = np.random.RandomState(seed_of(photo_id))
    long_side = int(rng.randint(1200, 1401))
    cw_, ch_ = long_side, int(round(long_side * rng.uniform(0.72, 0.8)))
    angle = float(rng.uniform(-12, 12))
    a = math.radians(angle)
    bw = CARD_W * abs(math.cos(a)) + CARD_H * abs(math.sin(a))
    bh = CARD_W * abs(math.sin(a)) + CARD_H * abs(math.cos(a))
    scale = min(0.88 * cw_ / bw, 0.86 * ch_ / bh) * rng.uniform(0.9, 1.0)
    cx = cw_ / 2 + rng.uniform(-0.03, 0.03) * cw_
    cy = ch_ / 2 + rng.uniform(-0.03, 0.03) * ch_
    src = [(0.0, 0.0), (CARD_W, 0.0), (CARD_W, CARD_H), (0.0, CARD_H)]
    dst = []
    for x, y in src:  # rotate counter-clockwise by angle (y down), scale, centre
        dx, dy = (x - CARD_W / 2) * scale, (y - CARD_H / 2) * scale
        dst.append([cx + dx * math.cos(a) + dy * math.sin(a), cy - dx * math.sin(a) + dy * math.cos(a)])
    p = tilt_away(rng, dst, (cw_, ch_), max_shrink=0.06, jitter=0.008)
    dst_t = [tuple(d) for d in dst]
    h_fwd = homography(src, dst_t)
    h_inv = np.linalg.inv(h_fwd)
    h_inv = h_inv / h_inv[2, 2]
    coeffs = tuple(float(v) for v in h_inv.flatten()[:8])

    card = clean.convert("RGBA")
    mask = Image.new("L", card.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, CARD_W - 1, CARD_H - 1], radius=CORNER_RADIUS, fill=255)
    card.putalpha(mask)
    warped = card.transform((cw_, ch_), Image.Transform.PERSPECTIVE, coeffs, resample=Image.Resampling.BICUBIC,
                            fillcolor=(0, 0, 0, 0))
    alpha = np.asarray(warped.getchannel("A"), dtype=np.float32) / 255.0

    table = table_background(rng, (cw_, ch_))
    shadow_img = Image.fromarray((alpha * 255).astype(np.uint8), "L")
    off = (int(rng.randint(4, 14)), int(rng.randint(6, 16)))
    shadow_img = shadow_img.transform(shadow_img.size, Image.Transform.AFFINE, (1, 0, -off[0], 0, 1, -off[1]))
    shadow = np.asarray(shadow_img.filter(ImageFilter.GaussianBlur(rng.uniform(7, 12))), dtype=np.float32) / 255.0
    table *= (1 - rng.uniform(0.35, 0.55) * shadow)[..., None]
    rgb = np.asarray(warped.convert("RGB"), dtype=np.float32)
    arr = table * (1 - alpha[..., None]) + rgb * alpha[..., None]

    yy, xx = np.mgrid[0:ch_, 0:cw_].astype(np.float32)
    glare = rng.rand() < 0.55
    info = {"angle_deg": round(angle, 2), "perspective": round(p, 3), "size": [cw_, ch_], "glare": glare}
    if glare:  # a soft brightened ellipse on the card
        gx, gy = apply_h(h_fwd, rng.uniform(0.15, 0.85) * CARD_W, rng.uniform(0.2, 0.85) * CARD_H)
        rx, ry = rng.uniform(0.12, 0.25) * cw_, rng.uniform(0.07, 0.16) * ch_
        rot = rng.uniform(0, np.pi)
        u = ((xx - gx) * np.cos(rot) + (yy - gy) * np.sin(rot)) / rx
        v = (-(xx - gx) * np.sin(rot) + (yy - gy) * np.cos(rot)) / ry
        strength = rng.uniform(0.35, 0.6)
        g = strength * np.exp(-1.5 * (u * u + v * v)) * alpha
        arr = arr + (255.0 - arr) * g[..., None]
        info["glare_strength"] = round(float(strength), 2)
    # uneven light, colour cast, brightness/contrast, blur, sensor noise
    lx, ly = rng.uniform(0.2, 0.8) * cw_, rng.uniform(0.2, 0.8) * ch_
    r = np.sqrt(((xx - lx) / cw_) ** 2 + ((yy - ly) / ch_) ** 2)
    arr *= (1.05 - rng.uniform(0.12, 0.25) * r ** 2)[..., None]
    arr *= np.array([1.0, rng.uniform(0.97, 1.0), rng.uniform(0.92, 1.0)], dtype=np.float32)
    img = Image.fromarray(np.clip(arr, 0, 255).round().astype(np.uint8), "RGB")
    bright, contrast, blur = float(rng.uniform(0.88, 1.08)), float(rng.uniform(0.8, 1.0)), float(rng.uniform(0.5, 1.0))
    img = ImageEnhance.Contrast(img).enhance(contrast)
    img = ImageEnhance.Brightness(img).enhance(bright)
    img = img.filter(ImageFilter.GaussianBlur(blur))
    noise = rng.normal(0.0, rng.uniform(1.5, 3.0), size=(ch_, cw_, 1)).astype(np.float32)
    img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).round().astype(np.uint8), "RGB")
    info.update({"brightness": round(bright, 2), "contrast": round(contrast, 2), "blur_radius": round(blur, 2),
                 "jpeg_quality": int(rng.randint(75, 86))})

    mapped = []
    for wd in words:
        x0, y0, x1, y1 = wd["box"]
        pts = [apply_h(h_fwd, px, py) for px, py in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
        left, right = apply_h(h_fwd, x0, (y0 + y1) / 2), apply_h(h_fwd, x1, (y0 + y1) / 2)
        mapped.append((wd["text"], pts, (left, right)))
    size = (cw_, ch_)
    if transpose:
        img, mapped, size = transpose_all(img, mapped, size, transpose)
    return img, finish_words(mapped, size), info


def transpose_point(x: float, y: float, size: tuple[int, int], how: str) -> tuple[float, float]:
    w, h = size
    if how == "ROTATE_180":
        return w - x, h - y
    if how == "ROTATE_90":    # counter-clockwise
        return y, w - x
    if how == "ROTATE_270":   # clockwise
        return h - y, x
    raise ValueError(how)


def transpose_all(img, mapped, size, how):
    img = img.transpose(getattr(Image.Transpose, how))
    out = []
    for text, pts, (left, right) in mapped:
        out.append((text, [transpose_point(x, y, size, how) for x, y in pts],
                    (transpose_point(*left, size, how), transpose_point(*right, size, how))))
    return img, out, img.size


def finish_words(mapped, size) -> list[dict]:
    """Axis-aligned hulls of the mapped corners, clipped to the image, with the text slope."""
    w, h = size
    words = []
    for text, pts, (left, right) in mapped:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        box = [max(0, int(math.floor(min(xs)))), max(0, int(math.floor(min(ys)))),
               min(w, int(math.ceil(max(xs)))), min(h, int(math.ceil(max(ys))))]
        wd = {"text": text, "box": box}
        dx, dy = right[0] - left[0], right[1] - left[1]
        if abs(dx) > abs(dy) and abs(dx) > 1e-6:
            wd["slope"] = round(dy / dx, 4)
        words.append(wd)
    return words


# --------------------------------------------------------------------------- output

def atomic(path: Path, write) -> None:
    """Write through a temporary file and rename, so a reader never sees a half-written file."""
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    os.replace(tmp, path)


def dump_json(path: Path, obj) -> None:
    atomic(path, lambda p: p.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"))


def describe(card: Card, style: Style) -> list[str]:
    p, out = card.plan, []
    if style.desc["name_lines"] > 1:
        out.append("long name wraps to a second line under the value column")
    if style.desc["address_lines"] > 1:
        out.append("address wraps to a second line under the value column")
    if p.old_card:
        out.append("old card: Berlaku Hingga prints a date (5 years from issue, on the birthday)")
    if p.no_comma:
        out.append("Tempat/Tgl Lahir printed without the comma")
    if p.indent:
        out.append("RT/RW, Kel/Desa, Kecamatan labels indented")
    out.append({"column": "colons in a column", "none": "no colons",
                "tight": "colon glued to the value (':VALUE')"}[p.colon])
    if card.fields["blood_type"] == "-":
        out.append("blood type printed as '-'")
    return out


def gt_for(card: Card, variant: str, image_name: str, style: Style, extra: dict) -> dict:
    return {
        "doc_type": "ktp",
        "verified": True,
        "variant": variant,
        "fields": card.fields,
        "notes": " ".join(card.notes + ["Print: " + "; ".join(describe(card, style)) + "."]),
        "checks": card.checks,
        "source": {"generator": "samples/render_ktp.py", "fictional": True, "variant": variant, "image": image_name,
                   "font": style.family.used, **style.desc, **extra},
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(cards, styles, photo_infos, orient_rows, families, files) -> None:
    rows = []
    for c in cards:
        s, pi, f = styles[c.id], photo_infos[c.id], c.fields
        flags = "; ".join(describe(c, s)) + ("; **NIK province differs from printed province**" if c.plan.moved else "")
        rows.append(f"| `{c.id}` | {f['province']} / {f['city_regency']} | {f['nik'][:6]}... "
                    f"| {s.family.used.split(' (')[0]} "
                    f"| {s.desc['body_px']}/{s.desc['nik_px']}/{s.desc['header_px']} | {flags} "
                    f"| {pi['angle_deg']:+.1f}, p={pi['perspective']}, blur {pi['blur_radius']}, q{pi['jpeg_quality']}"
                    f"{', glare' if pi['glare'] else ''} |")
    fonts = []
    for name in sorted(families):
        fam = families[name]
        n = sum(1 for c in cards if c.plan.family == name)
        if fam.builtin:
            fonts.append(f"- {name}: **not installed** -> {fam.used}; {n} cards "
                         "(headers and NIK in faux bold, stroke 1 px)")
        else:
            hs = ", ".join(f"{p.name} sha256 {sha256(p)[:16]}..." for p in fam.files())
            fonts.append(f"- {name}: {hs}; {n} cards")
    n_women = sum(c.fields["gender"] == "PEREMPUAN" for c in cards)
    total = sum(p.stat().st_size for p in files)
    n_img = sum(1 for p in files if p.suffix in {".png", ".jpg"})
    hashes = "\n".join(f"| `{p.name}` | {p.stat().st_size} | `{sha256(p)[:16]}` |" for p in files)
    text = f"""# Sample e-KTP cards (rendered, fictional)

Synthetic Indonesian e-KTP fronts in the common dataset layout, for the KTP reader (issue #3):
`python /work/shared/tools/score.py samples/ktp --mode image` (embedded OCR on the pictures) or
`--mode text` (reads the `*.ocr.json` render-truth words).

**All people are fictional.** Names, NIKs, birth dates, street addresses, RT/RW, signatures and the
photo silhouettes are invented by `samples/render_ktp.py`; any match with a real person is a coincidence.
Only public geography is real: province codes and names (from `shared/reference/indonesia.md`,
Kemendagri 2025), regency/city codes and names, district (kecamatan) and village names. The district
digits 5-6 of each NIK are plausible but **not** checked against the official district list. No real
card, no card template and nothing from the shared datasets was used.

## Cards

{len(cards)} cards, each as a clean scan and a photo-like variant, plus {len(orient_rows)} orientation-test
images: {n_img} images, {len(files)} files + this manifest, {total / 1e6:.2f} MB.

| id | province / city_regency | NIK prefix | font | body/NIK/header px | print variations \
| photo: angle deg, perspective, blur, JPEG |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Orientation tests (same ground truth as the source card; `source.transpose` in gt.json):

| id | from | turned |
|---|---|---|
{chr(10).join(orient_rows)}

Coverage: provinces {", ".join(sorted({c.fields['province'] for c in cards}))};
{n_women} women / {len(cards) - n_women} men;
{sum(c.fields['valid_until'] != 'SEUMUR HIDUP' for c in cards)} old cards with a date in Berlaku Hingga;
blood types {", ".join(f"{b} x{sum(c.fields['blood_type'] == b for c in cards)}" for b in ["A", "B", "AB", "O", "-"])};
religions {", ".join(sorted({c.fields['religion'] for c in cards}))}.

Two cards have a NIK whose province prefix differs from the printed province (`checks.nik_province_matches`
false, explained in `notes`): `ktp-04-jaktim` (NIK from KOTA SURABAYA 3578, now living in JAKARTA TIMUR) and
`ktp-21-merauke` (NIK 9101... issued when Merauke belonged to PAPUA, printed PAPUA SELATAN after the 2022 split).

## Layout of a card

1000 x 630 px (ID-1 ratio), light blue stock with a soft gradient, fine guilloche waves and a faint rosette,
rounded corners on an off-white scanner bed. Centred header `PROVINSI <NAME>` and `<KABUPATEN|KOTA> <NAME>`
(Jakarta: `JAKARTA SELATAN`...), bold. Then label/value rows in the e-KTP order: NIK (bold, 34-40 px), Nama,
Tempat/Tgl Lahir (`PLACE, DD-MM-YYYY`), Jenis Kelamin with `Gol. Darah` and its value on the same line, Alamat,
RT/RW, Kel/Desa, Kecamatan, Agama, Status Perkawinan, Pekerjaan, Kewarganegaraan, Berlaku Hingga. Long names and
addresses wrap onto a second line under the value column; a value too long for one line otherwise is printed
a little smaller. A grey silhouette stands in for the photo on the right; under it the issue place
(regency/city name without KOTA/KABUPATEN) and issue date `DD-MM-YYYY`, then a squiggle signature.
Varied per card: font family, sizes (body 21-25 px, NIK 34-40, header 24-28; body shrinks when the rows
would not fit), label x offset, colon style (column / none / glued to the value), value column, line pitch,
sub-row indent, position of Gol. Darah, photo size and margin, background tint and pattern.

## gt.json

`{{"doc_type": "ktp", "verified": true, "variant": "clean"|"photo", "fields": {{...}}, "notes", "checks", "source"}}`.
`fields` holds the 19 printed fields, upper case as printed: `province` without PROVINSI, `city_regency` as
printed, `nik` 16 digits, dates ISO (`birth_date`, `issue_date`, and `valid_until` when a date is printed,
else `SEUMUR HIDUP`), `gender` LAKI-LAKI/PEREMPUAN, `blood_type` A/B/AB/O/-, `rt_rw` `001/002`, `address` the
printed lines joined by one space, `issue_place` as printed under the photo. The NIK encodes the birth date
(day + 40 for women) and is consistent with the printed date and sex on every card. `checks` gives the expected
outcome of the NIK checks; `source` records the font, sizes, colon style and photo parameters.
`verified: true`: the truth is written from the same data the picture is drawn from, and the pictures were
looked at and read back with the embedded OCR.

`*.ocr.json`: `{{"engine": "render-truth", "image_size", "words": [{{"text", "box", "slope"?}}]}}`, every drawn
word (labels, `:` and values, header, issue place/date) with its exact ink box on the PNG; on photos the box is
the axis-aligned hull of the box corners mapped through the same perspective transform (and transpose), and
`slope` is the tilt of the word's mid line (dy/dx) where the text runs more horizontally than vertically.

## Photo-like variants

The clean card with a rounded-corner alpha is warped by one homography (rotation -12..+12 deg, scale,
one edge 2-6 % shorter for perspective, corner jitter) with `Image.transform(PERSPECTIVE, BICUBIC)` onto a
table texture (6 colours: wood, grey, green mat, beige, dark) with a soft offset shadow; on about half a soft
glare ellipse (brightened towards white by 35-60 % at its centre); uneven light, a warm colour cast,
contrast x0.8-1.0, brightness x0.88-1.08, Gaussian blur 0.5-1.0, sensor noise, long side 1200-1400 px,
JPEG quality 75-85 (4:2:0, baseline, no EXIF).

## How made

`{REGENERATE}` (from the repository root) regenerates everything byte-identically on the same machine:
numpy `RandomState(crc32(id + purpose))` seeds, no PNG metadata, palette PNG (256-colour median cut, no
dither, visually lossless) with `compress_level={PNG_COMPRESS_LEVEL}`,
JPEG without optimize/progressive/EXIF. Another FreeType, zlib or libjpeg build, or installing the
Liberation fonts, changes bytes (and for Liberation, the look of the cards planned with it).

Fonts used:
{chr(10).join(fonts)}

Python {sys.version.split()[0]}, Pillow {Image.__version__}, numpy {np.__version__}.

## Files

| file | bytes | sha256 (first 16) |
|---|---|---|
{hashes}
"""
    atomic(OUT / "MANIFEST.md", lambda p: p.write_text(text, encoding="utf-8"))


def save_png(img: Image.Image, path: Path) -> None:
    """Palette PNG (median cut, 256 colours, no dither): visually lossless here (mean error < 0.1 level) and
    a third of the size of RGB."""
    pal = img.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    atomic(path, lambda p: pal.save(p, "PNG", optimize=False, compress_level=PNG_COMPRESS_LEVEL))


def save_jpg(img: Image.Image, path: Path, quality: int) -> None:
    atomic(path, lambda p: img.save(p, "JPEG", quality=quality, optimize=False, progressive=False, subsampling=2))


def main() -> int:
    ITEMS.mkdir(parents=True, exist_ok=True)
    families = {name: load_family(name) for name in sorted({p.family for p in PLANS})}
    for fam in families.values():
        if fam.builtin:
            print(f"note: {fam.wanted} not installed, using {fam.used}", file=sys.stderr)
    cards = [make_card(p) for p in PLANS]
    assert len({c.fields["nik"] for c in cards}) == len(cards)
    styles, photo_infos, files, cleans = {}, {}, [], {}
    for card in cards:
        style = make_style(card, families[card.plan.family])
        clean, words = render_clean(card, style)
        styles[card.id], cleans[card.id] = style, (clean, words)
        png = ITEMS / f"{card.id}.png"
        save_png(clean, png)
        dump_json(ITEMS / f"{card.id}.gt.json", gt_for(card, "clean", png.name, style, {}))
        dump_json(ITEMS / f"{card.id}.ocr.json",
                  {"engine": "render-truth", "image_size": list(clean.size), "words": words})
        pid = f"{card.id}-photo"
        photo, pwords, info = render_photo(card, clean, words, pid)
        photo_infos[card.id] = info
        jpg = ITEMS / f"{pid}.jpg"
        save_jpg(photo, jpg, info["jpeg_quality"])
        dump_json(ITEMS / f"{pid}.gt.json", gt_for(card, "photo", jpg.name, style, {"photo": info}))
        dump_json(ITEMS / f"{pid}.ocr.json",
                  {"engine": "render-truth", "image_size": list(photo.size), "words": pwords})
        files += [png, ITEMS / f"{card.id}.gt.json", ITEMS / f"{card.id}.ocr.json",
                  jpg, ITEMS / f"{pid}.gt.json", ITEMS / f"{pid}.ocr.json"]
        print(f"{card.id}: {card.fields['nik']}  {style.family.used.split(' (')[0]}  "
              f"photo {photo.size[0]}x{photo.size[1]} {info['angle_deg']:+.1f} deg")

    orient_rows = []
    by_n = {c.plan.n: c for c in cards}
    for n, suffix, how, kind in ORIENTATION:
        card = by_n[n]
        oid = f"{card.id}-{suffix}"
        style = styles[card.id]
        clean, words = cleans[card.id]
        if kind == "clean":
            mapped = [(w["text"], [(w["box"][0], w["box"][1]), (w["box"][2], w["box"][1]), (w["box"][2], w["box"][3]),
                                   (w["box"][0], w["box"][3])],
                       ((w["box"][0], (w["box"][1] + w["box"][3]) / 2), (w["box"][2], (w["box"][1] + w["box"][3]) / 2)))
                      for w in words]
            img, mapped, size = transpose_all(clean, mapped, clean.size, how)
            owords = finish_words(mapped, size)
            path = ITEMS / f"{oid}.png"
            save_png(img, path)
            extra = {"transpose": how}
            variant = "clean"
        else:
            img, owords, info = render_photo(card, clean, words, oid, transpose=how)
            path = ITEMS / f"{oid}.jpg"
            save_jpg(img, path, info["jpeg_quality"])
            extra = {"photo": info, "transpose": how}
            variant = "photo"
        dump_json(ITEMS / f"{oid}.gt.json", gt_for(card, variant, path.name, style, extra))
        dump_json(ITEMS / f"{oid}.ocr.json", {"engine": "render-truth", "image_size": list(img.size), "words": owords})
        files += [path, ITEMS / f"{oid}.gt.json", ITEMS / f"{oid}.ocr.json"]
        turned = {"ROTATE_180": "180 deg", "ROTATE_90": "90 deg counter-clockwise",
                  "ROTATE_270": "90 deg clockwise"}[how]
        orient_rows.append(f"| `{oid}` | `{card.id}` ({variant}) | {turned} |")
        print(f"{oid}: {img.size[0]}x{img.size[1]} {turned}")

    for old in ITEMS.glob("ktp-*"):  # stale outputs of an earlier plan
        if old not in files:
            old.unlink()
    write_manifest(cards, styles, photo_infos, orient_rows, families, sorted(files))
    total = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files) + 1} files under {OUT.relative_to(HERE.parent)}, {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
