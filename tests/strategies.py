"""Hypothesis strategies for hostile input files: CSV, vCard and ZIP bytes as the importers see them."""

from __future__ import annotations

import io
import zipfile

from hypothesis import strategies as st

HEADERS = [
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "First Name,Last Name,Email Address,Company,Position,Connected On",
    "Prénom;Nom;Société;Poste;E-mail;URL du profil",
    "group,name,url,email,role,posts,joined,description",
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER",
    "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,Endorsement Status",
    "foo,bar",
    "",
]
PREAMBLE = 'Notes:\n"When exporting your connection data, you may notice..."\n\n'
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    [
        '"',
        '""',
        ",",
        ";",
        "\n",
        "\r\n",
        "NA",
        "1/8/18, 6:14 PM",
        "04 Jul 2023",
        "https://www.linkedin.com/in/x",
        "a@b.fr",
        "urn:li:member:1",
        "\ufeff",
        "\x00",
        "é",
        "🚀",
    ]
)


@st.composite
def csv_files(draw) -> bytes:
    header = draw(st.sampled_from(HEADERS))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    if delimiter != "," and "," in header:
        header = header.replace(",", delimiter)
    rows = draw(st.lists(st.lists(cells, max_size=9), max_size=8))
    quote = draw(st.booleans())
    lines = [delimiter.join((f'"{c}"' if quote else c) for c in row) for row in rows]
    text = (PREAMBLE if draw(st.booleans()) else "") + "\n".join([header, *lines])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="ignore")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]
    return data


@st.composite
def vcard_files(draw) -> bytes:
    props = st.sampled_from(
        [
            "FN",
            "N",
            "ORG",
            "TITLE",
            "EMAIL;INTERNET",
            "URL",
            "TEL",
            "NOTE",
            "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE",
            "X-FOO",
            "BEGIN",
            "END",
            "",
        ]
    )
    cards = []
    for _ in range(draw(st.integers(0, 4))):
        lines = [f"{draw(props)}:{draw(cells)}" for _ in range(draw(st.integers(0, 6)))]
        version = draw(st.sampled_from(["2.1", "3.0", "4.0", "9"]))
        cards.append("\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]))
    text = "\r\n".join(cards) + draw(st.sampled_from(["", "\r\n", "BEGIN:VCARD\r\nFN:half"]))
    return text.encode(draw(st.sampled_from(["utf-8", "latin-1"])), errors="ignore")


@st.composite
def zip_files(draw) -> bytes:
    buffer = io.BytesIO()
    names = st.sampled_from(
        [
            "Connections.csv",
            "messages.csv",
            "Profile.csv",
            "../evil.csv",
            "/abs/Connections.csv",
            "Jobs/x.csv",
            "Invitations.csv",
            "Endorsement Received Info.csv",
            "weird.bin",
        ]
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for _ in range(draw(st.integers(0, 4))):
            archive.writestr(draw(names), draw(csv_files() | st.binary(max_size=200)))
    data = buffer.getvalue()
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data
