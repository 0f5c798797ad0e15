#!/usr/bin/env python3
"""Writes Ladoshka's icons as standalone SVG files from the Fluent Emoji Flat set (MIT).

Usage: extract_icons.py PATH/TO/@iconify-json/fluent-emoji-flat/icons.json

The set comes from the npm package @iconify-json/fluent-emoji-flat
(`npm install @iconify-json/fluent-emoji-flat` in a scratch folder). Each of our names maps to
the first Fluent name in its list that exists in the set. The SVG bodies are unmodified: each is
only wrapped in an <svg> element with its own viewBox. Standard library only.
"""
import json
import pathlib
import sys

# our folder -> our name -> Fluent Emoji names to try, best first
ICONS = {
    "avatars": {
        "bear": ["bear"], "cat": ["cat-face"], "dog": ["dog-face"], "fox": ["fox"],
        "rabbit": ["rabbit-face"], "hedgehog": ["hedgehog"], "owl": ["owl"],
        "elephant": ["elephant"], "giraffe": ["giraffe"], "lion": ["lion"], "panda": ["panda"],
        "penguin": ["penguin"], "turtle": ["turtle"], "whale": ["spouting-whale", "whale"],
        "butterfly": ["butterfly"], "frog": ["frog"], "sun": ["sun-with-face", "sun"],
        "star": ["glowing-star", "star"], "rocket": ["rocket"], "apple": ["red-apple"],
        "ball": ["soccer-ball", "softball"], "flower": ["blossom"], "rainbow": ["rainbow"],
        "car": ["automobile"],
    },
    "faces": {
        "very_sad": ["crying-face"], "sad": ["slightly-frowning-face", "frowning-face"],
        "neutral": ["neutral-face"], "happy": ["slightly-smiling-face"],
        "very_happy": ["grinning-face-with-big-eyes", "beaming-face-with-smiling-eyes"],
    },
    "ui": {
        "home": ["house-with-garden", "house"], "calendar": ["spiral-calendar", "calendar"],
        "clipboard": ["clipboard"], "palette": ["artist-palette"],
        "route": ["world-map", "motorway", "round-pushpin"],
        "family": ["family", "people-holding-hands", "people-hugging"],
        "stroller": ["baby-carriage", "baby"], "bed": ["bed"], "broom": ["broom"],
        "warning": ["warning"], "key": ["key"], "lock": ["locked"], "unlocked": ["unlocked"],
        "gear": ["gear"], "people": ["busts-in-silhouette"], "chart": ["bar-chart"],
        "outbox": ["outbox-tray"], "usb": ["floppy-disk", "electric-plug"], "door": ["door"],
        "wave": ["waving-hand"],
        # The set has no backspace symbol; the keypad (ui/widgets/keypad.slint) uses the arrow.
        "backspace": ["backspace", "left-arrow"],
        "check": ["check-mark-button"], "globe": ["globe-with-meridians"], "bell": ["bell"],
        "psychologist": ["health-worker", "woman-health-worker"],
        "staff": ["office-worker", "woman-office-worker"],
        "admin": ["mechanic", "technologist", "gear"],
        "speaker": ["speaker-high-volume"], "muted": ["muted-speaker"],
        "sparkles": ["sparkles"],
    },
}

TRANSFORMS = ("hFlip", "vFlip", "rotate")


def resolve(name: str, icons: dict, aliases: dict) -> dict:
    """The icon for `name`, following plain aliases; flipped or rotated aliases are refused
    so that every file stays an unmodified body."""
    seen = set()
    overrides = {}
    while name not in icons:
        alias = aliases[name]
        if any(alias.get(t) for t in TRANSFORMS) or name in seen:
            sys.exit(f"'{name}' is a transformed (or looping) alias; pick another name")
        seen.add(name)
        overrides = {k: v for k, v in alias.items() if k != "parent"} | overrides
        name = alias["parent"]
    return icons[name] | overrides


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = pathlib.Path(sys.argv[1])
    data = json.loads(source.read_text(encoding="utf-8"))
    package = source.with_name("package.json")
    if package.exists():
        meta = json.loads(package.read_text(encoding="utf-8"))
        print(f"# from {meta.get('name')} {meta.get('version')}")
    icons, aliases = data["icons"], data.get("aliases", {})
    default_w, default_h = data.get("width", 32), data.get("height", 32)
    out_root = pathlib.Path(__file__).resolve().parent
    chosen = []
    for folder, names in ICONS.items():
        (out_root / folder).mkdir(exist_ok=True)
        for ours, candidates in names.items():
            fluent = next((c for c in candidates if c in icons or c in aliases), None)
            if fluent is None:
                sys.exit(f"none of {candidates} is in the set (for {folder}/{ours})")
            icon = resolve(fluent, icons, aliases)
            w, h = icon.get("width", default_w), icon.get("height", default_h)
            left, top = icon.get("left", 0), icon.get("top", 0)
            svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left} {top} {w} {h}" '
                   f'width="{w}" height="{h}">{icon["body"]}</svg>\n')
            (out_root / folder / f"{ours}.svg").write_text(svg, encoding="utf-8")
            chosen.append(f"{folder}/{ours}.svg <- {fluent}")
    print("\n".join(chosen))


if __name__ == "__main__":
    main()
