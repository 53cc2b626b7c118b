"""The store's SQL, written for SQLite, spoken to PostgreSQL: one translation at one place.

About a hundred statements in the analysis modules, the work queue and the service are written in SQLite's
dialect and run through ``Store.query`` / ``Store.transaction``. Rather than fork each of them,
:class:`PgConnection` speaks the part of ``sqlite3.Connection`` they use (``execute``, ``executemany``,
``executescript``, rows addressable by name and by index) and rewrites each statement once (cached):

- ``?`` placeholders become ``%s`` (``%`` in the text is doubled);
- ``INSERT OR IGNORE`` becomes ``ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` an upsert on the table's
  primary key (or its one unique index), read from the catalogue;
- ``x COLLATE NOCASE`` in a query becomes ``lower(x)``, and ``LIKE`` ``ILIKE`` (SQLite's LIKE ignores case);
- ``sqlite_master`` and ``PRAGMA table_info(t)`` read the catalogue of the current schema;
- ``json_extract(v, '$.key') = ?`` compares ``v::jsonb -> 'key'`` with the parameter as JSON;
- ``t MATCH ?`` (FTS5) becomes ``t.tsv @@ ?::tsquery``, the parameter (``"term" OR "other"``) turned into a
  tsquery over the same tokens (:func:`fts5_to_tsquery`);
- DDL: ``INTEGER PRIMARY KEY AUTOINCREMENT`` → ``BIGSERIAL`` (other ``INTEGER`` columns stay 32-bit:
  offsets, ordinals, flags; ``substr`` takes no 64-bit positions), ``BLOB`` → ``BYTEA``, ``REAL`` → ``DOUBLE
  PRECISION``, ``TEXT`` with the byte-order collation ``"C"`` (SQLite sorts text by bytes; a locale collation
  would reorder lists), and
  every table without one gets a ``rowid BIGSERIAL`` as its last column (SQLite's implicit rowid, which
  some statements order by; last, so ``INSERT INTO t VALUES (...)`` still fills the declared columns).

Lexical terms are tokenised in Python (:func:`fts_tokens`), as FTS5's ``unicode61 remove_diacritics 2``
tokeniser does: runs of letters and digits, lower-cased, accents removed. Both stores index the same tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

_LITERAL = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_HOLE = "\x00{}\x00"
_HOLE_RE = re.compile("\x00(\\d+)\x00")
_MATCH_MARK = "\x01"
_DDL = re.compile(r"^\s*(CREATE|ALTER|DROP)\b", re.IGNORECASE)
_CREATE_TABLE = re.compile(r"^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\(", re.IGNORECASE)
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*(\([^)]*\))?", re.IGNORECASE)
_PRAGMA_TABLE_INFO = re.compile(r"^\s*PRAGMA\s+table_info\((\w+)\)\s*$", re.IGNORECASE)
_JSON_EXTRACT_EQ = re.compile(r"json_extract\(([\w.]+),\s*\x00(\d+)\x00\)\s*=\s*\?", re.IGNORECASE)
_JSON_EXTRACT = re.compile(r"json_extract\(([\w.]+),\s*\x00(\d+)\x00\)", re.IGNORECASE)
_NOCASE = re.compile(r"([\w.]+)\s+COLLATE\s+NOCASE", re.IGNORECASE)
_MATCH = re.compile(r"(\w+)\s+MATCH\s+\?", re.IGNORECASE)
_SQLITE_MASTER = ("(SELECT 'table'::text AS type, tablename::text AS name FROM pg_catalog.pg_tables "
                  "WHERE schemaname = current_schema()) AS sqlite_master")
_FTS5_PHRASE = re.compile(r'"((?:[^"]|"")*)"')

# FTS5 ``unicode61`` with ``remove_diacritics``: token characters are letters, digits, private-use characters
# and non-spacing marks (categories L*, N*, Co, Mn; measured against SQLite's FTS5)
_TOKEN_CATEGORIES = ("L", "N")
_TOKEN_EXTRA = ("Co", "Mn")
# where FTS5's folding of the Latin ranges differs from "lower case, then NFD without accents" (every code
# point of the ranges compared with SQLite's FTS5): these fold further, those keep their accent
_FTS5_FOLDS = {"µ": "μ", "ſ": "s", "ẛ": "s"}
_FTS5_KEEPS = frozenset("ǡǣǯǽǿ")
# the combining accents FTS5 removes inside a token; the other combining marks of U+0300–U+036F end a token
_FTS5_ACCENTS = frozenset(chr(code) for code in (*range(0x300, 0x305), *range(0x306, 0x30D), 0x30F, 0x311, 0x31B,
                                                 *range(0x323, 0x329), 0x32D, 0x32E, 0x330, 0x331))


def fts_tokens(text: str) -> list[str]:
    """The tokens FTS5's ``unicode61 remove_diacritics 2`` makes of ``text``: runs of letters and digits,
    lower-cased, Latin letters without diacritics ("Één" → "een"). Tested equal to FTS5's on Latin-script text
    (tests/models/test_sql_dialect.py); other scripts may differ in case folding details."""
    tokens: list[str] = []
    current: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        combining = 0x300 <= ord(char) <= 0x36F
        if (category[0] in _TOKEN_CATEGORIES or category in _TOKEN_EXTRA) and (
                not combining or char in _FTS5_ACCENTS):
            current.append(char)
        elif current:
            tokens.append(_fold("".join(current)))
            current = []
    if current:
        tokens.append(_fold("".join(current)))
    return [token for token in tokens if token]


def _fold(token: str) -> str:
    return "".join(_without_diacritics(char) for char in token.lower())


def _without_diacritics(char: str) -> str:
    """A Latin letter without its accents ("é" → "e", "ǖ" → "u"), a combining accent dropped; other scripts'
    letters and other marks stay (FTS5 folds the Latin ranges only: "ά" and "й" stay)."""
    code = ord(char)
    if 0x300 <= code <= 0x36F:
        return ""
    if char in _FTS5_FOLDS:
        return _FTS5_FOLDS[char]
    if (code < 0x250 or 0x1E00 <= code <= 0x1EFF) and char not in _FTS5_KEEPS:
        return "".join(part for part in unicodedata.normalize("NFD", char) if not unicodedata.combining(part))
    return char


def _lexeme(token: str) -> str:
    """A token quoted for the tsvector / tsquery input syntax (taken as is: no parser, no dictionary)."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


