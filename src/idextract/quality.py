"""Cheap image-quality warnings: too small, very dark, blurred.

Commercial KTP readers flag these so that a KYC flow can ask for a better photo before trusting
a read. Each test looks at a 512 px grey thumbnail, a few milliseconds in all. The thresholds
are deliberately loose: a warning should mean a person would also squint.
"""

from __future__ import annotations

from PIL import Image, ImageFilter, ImageStat

__all__ = ["quality_warnings"]

MIN_SIDE = 400  # px on the short side: below it, 20-px text is under 8 px
DARK_MEAN = 55  # mean grey level (0-255) of a very dark photo
BLUR_EDGE_STD = 9.0  # std of the Laplacian of a 512-px thumbnail; sharp text scores 20-60
_LAPLACIAN = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128)


def quality_warnings(image: Image.Image) -> list[str]:
    """Warnings about ``image`` as a source of text (an empty list for a good photo)."""
    out = []
    w, h = image.size
    if min(w, h) < MIN_SIDE:
        out.append(f"image is small ({w}x{h} px): text may be unreadable")
    grey = image.convert("L")
    grey.thumbnail((512, 512))
    if ImageStat.Stat(grey).mean[0] < DARK_MEAN:
        out.append("image is very dark")
    if ImageStat.Stat(grey.filter(_LAPLACIAN)).stddev[0] < BLUR_EDGE_STD:
        out.append("image looks blurred")
    return out
