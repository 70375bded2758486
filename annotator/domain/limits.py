"""Limits on what input files may hold: far above any real project, low enough that a hostile file fails fast.

Every limit is named here, once, and listed in docs/formats.md; messages that refuse a file say
which limit it broke.
"""

from __future__ import annotations

# CSV (import-spans, a corpus's coding files): one cell may hold a long memo, not a whole archive.
MAX_CSV_FIELD = 10 * 1024 * 1024  # characters in one cell (Python's default of 131,072 is too low for memos)

# YAML codebooks and corpus.json: how deep mappings and lists may nest (real files use 3 or 4 levels).
MAX_NESTING = 50

# REFI-QDA (.qdpx is a zip; .qdc and project.qde are XML).
MAX_ARCHIVE_MEMBERS = 100_000  # files inside one .qdpx
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # uncompressed bytes of one member (a source text, a Word file)
MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024  # uncompressed bytes read from one .qdpx, all members together
MAX_XML_BYTES = 256 * 1024 * 1024  # size of a .qdc file read from disk
# lxml without huge_tree refuses elements nested deeper than 256 and text nodes over 10 MB: REFI-QDA
# code trees are a handful of levels, and source texts live in their own members.
MAX_XML_DEPTH = 256

# Names (the database keeps them; screens and exchange files show them): the rule they all follow
# is annotator/domain/names.py, listed in docs/formats.md ("Names and ids").
MAX_CODE_ID = 80
MAX_CODE_NAME = 200
MAX_DOCUMENT_ID = 200
MAX_CODER_NAME = 100
MAX_SPEAKER_NAME = 100  # a transcript's speaker, as the turn labels show it
MAX_ROLE_NAME = 50  # a speaker's role (interviewer, participant, ...)
MAX_ATTRIBUTE_NAME = 100  # a document attribute's name (a column of matrices and exports)
MAX_CODEBOOK_NAME = 200

# Transcripts (.vtt, .srt, Whisper JSON, text): a day of speech is a few megabytes.
MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024  # size of one transcript file read from disk

# Files read whole (documents, replacement texts, transcripts, CSV, YAML, corpus.json, keymaps):
# only regular files are read (never a FIFO, a device or a socket, which may never end), and only up
# to a size, checked before reading and again while reading (a file may grow in between).
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # a document (.txt, .md) or the text `documents replace` reads
MAX_YAML_BYTES = 16 * 1024 * 1024  # a codebook YAML file or corpus.json (real ones are a few kilobytes)
MAX_TEXT_FILE_BYTES = 1024 * 1024 * 1024  # any other text file read whole: spans and attribute CSV, unit tables

# Transcript times: finite, non-negative, at most this many seconds (1,000 hours: a `HHH:MM:SS.mmm`
# timestamp writes at most 999:59:59.999); kept to the millisecond exactly.
MAX_TRANSCRIPT_SECONDS = 1000 * 3600
# A number in Whisper JSON longer than this many characters is refused rather than converted.
MAX_JSON_NUMBER_CHARACTERS = 40

# A user's --speaker-pattern: matched line by line; on the main thread, its matching of one file
# is stopped after this many seconds (a pattern that needs longer backtracks without bound).
MAX_SPEAKER_PATTERN_SECONDS = 10.0

# Memos (project, document, code and grid memos; Markdown): a long analytic memo is 200,000
# characters; a million is far above any real one and still small enough to list and export.
MAX_MEMO_CHARS = 1_000_000