MAX_POSITION = 16383  # PostgreSQL keeps tsvector positions up to this


def tsvector_literal(terms: str) -> tuple[str, int]:
    """(tsvector input text, token count) of a passage's lexical terms, positions in token order."""
    positions: dict[str, list[int]] = {}
    tokens = fts_tokens(terms)
    for position, token in enumerate(tokens, start=1):
        positions.setdefault(token, []).append(min(position, MAX_POSITION))
    text = " ".join(f"{_lexeme(token)}:{','.join(map(str, sorted(set(places))))}"
                    for token, places in positions.items())
    return text, len(tokens)


def phrase_tsquery(phrase: str) -> str | None:
    """A tsquery matching ``phrase`` as FTS5 matches ``"phrase"``: its tokens in a row; None when it has none."""
    tokens = fts_tokens(phrase)
    return " <-> ".join(_lexeme(token) for token in tokens) if tokens else None


def fts5_to_tsquery(match: str) -> str | None:
    """The tsquery of an FTS5 query of quoted phrases joined by OR (the only form the project writes);
    None (matches nothing) when no phrase has a token."""
    parts = [phrase_tsquery(found.replace('""', '"')) for found in _FTS5_PHRASE.findall(match)]
    kept = [f"({part})" for part in parts if part]
    return " | ".join(kept) if kept else None


@dataclass(frozen=True)
class Translated:
    sql: str
    match_params: tuple[int, ...]  # positions of FTS5 MATCH parameters, to turn into tsqueries
    ddl: bool


def _protect(sql: str) -> tuple[str, list[str]]:
    literals: list[str] = []

    def hole(found: re.Match[str]) -> str:
        literals.append(found.group(0))
        return _HOLE.format(len(literals) - 1)

    return _LITERAL.sub(hole, sql), literals


def _restore(sql: str, literals: Sequence[str]) -> str:
    return _HOLE_RE.sub(lambda found: literals[int(found.group(1))], sql)


