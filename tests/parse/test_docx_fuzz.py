"""The .docx reader on damaged or strange files: numbering.xml and document.xml made at
random (lists whose levels, starts and formats say anything) or a real file's XML cut,
stripped of an attribute or given another value. It returns text or raises MatrixError,
naming the file; never anything else. The cases the fuzz found are kept below."""
from __future__ import annotations

import functools
import io
import re
import zipfile
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from matrix.errors import MatrixError
from matrix.sources.docx import docx_text

from variants import save_docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TEXT = "一、总体要求\n（一）加强统筹。（牵头单位：区财政局）\n（二）抓好落实。（区科技局牵头）\n"


@functools.lru_cache(maxsize=1)
def base() -> dict[str, bytes]:
    """A real .docx with Word list numbering, as its members."""
    buf = io.BytesIO()
    save_docx(TEXT, buf, word_numbering=True)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        return {n: z.read(n) for n in z.namelist()}


def docx_with(**members: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in {**base(), **members}.items():
            z.writestr(name, data)
    return buf.getvalue()


def read(data: bytes) -> None:
    try:
        assert isinstance(docx_text(data, "fuzz.docx"), str)
    except MatrixError as e:
        assert str(e).startswith("fuzz.docx")


# -- XML made at random -------------------------------------------------------------
values = st.one_of(st.none(), st.sampled_from(["0", "1", "8", "9", "-1", "abc", "", " 2",
                                               "1e3", "99999999999999999999", "-99999", "٣"]),
                   st.integers(-10**6, 10**6).map(str), st.text(max_size=4))
formats = st.one_of(values, st.sampled_from(["decimal", "chineseCounting", "lowerLetter",
                                             "upperLetter", "bullet", "chineseLegalSimplified"]))
level_texts = st.one_of(values, st.sampled_from(["（%1）", "%1.", "%1.%2.", "%9、", "%0", "%"]))


def attr(name: str, value) -> str:
    return "" if value is None else f" {name}={quoteattr(value)}"


def val(tag: str, value) -> str:
    return "" if value is None and tag != "w:numId" else f"<{tag}{attr('w:val', value)}/>"


levels = st.builds(lambda i, s, f, t: f"<w:lvl{attr('w:ilvl', i)}>{val('w:start', s)}"
                                      f"{val('w:numFmt', f)}{val('w:lvlText', t)}</w:lvl>",
                   values, values, formats, level_texts)
abstracts = st.builds(lambda a, lv: f"<w:abstractNum{attr('w:abstractNumId', a)}>{''.join(lv)}"
                                    "</w:abstractNum>",
                      values, st.lists(levels, max_size=4))
nums = st.builds(lambda n, a: f"<w:num{attr('w:numId', n)}>{val('w:abstractNumId', a)}</w:num>",
                 values, values)
numberings = st.builds(lambda a, n: f"<w:numbering {W}>{''.join(a)}{''.join(n)}</w:numbering>",
                       st.lists(abstracts, max_size=3), st.lists(nums, max_size=3))
paragraphs = st.builds(
    lambda numbered, ilvl, num, text: "<w:p><w:pPr>" + (
        f"<w:numPr>{val('w:ilvl', ilvl)}{val('w:numId', num)}</w:numPr>" if numbered else "")
    + f"</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>",
    st.booleans(), values, values, st.sampled_from(["加强统筹。", "（牵头单位：区财政局）", ""]))
bodies = st.lists(paragraphs, max_size=8).map(
    lambda ps: f'<w:document {W}><w:body>{"".join(ps)}</w:body></w:document>')


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(numberings, bodies)
@example('<w:numbering %s><w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0">'
         '<w:start w:val="abc"/></w:lvl></w:abstractNum><w:num w:numId="1">'
         '<w:abstractNumId w:val="90"/></w:num></w:numbering>' % W,
         '<w:document %s><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
         '</w:numPr></w:pPr></w:p></w:body></w:document>' % W)
@example('<w:numbering %s><w:abstractNum w:abstractNumId="1"><w:lvl><w:start w:val="1"/>'
         '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
         '</w:numbering>' % W,
         '<w:document %s><w:body><w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>'
         '</w:p></w:body></w:document>' % W)
# A start past what Chinese numerals were written for (一千…) once raised IndexError.
@example('<w:numbering %s><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
         '<w:start w:val="5000"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%%1、"/>'
         '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
         '</w:numbering>' % W,
         '<w:document %s><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
         '</w:numPr></w:pPr></w:p></w:body></w:document>' % W)
def test_random_numbering_and_body_give_text_or_a_clear_error(numbering, body):
    read(docx_with(**{"word/numbering.xml": numbering.encode("utf-8"),
                      "word/document.xml": body.encode("utf-8")}))


# -- a real file's XML damaged ----------------------------------------------------------
ATTRIBUTE = re.compile(rb'\s[\w:]+="[^"]*"')


def damaged(data: bytes, how: str, at: int, value: str) -> bytes:
    spots = list(ATTRIBUTE.finditer(data))
    if how == "cut":
        return data[:at % (len(data) + 1)]
    if not spots:
        return data
    m = spots[at % len(spots)]
    if how == "drop":
        return data[:m.start()] + data[m.end():]
    name = m.group().split(b"=")[0]
    return data[:m.start()] + name + b"=" + quoteattr(value).encode("utf-8") + data[m.end():]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["word/numbering.xml", "word/document.xml", "word/styles.xml"]),
       st.lists(st.tuples(st.sampled_from(["cut", "drop", "value"]),
                          st.integers(0, 10**6), values.map(lambda v: v or "")),
                min_size=1, max_size=4))
# Found by the fuzz: a styles.xml whose namespace changed leaves python-docx without its
# style classes (AttributeError: default_for).
@example("word/styles.xml", [("value", 2, "0")])
def test_a_damaged_member_gives_text_or_a_clear_error(member, changes):
    data = base()[member]
    for how, at, value in changes:
        data = damaged(data, how, at, value)
    read(docx_with(**{member: data}))


@pytest.mark.parametrize("member", ["word/numbering.xml", "word/document.xml",
                                    "[Content_Types].xml"])
def test_a_missing_or_empty_member(member):
    read(docx_with(**{member: b""}))


def test_a_style_based_on_itself_is_read_not_followed_for_ever():
    styles = base()["word/styles.xml"].replace(
        b"</w:styles>", b'<w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/>'
                        b'<w:basedOn w:val="Loop"/></w:style></w:styles>')
    body = base()["word/document.xml"].replace(
        b"<w:p>", b'<w:p><w:pPr><w:pStyle w:val="Loop"/></w:pPr>', 1)
    assert b"Loop" in body
    assert "加强统筹" in docx_text(docx_with(**{"word/styles.xml": styles,
                                              "word/document.xml": body}), "loop.docx")
