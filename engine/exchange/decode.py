"""The bytes of an imported file as text, or a reason why they are not a file to import.

Encodings are tried, never guessed: a byte-order mark first (UTF-8, UTF-16 LE or BE),
then strict UTF-8, then UTF-16 without a mark when the bytes show it (NULs in every
other position), then CP932 (Windows' Shift-JIS, what Excel on Japanese Windows saves).
Each decoding is strict, so a file that decodes is the text its author typed. A file
that only a Western code page such as cp1252 would read is refused with the encodings
tried: reading it anyway would put mojibake into a scenario without a word.
"""

from __future__ import annotations

from .graph import ConvertError
from .messages import Say

# Formats that are not text, by their first bytes: what to tell the user (messages.py).
_NOT_TEXT = (
    (b"\xd0\xcf\x11\xe0", "not_xls"),
    (b"%PDF", "not_pdf"),
    (b"\x1f\x8b", "not_gzip"),
    (b"\x89PNG", "not_png"),
    (b"\xff\xd8\xff", "not_jpeg"),
    (b"GIF8", "not_gif"),
    (b"\x7fELF", "not_elf"),
)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with a byte-order mark"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 BE"),
)


def is_zip(data: bytes) -> bool:
    """An .xlsx workbook (or another Office Open XML file) is a ZIP archive."""
    return data.startswith(b"PK\x03\x04")


def not_text_reason(data: bytes) -> Say | None:
    for magic, what in _NOT_TEXT:
        if data.startswith(magic):
            return Say(what)
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NULs sit in every other position, as they do
    in UTF-16 text (Excel's "Unicode text"): each ASCII character (digits, commas, tabs,
    line ends) has a NUL on the same side of it."""
    sample = data[:8192]
    if len(data) % 2:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd >= 2 and even <= odd // 10:
        return "utf-16-le"
    if even >= 2 and odd <= even // 10:
        return "utf-16-be"
    return None


def _looks_japanese(text: str) -> bool:
    """CP932 decodes many Western byte sequences too (an accented letter becomes a
    half-width katakana or a rare kanji). Japanese text has full-width kana; text with
    bytes above ASCII and none of them is not Japanese, whatever CP932 makes of it."""
    return any("\u3040" <= ch <= "\u30ff" for ch in text)


def decode(data: bytes) -> tuple[str, str]:
    """``data`` as (text, name of the encoding), or ConvertError naming the encodings tried."""
    reason = not_text_reason(data)
    if reason:
        raise ConvertError(Say("file_is", what=reason))
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError as e:
                raise ConvertError(Say("bad_bom", name=name, at=e.start)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\0" not in text:
            return text, "UTF-8"
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            if "\0" not in text and "\n" in text:
                return text, utf16.upper().replace("UTF-16-", "UTF-16 ")
    if b"\0" in data:
        raise ConvertError(Say("binary"))
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_japanese(text):
            return text, "CP932/Shift-JIS"
    western: Say | str = ""
    try:
        data.decode("cp1252")
        western = Say("western")
    except UnicodeDecodeError:
        pass
    raise ConvertError(Say("no_encoding", western=western))