def _json_path_key(literal: str) -> str:
    path = literal.strip("'")
    if not path.startswith("$."):
        raise ValueError(f"json_extract path {literal} is not of the form '$.key'")
    return "'" + path[2:].replace("'", "''") + "'"


def translate_ddl(statement: str) -> str:
    """One SQLite DDL statement in PostgreSQL (types, collation, an explicit rowid)."""
    body, literals = _protect(statement)
    body = re.sub(r"\s+COLLATE\s+NOCASE\b", "", body, flags=re.IGNORECASE)
    # types are written in capitals, column names in lower case (a column may be called ``text``)
    body = re.sub(r"\bINTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b", "BIGSERIAL PRIMARY KEY", body)
    body = re.sub(r"\bBLOB\b", "BYTEA", body)
    body = re.sub(r"\bREAL\b", "DOUBLE PRECISION", body)
    body = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', body)
    if _CREATE_TABLE.match(body) and not re.search(r"(?:\(|,)\s*rowid\s+(?:BIGINT|BIGSERIAL)\b", body):
        closing = body.rstrip().rstrip(";").rstrip()
        if not closing.endswith(")"):
            raise ValueError(f"cannot read the table definition {statement[:60]!r}")
        body = closing[:-1].rstrip() + ",\n    rowid BIGSERIAL\n)"
    return _restore(body, literals)


def split_script(script: str) -> list[str]:
    """The statements of a script (``--`` comments dropped; ``;`` inside literals kept)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    body, literals = _protect("\n".join(lines))
    return [_restore(part, literals).strip() for part in body.split(";") if part.strip()]


class Row(tuple):
    """A result row addressable by column name and by index, as ``sqlite3.Row``."""

    _names: dict[str, int]

    def __new__(cls, values: Iterable[Any], names: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    names = {column.name: index for index, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, names)


class PgCursor:
    """The answer of :meth:`PgConnection.execute`: rows by name and index, ``rowcount``."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def fetchone(self) -> Row | None:
        if self._cursor.description is None:
            return None
        row: Row | None = self._cursor.fetchone()
        return row

    def fetchall(self) -> list[Row]:
        if self._cursor.description is None:
            return []
        rows: list[Row] = self._cursor.fetchall()
        return rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self.fetchall())


