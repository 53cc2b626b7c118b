"""SQLite statements spoken to PostgreSQL (no server needed): translation, and FTS5's tokens reproduced."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.sql_dialect import (
    PgConnection,
    fts5_to_tsquery,
    fts_tokens,
    split_script,
    translate_ddl,
    tsvector_literal,
)


class _NoCatalogue:
    """Stands in for a psycopg connection where a statement needs no catalogue lookup."""

    def cursor(self, **_: Any) -> Any:
        raise AssertionError("this statement should not need the catalogue")


def _sql(statement: str) -> tuple[str, tuple[int, ...]]:
    translated = PgConnection(_NoCatalogue()).translate(statement)
    return translated.sql, translated.match_params


def _fts5_tokens(connection: sqlite3.Connection, text: str) -> list[str]:
    """The tokens SQLite's FTS5 (unicode61, remove_diacritics 2) makes of ``text``, in order."""
    connection.execute("DELETE FROM t")
    connection.execute("INSERT INTO t (rowid, terms) VALUES (1, ?)", (text,))
    rows = connection.execute("SELECT term, offset FROM v WHERE doc = 1 ORDER BY offset").fetchall()
    return [term for term, _ in rows]


@pytest.fixture(scope="module")
def fts5() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2')")
    connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    return connection


@pytest.mark.parametrize("text", ["Één budget, ook voor coöperaties!", "covid-19 en 1,5 meter", "naïef café",
                                  "ketenpartners' afspraken", "Überhaupt ÅNGSTRÖM", "x_y z.a", "e\u0301te\u0301",
                                  "İstanbul", "ά й ё 가", "x\u1de7y", "ǅ ẞ Ⅻ ²"])
def test_tokens_are_fts5s(fts5: sqlite3.Connection, text: str) -> None:
    assert fts_tokens(text) == _fts5_tokens(fts5, text)


# Latin script (what the stores hold): ASCII, Latin-1, Latin Extended-A/B and Additional, combining accents
LATIN = st.characters(codec="utf-8", min_codepoint=0x20, max_codepoint=0x24F) | st.characters(
    min_codepoint=0x1E00, max_codepoint=0x1EFF) | st.characters(min_codepoint=0x300, max_codepoint=0x36F)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LATIN, max_size=40))
def test_tokens_are_fts5s_for_any_latin_text(fts5: sqlite3.Connection, text: str) -> None:
    assert fts_tokens(text) == _fts5_tokens(fts5, text)


def test_placeholders_become_psycopg_ones_outside_literals() -> None:
    sql, _ = _sql("SELECT '?', x FROM t WHERE a = ? AND b LIKE '50%' AND c = ?")
    assert sql == "SELECT '?', x FROM t WHERE a = %s AND b ILIKE '50%%' AND c = %s"


def test_insert_or_ignore_becomes_on_conflict_do_nothing() -> None:
    sql, _ = _sql("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)")
    assert sql == "INSERT INTO vectors VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
    sql, _ = _sql('INSERT OR IGNORE INTO sentence_windows (passage_rowid, start, "end") VALUES (?, ?, ?) RETURNING x')
    assert sql.endswith("VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING x")


def test_nocase_order_sqlite_master_pragma_and_json() -> None:
    assert _sql("SELECT 1 FROM t ORDER BY c.actors COLLATE NOCASE, d")[0] == "SELECT 1 FROM t ORDER BY lower(c.actors), d"
    master, _ = _sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    assert "pg_tables" in master and "current_schema()" in master and master.endswith("name = %s")
    pragma, _ = _sql("PRAGMA table_info(themes)")
    assert "information_schema.columns" in pragma and "'themes'" in pragma
    json_sql, _ = _sql("DELETE FROM meta WHERE key = 'worker' AND json_extract(value, '$.pid') = ?")
    assert json_sql.endswith("(value::jsonb -> 'pid') = to_jsonb(%s)")


def test_match_parameters_are_marked_and_become_tsqueries() -> None:
    sql, matches = _sql("SELECT COUNT(*) FROM passage_terms WHERE rowid > ? AND passage_terms MATCH ?")
    assert sql.endswith("passage_terms.tsv @@ %s::tsquery") and matches == (1,)
    assert fts5_to_tsquery('"budget" OR "één"') == "('budget') | ('een')"
    assert fts5_to_tsquery('"covid-19"') == "('covid' <-> '19')"
    assert fts5_to_tsquery('"""; DROP TABLE x; --"') == "('drop' <-> 'table' <-> 'x')"
    assert fts5_to_tsquery('"..."') is None


def test_tsvector_holds_positions_and_quotes() -> None:
    text, count = tsvector_literal("zorg wonen zorg l'eau")
    assert count == 5 and text == "'zorg':1,3 'wonen':2 'l':4 'eau':5"


def test_ddl_gets_postgres_types_byte_order_text_and_a_rowid() -> None:
    ddl = translate_ddl("CREATE TABLE IF NOT EXISTS x (\n    id TEXT PRIMARY KEY,\n    text TEXT NOT NULL COLLATE "
                        "NOCASE,\n    n INTEGER,\n    v BLOB,\n    r REAL\n)")
    assert 'id TEXT COLLATE "C" PRIMARY KEY' in ddl and 'text TEXT COLLATE "C" NOT NULL' in ddl
    assert "n INTEGER" in ddl and "v BYTEA" in ddl and "r DOUBLE PRECISION" in ddl and "NOCASE" not in ddl
    assert ddl.rstrip().endswith("rowid BIGSERIAL\n)")
    own = translate_ddl("CREATE TABLE p (rowid INTEGER PRIMARY KEY AUTOINCREMENT, q BIGINT REFERENCES p(rowid))")
    assert own.count("rowid") == 2 and "BIGSERIAL PRIMARY KEY" in own
    assert translate_ddl("CREATE INDEX IF NOT EXISTS i ON x(text)") == "CREATE INDEX IF NOT EXISTS i ON x(text)"


def test_scripts_split_on_statements_not_on_literals_or_comments() -> None:
    script = "-- a note; with a semicolon\nCREATE TABLE a (x TEXT DEFAULT ';');\nCREATE INDEX i ON a(x);\n"
    assert split_script(script) == ["CREATE TABLE a (x TEXT DEFAULT ';')", "CREATE INDEX i ON a(x)"]
