"""Inputs a folder of documents can hold that no office means to send: links that lead
back to themselves, a .docx whose list numbering says nonsense. Each is one line (or read
as well as it can be); the other documents are still built."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner

from matrix.cli import main

from conftest import SEEDS
from variants import save_docx

ASSIGNING = "001_e6ac15614de8410b"        # notes on its measures, numbered （一）（二）…


def patched(src: Path, dst: Path, member: str, change) -> Path:
    """A copy of the .docx `src` whose `member` is change(its text)."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(info, data)
    return dst


def numbered_docx(tmp_path: Path) -> Path:
    text = (SEEDS / f"{ASSIGNING}.txt").read_text(encoding="utf-8")
    return save_docx(text, tmp_path / "numbered.docx", word_numbering=True)


BAD_NUMBERING = {
    "start_abc": ("word/numbering.xml", lambda x: x.replace('<w:start w:val="1"/>',
                                                            '<w:start w:val="abc"/>')),
    "lvl_without_ilvl": ("word/numbering.xml", lambda x: x.replace('<w:lvl w:ilvl="0">',
                                                                   "<w:lvl>")),
    "huge_start": ("word/numbering.xml", lambda x: x.replace('<w:start w:val="1"/>',
                                                             '<w:start w:val="123456789"/>')),
    "ilvl_abc": ("word/document.xml", lambda x: x.replace('<w:ilvl w:val="0"/>',
                                                          '<w:ilvl w:val="abc"/>')),
    "numid_missing_val": ("word/document.xml", lambda x: re.sub(r'<w:numId w:val="\d+"/>',
                                                                "<w:numId/>", x)),
}


def test_bad_numbering_and_link_loops_leave_the_other_documents_built(project, tmp_path):
    docs = project / "docs"
    docs.mkdir()
    shutil.copy(SEEDS / "000_d3a3fa96337cfa8d.txt", docs)
    good = numbered_docx(tmp_path)
    for name, (member, change) in BAD_NUMBERING.items():
        patched(good, docs / f"{name}.docx", member, change)
        assert change(zipfile.ZipFile(good).read(member).decode()) != \
            zipfile.ZipFile(good).read(member).decode(), name          # the patch applied
    (docs / "loop_a.txt").symlink_to("loop_b.txt")
    (docs / "loop_b.txt").symlink_to("loop_a.txt")
    (docs / "self.docx").symlink_to("self.docx")
    (docs / "round").symlink_to(".")             # a folder link back to the folder

    for command in ("parse", "run"):
        result = CliRunner().invoke(main, [command, str(docs), "-o", str(project / command)])
        assert "Traceback" not in result.output and result.exception is None or \
            isinstance(result.exception, SystemExit), result.output
        assert result.exit_code == 0, result.output
        loops = [x for x in result.stderr.splitlines() if "leads back to itself" in x]
        assert sorted(Path(x.split(": ")[1]).name for x in loops) == \
            ["loop_a.txt", "loop_b.txt", "self.docx"]
    parsed = sorted(p.stem for p in (project / "run" / "measures").glob("*.yaml"))
    assert parsed == sorted(["000_d3a3fa96337cfa8d", *BAD_NUMBERING])
    assert (project / "run" / "matrix.xlsx").is_file()
    # A nonsense start is Word's default (1): the measures are those of the good file.
    from matrix.store import load
    measures = lambda stem: [m.id for m in load(project / "run" / "measures" / f"{stem}.yaml").measures]  # noqa: E731
    assert measures("start_abc") == measures("ilvl_abc") and len(measures("start_abc")) > 20


def test_a_link_loop_named_on_the_command_line_is_one_line(project):
    (project / "loop.txt").symlink_to("loop.txt")
    result = CliRunner().invoke(main, ["parse", "loop.txt", str(SEEDS / "000_d3a3fa96337cfa8d.txt"),
                                       "-o", "out"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [x for x in result.stderr.splitlines() if "loop.txt" in x]
    assert len(errors) == 1 and "leads back to itself" in errors[0]
    assert (project / "out" / "000_d3a3fa96337cfa8d.yaml").is_file()