class PgConnection:
    """A psycopg connection (autocommit; transactions are the store's) that takes SQLite-dialect statements."""

    def __init__(self, connection: Any) -> None:
        self.raw = connection
        self._translated: dict[str, Translated] = {}
        self._conflict_targets: dict[str, tuple[list[str], list[str]]] = {}
        self._scripts_run: set[str] = set()

    # ---- what sqlite3.Connection offers -----------------------------------------------------------

    def execute(self, sql: str, args: Sequence[object] = ()) -> PgCursor:
        translated = self.translate(sql)
        cursor = self.raw.cursor(row_factory=_row_factory)
        if translated.ddl:
            cursor.execute(translated.sql)
        else:
            cursor.execute(translated.sql, self._params(translated, args))
        return PgCursor(cursor)

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        translated = self.translate(sql)
        batch = [self._params(translated, row) for row in rows]
        if batch:
            with self.raw.cursor() as cursor:
                cursor.executemany(translated.sql, batch)

    def has_run(self, script: str) -> bool:
        return script in self._scripts_run

    def executescript(self, script: str) -> None:
        """Run DDL once per connection (the analysis modules create their tables on every call)."""
        if script in self._scripts_run:
            return
        with self.raw.cursor() as cursor:
            for statement in split_script(script):
                cursor.execute(translate_ddl(statement) if _DDL.match(statement) else statement)
        self._scripts_run.add(script)

    def close(self) -> None:
        self.raw.close()

    # ---- translation ------------------------------------------------------------------------------

    @staticmethod
    def _params(translated: Translated, args: Sequence[object]) -> tuple[object, ...]:
        params = tuple(args)
        if translated.match_params:
            params = tuple(fts5_to_tsquery(str(value)) if index in translated.match_params else value
                           for index, value in enumerate(params))
        return params

    def translate(self, sql: str) -> Translated:
        found = self._translated.get(sql)
        if found is None:
            found = self._translate(sql)
            self._translated[sql] = found
        return found

    def _translate(self, sql: str) -> Translated:
        if _DDL.match(sql):
            return Translated(translate_ddl(sql), (), True)
        pragma = _PRAGMA_TABLE_INFO.match(sql)
        if pragma:
            return Translated(
                "SELECT ordinal_position - 1 AS cid, column_name::text AS name, data_type::text AS type "
                "FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = "
                f"'{pragma.group(1)}' ORDER BY ordinal_position", (), False)
        body, literals = _protect(sql)
        body = body.replace("%", "%%")
        conflict = ""
        insert = _INSERT_OR.match(body)
        if insert:
            mode, table, columns = insert.group(1).upper(), insert.group(2), insert.group(3)
            body = f"INSERT INTO {table} {columns or ''}" + body[insert.end():]
            conflict = " ON CONFLICT DO NOTHING" if mode == "IGNORE" else self._upsert(table, columns, body)
        body = _JSON_EXTRACT_EQ.sub(
            lambda m: f"({m.group(1)}::jsonb -> {_json_path_key(literals[int(m.group(2))])}) = to_jsonb(?)", body)
        body = _JSON_EXTRACT.sub(
            lambda m: f"({m.group(1)}::jsonb ->> {_json_path_key(literals[int(m.group(2))])})", body)
        body = _NOCASE.sub(r"lower(\1)", body)
        body = re.sub(r"\bLIKE\b", "ILIKE", body)
        body = re.sub(r"\bsqlite_master\b", _SQLITE_MASTER, body)
        body = _MATCH.sub(lambda m: f"{m.group(1)}.tsv @@ {_MATCH_MARK}", body)
        pieces: list[str] = []
        matches: list[int] = []
        index = 0
        for char in body:
            if char == "?":
                pieces.append("%s")
                index += 1
            elif char == _MATCH_MARK:
                pieces.append("%s::tsquery")
                matches.append(index)
                index += 1
            else:
                pieces.append(char)
        body = "".join(pieces)
        if conflict:
            returning = re.search(r"\bRETURNING\b", body, flags=re.IGNORECASE)
            body = (body[:returning.start()] + conflict.strip() + " " + body[returning.start():] if returning
                    else body.rstrip().rstrip(";") + conflict)
        # psycopg reads % everywhere in a statement with parameters, literals included
        return Translated(_restore(body, [literal.replace("%", "%%") for literal in literals]), tuple(matches), False)

    def _upsert(self, table: str, columns: str | None, body: str) -> str:
        """``ON CONFLICT (key) DO UPDATE SET`` for ``INSERT OR REPLACE INTO table``: the key is the primary
        key, else the one unique index; the columns are the statement's, else the table's in order."""
        key, all_columns = self._table_keys(table)
        if columns:
            named = [name.strip().strip('"') for name in columns.strip("()").split(",")]
        else:
            values = re.search(r"VALUES\s*\(([^)]*)\)", body, flags=re.IGNORECASE)
            count = values.group(1).count(",") + 1 if values else len(all_columns)
            named = all_columns[:count]
        updates = ", ".join(f'"{name}" = EXCLUDED."{name}"' for name in named if name not in key)
        target = ", ".join(f'"{name}"' for name in key)
        return f" ON CONFLICT ({target}) DO " + (f"UPDATE SET {updates}" if updates else "NOTHING")

    def _table_keys(self, table: str) -> tuple[list[str], list[str]]:
        """(key columns, all columns but the added rowid) of a table in the current schema."""
        cached = self._conflict_targets.get(table)
        if cached is not None:
            return cached
        with self.raw.cursor() as cursor:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s ORDER BY ordinal_position", (table,))
            columns = [str(row[0]) for row in cursor.fetchall() if row[0] != "rowid"]
            cursor.execute(
                "SELECT i.indisprimary, array(SELECT a.attname::text FROM unnest(i.indkey) k "
                "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k) "
                "FROM pg_catalog.pg_index i WHERE i.indrelid = (quote_ident(current_schema()) || '.' || "
                "quote_ident(%s))::regclass AND i.indisunique ORDER BY i.indisprimary DESC", (table,))
            keys = [list(row[1]) for row in cursor.fetchall() if "rowid" not in row[1]]
        if not keys:
            raise ValueError(f"INSERT OR REPLACE INTO {table}: the table has no primary key or unique index")
        self._conflict_targets[table] = (keys[0], columns)
        return keys[0], columns
