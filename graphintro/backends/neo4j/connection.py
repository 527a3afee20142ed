"""The connection to a Neo4j server: its settings from the environment, errors a user can act on,
and ``Neo4jServer``, the queries and writes that the questions and the sync both send."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit, urlunsplit

from graphintro.errors import GraphintroError, NotFoundError

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
BATCH = 10_000
FULLTEXT = "graphintro_topics"
TOPIC_FIELDS = ("t_title", "t_skills", "t_groups", "t_company")  # in topics.FIELD_WEIGHTS order
_ID = re.compile(r"^#?(\d+)$")
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')

CONSTRAINTS = (  # what the sync itself looks people, groups and handles up by
    "CREATE CONSTRAINT graphintro_person IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT graphintro_group IF NOT EXISTS FOR (g:Group) REQUIRE g.id IS UNIQUE",
    "CREATE CONSTRAINT graphintro_handle IF NOT EXISTS FOR (h:Handle) REQUIRE h.key IS UNIQUE",
    "DROP INDEX graphintro_tie_sync IF EXISTS",  # kept up by every tie written, used by no query
)
# The questions' indexes. A first load builds them once its rows are written: one population per
# index instead of an update per person written (the people's step is most of the server's work).
INDEXES = {
    "graphintro_person_name": "CREATE INDEX graphintro_person_name IF NOT EXISTS FOR (p:Person) ON (p.name_key)",
    "graphintro_person_sync": "CREATE INDEX graphintro_person_sync IF NOT EXISTS FOR (p:Person) ON (p.sync)",
    FULLTEXT: (
        f"CREATE FULLTEXT INDEX {FULLTEXT} IF NOT EXISTS FOR (p:Person) ON EACH"
        " [p.t_title, p.t_skills, p.t_groups, p.t_company] OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}"
    ),
}


class BackendError(GraphintroError):
    """The Neo4j server cannot answer: down, wrong credentials, wrong database, bad settings."""


# -- connection ------------------------------------------------------------------------------------


def public_uri(uri: str) -> str:
    """The URI without any user or password in it: what error messages may show."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "NEO4J_URI"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _password() -> str | None:
    """``NEO4J_PASSWORD``, else the content of ``NEO4J_PASSWORD_FILE`` (which only its owner may read)."""
    if os.environ.get("NEO4J_PASSWORD"):
        return os.environ["NEO4J_PASSWORD"]
    path = os.environ.get("NEO4J_PASSWORD_FILE")
    if not path:
        return None
    try:
        mode = Path(path).stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise BackendError(f"{path}: NEO4J_PASSWORD_FILE is readable by others; chmod 600 it")
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise BackendError(f"{path}: cannot read NEO4J_PASSWORD_FILE ({error.strerror})") from None


def settings_from_environment() -> dict:
    """URI, user, password and database from the standard ``NEO4J_*`` variables."""
    uri = os.environ.get("NEO4J_URI", "").strip()
    if not uri:
        raise BackendError(
            "the neo4j backend needs NEO4J_URI (e.g. bolt://localhost:7687); see README, 'Neo4j'"
        )
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise BackendError(f"NEO4J_URI {public_uri(uri)}: the scheme must be one of {', '.join(SCHEMES)}")
    try:
        parts = urlsplit(uri)
        user, password = parts.username, parts.password  # bolt://user:password@host works too
        address = urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, ""))
    except ValueError:
        raise BackendError(f"NEO4J_URI {public_uri(uri)} is not a valid address") from None
    user = os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or user or "neo4j"
    password = _password() or password
    return {
        "uri": address,
        "user": user,
        "password": password,
        "database": os.environ.get("NEO4J_DATABASE") or None,
    }


@contextmanager
def explained(uri: str, user: str = "", database: str | None = None) -> Iterator[None]:
    """Turn the driver's exceptions into one line naming the server (never its credentials)."""
    from neo4j import exceptions as errors

    where = public_uri(uri)
    try:
        yield
    except errors.AuthError:
        raise BackendError(
            f"Neo4j at {where} refused the credentials of user '{user}'"
            " (check NEO4J_USERNAME and NEO4J_PASSWORD)"
        ) from None
    except errors.ServiceUnavailable:
        raise BackendError(f"cannot reach Neo4j at {where}: is the server running? (NEO4J_URI)") from None
    except errors.ConfigurationError as error:
        raise BackendError(f"NEO4J_URI {where}: {_scrub(str(error), uri)}") from None
    except errors.Neo4jError as error:
        if (
            "DatabaseNotFound" in (error.code or "")
            or "database does not exist" in (error.message or "").lower()
        ):
            raise BackendError(
                f"Neo4j at {where} has no database '{database or 'neo4j'}' (NEO4J_DATABASE)"
            ) from None
        raise BackendError(f"Neo4j at {where}: {error.code}: {_scrub(error.message or '', uri)}") from None
    except errors.DriverError as error:
        raise BackendError(f"Neo4j at {where}: {type(error).__name__}: {_scrub(str(error), uri)}") from None


def _scrub(text: str, uri: str) -> str:
    """A driver message with the URI's and the environment's secrets removed, on one line."""
    for secret in (os.environ.get("NEO4J_PASSWORD"), urlsplit(uri).password, uri):
        if secret:
            text = text.replace(secret, "***" if secret != uri else public_uri(uri))
    return " ".join(text.split())[:300]


# -- the backend -----------------------------------------------------------------------------------


class Neo4jServer:
    """One server (and database) to read from and write to, with its errors explained."""

    def __init__(
        self, uri: str, user: str = "neo4j", password: str | None = None, database: str | None = None
    ):
        from neo4j import GraphDatabase

        self.uri, self.user, self.database = uri, user, database
        with self.explained():
            self.driver = GraphDatabase.driver(
                uri,
                auth=(user, password) if password else None,
                connection_timeout=10,
                max_transaction_retry_time=15,
                notifications_min_severity="OFF",
            )
            self.driver.verify_connectivity()
        self._meta: dict | None = None

    @classmethod
    def from_environment(cls) -> Self:
        return cls(**settings_from_environment())

    def explained(self):
        return explained(self.uri, self.user, self.database)

    def run(self, cypher: str, **parameters) -> list:
        """One read query; values go in ``parameters``, never into the query text."""
        with self.explained():
            records, _, _ = self.driver.execute_query(
                cypher, parameters, database_=self.database, routing_="r"
            )
        return records

    def write(self, cypher: str, **parameters) -> list:
        """One write query (sent to the cluster's leader when there is one)."""
        with self.explained():
            records, _, _ = self.driver.execute_query(
                cypher, parameters, database_=self.database, routing_="w"
            )
        return records

    def close(self) -> None:
        self.driver.close()

    def meta(self) -> dict:
        """What the server mirrors: the store's id, generation and reference date; empty before a sync."""
        if self._meta is None:
            rows = self.run("MATCH (m:GraphintroMeta) RETURN m {.*} AS meta")
            self._meta = dict(rows[0]["meta"]) if rows else {}
        return self._meta

    def _require_data(self) -> None:
        if not self.meta():
            raise NotFoundError(
                f"Neo4j at {public_uri(self.uri)} holds no graphintro data yet:"
                " run 'graphintro sync' (or import with --backend neo4j)"
            )

    # -- people ----------------------------------------------------------------------------------
