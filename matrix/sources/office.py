"""Old office formats (.doc, .wps, .xls, .et) → their open form, by LibreOffice headless.

Each conversion runs in a private profile folder (a LibreOffice the user has open, or a
second conversion at once, would otherwise block on a shared profile) with a time limit,
and reads back only the file it made.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ..errors import MatrixError

TIMEOUT = 120
INSTALL = ("需要 LibreOffice 才能读取 {kind} 文件：Windows 从 libreoffice.org 安装；"
           "Debian/Ubuntu 运行 apt install libreoffice-writer-nogui libreoffice-calc-nogui；"
           "或在 WPS/Word 中另存为 {target} 后再读取")


def soffice() -> Optional[str]:
    """The LibreOffice program, if installed (MATRIX_SOFFICE names another)."""
    named = os.environ.get("MATRIX_SOFFICE")
    if named:
        return named if Path(named).exists() or shutil.which(named) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for guess in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
                  "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(guess).exists():
            return guess
    return None


def convert_file(src: Path, fmt: str, outdir: Path, where: Optional[str] = None) -> Path:
    """Convert `src` into `outdir` as `fmt` (docx, xlsx, pdf, doc, …); the new file's path."""
    where = where or str(src)
    program = soffice()
    if not program:
        kind = src.suffix.lower() or "此类"
        raise MatrixError(INSTALL.format(kind=kind, target="." + fmt.split(":")[0]), where)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="matrix-lo-") as profile:
        cmd = [program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--norestore", "--convert-to", fmt, "--outdir", str(outdir), str(src)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise MatrixError(f"LibreOffice 转换超过 {TIMEOUT} 秒仍未完成", where) from None
        except OSError as e:
            raise MatrixError(f"无法启动 LibreOffice（{e.strerror or e}）", where) from None
    made = outdir / (src.stem + "." + fmt.split(":")[0])
    if done.returncode != 0 or not made.exists() or made.stat().st_size == 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MatrixError("LibreOffice 无法打开此文件" + (f"（{detail[-1]}）" if detail else ""), where)
    return made


def convert(path: Path, fmt: str, suffix: Optional[str] = None) -> bytes:
    """The bytes of `path` converted to `fmt`, made in a temporary folder; `suffix` says
    what the file really is when its name does not."""
    with tempfile.TemporaryDirectory(prefix="matrix-convert-") as tmp:
        # A copy under a plain name: LibreOffice mis-reads some paths (spaces, non-ASCII on Windows).
        src = Path(tmp) / ("source" + (suffix or path.suffix.lower()))
        shutil.copyfile(path, src)
        return convert_file(src, fmt, Path(tmp) / "out", where=str(path)).read_bytes()
