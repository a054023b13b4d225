"""THIRD_PARTY_LICENSES: the licences of everything the bundle ships, from the installed
distributions' own metadata and licence files.

    python -m desktop.licenses --out THIRD_PARTY_LICENSES.txt      (build.spec runs this)

The distributions are those of requirements/runtime.txt that apply on this platform
(the lock is what the bundle is built from; pip, setuptools and wheel only install it),
then Python itself and the bundled fonts. PySide6 and shiboken6 (Qt, LGPL-3.0) carry
no licence file in their wheels, so the LGPL-3.0 and GPL-3.0 texts come from
licenses/ in the source tree. 帮助 → 关于 shows the result; run from source it is made
on the spot, in the bundle it is read from the file beside the program.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

from desktop.paths import app_dir

FILE_NAME = "THIRD_PARTY_LICENSES.txt"
NOT_SHIPPED = {"pip", "setuptools", "wheel"}
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.I)
# Wheels without a licence file, and the texts they name (in licenses/).
EXTRA_TEXTS = {
    "pyside6-essentials": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "pyside6-addons": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "shiboken6": ["LGPL-3.0.txt", "GPL-3.0.txt"],
}
QT_NOTE = (
    "Qt 6 and PySide6 are used under the GNU Lesser General Public License v3.0.\n"
    "They are shipped as separate shared libraries in the program folder (_internal/),\n"
    "which may be replaced with compatible builds of the same version. Their source code\n"
    "is available from https://download.qt.io/official_releases/ and\n"
    "https://download.qt.io/official_releases/QtForPython/.\n"
)
RULE = "=" * 78


def source_root() -> Path:
    return Path(__file__).resolve().parent.parent


def locked_names(lock: Path) -> list[str]:
    """The runtime lock's distributions that apply here, without the installers."""
    from packaging.markers import Marker  # in the runtime lock

    names: list[str] = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^([A-Za-z0-9._-]+)==\S+\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if not found:
            continue
        name, marker = found.group(1).lower(), found.group(2)
        if name in NOT_SHIPPED or (marker and not Marker(marker).evaluate()):
            continue
        names.append(name)
    return sorted(set(names))


def _field(dist: metadata.Distribution, name: str) -> str:
    values = dist.metadata.get_all(name) or []
    return str(values[0]) if values else ""


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = _field(dist, "License-Expression")
    if expression:
        return expression
    text = _field(dist, "License").strip().splitlines()
    if text and len(text[0]) < 100:
        return text[0]
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []]
    licences = [c for c in classifiers if "License" in c or "GPL" in c]
    return "; ".join(licences) or "见下文"


def _files(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """(name, text) of each licence file in the distribution's metadata folder."""
    found = []
    for file in dist.files or []:
        parts = file.parts
        if not parts or not parts[0].endswith(".dist-info") or not LICENCE_FILE.search(file.name):
            continue
        try:
            found.append((file.name, Path(str(file.locate())).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return found


def _python_licence() -> str:
    for folder in (
        Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}",
        Path(sys.base_prefix),
    ):
        path = folder / "LICENSE.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    return "Python Software Foundation License Version 2 (https://docs.python.org/3/license.html)\n"


def generate(root: Path | None = None) -> str:
    """The whole THIRD_PARTY_LICENSES text."""
    root = source_root() if root is None else root
    out = [
        "清风台账 — 第三方软件许可 / Third-party licences",
        "",
        "清风台账使用并随程序分发以下开源软件和字体，各自遵循其许可证。",
        "This program ships the following third-party software and fonts, each under",
        "its own licence, reproduced below.",
        "",
    ]
    extra_needed: list[str] = []
    entries: list[str] = []
    for name in locked_names(root / "requirements" / "runtime.txt"):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        home = _field(dist, "Home-page")
        urls = dist.metadata.get_all("Project-URL") or []
        if not home and urls:
            home = urls[0].split(",", 1)[-1].strip()
        out.append(f"  {dist.metadata['Name']} {dist.version} — {_licence_of(dist)}")
        entries += [RULE, f"{dist.metadata['Name']} {dist.version}", home, _licence_of(dist), ""]
        texts = _files(dist)
        for file_name, text in texts:
            entries += [f"--- {file_name} ---", text.rstrip(), ""]
        for extra in EXTRA_TEXTS.get(name, []):
            if extra not in extra_needed:
                extra_needed.append(extra)
            entries.append(f"（许可证全文见本文件末尾的 {extra} / full text: {extra} below）")
        if name in EXTRA_TEXTS:
            entries += ["", QT_NOTE]
    version = ".".join(map(str, sys.version_info[:3]))
    out.append(f"  Python {version} — PSF-2.0")
    entries += [RULE, f"Python {version}", "https://www.python.org/", "", _python_licence()]
    fonts = sorted((root / "resources" / "fonts").glob("LICENSE-*.txt"))
    for font in fonts:
        label = font.stem.removeprefix("LICENSE-")
        out.append(f"  字体 {label}")
        entries += [RULE, f"字体 / font: {label}", "", font.read_text(encoding="utf-8")]
    for extra in extra_needed:
        entries += [RULE, extra, "", (root / "licenses" / extra).read_text(encoding="utf-8")]
    return "\n".join([*out, "", *entries]).rstrip() + "\n"


def text() -> str:
    """For 帮助 → 关于: the shipped file in the bundle, else made from this installation."""
    if getattr(sys, "frozen", False):
        path = app_dir() / FILE_NAME
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            return f"（找不到许可文件 {path}）"
    try:
        return generate()
    except OSError as exc:  # installed without the source tree's requirements/ and licenses/
        return f"（无法生成许可清单：{exc}）"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.licenses")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    content = generate()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(content, encoding="utf-8")
    print(f"{args.out}: {len(content) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
