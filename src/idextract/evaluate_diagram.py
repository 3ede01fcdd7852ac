"""A reliability diagram of an evaluation, drawn with Pillow only.

x: bins of reported confidence (10 equal bins), y: observed accuracy in the bin (bars), the
diagonal (perfect calibration), a red tick at each bin's mean confidence with the gap shaded, the
number of fields above each bar, ECE and P@0.9 under the title, a legend under the plot.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .evaluate import EvalResult

WIDTH, HEIGHT = 900, 760
LEFT, RIGHT, TOP, BOTTOM = 100, 40, 110, 140  # plot margins in pixels
FONT_PATHS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "Arial.ttf")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: int) -> Font:
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _text_centered(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, font: Font, fill: str) -> None:
    draw.text(xy, text, font=font, fill=fill, anchor="mm")


def _plot_area() -> tuple[int, int, int, int]:
    """The plot area (x0, y0, x1, y1) in pixels, from the margins; y0 is accuracy 1.0."""
    return LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM


def _px(conf: float) -> float:
    """The x pixel of a reported confidence (0 at the plot's left edge, 1 at its right)."""
    x0, _, x1, _ = _plot_area()
    return x0 + conf * (x1 - x0)


def _py(acc: float) -> float:
    """The y pixel of an observed accuracy (0 at the plot's bottom edge, 1 at its top)."""
    _, y0, _, y1 = _plot_area()
    return y1 - acc * (y1 - y0)


def reliability_diagram(result: EvalResult, path: str | Path, *, title: str | None = None) -> Path:
    """Write the reliability diagram of ``result`` as a PNG to ``path``; returns the path."""
    img = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(img)
    big, mid, small = _font(26), _font(19), _font(16)
    x0, y0, x1, y1 = _plot_area()
    _draw_heading(draw, result, title, big, mid)
    _draw_grid(draw, small)
    _draw_bars(img, draw, result, small)
    draw.line([(_px(0), _py(0)), (_px(1), _py(1))], fill="#888888", width=2)  # perfect calibration
    draw.rectangle([x0, y0, x1, y1], outline="black", width=2)
    _draw_axis_labels(img, draw, mid)
    _draw_legend(draw, small)
    out = Path(path)
    img.save(out, format="PNG")
    return out


def _draw_heading(draw: ImageDraw.ImageDraw, result: EvalResult, title: str | None, big: Font, mid: Font) -> None:
    """The title and, under it, the figures the bars stand for (ECE, P@0.9, how many fields)."""
    head = title or f"Reliability: {result.name} ({result.mode})"
    ece = "n/a" if result.ece is None else f"{result.ece:.3f}"
    p90 = "n/a" if result.precision_at_high is None else f"{result.precision_at_high:.3f}"
    _text_centered(draw, (WIDTH / 2, 34), head, big, "black")
    _text_centered(draw, (WIDTH / 2, 72),
                   f"ECE {ece}    P@0.9 {p90} ({result.high_confidence} fields >= 0.9)    "
                   f"{result.calibrated_fields} fields with a confidence",
                   mid, "#333333")


def _draw_grid(draw: ImageDraw.ImageDraw, small: Font) -> None:
    """The grid lines and tick labels, every 0.1 on both axes (drawn first: under the bars)."""
    x0, y0, x1, y1 = _plot_area()
    for t in range(11):  # grid and tick labels
        v = t / 10
        draw.line([(_px(v), y0), (_px(v), y1)], fill="#e6e6e6")
        draw.line([(x0, _py(v)), (x1, _py(v))], fill="#e6e6e6")
        _text_centered(draw, (_px(v), y1 + 18), f"{v:.1f}", small, "black")
        draw.text((x0 - 10, _py(v)), f"{v:.1f}", font=small, fill="black", anchor="rm")


def _draw_bars(img: Image.Image, draw: ImageDraw.ImageDraw, result: EvalResult, small: Font) -> None:
    """A bar per non-empty bin, its mean confidence and the gap shaded (translucent, so on an overlay)."""
    _, y0, _, y1 = _plot_area()
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    shade = ImageDraw.Draw(overlay)
    for b in result.bins:  # bars: observed accuracy; the gap to the diagonal is the miscalibration
        if not b.count or b.accuracy is None or b.confidence is None:
            continue
        left, right = _px(b.lo) + 4, _px(b.hi) - 4
        top = _py(b.accuracy)
        draw.rectangle([left, top, right, y1], fill="#4c78a8", outline="#2f4b6e")
        gap = sorted((top, _py(b.confidence)))  # the miscalibration, translucent over bar or background
        shade.rectangle([left, gap[0], right, gap[1]], fill=(230, 80, 70, 90), outline=(214, 39, 40, 160))
        cy = _py(b.confidence)  # the bin's mean reported confidence
        draw.line([(left, cy), (right, cy)], fill="#d62728", width=3)
        label_y = min(top, cy) - 14
        _text_centered(draw, ((left + right) / 2, max(y0 - 14, label_y)), f"n={b.count}", small, "black")
    img.paste(overlay, (0, 0), overlay)


def _draw_axis_labels(img: Image.Image, draw: ImageDraw.ImageDraw, mid: Font) -> None:
    """The axis names: under the x axis, and turned a quarter left of the y axis (drawn on a label image)."""
    x0, y0, x1, y1 = _plot_area()
    _text_centered(draw, ((x0 + x1) / 2, y1 + 50), "reported confidence (10 bins)", mid, "black")
    label = Image.new("RGBA", (320, 30), (255, 255, 255, 0))
    ImageDraw.Draw(label).text((160, 15), "observed accuracy", font=mid, fill="black", anchor="mm")
    rotated = label.rotate(90, expand=True)
    img.paste(rotated, (18, int((y0 + y1) / 2 - rotated.height / 2)), rotated)


def _draw_legend(draw: ImageDraw.ImageDraw, small: Font) -> None:
    """The legend, one row under the x axis name: what the colours and lines stand for."""
    x0, _, _, y1 = _plot_area()
    legend_y = y1 + 95  # one row under the x label: swatch, text; swatch, text; ...
    entries = [("box", "#4c78a8", "accuracy in bin"), ("box", "#f6c9c4", "gap to confidence"),
               ("line", "#d62728", "mean confidence"), ("line", "#888888", "perfect calibration")]
    x = float(x0)
    for kind, colour, text in entries:
        if kind == "box":
            draw.rectangle([x, legend_y - 8, x + 22, legend_y + 8], fill=colour, outline="#555555")
        else:
            draw.line([(x, legend_y), (x + 22, legend_y)], fill=colour, width=3)
        draw.text((x + 30, legend_y), text, font=small, fill="black", anchor="lm")
        x += 30 + draw.textlength(text, font=small) + 28
